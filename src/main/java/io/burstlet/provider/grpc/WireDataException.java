package io.burstlet.provider.grpc;

/**
 * A message from the other side of the wire cannot be turned into SPI values (malformed Kubernetes
 * JSON, a missing pod UID). The message only names the part at fault: it never quotes the data,
 * which may hold secret values.
 */
final class WireDataException extends Exception {
  WireDataException(String message) {
    super(message);
  }
}
