package io.burstlet.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryCredentialsTest {
  private static final String PASSWORD = "pa:ss:word-Zq9";

  private static V1Secret secret(String type, String key, String json) {
    return new V1Secret()
        .metadata(new V1ObjectMeta().namespace("apps").name("regcred"))
        .type(type)
        .data(Map.of(key, json.getBytes(StandardCharsets.UTF_8)));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesDockerConfigJsonWithAuthOnlyAndColonsInPassword() throws Exception {
    String json =
        "{\"auths\":{\"https://myregistry.azurecr.io/v1/\":{\"auth\":\""
            + b64("myuser:" + PASSWORD)
            + "\"}}}";
    List<RegistryCredential> creds =
        RegistryCredentials.parse(
            secret(RegistryCredentials.TYPE_DOCKERCONFIGJSON, ".dockerconfigjson", json));
    assertEquals(
        List.of(new RegistryCredential("myregistry.azurecr.io", "myuser", PASSWORD)), creds);
  }

  @Test
  void explicitUsernameAndPasswordWinOverAuth() throws Exception {
    String json =
        "{\"auths\":{\"ghcr.io\":{\"username\":\"u1\",\"password\":\"p1\",\"auth\":\""
            + b64("u2:p2")
            + "\",\"email\":\"x@example.com\"}}}";
    assertEquals(
        List.of(new RegistryCredential("ghcr.io", "u1", "p1")),
        RegistryCredentials.parse(
            secret(RegistryCredentials.TYPE_DOCKERCONFIGJSON, ".dockerconfigjson", json)));
  }

  @Test
  void parsesLegacyDockerCfgAndNormalisesDockerHub() throws Exception {
    String json =
        "{\"https://index.docker.io/v1/\":{\"auth\":\""
            + b64("hubuser:hubpass")
            + "\"},\"LOCALHOST:5000/\":{\"username\":\"l\",\"password\":\"p\"}}";
    List<RegistryCredential> creds =
        RegistryCredentials.parse(secret(RegistryCredentials.TYPE_DOCKERCFG, ".dockercfg", json));
    assertEquals(
        List.of(
            new RegistryCredential("docker.io", "hubuser", "hubpass"),
            new RegistryCredential("localhost:5000", "l", "p")),
        creds);
  }

  @Test
  void normalisesServers() {
    assertEquals("docker.io", RegistryCredentials.normalizeServer("registry-1.docker.io"));
    assertEquals("docker.io", RegistryCredentials.normalizeServer("https://index.docker.io/v1/"));
    assertEquals("docker.io", RegistryCredentials.normalizeServer("docker.io"));
    assertEquals("quay.io", RegistryCredentials.normalizeServer("http://Quay.io/"));
    assertEquals(
        "reg.example.com:8443",
        RegistryCredentials.normalizeServer("reg.example.com:8443/v2/team"));
  }

  @Test
  void findsTheRegistryOfAnImageByDockerRules() {
    assertEquals("docker.io", RegistryCredentials.registryHost("nginx"));
    assertEquals("docker.io", RegistryCredentials.registryHost("library/nginx:1.27"));
    assertEquals("docker.io", RegistryCredentials.registryHost("user/app@sha256:abc"));
    assertEquals("docker.io", RegistryCredentials.registryHost("index.docker.io/library/nginx"));
    assertEquals(
        "myregistry.azurecr.io", RegistryCredentials.registryHost("myregistry.azurecr.io/app:v1"));
    assertEquals("localhost:5000", RegistryCredentials.registryHost("localhost:5000/app"));
    assertEquals("localhost", RegistryCredentials.registryHost("localhost/app"));
    assertEquals("docker.io", RegistryCredentials.registryHost("team/sub/app"));
  }

  @Test
  void matchesExactHostThenWildcard() {
    var acr = new RegistryCredential("myregistry.azurecr.io", "a", "b");
    var wildcard = new RegistryCredential("*.example.com", "w", "x");
    var hub = new RegistryCredential("docker.io", "h", "i");
    List<RegistryCredential> all = List.of(wildcard, acr, hub);
    assertEquals(acr, RegistryCredentials.match("myregistry.azurecr.io/app:v1", all).orElseThrow());
    assertEquals(hub, RegistryCredentials.match("nginx", all).orElseThrow());
    assertEquals(wildcard, RegistryCredentials.match("r1.example.com/app", all).orElseThrow());
    assertFalse(RegistryCredentials.match("a.b.example.com/app", all).isPresent());
    assertFalse(RegistryCredentials.match("quay.io/app", all).isPresent());
    assertEquals(
        List.of(acr),
        RegistryCredentials.forImages(
            List.of("myregistry.azurecr.io/a", "myregistry.azurecr.io/b", "quay.io/c"), all));
  }

  @Test
  void malformedSecretsFailWithTheSecretNameButNoValue() {
    String secretAuth = b64("user-without-colon");
    List<V1Secret> bad =
        List.of(
            secret(
                RegistryCredentials.TYPE_DOCKERCONFIGJSON,
                ".dockerconfigjson",
                "{not json " + PASSWORD),
            secret(
                RegistryCredentials.TYPE_DOCKERCONFIGJSON,
                ".dockerconfigjson",
                "{\"registry\":{}}"),
            secret(
                RegistryCredentials.TYPE_DOCKERCONFIGJSON,
                ".dockerconfigjson",
                "{\"auths\":{\"r.io\":{\"auth\":\"" + secretAuth + "\"}}}"),
            secret(
                RegistryCredentials.TYPE_DOCKERCONFIGJSON,
                ".dockerconfigjson",
                "{\"auths\":{\"r.io\":{\"auth\":\"%%%" + PASSWORD + "\"}}}"),
            secret(
                RegistryCredentials.TYPE_DOCKERCONFIGJSON,
                ".dockerconfigjson",
                "{\"auths\":{\"r.io\":{\"password\":\"" + PASSWORD + "\"}}}"),
            secret(RegistryCredentials.TYPE_DOCKERCONFIGJSON, ".dockercfg", "{}"),
            secret("Opaque", ".dockerconfigjson", "{}"));
    for (V1Secret s : bad) {
      InvalidPullSecretException e =
          assertThrows(InvalidPullSecretException.class, () -> RegistryCredentials.parse(s));
      assertTrue(e.getMessage().contains("apps/regcred"), e.getMessage());
      assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
      assertFalse(e.getMessage().contains(secretAuth), e.getMessage());
      assertFalse(e.getMessage().contains("user-without-colon"), e.getMessage());
      assertEquals("apps/regcred", e.secretName());
      assertFalse(e.isRetryable());
    }
  }

  @Test
  void credentialToStringHidesThePassword() {
    assertFalse(new RegistryCredential("r.io", "u", PASSWORD).toString().contains(PASSWORD));
  }
}
