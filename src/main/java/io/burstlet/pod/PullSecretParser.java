package io.burstlet.pod;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.burstlet.provider.RegistryCredential;
import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads registry credentials from an image pull Secret ({@code kubernetes.io/dockerconfigjson} or
 * the legacy {@code kubernetes.io/dockercfg}).
 *
 * <p>TO BE REPLACED: a shared parser, {@code io.burstlet.provider.RegistryCredentials}, is being
 * written for the providers. When it lands, {@link #parse} delegates to it (this class is the only
 * caller's seam) and the parsing code below is deleted.
 *
 * <p>Errors name the Secret and the reason, never any part of its content.
 */
final class PullSecretParser {
  static final String DOCKER_CONFIG_JSON = ".dockerconfigjson";
  static final String DOCKER_CFG = ".dockercfg";

  private PullSecretParser() {}

  /**
   * The credentials of every registry in the Secret, in file order; entries without a usable
   * username and password (for example identity tokens only) are skipped.
   *
   * @throws IllegalArgumentException when the Secret holds neither key or is not valid JSON
   */
  static List<RegistryCredential> parse(V1Secret secret) {
    String name = secret.getMetadata() == null ? "?" : secret.getMetadata().getName();
    Map<String, byte[]> data = secret.getData() == null ? Map.of() : secret.getData();
    JsonObject auths;
    try {
      if (data.containsKey(DOCKER_CONFIG_JSON)) {
        JsonObject root = object(JsonParser.parseString(utf8(data.get(DOCKER_CONFIG_JSON))));
        auths = root == null ? null : object(root.get("auths"));
      } else if (data.containsKey(DOCKER_CFG)) {
        auths = object(JsonParser.parseString(utf8(data.get(DOCKER_CFG))));
      } else {
        throw new IllegalArgumentException(
            "Secret " + name + " has neither " + DOCKER_CONFIG_JSON + " nor " + DOCKER_CFG);
      }
    } catch (JsonParseException | IllegalStateException e) {
      throw new IllegalArgumentException("Secret " + name + " does not hold valid docker JSON");
    }
    List<RegistryCredential> credentials = new ArrayList<>();
    if (auths == null) {
      return credentials;
    }
    for (Map.Entry<String, JsonElement> entry : auths.entrySet()) {
      JsonObject auth = object(entry.getValue());
      if (auth == null) {
        continue;
      }
      String username = string(auth, "username");
      String password = string(auth, "password");
      String encoded = string(auth, "auth");
      if ((username == null || password == null) && encoded != null) {
        String decoded;
        try {
          decoded = utf8(Base64.getDecoder().decode(encoded.trim()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "Secret " + name + " has an auth entry that is not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon > 0) {
          username = decoded.substring(0, colon);
          password = decoded.substring(colon + 1);
        }
      }
      if (username != null && !username.isEmpty() && password != null) {
        credentials.add(new RegistryCredential(server(entry.getKey()), username, password));
      }
    }
    return credentials;
  }

  /** {@code https://index.docker.io/v1/} → {@code index.docker.io}: host and port only. */
  static String server(String key) {
    String s = key.trim();
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      s = s.substring(scheme + 3);
    }
    int slash = s.indexOf('/');
    return slash >= 0 ? s.substring(0, slash) : s;
  }

  private static JsonObject object(JsonElement e) {
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
  }

  private static String string(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
