package io.burstlet.emulator.aci;

import static io.burstlet.emulator.aci.AciTestClients.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.resourcemanager.containerinstance.fluent.ContainerGroupsClient;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupRestartPolicy;
import io.burstlet.emulator.aci.AciTestClients.Raw;
import io.burstlet.emulator.aci.AciTestClients.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The SDK's long-running create against the emulator's real clock: it polls, briefly. */
class AciLongRunningTest {

  private static final String RG = "long-running";

  @Test
  void createPollsTheOperationHonouringRetryAfterAndEndsRunning() throws Exception {
    try (AciEmulator emulator =
        AciEmulator.builder()
            .pending(Duration.ofMillis(100))
            .creating(Duration.ofMillis(300))
            .build()
            .start()) {
      ContainerGroupsClient groups =
          AciTestClients.manager(emulator, 0).serviceClient().getContainerGroups();

      long start = System.nanoTime();
      ContainerGroupInner created =
          groups.createOrUpdate(
              RG, "polled", group(ContainerGroupRestartPolicy.ALWAYS, "sleep infinity"));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertEquals("Succeeded", created.provisioningState());
      assertEquals("Running", created.instanceView().state());
      // Retry-After: 1 — without it the SDK would wait 30 s before its first poll.
      assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "create took " + took);
      assertEquals(1, emulator.faults().calls("PUT containerGroups"));
      assertTrue(emulator.faults().calls("GET operations") >= 1);
      assertEquals(1, emulator.faults().calls("GET containerGroups"));
    }
  }

  @Test
  void thePutAnswerCarriesTheAsyncOperationAndTheOperationReportsProgress() throws Exception {
    try (AciEmulator emulator =
        AciEmulator.builder()
            .pending(Duration.ofMinutes(1))
            .creating(Duration.ofMinutes(1))
            .build()
            .start()) {
      Raw raw = AciTestClients.raw(emulator);
      String body =
          "{\"location\":\"West Europe\",\"properties\":{\"osType\":\"Linux\",\"containers\":[{"
              + "\"name\":\"main\",\"properties\":{\"image\":\"nginx\",\"resources\":{\"requests\":"
              + "{\"cpu\":1,\"memoryInGB\":1.5}}}}]}}";

      Reply created = raw.call("PUT", Raw.groupPath(RG, "raw-lro"), body);
      Reply again = raw.call("PUT", Raw.groupPath(RG, "raw-lro"), body);

      assertEquals(201, created.status());
      assertEquals(200, again.status());
      assertEquals(
          "Pending",
          created.json().getAsJsonObject("properties").get("provisioningState").getAsString());
      assertEquals("westeurope", created.json().get("location").getAsString());
      assertEquals("1", created.headers().firstValue("Retry-After").orElseThrow());
      String operation = created.headers().firstValue("Azure-AsyncOperation").orElseThrow();
      assertTrue(
          operation.startsWith(
              emulator.baseUri()
                  + "/subscriptions/"
                  + AciTestClients.SUBSCRIPTION
                  + "/providers/Microsoft.ContainerInstance/locations/westeurope/operations/"),
          operation);
      assertEquals(operation, again.headers().firstValue("Azure-AsyncOperation").orElseThrow());

      Reply status =
          raw.send(
              "GET", operation.substring(emulator.baseUri().toString().length()), null, "Bearer t");
      assertEquals(200, status.status());
      assertEquals("Pending", status.json().get("status").getAsString());
      assertEquals("1", status.headers().firstValue("Retry-After").orElseThrow());
      assertTrue(status.json().get("id").getAsString().endsWith("/containerGroups/raw-lro"));
    }
  }
}
