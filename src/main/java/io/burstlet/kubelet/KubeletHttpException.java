package io.burstlet.kubelet;

/** An HTTP answer other than 200, with a message safe to show the caller. */
final class KubeletHttpException extends Exception {
  private final int status;

  KubeletHttpException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
