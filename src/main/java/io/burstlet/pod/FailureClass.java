package io.burstlet.pod;

import java.util.Locale;

/** Why creating a pod's container group failed, coarse enough to be a metrics label. */
public enum FailureClass {
  /** The pod asks for something the cloud cannot run. */
  UNSUPPORTED,
  /** The cloud refused the request as invalid. */
  REJECTED,
  /** The cloud asked us to slow down. */
  THROTTLED,
  /** The cloud could not be reached or failed on its side. */
  UNAVAILABLE,
  /** The cloud refused our credentials. */
  AUTH,
  /** A Secret, ConfigMap or ServiceAccount the pod needs does not exist (yet). */
  MISSING_REFERENCE,
  /** The Kubernetes API server failed a call we needed. */
  API_SERVER,
  /** A bug: an unexpected exception in the controller or a provider. */
  INTERNAL;

  /** Lower-case name for metrics labels, e.g. {@code missing_reference}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
