package io.burstlet.emulator.eci;

import static io.burstlet.emulator.eci.EciTestSupport.REGION;
import static io.burstlet.emulator.eci.EciTestSupport.createQuery;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.tea.TeaException;
import io.burstlet.emulator.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Validation errors, injected faults and call counting, through the real SDK. */
class EciErrorsAndFaultsTest {

  private final EciTestSupport eci;

  EciErrorsAndFaultsTest() throws Exception {
    eci = new EciTestSupport(b -> b.securityGroups("sg-emulator"));
  }

  @AfterEach
  void stop() {
    eci.close();
  }

  @Test
  void vSwitchOutsideTheRequestedZoneIsIncorrectVSwitchStatus() {
    Map<String, String> query = createQuery("mismatch", null);
    query.put("ZoneId", "ap-northeast-1b");

    TeaException error = eci.error("CreateContainerGroup", query);

    assertEquals("IncorrectVSwitchStatus", error.getCode());
    assertEquals(400, error.getStatusCode());
    assertTrue(error.getMessage().contains("vsw-first"), error.getMessage());
    assertEquals(List.of(), eci.emulator.containerGroupIds());
  }

  @Test
  void unknownVSwitchIsIncorrectVSwitchStatus() {
    Map<String, String> query = createQuery("nowhere", null);
    query.put("VSwitchId", "vsw-elsewhere");

    assertEquals("IncorrectVSwitchStatus", eci.error("CreateContainerGroup", query).getCode());
  }

  @Test
  void missingSecurityGroupIdIsMissingParameterNamingIt() {
    Map<String, String> query = createQuery("no-sg", null);
    query.remove("SecurityGroupId");

    TeaException error = eci.error("CreateContainerGroup", query);

    assertEquals("MissingParameter", error.getCode());
    assertEquals(400, error.getStatusCode());
    assertTrue(error.getData().get("Message").toString().contains("\"SecurityGroupId\""));
  }

  @Test
  void missingContainerImageNamesTheFlattenedParameter() {
    Map<String, String> query = createQuery("no-image", null);
    query.put("Container.2.Name", "sidecar");

    TeaException error = eci.error("CreateContainerGroup", query);

    assertEquals("MissingParameter", error.getCode());
    assertTrue(error.getData().get("Message").toString().contains("\"Container.2.Image\""));
  }

  @Test
  void invalidValuesAreInvalidParameterWithoutEchoingSecrets() {
    Map<String, String> badPolicy = createQuery("bad-policy", null);
    badPolicy.put("RestartPolicy", "Sometimes");
    Map<String, String> unknownSg = createQuery("bad-sg", null);
    unknownSg.put("SecurityGroupId", "sg-unknown");
    Map<String, String> badName = createQuery("Bad_Name", null);
    Map<String, String> badPort = createQuery("bad-port", null);
    badPort.put("Container.1.EnvironmentVar.1.Key", "TOKEN");
    badPort.put("Container.1.EnvironmentVar.1.Value", "s3cr3t-value");
    badPort.put("Container.1.Port.1.Port", "70000");

    assertEquals("InvalidParameter", eci.error("CreateContainerGroup", badPolicy).getCode());
    assertEquals("InvalidParameter", eci.error("CreateContainerGroup", unknownSg).getCode());
    assertEquals("InvalidParameter", eci.error("CreateContainerGroup", badName).getCode());
    TeaException port = eci.error("CreateContainerGroup", badPort);
    assertEquals("InvalidParameter", port.getCode());
    assertTrue(port.getData().get("Message").toString().contains("Container.1.Port.1.Port"));
    assertFalse(port.getData().toString().contains("s3cr3t-value"));
  }

  @Test
  void otherRegionAndUnknownActionAreRefused() {
    TeaException region = eci.error("DescribeContainerGroups", Map.of("RegionId", "cn-hangzhou"));
    TeaException action = eci.error("DescribeInstances", Map.of("RegionId", REGION));

    assertEquals("InvalidParameter", region.getCode());
    assertEquals("InvalidAction", action.getCode());
    assertEquals(403, action.getStatusCode());
  }

  @Test
  void dryRunValidatesWithoutCreating() {
    Map<String, String> query = createQuery("dry", null);
    query.put("DryRun", "true");

    assertEquals("DryRun.Success", eci.error("CreateContainerGroup", query).getCode());
    assertEquals(List.of(), eci.emulator.containerGroupIds());
  }

  @Test
  void throttlingIsAlibabasThrottlingError() throws Exception {
    eci.emulator
        .faults()
        .once("DescribeContainerGroups", new Fault.Throttle(Duration.ofSeconds(1)));

    TeaException error = eci.error("DescribeContainerGroups", Map.of("RegionId", REGION));

    assertEquals("Throttling", error.getCode());
    assertEquals(400, error.getStatusCode());
    // The rule is used up: the next call goes through.
    eci.call("DescribeContainerGroups", Map.of("RegionId", REGION));
  }

  @Test
  void serverErrorsAreInternalErrorOrServiceUnavailable() {
    eci.emulator.faults().once("DescribeContainerGroups", new Fault.ServerError(500));
    eci.emulator.faults().once("DescribeContainerGroups", new Fault.ServerError(503));

    TeaException internal = eci.error("DescribeContainerGroups", Map.of("RegionId", REGION));
    TeaException unavailable = eci.error("DescribeContainerGroups", Map.of("RegionId", REGION));

    assertEquals("InternalError", internal.getCode());
    assertEquals(500, internal.getStatusCode());
    assertEquals("ServiceUnavailable", unavailable.getCode());
    assertEquals(503, unavailable.getStatusCode());
  }

  @Test
  void applyThenFailCreatesTheGroupAndATokenRetryFindsIt() throws Exception {
    eci.emulator.faults().once("CreateContainerGroup", new Fault.ApplyThenFail(500));
    Map<String, String> query = createQuery("ambiguous", null);
    query.put("ClientToken", "retry-me");

    TeaException error = eci.error("CreateContainerGroup", query);
    assertEquals("InternalError", error.getCode());
    assertEquals(1, eci.emulator.containerGroupIds().size());

    String id = eci.create(query);
    assertEquals(eci.emulator.containerGroupIds(), List.of(id));
  }

  @Test
  void callsAreCountedPerAction() throws Exception {
    eci.emulator.faults().resetCalls();
    String id = eci.create(createQuery("counted", null));
    eci.describe(id);
    eci.describe(id);
    eci.call("DescribeContainerGroupStatus", Map.of("RegionId", REGION));

    assertEquals(1, eci.emulator.calls("CreateContainerGroup"));
    assertEquals(2, eci.emulator.calls("DescribeContainerGroups"));
    assertEquals(1, eci.emulator.calls("DescribeContainerGroupStatus"));
    assertEquals(4, eci.emulator.faults().totalCalls());
  }

  @Test
  void hooksRejectUnknownTargets() {
    assertThrows(IllegalArgumentException.class, () -> eci.emulator.expire("eci-missing"));
    assertThrows(IllegalArgumentException.class, () -> eci.emulator.setStock("mars-1a", false));
  }
}
