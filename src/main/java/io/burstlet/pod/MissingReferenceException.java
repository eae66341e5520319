package io.burstlet.pod;

/**
 * Something a pod references is not in the API server (yet): the pod stays Pending and is retried,
 * as a kubelet does. The message names the object and key, never any content.
 */
final class MissingReferenceException extends Exception {
  private final String kind;
  private final String eventReason;

  /**
   * @param kind {@code Secret}, {@code ConfigMap} or {@code ServiceAccount}
   */
  MissingReferenceException(String kind, String namespace, String name, String key) {
    super(
        key == null
            ? kind.toLowerCase(java.util.Locale.ROOT) + " \"" + name + "\" not found"
            : "couldn't find key " + key + " in " + kind + " " + namespace + "/" + name);
    this.kind = kind;
    this.eventReason = "Missing" + kind;
  }

  String kind() {
    return kind;
  }

  /** {@code MissingSecret}, {@code MissingConfigMap} or {@code MissingServiceAccount}. */
  String eventReason() {
    return eventReason;
  }
}
