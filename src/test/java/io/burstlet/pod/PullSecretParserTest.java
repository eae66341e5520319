package io.burstlet.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.burstlet.provider.RegistryCredential;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PullSecretParserTest {

  private static V1Secret secret(String key, String json) {
    return new V1Secret()
        .metadata(new V1ObjectMeta().name("reg"))
        .putDataItem(key, json.getBytes(StandardCharsets.UTF_8));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsDockerConfigJsonWithAuthOrUsernameAndPassword() {
    V1Secret s =
        secret(
            ".dockerconfigjson",
            "{\"auths\":{"
                + "\"https://index.docker.io/v1/\":{\"auth\":\""
                + b64("me:pa:ss")
                + "\"},"
                + "\"myregistry.azurecr.io\":{\"username\":\"sp\",\"password\":\"pw\"},"
                + "\"tokens.example.com\":{\"identitytoken\":\"t\"}}}");
    assertEquals(
        List.of(
            new RegistryCredential("index.docker.io", "me", "pa:ss"),
            new RegistryCredential("myregistry.azurecr.io", "sp", "pw")),
        PullSecretParser.parse(s));
  }

  @Test
  void readsTheLegacyDockerCfg() {
    V1Secret s =
        secret(".dockercfg", "{\"registry.example.com:5000\":{\"auth\":\"" + b64("u:p") + "\"}}");
    assertEquals(
        List.of(new RegistryCredential("registry.example.com:5000", "u", "p")),
        PullSecretParser.parse(s));
  }

  @Test
  void errorsNameTheSecretButNeverItsContent() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PullSecretParser.parse(secret(".dockerconfigjson", "{not json s3cr3t")));
    assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> PullSecretParser.parse(secret("other", "{}")));
  }

  @Test
  void credentialsDoNotPrintTheirPassword() {
    RegistryCredential c =
        PullSecretParser.parse(
                secret(".dockercfg", "{\"r\":{\"auth\":\"" + b64("u:s3cr3t") + "\"}}"))
            .get(0);
    assertFalse(c.toString().contains("s3cr3t"));
  }
}
