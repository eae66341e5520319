package io.burstlet.provider.eci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flattening of the listing, log, exec and delete requests (create is covered by goldens). */
class EciRpcParamsTest {

  @Test
  void describeContainerGroupsSendsIdsAsOneJsonArrayAndTagsIndexed() {
    Map<String, String> p =
        EciRpcParams.describeContainerGroups(
            new DescribeContainerGroupsRequest(
                "ap-northeast-1",
                "ap-northeast-1a",
                List.of("eci-a", "eci-b"),
                null,
                List.of(
                    new EciTag("burstlet.io/cluster", "c1"), new EciTag("burstlet.io/node", "n")),
                20,
                "tok"));
    assertEquals(
        Map.of(
            "RegionId", "ap-northeast-1",
            "ZoneId", "ap-northeast-1a",
            "ContainerGroupIds", "[\"eci-a\",\"eci-b\"]",
            "Tag.1.Key", "burstlet.io/cluster",
            "Tag.1.Value", "c1",
            "Tag.2.Key", "burstlet.io/node",
            "Tag.2.Value", "n",
            "Limit", "20",
            "NextToken", "tok"),
        p);
  }

  @Test
  void statusDeltaCarriesSinceSecond() {
    Map<String, String> p =
        EciRpcParams.describeContainerGroupStatus(
            new DescribeContainerGroupStatusRequest(
                "r", "z", List.of(), List.of(new EciTag("k", "v")), 15, null, null));
    assertEquals(
        Map.of(
            "RegionId",
            "r",
            "ZoneId",
            "z",
            "Tag.1.Key",
            "k",
            "Tag.1.Value",
            "v",
            "SinceSecond",
            "15"),
        p);
  }

  @Test
  void execCommandIsOneJsonArray() {
    Map<String, String> p =
        EciRpcParams.execContainerCommand(
            new ExecContainerCommandRequest(
                "r", "eci-1", "app", List.of("/bin/sh", "-c", "echo \"hi\""), true, true));
    assertEquals("[\"/bin/sh\",\"-c\",\"echo \\\"hi\\\"\"]", p.get("Command"));
    assertEquals("true", p.get("TTY"));
    assertEquals("true", p.get("Stdin"));
    assertEquals("app", p.get("ContainerName"));
    assertEquals("eci-1", p.get("ContainerGroupId"));
  }

  @Test
  void logAndDelete() {
    assertEquals(
        Map.of(
            "RegionId", "r",
            "ContainerGroupId", "eci-1",
            "ContainerName", "app",
            "Tail", "100",
            "SinceSeconds", "60",
            "Timestamps", "true",
            "LastTime", "true"),
        EciRpcParams.describeContainerLog(
            new DescribeContainerLogRequest("r", "eci-1", "app", 100, 60, true, true, null)));
    assertEquals(
        Map.of("RegionId", "r", "ContainerGroupId", "eci-1"),
        EciRpcParams.deleteContainerGroup(new DeleteContainerGroupRequest("r", "eci-1")));
  }

  @Test
  void eventsRequest() {
    assertEquals(
        Map.of("RegionId", "r", "ContainerGroupIds", "[\"eci-1\"]"),
        EciRpcParams.describeContainerGroupEvents(
            new DescribeContainerGroupEventsRequest(
                "r", null, List.of("eci-1"), List.of(), null, null, null)));
  }

  @Test
  void decimalsHaveNoExponentOrTrailingZeros() {
    assertEquals("2", EciRpcParams.decimal(new java.math.BigDecimal("2.000")));
    assertEquals("0.25", EciRpcParams.decimal(new java.math.BigDecimal("0.250")));
    assertEquals("100", EciRpcParams.decimal(new java.math.BigDecimal("1E+2")));
  }
}
