package io.burstlet.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DesiredStatusTest {
  private static final OffsetDateTime EARLY =
      OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  private static final OffsetDateTime NOW =
      OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private static V1Pod pod(V1PodStatus status) {
    return new V1Pod()
        .metadata(new V1ObjectMeta().name("p").namespace("ns").uid("u"))
        .spec(new V1PodSpec().addContainersItem(new V1Container().name("c").image("img")))
        .status(status);
  }

  private static V1PodCondition cond(String type, String status, OffsetDateTime at) {
    return new V1PodCondition().type(type).status(status).lastTransitionTime(at);
  }

  private static V1PodCondition find(V1PodStatus s, String type) {
    return s.getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  @Test
  void keepsTheSchedulersConditionAndForeignOnesButDropsStaleOwnedOnes() {
    V1PodStatus current =
        new V1PodStatus()
            .conditions(
                List.of(
                    cond("PodScheduled", "True", EARLY),
                    cond("example.com/gate", "True", EARLY),
                    cond("Initialized", "False", EARLY)));
    V1PodStatus reported =
        new V1PodStatus()
            .phase("Running")
            .conditions(List.of(cond("PodScheduled", "True", NOW), cond("Ready", "True", null)));

    V1PodStatus desired = DesiredStatus.of(pod(current), reported, "192.0.2.1", NOW);

    assertEquals(EARLY, find(desired, "PodScheduled").getLastTransitionTime());
    assertEquals("True", find(desired, "example.com/gate").getStatus());
    assertNull(find(desired, "Initialized"), "the report owns Initialized");
    assertEquals(NOW, find(desired, "Ready").getLastTransitionTime());
  }

  @Test
  void anUnchangedConditionKeepsItsTransitionTime() {
    V1PodStatus current = new V1PodStatus().conditions(List.of(cond("Ready", "True", EARLY)));
    V1PodStatus reported = new V1PodStatus().conditions(List.of(cond("Ready", "True", NOW)));
    assertEquals(
        EARLY,
        find(DesiredStatus.of(pod(current), reported, "h", NOW), "Ready").getLastTransitionTime());

    V1PodStatus flipped = new V1PodStatus().conditions(List.of(cond("Ready", "False", null)));
    assertEquals(
        NOW,
        find(DesiredStatus.of(pod(current), flipped, "h", NOW), "Ready").getLastTransitionTime());
  }

  @Test
  void setsHostIpKeepsStartTimeAndFillsPodIps() {
    V1PodStatus current = new V1PodStatus().startTime(EARLY);
    V1PodStatus reported = new V1PodStatus().phase("Running").podIP("10.0.0.9").startTime(NOW);

    V1PodStatus desired = DesiredStatus.of(pod(current), reported, "192.0.2.1", NOW);

    assertEquals("192.0.2.1", desired.getHostIP());
    assertEquals(EARLY, desired.getStartTime());
    assertEquals("10.0.0.9", desired.getPodIPs().get(0).getIp());
    assertEquals(NOW, DesiredStatus.of(pod(null), new V1PodStatus(), "h", NOW).getStartTime());
  }

  @Test
  void aReportWithoutPhaseKeepsTheCurrentOne() {
    V1PodStatus desired =
        DesiredStatus.of(pod(new V1PodStatus().phase("Running")), new V1PodStatus(), "h", NOW);
    assertEquals("Running", desired.getPhase());
    assertEquals("Pending", DesiredStatus.of(pod(null), new V1PodStatus(), "h", NOW).getPhase());
  }

  @Test
  void synthesizedStatusesReadLikeAKubelets() {
    V1Pod pod = pod(null);
    V1PodStatus pending = PodStatuses.configError(pod, "secret \"x\" not found");
    assertEquals("Pending", pending.getPhase());
    assertEquals(
        "CreateContainerConfigError",
        pending.getContainerStatuses().get(0).getState().getWaiting().getReason());
    V1PodStatus lost = PodStatuses.lost(pod, "gone", NOW);
    assertEquals("Failed", lost.getPhase());
    assertEquals("NotFound", lost.getReason());
    assertEquals(137, lost.getContainerStatuses().get(0).getState().getTerminated().getExitCode());
  }
}
