package io.burstlet.provider;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider SPI contract, stated as assertions, written once and run for every implementation:
 * the in-memory fake directly, the same fake over gRPC, and (against their emulators) ACI and ECI.
 * A subclass supplies a fresh provider and a way to make a pod's group run in its cloud.
 */
public abstract class ProviderContractTest {
  protected Provider provider;
  private final Queue<Event> events = new ConcurrentLinkedQueue<>();

  /** What the listener given to {@link Provider#start} received. */
  protected record Event(PodRef pod, V1PodStatus status) {
    boolean gone() {
      return status == null;
    }
  }

  /** A provider for one test, not started yet; the contract test starts and closes it. */
  protected abstract Provider newProvider() throws Exception;

  /** Makes the group of a created pod reach Running in the provider's cloud (or emulator). */
  protected abstract void makeRunning(PodRef pod) throws Exception;

  /** How long a status may take to be pushed to the listener. */
  protected Duration statusTimeout() {
    return Duration.ofSeconds(20);
  }

  /** A pod this provider can run; override for clouds with stricter needs. */
  protected V1Pod pod(PodRef ref) {
    return new V1Pod()
        .apiVersion("v1")
        .kind("Pod")
        .metadata(new V1ObjectMeta().namespace(ref.namespace()).name(ref.name()).uid(ref.uid()))
        .spec(
            new V1PodSpec()
                .nodeName(ref.nodeName())
                .restartPolicy("Always")
                .addContainersItem(
                    new V1Container()
                        .name("app")
                        .image("nginx:1.27")
                        .resources(
                            new V1ResourceRequirements()
                                .putRequestsItem("cpu", Quantity.fromString("250m"))
                                .putRequestsItem("memory", Quantity.fromString("512Mi")))));
  }

  @BeforeEach
  protected void startProvider() throws Exception {
    provider = newProvider();
    provider.start(
        new PodStatusListener() {
          @Override
          public void onStatus(PodRef pod, V1PodStatus status) {
            events.add(new Event(pod, status));
          }

          @Override
          public void onGone(PodRef pod) {
            events.add(new Event(pod, null));
          }
        });
  }

  @AfterEach
  protected void closeProvider() {
    if (provider != null) {
      provider.close();
    }
  }

  @Test
  public void describesItsIdentityZonesAndCapacity() {
    assertFalse(provider.name().isBlank(), "name");
    assertTrue(List.of("azure", "alibabacloud").contains(provider.cloud()), provider.cloud());
    assertFalse(provider.region().isBlank(), "region");
    assertFalse(provider.zones().isEmpty(), "zones");
    assertEquals(provider.zones().size(), new HashSet<>(provider.zones()).size(), "distinct zones");
    for (String zone : provider.zones()) {
      Map<String, String> capacity = provider.capacity(zone);
      for (String resource : List.of("cpu", "memory", "pods")) {
        assertTrue(capacity.containsKey(resource), zone + " capacity has " + resource);
        Quantity.fromString(capacity.get(resource));
      }
    }
  }

  @Test
  public void isHealthyInEveryZone() throws Exception {
    for (String zone : provider.zones()) {
      provider.checkHealth(zone);
    }
  }

  @Test
  public void createIsIdempotentForTheSameUid() throws Exception {
    PodRef ref = newRef(zone());
    provider.createPod(request(ref));
    // A retry after a crash builds a fresh request for the same pod.
    provider.createPod(request(ref));

    long groups =
        provider.listPods(ref.zone()).stream().filter(p -> p.pod().uid().equals(ref.uid())).count();
    assertEquals(1, groups, "one group for the pod UID");
  }

  @Test
  public void deleteOfAMissingPodSucceeds() throws Exception {
    provider.deletePod(newRef(zone()));

    PodRef ref = newRef(zone());
    provider.createPod(request(ref));
    provider.deletePod(ref);
    provider.deletePod(ref);
  }

  @Test
  public void getPodStatusIsEmptyBeforeCreateAndAfterDelete() throws Exception {
    PodRef ref = newRef(zone());
    assertEquals(Optional.empty(), provider.getPodStatus(ref), "before create");

    provider.createPod(request(ref));
    assertTrue(provider.getPodStatus(ref).isPresent(), "after create");

    provider.deletePod(ref);
    assertEquals(Optional.empty(), provider.getPodStatus(ref), "after delete");
  }

  @Test
  public void listPodsReturnsCreatedPodsWithTheirRefs() throws Exception {
    PodRef first = newRef(zone());
    PodRef second = newRef(zone());
    provider.createPod(request(first));
    provider.createPod(request(second));

    List<CloudPod> listed = provider.listPods(zone());
    CloudPod a = only(listed, first);
    CloudPod b = only(listed, second);
    assertSameIdentity(first, a.pod());
    assertSameIdentity(second, b.pod());
    assertFalse(a.groupName().isBlank(), "group name");
    assertNotEquals(a.groupName(), b.groupName(), "one group per pod");

    for (String other : provider.zones()) {
      if (!other.equals(zone())) {
        assertTrue(
            provider.listPods(other).stream().noneMatch(p -> p.pod().uid().equals(first.uid())),
            "a pod is only listed in its own zone");
      }
    }

    provider.deletePod(first);
    assertTrue(
        provider.listPods(zone()).stream().noneMatch(p -> p.pod().uid().equals(first.uid())),
        "a deleted pod is no longer listed");
  }

  @Test
  public void statusesArePushedToTheListener() throws Exception {
    PodRef ref = newRef(zone());
    provider.createPod(request(ref));
    makeRunning(ref);

    await()
        .atMost(statusTimeout())
        .untilAsserted(
            () ->
                assertTrue(
                    events.stream()
                        .anyMatch(
                            e ->
                                e.pod().uid().equals(ref.uid())
                                    && !e.gone()
                                    && "Running".equals(e.status().getPhase())),
                    "a Running status pushed for " + ref + "; got " + events));
    assertEquals("Running", provider.getPodStatus(ref).orElseThrow().getPhase());
  }

  /** The zone the tests create pods in. */
  protected String zone() {
    return provider.zones().get(0);
  }

  protected PodRef newRef(String zone) {
    String uid = UUID.randomUUID().toString();
    return new PodRef(
        "contract", "pod-" + uid.substring(0, 8), uid, "burstlet-" + provider.name(), zone);
  }

  protected PodRequest request(PodRef ref) {
    return new PodRequest(pod(ref), ref, Map.of(), Map.of(), List.of(), null);
  }

  private static CloudPod only(List<CloudPod> listed, PodRef ref) {
    List<CloudPod> matching = listed.stream().filter(p -> p.pod().uid().equals(ref.uid())).toList();
    assertEquals(1, matching.size(), "listed once: " + ref);
    return matching.get(0);
  }

  private static void assertSameIdentity(PodRef expected, PodRef actual) {
    assertEquals(expected.namespace(), actual.namespace(), "namespace");
    assertEquals(expected.name(), actual.name(), "name");
    assertEquals(expected.uid(), actual.uid(), "uid");
    assertEquals(expected.zone(), actual.zone(), "zone");
  }
}
