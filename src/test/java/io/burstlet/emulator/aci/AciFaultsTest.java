package io.burstlet.emulator.aci;

import static io.burstlet.emulator.aci.AciTestClients.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.containerinstance.fluent.ContainerGroupsClient;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupRestartPolicy;
import io.burstlet.emulator.Fault;
import io.burstlet.emulator.FaultInjector;
import io.burstlet.emulator.aci.AciTestClients.Raw;
import io.burstlet.emulator.aci.AciTestClients.Reply;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Injected faults as the SDK sees them, with and without its retries, and the call counts tests and
 * benchmarks rely on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AciFaultsTest {

  private static final String RG = "faults";

  private AciEmulator emulator;
  private FaultInjector faults;
  private ContainerGroupsClient once;
  private ContainerGroupsClient retrying;
  private Raw raw;

  @BeforeAll
  void start() throws Exception {
    emulator = AciEmulator.builder().pending(Duration.ZERO).creating(Duration.ZERO).build().start();
    faults = emulator.faults();
    once = AciTestClients.manager(emulator, 0).serviceClient().getContainerGroups();
    retrying = AciTestClients.manager(emulator, 3).serviceClient().getContainerGroups();
    raw = AciTestClients.raw(emulator);
    retrying.createOrUpdate(RG, "existing", group(ContainerGroupRestartPolicy.NEVER, "sleep 1"));
  }

  @AfterEach
  void clearFaults() {
    faults.clear();
    faults.resetCalls();
  }

  @AfterAll
  void stop() {
    emulator.close();
  }

  @Test
  void throttlingAnswers429WithRetryAfterAndArmsCode() {
    faults.once("GET containerGroups", new Fault.Throttle(Duration.ofSeconds(2)));

    Reply throttled = raw.call("GET", Raw.groupPath(RG, "existing"), null);

    assertEquals(429, throttled.status());
    assertEquals("2", throttled.headers().firstValue("Retry-After").orElseThrow());
    assertEquals("SubscriptionRequestsThrottled", throttled.errorCode());
    assertTrue(
        throttled.json().getAsJsonObject("error").get("message").getAsString().contains("'read'"));
  }

  @Test
  void theSdkSurfacesThrottlingWithoutRetries() {
    faults.once("GET containerGroups", new Fault.Throttle(Duration.ofSeconds(1)));

    ManagementException throttled =
        assertThrows(ManagementException.class, () -> once.getByResourceGroup(RG, "existing"));

    assertEquals(429, throttled.getResponse().getStatusCode());
    assertEquals("SubscriptionRequestsThrottled", throttled.getValue().getCode());
    assertEquals("1", throttled.getResponse().getHeaderValue("Retry-After"));
  }

  @Test
  void theSdkRetriesThrottlingAfterRetryAfter() {
    faults.once("GET containerGroups", new Fault.Throttle(Duration.ofSeconds(1)));

    long start = System.nanoTime();
    assertNotNull(retrying.getByResourceGroup(RG, "existing"));

    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 900);
    assertEquals(2, faults.calls("GET containerGroups"));
  }

  @Test
  void serverErrorsAreArmCloudErrorsAndDoNotApply() {
    faults.once("PUT containerGroups", new Fault.ServerError(500));
    ManagementException internal =
        assertThrows(
            ManagementException.class,
            () ->
                once.createOrUpdate(
                    RG, "five-hundred", group(ContainerGroupRestartPolicy.NEVER, "x")));
    assertEquals(500, internal.getResponse().getStatusCode());
    assertEquals("InternalServerError", internal.getValue().getCode());
    assertTrue(!emulator.exists(RG, "five-hundred"));

    faults.once("GET containerGroups", new Fault.ServerError(503));
    ManagementException unavailable =
        assertThrows(ManagementException.class, () -> once.getByResourceGroup(RG, "existing"));
    assertEquals(503, unavailable.getResponse().getStatusCode());
    assertEquals("ServiceUnavailable", unavailable.getValue().getCode());
  }

  @Test
  void theSdkRetriesServerErrors() {
    faults.inject("GET containerGroups", new Fault.ServerError(500), 2);

    assertNotNull(retrying.getByResourceGroup(RG, "existing"));
    assertEquals(3, faults.calls("GET containerGroups"));
  }

  @Test
  void aDroppedConnectionIsAnIoErrorThatTheSdkRetries() {
    // A PUT, because the JDK client itself resends an idempotent GET once on a closed connection.
    faults.once("PUT containerGroups", new Fault.Drop());
    RuntimeException dropped =
        assertThrows(
            RuntimeException.class,
            () ->
                once.createOrUpdate(RG, "dropped", group(ContainerGroupRestartPolicy.NEVER, "x")));
    assertTrue(hasCause(dropped, IOException.class), dropped.toString());
    assertTrue(!emulator.exists(RG, "dropped"));

    faults.once("PUT containerGroups", new Fault.Drop());
    assertNotNull(
        retrying.createOrUpdate(RG, "dropped", group(ContainerGroupRestartPolicy.NEVER, "x")));
    assertEquals(3, faults.calls("PUT containerGroups"));
  }

  @Test
  void applyThenFailCreatesTheGroupButAnswersAnError() {
    faults.once("PUT containerGroups", new Fault.ApplyThenFail(500));

    ManagementException ambiguous =
        assertThrows(
            ManagementException.class,
            () ->
                once.createOrUpdate(
                    RG, "ambiguous", group(ContainerGroupRestartPolicy.NEVER, "x")));

    assertEquals(500, ambiguous.getResponse().getStatusCode());
    assertTrue(emulator.exists(RG, "ambiguous"));
    assertEquals("ambiguous", once.getByResourceGroup(RG, "ambiguous").name());
  }

  @Test
  void aRetriedAmbiguousCreateIsAnIdempotentUpdate() {
    faults.once("PUT containerGroups", new Fault.ApplyThenFail(503));

    var created =
        retrying.createOrUpdate(RG, "retried", group(ContainerGroupRestartPolicy.NEVER, "x"));

    assertEquals("Succeeded", created.provisioningState());
    assertEquals(2, faults.calls("PUT containerGroups"));
  }

  @Test
  void callsAreCountedPerOperation() {
    once.createOrUpdate(RG, "counted", group(ContainerGroupRestartPolicy.NEVER, "sleep 1"));
    once.getByResourceGroup(RG, "counted");
    once.listByResourceGroup(RG).stream().count();
    once.delete(RG, "counted");

    assertEquals(1, faults.calls("PUT containerGroups"));
    assertEquals(1, faults.calls("GET containerGroups"));
    assertEquals(1, faults.calls("LIST containerGroups"));
    assertEquals(1, faults.calls("DELETE containerGroups"));
    // Provisioning was instant: the SDK had nothing to poll.
    assertEquals(0, faults.calls("GET operations"));
    assertEquals(4, faults.totalCalls());
  }

  private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
