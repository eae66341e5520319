package io.burstlet.provider.eci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Every reference example body, read by tea's own JSON reader and then by {@link
 * EciResponseParser}, yields the documented fields with their exact (sometimes odd) key casing.
 */
class EciResponseParserTest {

  @Test
  void createContainerGroup() {
    var r = EciResponseParser.createContainerGroup(EciFixtures.example("CreateContainerGroup"));
    assertEquals("89945DD3-9072-47D0-A318-353284CFC7B3", r.requestId());
    assertEquals("eci-bp1jrgfqqy54kg5hc****", r.containerGroupId());
  }

  @Test
  void describeContainerGroupsReadsEveryFieldWeUse() {
    var r =
        EciResponseParser.describeContainerGroups(EciFixtures.example("DescribeContainerGroups"));
    assertEquals(1, r.totalCount());
    assertFalse(r.hasNextPage());
    ContainerGroup g = r.containerGroups().get(0);
    assertEquals("eci-bp1jrgfqqy54kg5hc****", g.containerGroupId());
    assertEquals("test", g.containerGroupName());
    assertEquals("cn-hangzhou-h", g.zoneId());
    assertEquals("vsw-bp1vzjjflab6wvjox****", g.vSwitchId());
    assertEquals("Running", g.status());
    assertEquals(2.0, g.cpu());
    assertEquals(4.0, g.memory());
    assertEquals("NoSpot", g.spotStrategy());
    assertEquals("172.16.XX.XX", g.intranetIp());
    assertEquals("2018-08-02T15:00:00Z", g.creationTime());
    assertEquals("test-xh", g.tag("name"));
    assertEquals(2, g.events().size());
    assertEquals("Created", g.events().get(0).reason());
    assertEquals(1, g.events().get(0).count());

    var c = g.containers().get(0);
    assertEquals("nginx", c.name());
    assertEquals("/bin/sh", c.commands().get(0)); // containers: "Commands"
    assertEquals(Boolean.TRUE, c.ready());
    assertEquals(0, c.restartCount());
    assertEquals("Running", c.currentState().state());
    assertEquals("2019-12-19T12:05:02Z", c.currentState().startTime());
    assertEquals("Terminated", c.previousState().state());
    assertEquals(0, c.previousState().exitCode());

    var init = g.initContainers().get(0);
    assertEquals("init-busybox", init.name());
    assertEquals("/bin/sh", init.commands().get(0)); // init containers: "Command"
    assertEquals("Completed", init.currentState().reason());
    assertEquals("2018-08-02T14:59:55Z", init.currentState().finishTime());
  }

  @Test
  void describeContainerGroupStatusReadsTheOddKeys() {
    var r =
        EciResponseParser.describeContainerGroupStatus(
            EciFixtures.example("DescribeContainerGroupStatus"));
    assertEquals(1, r.totalCount());
    assertFalse(r.hasNextPage());
    ContainerGroupStatus s = r.data().get(0);
    assertEquals("eci-bp1jrgfqqy54kg5hc****", s.containerGroupId());
    assertEquals("78ee0657-0000-0000-0000-1f507dic4****", s.uuid()); // "uuid"
    assertEquals("Running", s.status());
    var pod = s.podStatus();
    assertEquals("Running", pod.phase());
    assertEquals("192.168.XX.XX", pod.podIp());
    assertEquals("2021-05-12T07:02:47Z", pod.startTime());
    assertEquals(4, pod.conditions().size());
    assertEquals("Initialized", pod.conditions().get(0).type()); // lower camel "type"
    assertEquals("True", pod.conditions().get(0).status());
    assertEquals("2021-05-12T07:02:47Z", pod.conditions().get(0).lastTransitionTime());
    var c = pod.containerStatuses().get(0);
    assertTrue(c.imageId().contains("@sha256:")); // "ImageID"
    assertEquals(1, c.restartCount());
    assertEquals("Running", c.state().kind());
    assertEquals("2021-05-12T07:02:52Z", c.state().startedAt()); // "StartedAtstartedAt"
    assertEquals("Terminated", c.lastState().kind());
    assertEquals(137, c.lastState().exitCode());
    assertEquals(9, c.lastState().signal());
    assertEquals("2021-05-12T07:02:50Z", c.lastState().finishedAt());
    assertTrue(c.lastState().containerId().startsWith("containerd://"));
  }

  @Test
  void describeContainerGroupEventsReadsTheOddKeys() {
    var r =
        EciResponseParser.describeContainerGroupEvents(
            EciFixtures.example("DescribeContainerGroupEvents"));
    assertEquals(1, r.totalCount());
    var group = r.data().get(0);
    assertEquals("eci-uf6fonnghi50v6nq****", group.containerGroupId());
    assertEquals("3fc6b309-0000-0000-0000-000000000000", group.uuid());
    assertEquals(2, group.events().size());
    var oom = group.events().get(1);
    assertTrue(oom.warning());
    assertEquals("OOMKilled", oom.reason());
    assertEquals("2021-10-04T09:10:11Z", oom.lastTimestamp());
    assertEquals(oom, GroupSnapshot.lastWarning(group.events()));
  }

  @Test
  void logsExecAndDelete() {
    var log = EciResponseParser.describeContainerLog(EciFixtures.example("DescribeContainerLog"));
    assertEquals("nginx", log.containerName());
    assertTrue(log.content().endsWith("world\n"));
    assertFalse(log.toString().contains("hello"), "log text never appears in toString");

    var exec = EciResponseParser.execContainerCommand(EciFixtures.example("ExecContainerCommand"));
    assertTrue(exec.webSocketUri().startsWith("wss://"));
    assertNotNull(exec.httpUrl());
    assertNull(exec.syncResponse());
    var sync =
        EciResponseParser.execContainerCommand(EciFixtures.example("ExecContainerCommand_Sync"));
    assertEquals("Hello\n", sync.syncResponse());

    assertNotNull(EciFixtures.example("DeleteContainerGroup").get("RequestId"));
  }

  @Test
  void numbersAsStringsAndMissingKeysAreTolerated() {
    var body = new java.util.HashMap<String, Object>();
    body.put("TotalCount", "3");
    body.put("NextToken", "abc");
    var r = EciResponseParser.describeContainerGroups(body);
    assertEquals(3, r.totalCount());
    assertTrue(r.hasNextPage());
    assertTrue(r.containerGroups().isEmpty());
  }
}
