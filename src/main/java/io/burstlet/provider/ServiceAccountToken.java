package io.burstlet.provider;

/**
 * What a pod's {@code kube-api-access-*} projected volume holds: a bound token from the
 * TokenRequest API, the cluster CA and the namespace.
 */
public record ServiceAccountToken(String token, String caCrt, String namespace) {
  @Override
  public String toString() {
    return "ServiceAccountToken[namespace=" + namespace + ", token=***]";
  }
}
