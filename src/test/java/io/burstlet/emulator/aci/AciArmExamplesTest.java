package io.burstlet.emulator.aci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.azure.resourcemanager.containerinstance.models.Capabilities;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.burstlet.ReferenceData;
import io.burstlet.emulator.aci.AciTestClients.Raw;
import io.burstlet.emulator.aci.AciTestClients.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every official create-or-update example of api-version 2023-05-01 (each example whose {@code
 * parameters} hold a {@code containerGroup} body), sent to the emulator as-is: the answer must
 * carry every field the example's response carries, and the SDK must parse it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AciArmExamplesTest {

  private static final Path EXAMPLES = ReferenceData.ACI.resolve("examples");

  private AciEmulator emulator;
  private Raw raw;

  @BeforeAll
  void start() throws Exception {
    emulator = AciEmulator.builder().pending(Duration.ZERO).creating(Duration.ZERO).build().start();
    raw = AciTestClients.raw(emulator);
  }

  @AfterAll
  void stop() {
    emulator.close();
  }

  List<Path> createExamples() throws IOException {
    List<Path> examples = new ArrayList<>();
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      for (Path file : files.sorted().toList()) {
        if (read(file).getAsJsonObject("parameters").has("containerGroup")) {
          examples.add(file);
        }
      }
    }
    return examples;
  }

  @ParameterizedTest
  @MethodSource("createExamples")
  void answersCarryEveryFieldOfTheExampleResponse(Path file) throws IOException {
    JsonObject parameters = read(file).getAsJsonObject("parameters");
    JsonObject body = parameters.getAsJsonObject("containerGroup").deepCopy();
    // Some examples list zones beside the body; the API takes them in it (Resource.zones).
    if (parameters.has("zones") && !body.has("zones")) {
      body.add("zones", parameters.get("zones"));
    }
    // One example's subnet id is an unevaluated ARM template expression; a template deployment
    // sends the id it evaluates to.
    if (body.getAsJsonObject("properties").get("subnetIds") != null) {
      for (JsonElement subnet : body.getAsJsonObject("properties").getAsJsonArray("subnetIds")) {
        JsonObject id = subnet.getAsJsonObject();
        if (id.get("id").getAsString().startsWith("[resourceId(")) {
          id.addProperty(
              "id",
              "/subscriptions/"
                  + parameters.get("subscriptionId").getAsString()
                  + "/resourceGroups/demo/providers/Microsoft.Network/virtualNetworks/vnet"
                  + "/subnets/subnet");
        }
      }
    }
    String name = parameters.get("containerGroupName").getAsString();
    String group = file.getFileName().toString().replace(".json", "").toLowerCase();
    String path =
        "/subscriptions/"
            + parameters.get("subscriptionId").getAsString()
            + "/resourceGroups/"
            + group
            + "/providers/Microsoft.ContainerInstance/containerGroups/"
            + name;

    Reply created = raw.call("PUT", path, body.toString());
    Reply updated = raw.call("PUT", path, body.toString());
    Reply got = raw.call("GET", path, null);

    assertEquals(201, created.status(), created.body());
    assertEquals(200, updated.status(), updated.body());
    JsonObject responses = read(file).getAsJsonObject("responses");
    for (Map.Entry<String, Reply> answer : Map.of("201", created, "200", updated).entrySet()) {
      JsonObject expected = responses.getAsJsonObject(answer.getKey()).getAsJsonObject("body");
      List<String> missing = new ArrayList<>();
      missingPaths(expected, answer.getValue().json(), "", missing);
      assertTrue(
          missing.isEmpty(), file.getFileName() + " " + answer.getKey() + " lacks " + missing);
    }
    JsonObject answer = got.json();
    assertEquals(path, answer.get("id").getAsString());
    assertEquals(name, answer.get("name").getAsString());
    assertEquals("Microsoft.ContainerInstance/containerGroups", answer.get("type").getAsString());
    assertFalse(answer.get("location").getAsString().contains(" "));
    try (JsonReader reader = JsonProviders.createReader(got.body())) {
      ContainerGroupInner parsed = ContainerGroupInner.fromJson(reader);
      assertEquals(name, parsed.name());
      assertNotNull(parsed.provisioningState());
      assertNotNull(parsed.instanceView().state());
      assertNotNull(parsed.containers().get(0).instanceView().currentState().state());
    }
  }

  @Test
  void capabilitiesCarryEveryFieldOfTheExampleAndParse() throws IOException {
    JsonObject example = read(EXAMPLES.resolve("CapabilitiesList.json"));
    String path =
        "/subscriptions/"
            + example.getAsJsonObject("parameters").get("subscriptionId").getAsString()
            + "/providers/Microsoft.ContainerInstance/locations/westus/capabilities";
    Reply reply = raw.call("GET", path, null);
    assertEquals(200, reply.status(), reply.body());
    List<String> missing = new ArrayList<>();
    missingPaths(
        example.getAsJsonObject("responses").getAsJsonObject("200").getAsJsonObject("body"),
        reply.json(),
        "",
        missing);
    assertTrue(missing.isEmpty(), "capabilities lack " + missing);
    try (JsonReader reader =
        JsonProviders.createReader(
            reply.json().getAsJsonArray("value").get(0).getAsJsonObject().toString())) {
      Capabilities linux = Capabilities.fromJson(reader);
      assertEquals("Linux", linux.osType());
      assertEquals(4f, linux.capabilities().maxCpu());
      assertEquals(16f, linux.capabilities().maxMemoryInGB());
    }
  }

  /** Adds to {@code missing} every path of {@code expected} (arrays by index) absent in actual. */
  private static void missingPaths(
      JsonElement expected, JsonElement actual, String path, List<String> missing) {
    if (expected.isJsonObject()) {
      if (!actual.isJsonObject()) {
        missing.add(path + " (an object)");
        return;
      }
      for (Map.Entry<String, JsonElement> field : expected.getAsJsonObject().entrySet()) {
        JsonElement value = actual.getAsJsonObject().get(field.getKey());
        if (value == null) {
          missing.add(path + "/" + field.getKey());
        } else {
          missingPaths(field.getValue(), value, path + "/" + field.getKey(), missing);
        }
      }
    } else if (expected.isJsonArray()) {
      if (!actual.isJsonArray()
          || actual.getAsJsonArray().size() < expected.getAsJsonArray().size()) {
        missing.add(path + " (an array of " + expected.getAsJsonArray().size() + ")");
        return;
      }
      for (int i = 0; i < expected.getAsJsonArray().size(); i++) {
        missingPaths(
            expected.getAsJsonArray().get(i),
            actual.getAsJsonArray().get(i),
            path + "[" + i + "]",
            missing);
      }
    }
  }

  private static JsonObject read(Path file) throws IOException {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }
}
