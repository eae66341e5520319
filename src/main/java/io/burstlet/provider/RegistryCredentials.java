package io.burstlet.provider;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads image pull secrets the way the kubelet does and picks the credential for an image.
 *
 * <p>Accepted secrets: type {@code kubernetes.io/dockerconfigjson} with key {@code
 * .dockerconfigjson} holding {@code {"auths": {server: entry}}}, and the legacy type {@code
 * kubernetes.io/dockercfg} with key {@code .dockercfg} holding {@code {server: entry}}. An entry
 * gives {@code username} + {@code password}, or only {@code auth} = base64 of {@code user:password}
 * (split on the first ':', so passwords may contain ':'); explicit fields win over {@code auth}.
 * Other entry fields (email, identitytoken, registrytoken) are ignored.
 *
 * <p>Servers are normalised to {@code host[:port]}, lower case: the scheme, any path (such as
 * {@code /v1/}) and trailing slashes are removed. Docker Hub's aliases {@code index.docker.io},
 * {@code registry-1.docker.io}, {@code registry.hub.docker.com} and {@code docker.io} all become
 * {@link #DOCKER_HUB} ({@code docker.io}), which is also the registry of an image without a
 * registry host ({@code nginx}, {@code library/nginx}, {@code user/app}). Path-scoped keys ({@code
 * registry.example.com/team}) therefore apply to the whole host; when several entries share a host,
 * the first one in the secret wins. A key of the form {@code *.example.com} matches exactly one
 * extra leading label, as in the kubelet.
 *
 * <p>Every error names the secret and the problem, never a value from the secret.
 */
public final class RegistryCredentials {
  /** The normalised server name of Docker Hub. */
  public static final String DOCKER_HUB = "docker.io";

  public static final String TYPE_DOCKERCONFIGJSON = "kubernetes.io/dockerconfigjson";
  public static final String TYPE_DOCKERCFG = "kubernetes.io/dockercfg";
  public static final String KEY_DOCKERCONFIGJSON = ".dockerconfigjson";
  public static final String KEY_DOCKERCFG = ".dockercfg";

  private static final List<String> DOCKER_HUB_ALIASES =
      List.of("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");

  private RegistryCredentials() {}

  /**
   * Parses a pull secret as returned by the API server (data already base64-decoded by the client).
   *
   * @throws InvalidPullSecretException when the type, key or content is not usable
   */
  public static List<RegistryCredential> parse(V1Secret secret) throws InvalidPullSecretException {
    V1ObjectMeta meta = secret.getMetadata();
    String name =
        meta == null
            ? "(unnamed)"
            : (meta.getNamespace() == null ? "" : meta.getNamespace() + "/") + meta.getName();
    return parse(name, secret.getType(), secret.getData());
  }

  /**
   * Parses the decoded data of a pull secret.
   *
   * @param secretName used in error messages only ({@code namespace/name})
   * @param type the secret's type; when null the key present decides the format
   * @param data the secret's data, values already base64-decoded
   */
  public static List<RegistryCredential> parse(
      String secretName, String type, Map<String, byte[]> data) throws InvalidPullSecretException {
    Map<String, byte[]> values = data == null ? Map.of() : data;
    boolean json;
    if (TYPE_DOCKERCONFIGJSON.equals(type)) {
      json = true;
    } else if (TYPE_DOCKERCFG.equals(type)) {
      json = false;
    } else if (type == null || type.isEmpty()) {
      json = values.containsKey(KEY_DOCKERCONFIGJSON);
      if (!json && !values.containsKey(KEY_DOCKERCFG)) {
        throw new InvalidPullSecretException(
            secretName,
            "has neither a " + KEY_DOCKERCONFIGJSON + " nor a " + KEY_DOCKERCFG + " key");
      }
    } else {
      throw new InvalidPullSecretException(
          secretName,
          "type "
              + type
              + " is not a registry secret (expected "
              + TYPE_DOCKERCONFIGJSON
              + " or "
              + TYPE_DOCKERCFG
              + ")");
    }
    String key = json ? KEY_DOCKERCONFIGJSON : KEY_DOCKERCFG;
    byte[] raw = values.get(key);
    if (raw == null || raw.length == 0) {
      throw new InvalidPullSecretException(secretName, "key " + key + " is missing or empty");
    }
    JsonObject root;
    try {
      JsonElement parsed = JsonParser.parseString(new String(raw, StandardCharsets.UTF_8));
      if (!parsed.isJsonObject()) {
        throw new InvalidPullSecretException(secretName, "key " + key + " is not a JSON object");
      }
      root = parsed.getAsJsonObject();
    } catch (JsonParseException e) {
      // Gson's message quotes the offending input, which is secret: report only the position kind.
      throw new InvalidPullSecretException(secretName, "key " + key + " is not valid JSON");
    }
    JsonObject auths = root;
    if (json) {
      JsonElement a = root.get("auths");
      if (a == null || !a.isJsonObject()) {
        throw new InvalidPullSecretException(secretName, "key " + key + " has no \"auths\" object");
      }
      auths = a.getAsJsonObject();
    }
    Map<String, RegistryCredential> byServer = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : auths.entrySet()) {
      String server = normalizeServer(e.getKey());
      if (server.isEmpty()) {
        throw new InvalidPullSecretException(secretName, "an entry has an empty server name");
      }
      if (!e.getValue().isJsonObject()) {
        throw new InvalidPullSecretException(
            secretName, "entry for " + server + " is not a JSON object");
      }
      RegistryCredential credential = entry(secretName, server, e.getValue().getAsJsonObject());
      byServer.putIfAbsent(server, credential);
    }
    return List.copyOf(byServer.values());
  }

  private static RegistryCredential entry(String secretName, String server, JsonObject entry)
      throws InvalidPullSecretException {
    String username = string(entry, "username");
    String password = string(entry, "password");
    String auth = string(entry, "auth");
    if ((username == null || password == null) && auth != null) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new InvalidPullSecretException(
            secretName, "entry for " + server + ": auth is not valid base64");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new InvalidPullSecretException(
            secretName, "entry for " + server + ": auth does not decode to user:password");
      }
      if (username == null) {
        username = decoded.substring(0, colon);
      }
      if (password == null) {
        password = decoded.substring(colon + 1);
      }
    }
    if (username == null || username.isEmpty() || password == null) {
      throw new InvalidPullSecretException(
          secretName, "entry for " + server + " has neither username+password nor auth");
    }
    return new RegistryCredential(server, username, password);
  }

  private static String string(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? null : e.getAsString();
  }

  /**
   * {@code https://Index.Docker.IO/v1/} → {@code docker.io}; {@code myregistry.azurecr.io/} →
   * {@code myregistry.azurecr.io}; {@code localhost:5000/path} → {@code localhost:5000}.
   */
  public static String normalizeServer(String server) {
    String s = server.strip();
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      s = s.substring(scheme + 3);
    }
    int slash = s.indexOf('/');
    if (slash >= 0) {
      s = s.substring(0, slash);
    }
    s = s.toLowerCase(Locale.ROOT);
    return DOCKER_HUB_ALIASES.contains(s) ? DOCKER_HUB : s;
  }

  /**
   * The registry host of an image reference by Docker's rules: the first path component is a
   * registry when it contains '.' or ':' or is {@code localhost}; otherwise the image is on Docker
   * Hub. The result is normalised like {@link #normalizeServer}.
   */
  public static String registryHost(String image) {
    String ref = image.strip();
    int slash = ref.indexOf('/');
    if (slash < 0) {
      return DOCKER_HUB;
    }
    String first = ref.substring(0, slash);
    if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
      return normalizeServer(first);
    }
    return DOCKER_HUB;
  }

  /** The credential whose server matches the image's registry, if any (first match wins). */
  public static Optional<RegistryCredential> match(
      String image, Collection<RegistryCredential> credentials) {
    String host = registryHost(image);
    for (RegistryCredential c : credentials) {
      if (c.server().equals(host)) {
        return Optional.of(c);
      }
    }
    for (RegistryCredential c : credentials) {
      if (wildcardMatches(c.server(), host)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * The credentials needed by a set of images: for each image its matching credential, each
   * credential once, in the order of the images.
   */
  public static List<RegistryCredential> forImages(
      Collection<String> images, Collection<RegistryCredential> credentials) {
    List<RegistryCredential> out = new ArrayList<>();
    for (String image : images) {
      match(image, credentials).filter(c -> !out.contains(c)).ifPresent(out::add);
    }
    return List.copyOf(out);
  }

  /** {@code *.azurecr.io} matches {@code a.azurecr.io} (one label), ports must be equal. */
  private static boolean wildcardMatches(String pattern, String host) {
    if (!pattern.startsWith("*.")) {
      return false;
    }
    String suffix = pattern.substring(1);
    if (!host.endsWith(suffix)) {
      return false;
    }
    String label = host.substring(0, host.length() - suffix.length());
    return !label.isEmpty() && !label.contains(".") && !label.contains(":");
  }
}
