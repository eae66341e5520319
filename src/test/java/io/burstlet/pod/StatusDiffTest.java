package io.burstlet.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateRunning;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusDiffTest {
  private static final JSON JSON = new JSON();
  private static final OffsetDateTime T = OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 0, ZoneOffset.UTC);

  private static V1Pod pod(V1PodStatus status) {
    return new V1Pod()
        .metadata(new V1ObjectMeta().name("p").namespace("ns").uid("u").resourceVersion("42"))
        .spec(
            new V1PodSpec()
                .addInitContainersItem(new V1Container().name("z-init"))
                .addInitContainersItem(new V1Container().name("a-init"))
                .addContainersItem(new V1Container().name("b"))
                .addContainersItem(new V1Container().name("a")))
        .status(status);
  }

  /** What the API server returns after we wrote {@code running()}: whole seconds, "" defaults. */
  private static V1PodStatus stored() {
    return JSON.deserialize(
        """
        {"phase":"Running","hostIP":"192.0.2.1","podIP":"10.0.0.5","podIPs":[{"ip":"10.0.0.5"}],
         "startTime":"2024-05-06T07:08:09Z","qosClass":"BestEffort",
         "conditions":[{"type":"PodScheduled","status":"True","lastProbeTime":null,
                        "lastTransitionTime":"2024-05-06T07:08:09Z"},
                       {"type":"Ready","status":"True","lastProbeTime":null,
                        "lastTransitionTime":"2024-05-06T07:08:09Z"}],
         "containerStatuses":[
           {"name":"a","ready":true,"restartCount":0,"image":"img","imageID":"",
            "state":{"running":{"startedAt":"2024-05-06T07:08:09Z"}},"lastState":{}},
           {"name":"b","ready":false,"restartCount":0,"image":"img","imageID":"",
            "state":{"waiting":{"reason":"ContainerCreating"}},"lastState":{}}]}
        """,
        V1PodStatus.class);
  }

  /** The same status as a provider reports it: sub-second times, other order, null defaults. */
  private static V1PodStatus reported() {
    OffsetDateTime fine = T.plusNanos(123_456_789).withOffsetSameInstant(ZoneOffset.ofHours(2));
    return new V1PodStatus()
        .phase("Running")
        .hostIP("192.0.2.1")
        .podIP("10.0.0.5")
        .podIPs(List.of(new io.kubernetes.client.openapi.models.V1PodIP().ip("10.0.0.5")))
        .startTime(fine)
        .conditions(
            List.of(
                new V1PodCondition().type("Ready").status("True").lastTransitionTime(fine),
                new V1PodCondition().type("PodScheduled").status("True").lastTransitionTime(T)))
        .containerStatuses(
            List.of(
                new V1ContainerStatus()
                    .name("b")
                    .image("img")
                    .state(
                        new V1ContainerState()
                            .waiting(
                                new io.kubernetes.client.openapi.models.V1ContainerStateWaiting()
                                    .reason("ContainerCreating"))),
                new V1ContainerStatus()
                    .name("a")
                    .image("img")
                    .ready(true)
                    .state(
                        new V1ContainerState()
                            .running(new V1ContainerStateRunning().startedAt(fine)))));
  }

  @Test
  void theSameStatusInAnotherShapeIsNoChange() {
    assertEquals(List.of(), StatusDiff.changedFields(pod(stored()), stored(), reported()));
  }

  @Test
  void namesTheFieldsThatChanged() {
    V1PodStatus changed = reported().podIP("10.0.0.6").podIPs(List.of()).message("hello");
    assertEquals(
        List.of("message", "podIP", "podIPs"),
        StatusDiff.changedFields(pod(stored()), stored(), changed));
  }

  @Test
  void aContainerStateChangeIsAChange() {
    V1PodStatus restarted = reported();
    restarted.getContainerStatuses().get(1).restartCount(1);
    assertEquals(
        List.of("containerStatuses"), StatusDiff.changedFields(pod(stored()), stored(), restarted));
  }

  @Test
  void ordersContainersByNameAndInitContainersBySpec() {
    V1PodStatus s =
        new V1PodStatus()
            .containerStatuses(
                List.of(new V1ContainerStatus().name("b"), new V1ContainerStatus().name("a")))
            .initContainerStatuses(
                List.of(
                    new V1ContainerStatus().name("a-init"),
                    new V1ContainerStatus().name("z-init")));
    V1PodStatus c = StatusDiff.canonical(pod(s), s);
    assertEquals("a", c.getContainerStatuses().get(0).getName());
    assertEquals("z-init", c.getInitContainerStatuses().get(0).getName());
  }

  @Test
  void thePatchClearsFieldsWithNullAndCarriesTheResourceVersion() {
    V1PodStatus desired = reported().message(null);
    JsonObject patch =
        JsonParser.parseString(StatusDiff.mergePatch(pod(stored()), desired, "42", JSON.getGson()))
            .getAsJsonObject();
    assertEquals("42", patch.getAsJsonObject("metadata").get("resourceVersion").getAsString());
    JsonObject status = patch.getAsJsonObject("status");
    assertTrue(status.has("message") && status.get("message").isJsonNull());
    assertEquals(T, OffsetDateTime.parse(status.get("startTime").getAsString()));
    JsonObject first = status.getAsJsonArray("containerStatuses").get(0).getAsJsonObject();
    assertEquals("a", first.get("name").getAsString());
    assertFalse(first.has("volumeMounts"), "empty model lists are not sent");
    assertFalse(status.has("qosClass"), "fields we do not own are left alone");
  }
}
