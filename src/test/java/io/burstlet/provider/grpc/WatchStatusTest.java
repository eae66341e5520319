package io.burstlet.provider.grpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.provider.InMemoryProvider;
import io.burstlet.provider.PodRef;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Status events flow from the provider's listener to the agent's over mutual TLS, across server
 * restarts.
 */
class WatchStatusTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final RecordingListener listener = new RecordingListener();
  private InMemoryProvider fake;
  private ProviderServer server;
  private RemoteProvider remote;

  @AfterEach
  void stop() {
    if (remote != null) {
      remote.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private void serveAndWatch() throws Exception {
    fake = InMemoryProvider.standard();
    server = new ProviderServer(fake, TestPki.serverOptions(0)).start();
    remote = RemoteProvider.connect(fast("127.0.0.1:" + server.port()));
    remote.start(listener);
    await().atMost(WAIT).until(remote::isWatching);
  }

  private static RemoteProviderOptions fast(String target) {
    return TestPki.clientOptions(target).withBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
  }

  @Test
  void statusAndGoneEventsReachTheListener() throws Exception {
    serveAndWatch();
    PodRef ref = Fixtures.ref("1");
    remote.createPod(Fixtures.richRequest(ref));
    fake.run(ref);
    V1PodStatus running = fake.getPodStatus(ref).orElseThrow();

    await().atMost(WAIT).until(() -> listener.sawStatus(ref, "Running"));
    RecordingListener.Event event =
        listener.events().stream()
            .filter(e -> !e.gone() && "Running".equals(e.status().getPhase()))
            .findFirst()
            .orElseThrow();
    assertEquals(JSON.serialize(running), JSON.serialize(event.status()));
    assertEquals(running, event.status(), "timestamps and all");
    assertEquals(ref, event.pod());

    fake.vanish(ref);
    await().atMost(WAIT).until(() -> listener.sawGone(ref));
    assertTrue(listener.sawStatus(ref, "Pending"), "the Pending status of the create came first");
  }

  @Test
  void theProviderIsStartedOnceAndEverySubscriberGetsEveryEvent() throws Exception {
    serveAndWatch();
    RecordingListener second = new RecordingListener();
    try (RemoteProvider other = RemoteProvider.connect(fast("127.0.0.1:" + server.port()))) {
      other.start(second);
      await().atMost(WAIT).until(() -> server.watchers() == 2);

      PodRef ref = Fixtures.ref("2");
      fake.createPod(Fixtures.richRequest(ref));
      fake.run(ref);

      await().atMost(WAIT).until(() -> listener.sawStatus(ref, "Running"));
      await().atMost(WAIT).until(() -> second.sawStatus(ref, "Running"));
      assertEquals(1, fake.starts());
    }
    await().atMost(WAIT).until(() -> server.watchers() == 1);
  }

  @Test
  void aLateSubscriberGetsTheLastStatusOfEveryPodStillThere() throws Exception {
    fake = InMemoryProvider.standard();
    server = new ProviderServer(fake, TestPki.serverOptions(0)).start();
    PodRef running = Fixtures.ref("1");
    PodRef deleted = Fixtures.ref("1");
    fake.createPod(Fixtures.richRequest(running));
    fake.run(running);
    fake.createPod(Fixtures.richRequest(deleted));
    fake.deletePod(deleted);

    remote = RemoteProvider.connect(fast("127.0.0.1:" + server.port()));
    remote.start(listener);
    await().atMost(WAIT).until(remote::isWatching);

    // The replay is complete before "ready", so no waiting is needed here.
    assertTrue(listener.sawStatus(running, "Running"), "replayed: " + listener.events());
    assertFalse(listener.sawStatus(running, "Pending"), "only the last status is replayed");
    assertTrue(
        listener.events().stream().noneMatch(e -> e.pod().equals(deleted)),
        "a deleted pod is not replayed");
  }

  @Test
  void afterTheServerRestartsOnTheSamePortEventsFlowAgain() throws Exception {
    serveAndWatch();
    int port = server.port();
    PodRef before = Fixtures.ref("1");
    remote.createPod(Fixtures.richRequest(before));
    await().atMost(WAIT).until(() -> listener.sawStatus(before, "Pending"));

    server.close();
    await().atMost(WAIT).until(() -> !remote.isWatching());

    // The restarted server's provider knows nothing of the old listener. A status change before
    // the agent has re-subscribed is not lost: the server replays it (or sends it live).
    fake.removeListeners();
    server = new ProviderServer(fake, TestPki.serverOptions(port)).start();
    fake.run(before);
    await().atMost(WAIT).until(remote::isWatching);
    await().atMost(WAIT).until(() -> listener.sawStatus(before, "Running"));

    PodRef after = Fixtures.ref("2");
    remote.createPod(Fixtures.richRequest(after));
    fake.vanish(after);
    await().atMost(WAIT).until(() -> listener.sawGone(after));
  }

  @Test
  void startTwiceIsAnError() throws Exception {
    serveAndWatch();
    assertThrows(IllegalStateException.class, () -> remote.start(new RecordingListener()));
  }

  @Test
  void closingTheClientEndsItsSubscription() throws Exception {
    serveAndWatch();
    assertEquals(1, server.watchers());
    remote.close();
    await().atMost(WAIT).until(() -> server.watchers() == 0);
    assertFalse(remote.isWatching());
    remote = null;
  }
}
