package io.burstlet.provider.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.provider.CloudPod;
import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.ExecTarget;
import io.burstlet.provider.LogOptions;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.ProviderException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every SPI method through RemoteProvider → ProviderServer → in-memory provider and back. */
class RemoteProviderTest {
  private GrpcHarness grpc;

  @BeforeEach
  void start() throws Exception {
    grpc = GrpcHarness.start();
  }

  @AfterEach
  void stop() {
    grpc.close();
  }

  @Test
  void describeCarriesIdentityZonesInOrderAndCapacity() {
    assertEquals("mem", grpc.remote.name());
    assertEquals("azure", grpc.remote.cloud());
    assertEquals("westeurope", grpc.remote.region());
    assertEquals(List.of("1", "2"), grpc.remote.zones());
    assertEquals(grpc.fake.capacity("1"), grpc.remote.capacity("1"));
    assertEquals(grpc.fake.capacity("2"), grpc.remote.capacity("2"));
    assertEquals(Map.of(), grpc.remote.capacity("3"));
  }

  @Test
  void createPodDeliversTheRichPodSecretsAndCredentialsUnchanged() throws Exception {
    PodRef ref = Fixtures.ref("2");
    PodRequest sent = Fixtures.richRequest(ref);
    String podJsonBefore = JSON.serialize(sent.pod());

    grpc.remote.createPod(sent);

    PodRequest received = grpc.fake.lastCreate();
    assertEquals(podJsonBefore, JSON.serialize(received.pod()), "pod JSON");
    assertEquals(sent.pod(), received.pod(), "pod model, quantities and timestamps included");
    assertEquals(sent.ref(), received.ref());
    assertEquals(sent.secrets().keySet(), received.secrets().keySet());
    // V1Secret.equals compares byte[] by identity, so the JSON is compared.
    assertEquals(
        JSON.serialize(sent.secrets().get("db")), JSON.serialize(received.secrets().get("db")));
    assertEquals(
        JSON.serialize(sent.configMaps().get("settings")),
        JSON.serialize(received.configMaps().get("settings")));
    assertEquals(sent.registryCredentials(), received.registryCredentials());
    assertEquals(sent.serviceAccountToken(), received.serviceAccountToken());
    assertEquals(podJsonBefore, JSON.serialize(sent.pod()), "the caller's pod is not modified");
  }

  @Test
  void createPodWithoutOptionalPartsStaysWithoutThem() throws Exception {
    PodRef ref = new PodRef("ns", "bare", "uid-bare", null, "1");
    PodRequest sent =
        new PodRequest(Fixtures.richPod(ref), ref, Map.of(), Map.of(), List.of(), null);

    grpc.remote.createPod(sent);

    PodRequest received = grpc.fake.lastCreate();
    assertNull(received.ref().nodeName(), "absent node name stays absent");
    assertNull(received.serviceAccountToken(), "no token when none was mounted");
    assertTrue(received.secrets().isEmpty() && received.registryCredentials().isEmpty());
  }

  @Test
  void statusesAndListingsCarryTimestampsExactly() throws Exception {
    PodRef ref = Fixtures.ref("1");
    grpc.remote.createPod(Fixtures.richRequest(ref));
    grpc.fake.run(ref);
    V1PodStatus expected = grpc.fake.getPodStatus(ref).orElseThrow();

    V1PodStatus got = grpc.remote.getPodStatus(ref).orElseThrow();
    assertEquals(expected, got);
    assertEquals(expected.getStartTime(), got.getStartTime());
    assertEquals(JSON.serialize(expected), JSON.serialize(got));

    List<CloudPod> listed = grpc.remote.listPods("1");
    assertEquals(grpc.fake.listPods("1"), listed);
    assertEquals(List.of(), grpc.remote.listPods("2"));
  }

  @Test
  void getPodStatusOfAMissingPodIsEmpty() throws Exception {
    assertEquals(Optional.empty(), grpc.remote.getPodStatus(Fixtures.ref("1")));
  }

  @Test
  void deleteRemovesAndIsIdempotent() throws Exception {
    PodRef ref = Fixtures.ref("1");
    grpc.remote.createPod(Fixtures.richRequest(ref));
    grpc.remote.deletePod(ref);
    grpc.remote.deletePod(ref);
    assertEquals(Optional.empty(), grpc.fake.getPodStatus(ref));
  }

  @Test
  void containerLogsPassOptionsAndText() throws Exception {
    PodRef ref = Fixtures.ref("1");
    grpc.remote.createPod(Fixtures.richRequest(ref));
    grpc.fake.setLog(ref, "app", "one\ntwo\nthree ✓");

    assertEquals("one\ntwo\nthree ✓\n", grpc.remote.containerLogs(ref, "app", LogOptions.all()));
    // Tail and timestamps reach the provider: the last two lines, each after its RFC 3339 time.
    String tail = grpc.remote.containerLogs(ref, "app", new LogOptions(2, true, 60, false));
    assertTrue(tail.matches("\\S+Z two\n\\S+Z three ✓\n"), () -> "two stamped lines: " + tail);
    assertEquals("", grpc.remote.containerLogs(ref, "migrate", LogOptions.all()));
  }

  @Test
  void execReturnsTheTarget() throws Exception {
    PodRef ref = Fixtures.ref("1");
    grpc.remote.createPod(Fixtures.richRequest(ref));

    ExecTarget target = grpc.remote.exec(ref, "app", List.of("sh", "-c", "ls /"), true);

    assertEquals(grpc.fake.exec(ref, "app", List.of("sh", "-c", "ls /"), true), target);
  }

  @Test
  void checkHealthPassesTheZone() throws Exception {
    grpc.remote.checkHealth("2");
    ProviderException e = assertThrows(ProviderException.class, () -> grpc.remote.checkHealth("9"));
    assertTrue(e.getMessage().contains("zone 9"), e.getMessage());
  }

  @Test
  void callsPastTheirDeadlineAreUnavailableAndAmbiguousOnlyForCreate() throws Exception {
    var quick =
        new RemoteProviderOptions.Deadlines(
            Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(300));
    CountDownLatch gate = new CountDownLatch(1);
    try (GrpcHarness slow = GrpcHarness.start(o -> o.withDeadlines(quick))) {
      slow.fake.holdCallsAt(gate);
      try {
        PodRef ref = Fixtures.ref("1");
        CloudUnavailableException create =
            assertThrows(
                CloudUnavailableException.class,
                () -> slow.remote.createPod(Fixtures.richRequest(ref)));
        assertTrue(create.isAmbiguous(), "a create past its deadline may have happened");
        assertTrue(create.getMessage().contains("DEADLINE_EXCEEDED"), create.getMessage());

        CloudUnavailableException read =
            assertThrows(CloudUnavailableException.class, () -> slow.remote.getPodStatus(ref));
        assertFalse(read.isAmbiguous());
        assertThrows(CloudUnavailableException.class, () -> slow.remote.checkHealth("1"));
        assertThrows(CloudUnavailableException.class, () -> slow.remote.deletePod(ref));
      } finally {
        gate.countDown();
      }
    }
  }

  @Test
  void aServerThatIsGoneIsUnavailable() throws Exception {
    PodRef ref = Fixtures.ref("1");
    int port = grpc.server.port();
    grpc.server.close();

    CloudUnavailableException create =
        assertThrows(
            CloudUnavailableException.class,
            () -> grpc.remote.createPod(Fixtures.richRequest(ref)));
    assertTrue(create.isAmbiguous());
    assertInstanceOf(
        CloudUnavailableException.class,
        assertThrows(ProviderException.class, () -> grpc.remote.checkHealth("1")));

    CloudUnavailableException connect =
        assertThrows(
            CloudUnavailableException.class,
            () -> RemoteProvider.connect(TestPki.clientOptions("127.0.0.1:" + port)));
    assertFalse(connect.isAmbiguous());
  }
}
