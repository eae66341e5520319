package io.burstlet.provider.grpc;

import com.google.protobuf.ByteString;
import io.kubernetes.client.openapi.JSON;
import java.nio.charset.StandardCharsets;

/**
 * Kubernetes model objects as their Kubernetes JSON encoding, with client-java's own Gson so that
 * {@code Quantity}, {@code IntOrString} and {@code OffsetDateTime} round-trip exactly.
 */
final class KubeJson {
  private KubeJson() {}

  static ByteString encode(Object model) {
    return ByteString.copyFrom(JSON.serialize(model), StandardCharsets.UTF_8);
  }

  /**
   * Decodes one object.
   *
   * @param what names the data in the error, e.g. {@code "secrets_json[db]"}
   * @throws WireDataException when the bytes are not JSON of that type. client-java also rejects
   *     fields it does not know, and its messages quote the whole document (which may be a Secret),
   *     so the cause is dropped on purpose.
   */
  static <T> T decode(ByteString json, Class<T> type, String what) throws WireDataException {
    T value;
    try {
      value = JSON.deserialize(json.toStringUtf8(), type);
    } catch (RuntimeException e) {
      throw new WireDataException(
          what
              + " is not a "
              + type.getSimpleName()
              + " in Kubernetes JSON that this agent's client-java can read");
    }
    if (value == null) {
      throw new WireDataException(what + " is empty");
    }
    return value;
  }
}
