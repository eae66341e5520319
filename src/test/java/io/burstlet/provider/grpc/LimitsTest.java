package io.burstlet.provider.grpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.provider.InMemoryProvider;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.UnsupportedPodException;
import io.burstlet.provider.grpc.v1.ProviderGrpc;
import io.burstlet.provider.grpc.v1.StatusEvent;
import io.burstlet.provider.grpc.v1.WatchStatusRequest;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What one authenticated caller can make the provider server hold in memory is bounded. */
class LimitsTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final int MIB = 1024 * 1024;

  private InMemoryProvider fake;
  private ProviderServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private String serve(ServerOptions options) throws Exception {
    fake = InMemoryProvider.standard();
    server = new ProviderServer(fake, options).start();
    return "127.0.0.1:" + server.port();
  }

  @Test
  void aWatchStatusSubscriberOverTheCapIsRefusedWithResourceExhausted() throws Exception {
    String target = serve(TestPki.serverOptions(0).withMaxWatchers(2));
    try (RemoteProvider first = RemoteProvider.connect(TestPki.clientOptions(target));
        RemoteProvider second = RemoteProvider.connect(TestPki.clientOptions(target))) {
      first.start(new RecordingListener());
      second.start(new RecordingListener());
      await().atMost(WAIT).until(() -> first.isWatching() && second.isWatching());
      assertEquals(2, server.watchers());

      ManagedChannel channel = agentChannel(target);
      try {
        Iterator<StatusEvent> third = watch(channel);
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, third::next);
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode());
        assertTrue(
            refused.getStatus().getDescription().contains("2 WatchStatus streams"),
            refused.getStatus().getDescription());
        assertEquals(2, server.watchers());

        // A place freed is a place taken: the cap counts open streams, not streams ever opened.
        second.close();
        await().atMost(WAIT).until(() -> server.watchers() == 1);
        Iterator<StatusEvent> fourth = watch(channel);
        assertEquals(StatusEvent.EventCase.READY, fourth.next().getEventCase());
        await().atMost(WAIT).until(() -> server.watchers() == 2);
      } finally {
        channel.shutdownNow();
      }
    }
  }

  @Test
  void aRequestOverTheSizeLimitIsRefusedUnread() throws Exception {
    String target = serve(TestPki.serverOptions(0));
    // Seventeen full-size ConfigMaps: more than the server reads.
    PodRequest huge = withConfigMaps(Fixtures.ref("1"), 17);
    ManagedChannel channel = agentChannel(target);
    try {
      var message = Wire.createPod(huge);
      assertTrue(message.getSerializedSize() > ProviderServer.MAX_REQUEST_BYTES);
      StatusRuntimeException refused =
          assertThrows(
              StatusRuntimeException.class,
              () ->
                  ProviderGrpc.newBlockingStub(channel)
                      .withDeadlineAfter(30, TimeUnit.SECONDS)
                      .createPod(message));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode());
    } finally {
      channel.shutdownNow();
    }
    assertEquals(0, fake.creates());
  }

  @Test
  void theAgentRefusesAnOversizePodItselfAndServesALargeOne() throws Exception {
    String target = serve(TestPki.serverOptions(0));
    try (RemoteProvider remote = RemoteProvider.connect(TestPki.clientOptions(target))) {
      UnsupportedPodException tooBig =
          assertThrows(
              UnsupportedPodException.class,
              () -> remote.createPod(withConfigMaps(Fixtures.ref("1"), 17)));
      assertEquals("spec", tooBig.field());
      assertTrue(tooBig.getMessage().contains("16 MiB"), tooBig.getMessage());
      assertEquals(0, fake.creates(), "never sent");

      // Ten ConfigMaps at Kubernetes' 1 MiB limit: a large pod, but one the channel carries.
      remote.createPod(withConfigMaps(Fixtures.ref("1"), 10));
      assertEquals(1, fake.creates());
      assertEquals(10 + 1, fake.lastCreate().configMaps().size());
    }
  }

  /** The rich request plus {@code count} ConfigMaps of 1 MiB each. */
  private static PodRequest withConfigMaps(PodRef ref, int count) {
    PodRequest rich = Fixtures.richRequest(ref);
    Map<String, V1ConfigMap> configMaps = new HashMap<>(rich.configMaps());
    String mebibyte = "x".repeat(MIB - 1024);
    for (int i = 0; i < count; i++) {
      String name = "bulk-" + i;
      configMaps.put(
          name,
          new V1ConfigMap()
              .apiVersion("v1")
              .kind("ConfigMap")
              .metadata(new V1ObjectMeta().name(name).namespace(ref.namespace()))
              .putDataItem("data", mebibyte));
    }
    return new PodRequest(
        rich.pod(),
        ref,
        rich.secrets(),
        configMaps,
        rich.registryCredentials(),
        rich.serviceAccountToken());
  }

  private static ManagedChannel agentChannel(String target) {
    return Grpc.newChannelBuilder(target, TestPki.agentCredentials()).build();
  }

  private static Iterator<StatusEvent> watch(ManagedChannel channel) {
    return ProviderGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .watchStatus(WatchStatusRequest.getDefaultInstance());
  }
}
