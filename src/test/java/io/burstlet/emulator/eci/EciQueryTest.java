package io.burstlet.emulator.eci;

import static io.burstlet.emulator.eci.EciTestSupport.REGION;
import static io.burstlet.emulator.eci.EciTestSupport.createQuery;
import static io.burstlet.emulator.eci.EciTestSupport.integer;
import static io.burstlet.emulator.eci.EciTestSupport.list;
import static io.burstlet.emulator.eci.EciTestSupport.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Listing: paging, filters, the SinceSecond status delta, and events. */
class EciQueryTest {

  private final EciTestSupport eci;

  EciQueryTest() throws Exception {
    eci = new EciTestSupport();
  }

  @AfterEach
  void stop() {
    eci.close();
  }

  @Test
  void pagesOfAtMostLimitCoverEveryGroupOnce() throws Exception {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      created.add(eci.create(createQuery("pod-" + i, null)));
    }

    List<String> seen = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      Map<String, String> query = new HashMap<>(Map.of("RegionId", REGION, "Limit", "10"));
      if (!token.isEmpty()) {
        query.put("NextToken", token);
      }
      Map<String, Object> body = eci.call("DescribeContainerGroups", query);
      assertEquals(25, integer(body.get("TotalCount")));
      list(body.get("ContainerGroups")).forEach(g -> seen.add((String) g.get("ContainerGroupId")));
      token = (String) body.get("NextToken");
      pages++;
    } while (!token.isEmpty());

    assertEquals(3, pages);
    assertEquals(created, seen);
    assertEquals(
        "InvalidParameter",
        eci.error("DescribeContainerGroups", Map.of("RegionId", REGION, "Limit", "21")).getCode());
    assertEquals(
        "InvalidParameter",
        eci.error("DescribeContainerGroups", Map.of("RegionId", REGION, "NextToken", "bogus"))
            .getCode());
  }

  @Test
  void filtersByTagsNameStatusZoneAndIds() throws Exception {
    Map<String, String> a = createQuery("tagged-a", null);
    a.put("Tag.1.Key", "burstlet.io/node");
    a.put("Tag.1.Value", "node-a");
    a.put("Tag.2.Key", "team");
    a.put("Tag.2.Value", "blue");
    String ida = eci.create(a);
    Map<String, String> b = createQuery("tagged-b", null);
    b.put("Tag.1.Key", "burstlet.io/node");
    b.put("Tag.1.Value", "node-b");
    b.put("VSwitchId", "vsw-second");
    String idb = eci.create(b);

    assertEquals(
        List.of(ida), ids(Map.of("Tag.1.Key", "burstlet.io/node", "Tag.1.Value", "node-a")));
    assertEquals(List.of(ida, idb), ids(Map.of("Tag.1.Key", "burstlet.io/node")));
    assertEquals(
        List.of(),
        ids(
            Map.of(
                "Tag.1.Key", "burstlet.io/node",
                "Tag.1.Value", "node-b",
                "Tag.2.Key", "team",
                "Tag.2.Value", "blue")));
    assertEquals(List.of(idb), ids(Map.of("ContainerGroupName", "tagged-b")));
    assertEquals(List.of(idb), ids(Map.of("ZoneId", "ap-northeast-1b")));
    assertEquals(List.of(ida), ids(Map.of("VSwitchId", "vsw-first")));
    assertEquals(List.of(ida, idb), ids(Map.of("Status", "Scheduling")));
    assertEquals(List.of(), ids(Map.of("Status", "Running")));
    assertEquals(List.of(idb), ids(Map.of("ContainerGroupIds", "[\"" + idb + "\"]")));
    assertEquals(
        "InvalidParameter",
        eci.error(
                "DescribeContainerGroups",
                Map.of("RegionId", REGION, "ContainerGroupIds", "eci-not-json"))
            .getCode());
  }

  @Test
  void statusDeltaReturnsOnlyGroupsThatChangedWithinSinceSecond() throws Exception {
    Map<String, String> job = createQuery("quick", "sleep 1; exit 0");
    job.put("RestartPolicy", "Never");
    String quick = eci.create(job); // Pending at +1 s, Running at +2 s, Succeeded at +3 s
    eci.advance(0.5);
    String slow = eci.create(createQuery("slow", "sleep infinity")); // Running from +2.5 s

    eci.advance(1); // +1.5 s
    assertEquals(List.of(quick, slow), statusIds(Map.of("SinceSecond", "1")));
    eci.advance(2.3); // +3.8 s
    assertEquals(List.of(quick), statusIds(Map.of("SinceSecond", "1")));
    assertEquals(List.of(quick, slow), statusIds(Map.of("SinceSecond", "2")));
    eci.advance(60);
    assertEquals(List.of(), statusIds(Map.of("SinceSecond", "5")));
    assertEquals(List.of(quick, slow), statusIds(Map.of()));

    eci.call("DeleteContainerGroup", Map.of("RegionId", REGION, "ContainerGroupId", slow));

    assertEquals(List.of(slow), statusIds(Map.of("SinceSecond", "5")));
  }

  @Test
  void statusDataCarriesAKubernetesStylePodStatus() throws Exception {
    Map<String, String> query = createQuery("pod-status", "echo hi; sleep infinity");
    query.put("Container.1.ReadinessProbe.InitialDelaySeconds", "2");
    query.put("Container.1.ReadinessProbe.TcpSocket.Port", "80");
    query.put("Container.1.Port.1.Port", "80"); // a declared port answers probes
    String id = eci.create(query);

    eci.advance(3);
    Map<String, Object> notReady = onlyStatus(id);
    eci.advance(2);
    Map<String, Object> ready = onlyStatus(id);

    assertEquals("Running", notReady.get("Status"));
    Map<String, Object> pod = map(ready.get("PodStatus"));
    assertEquals("Running", pod.get("Phase"));
    assertTrue(((String) pod.get("PodIp")).startsWith("10.1."));
    assertEquals(pod.get("PodIp"), list(pod.get("PodIps")).get(0).get("Ip"));
    Map<String, Object> before =
        list(map(notReady.get("PodStatus")).get("ContainerStatuses")).get(0);
    Map<String, Object> after = list(pod.get("ContainerStatuses")).get(0);
    assertEquals(false, before.get("Ready"));
    assertEquals(true, after.get("Ready"));
    assertEquals(
        "2030-01-02T03:04:07Z",
        map(map(after.get("State")).get("Running")).get("StartedAtstartedAt"));
    Map<String, Object> readyCondition =
        list(pod.get("Conditions")).stream()
            .filter(c -> c.get("type").equals("Ready"))
            .findFirst()
            .orElseThrow();
    assertEquals("True", readyCondition.get("status"));
    assertEquals("2030-01-02T03:04:09Z", readyCondition.get("lastTransitionTime"));
  }

  @Test
  void eventsApiFiltersBySinceSecondAndSource() throws Exception {
    String id = eci.create(createQuery("eventful", "sleep infinity"));
    eci.advance(3);
    eci.emulator.expire(id);
    eci.advance(10);

    Map<String, Object> all = eci.call("DescribeContainerGroupEvents", Map.of("RegionId", REGION));
    Map<String, Object> group = list(all.get("Data")).get(0);
    assertEquals(id, group.get("ContainerGroupId"));
    List<Map<String, Object>> events = list(group.get("Events"));
    assertEquals(
        List.of("Pulling", "Pulled", "Created", "Started", "Killing", "SpotToBeReleased"),
        events.stream().map(e -> e.get("Reason")).toList());
    assertEquals("Pod", map(events.get(0).get("involvedObject")).get("Kind"));

    Map<String, Object> eciOnly =
        eci.call(
            "DescribeContainerGroupEvents",
            Map.of("RegionId", REGION, "EventSource", "EciService"));
    assertEquals(
        List.of("SpotToBeReleased"),
        list(list(eciOnly.get("Data")).get(0).get("Events")).stream()
            .map(e -> e.get("Reason"))
            .toList());
    Map<String, Object> recent =
        eci.call("DescribeContainerGroupEvents", Map.of("RegionId", REGION, "SinceSecond", "5"));
    assertEquals(0, integer(recent.get("TotalCount")));
  }

  private List<String> ids(Map<String, String> filters) throws Exception {
    Map<String, String> query = new HashMap<>(filters);
    query.put("RegionId", REGION);
    return list(eci.call("DescribeContainerGroups", query).get("ContainerGroups")).stream()
        .map(g -> (String) g.get("ContainerGroupId"))
        .toList();
  }

  private List<String> statusIds(Map<String, String> filters) throws Exception {
    Map<String, String> query = new HashMap<>(filters);
    query.put("RegionId", REGION);
    return list(eci.call("DescribeContainerGroupStatus", query).get("Data")).stream()
        .map(g -> (String) g.get("ContainerGroupId"))
        .toList();
  }

  private Map<String, Object> onlyStatus(String id) throws Exception {
    List<Map<String, Object>> data =
        list(
            eci.call(
                    "DescribeContainerGroupStatus",
                    Map.of("RegionId", REGION, "ContainerGroupIds", "[\"" + id + "\"]"))
                .get("Data"));
    assertEquals(1, data.size());
    return data.get(0);
  }
}
