package io.burstlet.provider.aci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerExecResponseInner;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.azure.resourcemanager.containerinstance.fluent.models.LogsInner;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupListResult;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.burstlet.ReferenceData;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The official ARM examples (api-version 2023-05-01) parsed by the SDK's deserializer and mapped by
 * {@link AciStatusMapper}, read from the repository's copy of the reference ({@link
 * ReferenceData}).
 */
class AciOfficialExamplesTest {
  static final Path EXAMPLES = ReferenceData.ACI.resolve("examples");

  final AciStatusMapper mapper =
      new AciStatusMapper(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  static JsonObject body(String file, String code) throws IOException {
    Path path = EXAMPLES.resolve(file);
    assertTrue(Files.isRegularFile(path), "official example missing: " + path.toAbsolutePath());
    JsonObject root = JsonParser.parseString(Files.readString(path)).getAsJsonObject();
    return root.getAsJsonObject("responses").getAsJsonObject(code).getAsJsonObject("body");
  }

  static ContainerGroupInner group(String file, String code) throws IOException {
    try (JsonReader r = JsonProviders.createReader(body(file, code).toString())) {
      return ContainerGroupInner.fromJson(r);
    }
  }

  static List<ContainerGroupInner> list(String file) throws IOException {
    try (JsonReader r = JsonProviders.createReader(body(file, "200").toString())) {
      return ContainerGroupListResult.fromJson(r).value();
    }
  }

  static String ready(V1PodStatus s) {
    return s.getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .findFirst()
        .orElseThrow()
        .getStatus();
  }

  @Test
  void getSucceeded() throws IOException {
    ContainerGroupInner g = group("ContainerGroupsGet_Succeeded.json", "200");
    assertEquals("demo1", g.name());
    assertEquals(List.of("1"), g.zones());
    assertEquals("Succeeded", g.provisioningState());
    assertNull(g.instanceView());
    V1PodStatus s = mapper.map(g);
    assertEquals("Running", s.getPhase());
    assertEquals("10.0.0.1", s.getPodIP());
    V1ContainerStatus c = s.getContainerStatuses().get(0);
    assertEquals("demo1", c.getName());
    assertEquals("nginx", c.getImage());
    assertNotNull(c.getState().getRunning());
    assertTrue(c.getReady());
    assertEquals("True", ready(s));
    assertNull(s.getStartTime(), "the example reports no timestamp at all");
  }

  @Test
  void getFailed() throws IOException {
    V1PodStatus s = mapper.map(group("ContainerGroupsGet_Failed.json", "200"));
    assertEquals("Failed", s.getPhase());
    assertEquals("ProviderFailed", s.getReason());
    assertEquals("FailedMount: Output: mount error(2): Permission denied", s.getMessage());
    V1ContainerStatus c = s.getContainerStatuses().get(0);
    assertEquals("ContainerCreating", c.getState().getWaiting().getReason());
    assertEquals(0, c.getRestartCount());
    assertFalse(c.getReady());
    assertEquals("False", ready(s));
    assertEquals(OffsetDateTime.parse("2017-08-08T00:09:01Z"), s.getStartTime());
    assertEquals("10.0.0.1", s.getPodIP());
  }

  @Test
  void getWithPriorityCompleted() throws IOException {
    ContainerGroupInner g = group("ContainerGroupsGetPriority.json", "200");
    assertEquals("Spot", g.priority().toString());
    V1PodStatus s = mapper.map(g);
    assertEquals("Succeeded", s.getPhase());
    V1ContainerStatus c = s.getContainerStatuses().get(0);
    var t = c.getState().getTerminated();
    assertEquals(0, t.getExitCode());
    assertEquals("Completed", t.getReason());
    assertEquals(OffsetDateTime.parse("2022-11-11T19:33:44.217Z"), t.getStartedAt());
    assertEquals(OffsetDateTime.parse("2022-11-11T19:33:55.565Z"), t.getFinishedAt());
    assertEquals(
        "alpine@sha256:1304f174557314a7ed9eddb4eab12fed12cb0cd9809e4c28f29af86979a3c870",
        c.getImageID());
    assertEquals("False", ready(s));
    assertEquals(OffsetDateTime.parse("2022-11-11T19:28:22Z"), s.getStartTime());
    assertTrue(AciStatusMapper.isSteady(s));
  }

  @Test
  void listWithContainerInstanceView() throws IOException {
    List<ContainerGroupInner> groups = list("ContainerGroupsList.json");
    assertEquals(1, groups.size());
    V1PodStatus s = mapper.map(groups.get(0));
    assertEquals("Running", s.getPhase());
    V1ContainerStatus c = s.getContainerStatuses().get(0);
    assertEquals(
        OffsetDateTime.parse("2017-10-17T17:27:21Z"), c.getState().getRunning().getStartedAt());
    assertTrue(c.getReady());
    assertEquals(OffsetDateTime.parse("2017-10-17T17:27:21Z"), s.getStartTime());
  }

  @Test
  void listByResourceGroupWithoutInstanceView() throws IOException {
    List<ContainerGroupInner> groups = list("ContainerGroupsListByResourceGroup.json");
    assertEquals(1, groups.size());
    assertNull(groups.get(0).instanceView());
    V1PodStatus s = mapper.map(groups.get(0));
    assertEquals("Running", s.getPhase());
    assertEquals("10.0.0.1", s.getPodIP());
  }

  @Test
  void createResponses() throws IOException {
    assertEquals("Pending", mapper.map(group("ContainerGroupExtensions.json", "200")).getPhase());
    assertEquals(
        "ContainerCreating",
        mapper
            .map(group("ContainerGroupExtensions.json", "200"))
            .getContainerStatuses()
            .get(0)
            .getState()
            .getWaiting()
            .getReason());
    assertEquals("Running", mapper.map(group("ContainerGroupExtensions.json", "201")).getPhase());
    assertEquals(
        "Running", mapper.map(group("ContainerGroupsCreateOrUpdate.json", "200")).getPhase());
    assertEquals(
        "Running", mapper.map(group("ContainerGroupCreateConfidential.json", "201")).getPhase());
    assertEquals(
        "Pending", mapper.map(group("ContainerGroupEncryptionProperties.json", "201")).getPhase());
    V1PodStatus spot = mapper.map(group("ContainerGroupsCreatePriority.json", "200"));
    assertEquals("Succeeded", spot.getPhase());
    assertEquals(
        "Completed", spot.getContainerStatuses().get(0).getState().getTerminated().getReason());
    assertEquals(
        "Pending", mapper.map(group("ContainerGroupsCreatePriority.json", "201")).getPhase());
  }

  @Test
  void deleteAndUpdateResponses() throws IOException {
    assertEquals("Running", mapper.map(group("ContainerGroupsDelete.json", "200")).getPhase());
    ContainerGroupInner updated = group("ContainerGroupsUpdate.json", "200");
    assertEquals("tag1Value", updated.tags().get("tag1key"));
    assertTrue(AciNames.podOf(AciFixtures.CLUSTER, updated.tags()).isEmpty());
  }

  @Test
  void logsAndExecResponses() throws IOException {
    try (JsonReader r =
        JsonProviders.createReader(body("ContainerListLogs.json", "200").toString())) {
      assertEquals("log content", LogsInner.fromJson(r).content());
    }
    try (JsonReader r = JsonProviders.createReader(body("ContainerExec.json", "200").toString())) {
      ContainerExecResponseInner exec = ContainerExecResponseInner.fromJson(r);
      assertEquals("wss://web-socket-uri", exec.webSocketUri());
      assertEquals("password", exec.password());
    }
  }

  /** Every container-group body in every example parses and maps to a phase. */
  @Test
  void everyContainerGroupBodyMaps() throws IOException {
    List<String> mapped = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(EXAMPLES)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : files) {
      JsonObject responses =
          JsonParser.parseString(Files.readString(file))
              .getAsJsonObject()
              .getAsJsonObject("responses");
      for (String code : responses.keySet()) {
        JsonElement body = responses.getAsJsonObject(code).get("body");
        if (body == null || !body.isJsonObject()) {
          continue;
        }
        List<JsonElement> items = new ArrayList<>();
        if (body.getAsJsonObject().has("value")
            && body.getAsJsonObject().get("value").isJsonArray()) {
          body.getAsJsonObject().getAsJsonArray("value").forEach(items::add);
        } else {
          items.add(body);
        }
        for (JsonElement item : items) {
          JsonObject props = item.getAsJsonObject().getAsJsonObject("properties");
          if (props == null || !props.has("containers")) {
            continue;
          }
          try (JsonReader r = JsonProviders.createReader(item.toString())) {
            V1PodStatus s = mapper.map(ContainerGroupInner.fromJson(r));
            assertNotNull(s.getPhase(), file + " " + code);
            assertEquals(
                props.getAsJsonArray("containers").size(),
                s.getContainerStatuses().size(),
                file + " " + code);
            mapped.add(file.getFileName() + ":" + code);
          }
        }
      }
    }
    assertTrue(mapped.size() >= 16, "mapped only " + mapped);
  }
}
