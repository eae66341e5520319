package io.burstlet.emulator.aci;

import static io.burstlet.emulator.aci.AciTestClients.container;
import static io.burstlet.emulator.aci.AciTestClients.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.management.exception.ManagementException;
import com.azure.json.JsonProviders;
import com.azure.json.JsonWriter;
import com.azure.resourcemanager.containerinstance.fluent.ContainerGroupsClient;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.azure.resourcemanager.containerinstance.models.AzureFileVolume;
import com.azure.resourcemanager.containerinstance.models.Container;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupDiagnostics;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupIpAddressType;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupRestartPolicy;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupSubnetId;
import com.azure.resourcemanager.containerinstance.models.EnvironmentVariable;
import com.azure.resourcemanager.containerinstance.models.ImageRegistryCredential;
import com.azure.resourcemanager.containerinstance.models.IpAddress;
import com.azure.resourcemanager.containerinstance.models.LogAnalytics;
import com.azure.resourcemanager.containerinstance.models.OperatingSystemTypes;
import com.azure.resourcemanager.containerinstance.models.Port;
import com.azure.resourcemanager.containerinstance.models.ResourceLimits;
import com.azure.resourcemanager.containerinstance.models.ResourceRequests;
import com.azure.resourcemanager.containerinstance.models.ResourceRequirements;
import com.azure.resourcemanager.containerinstance.models.Volume;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.burstlet.emulator.aci.AciTestClients.Raw;
import io.burstlet.emulator.aci.AciTestClients.Reply;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * ARM's and ACI's refusals, each with its code and status: through the SDK as {@link
 * ManagementException}s where the SDK lets the request through, raw where it validates the mistake
 * away on the client. Also: secrets never come back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AciValidationTest {

  private static final String RG = "validation";
  private static final String SUBNET =
      "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/aci";

  private AciEmulator emulator;
  private ContainerGroupsClient groups;
  private Raw raw;

  @BeforeAll
  void start() throws Exception {
    emulator =
        AciEmulator.builder()
            .pending(Duration.ZERO)
            .creating(Duration.ZERO)
            .subnet(SUBNET, "10.2.0.0/24")
            .build()
            .start();
    groups = AciTestClients.manager(emulator, 0).serviceClient().getContainerGroups();
    raw = AciTestClients.raw(emulator);
  }

  @AfterAll
  void stop() {
    emulator.close();
  }

  @Test
  void invalidNamesAreRefused() {
    assertRefused(
        400,
        "InvalidContainerGroupName",
        "Bad_Name",
        group(ContainerGroupRestartPolicy.NEVER, "x"));
    assertRefused(400, "InvalidContainerGroupName", "-leading", sample());
    assertRefused(400, "InvalidContainerGroupName", "a".repeat(64), sample());
    ContainerGroupInner upperCase = sample();
    upperCase.containers().get(0).withName("Main");
    assertRefused(400, "InvalidContainerName", "container-name", upperCase);
  }

  @Test
  void invalidOsTypeIsRefused() {
    assertRefused(
        400,
        "InvalidOsType",
        "solaris",
        sample().withOsType(OperatingSystemTypes.fromString("Solaris")));
  }

  @Test
  void limitsBelowRequestsOrAboveTheGroupAreRefused() {
    ContainerGroupInner below = sample();
    resources(below.containers().get(0)).withLimits(new ResourceLimits().withCpu(0.5));
    assertRefused(400, "ResourceLimitsLessThanRequests", "limit-below", below);

    ContainerGroupInner above = sample();
    resources(above.containers().get(0)).withLimits(new ResourceLimits().withMemoryInGB(3.0));
    assertRefused(400, "ContainerLimitGreaterThanContainerGroupTotalRequest", "limit-above", above);
  }

  @Test
  void aGroupLargerThanTheRegionOffersIsUnavailable() {
    ContainerGroupInner big = sample();
    resources(big.containers().get(0)).requests().withCpu(5.0);
    assertRefused(409, "ServiceUnavailable", "too-big", big);

    ContainerGroupInner twoContainers = sample();
    twoContainers.containers().add(sizedContainer("second", 1.0, 15.0));
    assertRefused(409, "ServiceUnavailable", "too-much-memory", twoContainers);
  }

  @Test
  void perGroupCountLimitsAreEnforced() {
    List<Container> many = new ArrayList<>();
    IntStream.range(0, 61).forEach(i -> many.add(sizedContainer("c" + i, 0.05, 0.1)));
    assertRefused(400, "TooManyContainers", "many-containers", sample().withContainers(many));

    List<Volume> volumes = new ArrayList<>();
    IntStream.range(0, 21)
        .forEach(i -> volumes.add(new Volume().withName("v" + i).withEmptyDir(Map.of())));
    assertRefused(400, "TooManyVolumes", "many-volumes", sample().withVolumes(volumes));

    List<Port> ports = new ArrayList<>();
    IntStream.range(0, 6).forEach(i -> ports.add(new Port().withPort(8000 + i)));
    IpAddress ip = new IpAddress().withType(ContainerGroupIpAddressType.PUBLIC).withPorts(ports);
    assertRefused(400, "TooManyPorts", "many-ports", sample().withIpAddress(ip));
  }

  @Test
  void moreRegistryCredentialsThanContainersAreRefused() {
    List<ImageRegistryCredential> credentials =
        List.of(
            new ImageRegistryCredential().withServer("a.example.com").withUsername("u"),
            new ImageRegistryCredential().withServer("b.example.com").withUsername("u"));
    assertRefused(
        400,
        "MoreImageRegistryCredentialsThanContainers",
        "creds",
        sample().withImageRegistryCredentials(credentials));
  }

  @Test
  void malformedAndUnknownSubnetsAreRefused() {
    assertRefused(
        400,
        "LinkedInvalidPropertyId",
        "bad-subnet",
        sample().withSubnetIds(List.of(new ContainerGroupSubnetId().withId("subnet-1"))));
    assertRefused(
        400,
        "SubnetNotFound",
        "unknown-subnet",
        sample()
            .withSubnetIds(
                List.of(new ContainerGroupSubnetId().withId(SUBNET.replace("/aci", "/other")))));

    ContainerGroupInner known =
        groups.createOrUpdate(
            RG,
            "known-subnet",
            sample().withSubnetIds(List.of(new ContainerGroupSubnetId().withId(SUBNET))));
    assertTrue(known.ipAddress().ip().startsWith("10.2.0."), known.ipAddress().ip());
  }

  @Test
  void theRegionalCoreQuotaCountsRunningGroupsOnly() throws Exception {
    try (AciEmulator quota =
        AciEmulator.builder()
            .pending(Duration.ZERO)
            .creating(Duration.ZERO)
            .standardCoresQuota(4)
            .build()
            .start()) {
      ContainerGroupsClient client =
          AciTestClients.manager(quota, 0).serviceClient().getContainerGroups();
      ContainerGroupInner three = sample();
      resources(three.containers().get(0)).requests().withCpu(3.0);
      ContainerGroupInner two = sample();
      resources(two.containers().get(0)).requests().withCpu(2.0);
      client.createOrUpdate(RG, "three-cores", three);

      ManagementException refused =
          assertThrows(
              ManagementException.class, () -> client.createOrUpdate(RG, "two-cores", two));
      assertEquals(400, refused.getResponse().getStatusCode());
      assertEquals("ContainerGroupQuotaReached", refused.getValue().getCode());
      assertTrue(refused.getValue().getMessage().contains("Limit: '4', Usage: '3' Requested: '2'"));

      // Stopped groups are deallocated and use no quota.
      client.stop(RG, "three-cores");
      assertEquals("Succeeded", client.createOrUpdate(RG, "two-cores", two).provisioningState());
    }
  }

  @Test
  void aMissingGroupIsNotFound() {
    ManagementException missing =
        assertThrows(ManagementException.class, () -> groups.getByResourceGroup(RG, "missing"));
    assertEquals(404, missing.getResponse().getStatusCode());
    assertEquals("ResourceNotFound", missing.getValue().getCode());
  }

  @Test
  void missingRequiredPropertiesAreRefused() {
    assertRaw(400, "LocationRequired", body -> body.remove("location"));
    assertRaw(400, "InvalidRequestContent", body -> body.remove("properties"));
    assertRaw(400, "InvalidRequestContent", body -> properties(body).remove("containers"));
    assertRaw(
        400, "InvalidRequestContent", body -> properties(body).add("containers", new JsonArray()));
    assertRaw(400, "InvalidOsType", body -> properties(body).remove("osType"));
    assertRaw(400, "InvalidRequestContent", body -> main(body).remove("name"));
    assertRaw(400, "InvalidRequestContent", body -> mainProperties(body).remove("image"));
    assertRaw(400, "InvalidRequestContent", body -> mainProperties(body).remove("resources"));
    assertRaw(
        400,
        "ResourceRequestsNotSpecified",
        body -> mainProperties(body).getAsJsonObject("resources").remove("requests"));
    assertRaw(400, "ResourceSomeRequestsNotSpecified", body -> requests(body).remove("cpu"));
    assertRaw(400, "ResourceSomeRequestsNotSpecified", body -> requests(body).remove("memoryInGB"));
    assertRaw(400, "InvalidRequestContent", body -> requests(body).addProperty("cpu", "one"));
    assertRaw(
        400, "InvalidRequestContent", body -> properties(body).addProperty("containers", "x"));
    assertRaw(
        400,
        "InvalidRequestContent",
        body -> properties(body).addProperty("restartPolicy", "Sometimes"));

    Reply malformed = raw.call("PUT", Raw.groupPath(RG, "malformed"), "{\"location\": ");
    assertEquals(400, malformed.status());
    assertEquals("InvalidRequestContent", malformed.errorCode());
    assertFalse(emulator.exists(RG, "malformed"));
  }

  @Test
  void requestsWithoutABearerTokenAreUnauthenticated() {
    String path = Raw.groupPath(RG, "any") + "?api-version=2023-05-01";

    Reply missing = raw.send("GET", path, null, null);
    Reply malformed = raw.send("GET", path, null, "Basic dXNlcjpwYXNz");

    assertEquals(401, missing.status());
    assertEquals("AuthenticationFailed", missing.errorCode());
    assertTrue(missing.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer "));
    assertEquals(401, malformed.status());
    assertEquals("AuthenticationFailed", malformed.errorCode());
  }

  @Test
  void apiVersionAndRoutesAreCheckedLikeArm() {
    String path = Raw.groupPath(RG, "any");

    Reply none = raw.send("GET", path, null, "Bearer t");
    Reply unsupported = raw.send("GET", path + "?api-version=2099-01-01", null, "Bearer t");
    Reply unknown = raw.call("GET", path + "/nonsense", null);

    assertEquals(400, none.status());
    assertEquals("MissingApiVersionParameter", none.errorCode());
    assertEquals(400, unsupported.status());
    assertEquals("NoRegisteredProviderFound", unsupported.errorCode());
    assertEquals(404, unknown.status());
    assertEquals("InvalidResourceType", unknown.errorCode());
    assertTrue(none.headers().firstValue("x-ms-request-id").isPresent());
  }

  @Test
  void secretsAreKeptButNeverReturned() {
    ContainerGroupInner spec = sample();
    spec.containers()
        .get(0)
        .withEnvironmentVariables(
            List.of(
                new EnvironmentVariable().withName("PLAIN").withValue("visible"),
                new EnvironmentVariable().withName("TOKEN").withSecureValue("s3cret-env")));
    spec.withImageRegistryCredentials(
            List.of(
                new ImageRegistryCredential()
                    .withServer("public.example.com")
                    .withUsername("robot")
                    .withPassword("s3cret-password")))
        .withVolumes(
            List.of(
                new Volume().withName("secret").withSecret(Map.of("key", "czNjcmV0LXZvbHVtZQ==")),
                new Volume()
                    .withName("files")
                    .withAzureFile(
                        new AzureFileVolume()
                            .withShareName("share")
                            .withStorageAccountName("account")
                            .withStorageAccountKey("s3cret-storage-key"))))
        .withDiagnostics(
            new ContainerGroupDiagnostics()
                .withLogAnalytics(
                    new LogAnalytics()
                        .withWorkspaceId("workspace")
                        .withWorkspaceKey("s3cret-workspace-key")));

    String path = Raw.groupPath(RG, "secrets");
    Reply put = raw.call("PUT", path, json(spec));
    assertEquals(201, put.status(), put.body());

    ContainerGroupInner created = groups.getByResourceGroup(RG, "secrets");
    EnvironmentVariable token = created.containers().get(0).environmentVariables().get(1);
    assertEquals("TOKEN", token.name());
    assertNull(token.secureValue());
    assertEquals("visible", created.containers().get(0).environmentVariables().get(0).value());
    assertNull(created.imageRegistryCredentials().get(0).password());
    assertEquals("robot", created.imageRegistryCredentials().get(0).username());
    List<String> answers =
        List.of(
            put.body(),
            raw.call("GET", path, null).body(),
            raw.call("GET", path.substring(0, path.lastIndexOf('/')), null).body(),
            raw.call("DELETE", path, null).body());
    for (String answer : answers) {
      for (String secret :
          List.of(
              "s3cret-env",
              "s3cret-password",
              "czNjcmV0LXZvbHVtZQ==",
              "s3cret-storage-key",
              "s3cret-workspace-key")) {
        assertFalse(answer.contains(secret), secret + " leaked in " + answer);
      }
    }
    assertTrue(answers.get(0).contains("\"secret\":{}"), answers.get(0));
  }

  private void assertRefused(int status, String code, String name, ContainerGroupInner spec) {
    ManagementException refused =
        assertThrows(ManagementException.class, () -> groups.createOrUpdate(RG, name, spec));
    assertEquals(status, refused.getResponse().getStatusCode(), refused.getMessage());
    assertEquals(code, refused.getValue().getCode(), refused.getMessage());
    assertFalse(emulator.exists(RG, name));
  }

  private void assertRaw(int status, String code, Consumer<JsonObject> breakIt) {
    JsonObject body = JsonParser.parseString(SAMPLE_JSON).getAsJsonObject();
    breakIt.accept(body);
    Reply reply = raw.call("PUT", Raw.groupPath(RG, "raw"), body.toString());
    assertEquals(status, reply.status(), reply.body());
    assertEquals(code, reply.errorCode(), reply.body());
    assertFalse(emulator.exists(RG, "raw"));
  }

  /** The JSON the SDK would send for {@code group}, secrets included. */
  private static String json(ContainerGroupInner group) {
    StringWriter out = new StringWriter();
    try (JsonWriter writer = JsonProviders.createWriter(out)) {
      group.toJson(writer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static final String SAMPLE_JSON =
      "{\"location\":\"westeurope\",\"properties\":{\"osType\":\"Linux\",\"containers\":[{\"name\":"
          + "\"main\",\"properties\":{\"image\":\"busybox\",\"resources\":{\"requests\":{\"cpu\":1,"
          + "\"memoryInGB\":1.5}}}}]}}";

  private static JsonObject properties(JsonObject body) {
    return body.getAsJsonObject("properties");
  }

  private static JsonObject main(JsonObject body) {
    return properties(body).getAsJsonArray("containers").get(0).getAsJsonObject();
  }

  private static JsonObject mainProperties(JsonObject body) {
    return main(body).getAsJsonObject("properties");
  }

  private static JsonObject requests(JsonObject body) {
    return mainProperties(body).getAsJsonObject("resources").getAsJsonObject("requests");
  }

  private static ContainerGroupInner sample() {
    return group(ContainerGroupRestartPolicy.NEVER, "sleep infinity");
  }

  private static ResourceRequirements resources(Container container) {
    return container.resources();
  }

  private static Container sizedContainer(String name, double cpu, double memoryGb) {
    return container(name, "busybox", "sleep infinity")
        .withResources(
            new ResourceRequirements()
                .withRequests(new ResourceRequests().withCpu(cpu).withMemoryInGB(memoryGb)));
  }
}
