package io.burstlet.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrivateRegistriesTest {

  private static final String PASSWORD = "s3:cr:et";
  private final PrivateRegistries registries =
      PrivateRegistries.parse(
          List.of("myregistry.azurecr.io=bob:" + PASSWORD, "registry.example.com:5000=ci:pw"));

  @Test
  void parseSplitsPasswordAtFirstColonAfterEquals() {
    assertEquals(Set.of("myregistry.azurecr.io", "registry.example.com:5000"), registries.hosts());
    PullDecision decision =
        registries.check(
            "myregistry.azurecr.io/app:v1",
            List.of(new PullCredential("myregistry.azurecr.io", "bob", PASSWORD)));
    assertTrue(decision.allowed(), decision.message());
  }

  @Test
  void publicImagesNeedNoCredentials() {
    assertTrue(registries.check("nginx", List.of()).allowed());
    assertTrue(registries.check("quay.io/prometheus/node-exporter:v1.8.0", null).allowed());
  }

  @Test
  void credentialServerWithSchemeAndPathIsNormalised() {
    PullDecision decision =
        registries.check(
            "myregistry.azurecr.io/app:v1",
            List.of(new PullCredential("https://MyRegistry.azurecr.io/v1/", "bob", PASSWORD)));

    assertTrue(decision.allowed(), decision.message());
  }

  @Test
  void authOnlyCredentialForDockerHubMatchesBareImageName() {
    PrivateRegistries hub = PrivateRegistries.parse(List.of("docker.io=alice:a:b"));
    String auth = Base64.getEncoder().encodeToString("alice:a:b".getBytes(StandardCharsets.UTF_8));
    PullCredential credential = PullCredential.fromAuth("https://index.docker.io/v1/", auth);

    assertEquals("docker.io", credential.registryHost());
    assertEquals("a:b", credential.password());
    assertTrue(hub.check("nginx:1.27", List.of(credential)).allowed());
  }

  @Test
  void missingCredentialIsDeniedAndPortMatters() {
    String image = "registry.example.com:5000/team/app@sha256:" + "0".repeat(64);

    PullDecision decision =
        registries.check(image, List.of(new PullCredential("registry.example.com", "ci", "pw")));

    assertEquals(PullDecision.Outcome.MISSING_CREDENTIALS, decision.outcome());
    assertTrue(
        registries
            .check(image, List.of(new PullCredential("registry.example.com:5000", "ci", "pw")))
            .allowed());
  }

  @Test
  void wrongPasswordIsDeniedWithoutRevealingAnyPassword() {
    PullDecision decision =
        registries.check(
            "myregistry.azurecr.io/app:v1",
            List.of(new PullCredential("myregistry.azurecr.io", "bob", "guess")));

    assertEquals(PullDecision.Outcome.WRONG_CREDENTIALS, decision.outcome());
    assertFalse(decision.message().contains("guess"));
    assertFalse(decision.message().contains(PASSWORD));
  }

  @Test
  void oneRightCredentialAmongWrongOnesIsEnough() {
    PullDecision decision =
        registries.check(
            "myregistry.azurecr.io/app",
            List.of(
                new PullCredential("myregistry.azurecr.io", "bob", "old"),
                new PullCredential("myregistry.azurecr.io", "bob", PASSWORD)));

    assertTrue(decision.allowed());
  }

  @Test
  void invalidReferenceIsItsOwnOutcome() {
    assertEquals(
        PullDecision.Outcome.INVALID_REFERENCE, registries.check("Bad:Name!", List.of()).outcome());
  }

  @Test
  void secretsStayOutOfToStringAndParseErrors() {
    assertFalse(registries.toString().contains(PASSWORD));
    assertFalse(new PullCredential("r.io", "bob", PASSWORD).toString().contains(PASSWORD));

    IllegalArgumentException noEquals =
        assertThrows(
            IllegalArgumentException.class, () -> PrivateRegistries.parse(List.of("bob:hunter2")));
    assertFalse(noEquals.getMessage().contains("hunter2"));
    IllegalArgumentException noUser =
        assertThrows(
            IllegalArgumentException.class, () -> PrivateRegistries.parse(List.of("r.io=hunter2")));
    assertFalse(noUser.getMessage().contains("hunter2"));
    IllegalArgumentException badAuth =
        assertThrows(
            IllegalArgumentException.class, () -> PullCredential.fromAuth("r.io", "aHVudGVyMg=="));
    assertFalse(badAuth.getMessage().contains("hunter2"));
  }
}
