package io.burstlet.emulator.eci;

import java.util.Objects;

/**
 * An ECI API error as the service reports it: an Alibaba error code, the HTTP status it travels
 * with, and a message. Thrown anywhere below {@link EciRpcHandler}, which renders it as the error
 * body. Messages are returned to clients and may be logged by them: they never contain a parameter
 * value that can carry a secret (environment values, registry passwords, file contents).
 */
final class EciApiException extends RuntimeException {

  private final String code;
  private final int status;

  EciApiException(String code, int status, String message) {
    // No stack trace: these are answers, not failures of the emulator.
    super(message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("error status must be 4xx or 5xx, was " + status);
    }
    this.status = status;
  }

  /** The Alibaba error code, e.g. {@code MissingParameter}. */
  String code() {
    return code;
  }

  /** The HTTP status, e.g. 400. */
  int status() {
    return status;
  }
}
