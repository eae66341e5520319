package io.burstlet.emulator.eci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.burstlet.emulator.PrivateRegistries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupSpecParserTest {

  private static final List<String> SECRETS = List.of("env-s3cret", "file-c0ntent", "pw-secret");

  private static Map<String, String> query() {
    Map<String, String> q = EciTestSupport.createQuery("secretive", "sleep infinity");
    q.put("Container.1.EnvironmentVar.1.Key", "TOKEN");
    q.put("Container.1.EnvironmentVar.1.Value", "env-s3cret");
    q.put("Volume.1.Name", "conf");
    q.put("Volume.1.Type", "ConfigFileVolume");
    q.put("Volume.1.ConfigFileVolume.ConfigFileToPath.1.Path", "token");
    q.put("Volume.1.ConfigFileVolume.ConfigFileToPath.1.Content", "file-c0ntent");
    q.put("Container.1.VolumeMount.1.Name", "conf");
    q.put("Container.1.VolumeMount.1.MountPath", "/etc/conf");
    q.put("ImageRegistryCredential.1.Server", "registry.example.com");
    q.put("ImageRegistryCredential.1.UserName", "robot");
    q.put("ImageRegistryCredential.1.Password", "pw-secret");
    return q;
  }

  @Test
  void parsesFlattenedListsIntoTheSpec() {
    GroupSpec spec = GroupSpecParser.parse(EciParameters.of(query()));

    assertEquals("secretive", spec.name());
    assertEquals(List.of("vsw-first"), spec.vSwitchIds());
    GroupSpec.Container main = spec.containers().get(0);
    assertEquals(List.of("/bin/sh", "-c"), main.commands());
    assertEquals("env-s3cret", main.env().get(0).value());
    assertEquals("/etc/conf", main.mounts().get(0).mountPath());
    assertEquals("file-c0ntent", spec.volumes().get(0).files().get(0).value());
    assertEquals("robot", spec.credentials().get(0).username());
  }

  @Test
  void secretsStayOutOfEveryToString() {
    GroupSpec spec = GroupSpecParser.parse(EciParameters.of(query()));
    EciNetwork network =
        new EciNetwork(
            "ap-northeast-1",
            "vpc-x",
            Map.of("ap-northeast-1a", List.of("vsw-first")),
            java.util.Set.of());
    ContainerGroupStore store =
        new ContainerGroupStore(
            java.time.Clock.fixed(Instant.EPOCH, java.time.ZoneOffset.UTC), Duration.ZERO, network);
    String id =
        store
            .create(spec, EciSpecs.DEFAULT, network.candidates(spec.vSwitchIds(), null), null)
            .id();
    ContainerGroup group = store.require(id);
    GroupView view =
        new GroupTimeline(EciTimings.defaults(), PrivateRegistries.none())
            .at(group, Instant.EPOCH.plusSeconds(5));

    for (String text :
        List.of(
            spec.toString(),
            group.toString(),
            view.toString(),
            EciParameters.of(query()).toString())) {
      for (String secret : SECRETS) {
        assertFalse(text.contains(secret), secret + " leaked into " + text);
      }
    }
  }
}
