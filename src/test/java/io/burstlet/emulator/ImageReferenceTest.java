package io.burstlet.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {

  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @Test
  void bareNameIsDockerHubLibraryLatest() {
    assertEquals(
        new ImageReference("docker.io", "library/nginx", "latest", null),
        ImageReference.parse("nginx"));
  }

  @Test
  void firstComponentWithoutDotColonOrLocalhostIsDockerHubUser() {
    assertEquals(
        new ImageReference("docker.io", "team/app", "v2", null),
        ImageReference.parse("team/app:v2"));
  }

  @Test
  void dottedFirstComponentIsTheRegistry() {
    assertEquals(
        new ImageReference("myregistry.azurecr.io", "app", "v1", null),
        ImageReference.parse("myregistry.azurecr.io/app:v1"));
  }

  @Test
  void registryWithPortAndDigestHasNoTag() {
    ImageReference ref = ImageReference.parse("registry.example.com:5000/team/app@" + DIGEST);

    assertEquals("registry.example.com:5000", ref.registry());
    assertEquals("team/app", ref.repository());
    assertNull(ref.tag());
    assertEquals(DIGEST, ref.digest());
  }

  @Test
  void localhostAndUpperCaseFirstComponentsAreRegistries() {
    assertEquals("localhost", ImageReference.parse("localhost/app").registry());
    assertEquals("localhost:5000", ImageReference.parse("localhost:5000/app").registry());
    assertEquals("myhost", ImageReference.parse("MyHost/app").registry());
  }

  @Test
  void dockerHubAliasIsCanonicalised() {
    assertEquals(
        "docker.io/library/busybox:1.36",
        ImageReference.parse("index.docker.io/busybox:1.36").toString());
  }

  @Test
  void rejectsWhatDockerRejects() {
    for (String bad :
        List.of("", "Nginx", "app:bad tag", "app@sha256:xyz", "reg.io/", "a//b", "-app")) {
      assertThrows(InvalidImageReferenceException.class, () -> ImageReference.parse(bad), bad);
    }
  }
}
