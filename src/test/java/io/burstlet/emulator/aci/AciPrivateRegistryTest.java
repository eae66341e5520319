package io.burstlet.emulator.aci;

import static io.burstlet.emulator.aci.AciTestClients.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.containerinstance.fluent.ContainerGroupsClient;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupRestartPolicy;
import com.azure.resourcemanager.containerinstance.models.ContainerPropertiesInstanceView;
import com.azure.resourcemanager.containerinstance.models.Event;
import com.azure.resourcemanager.containerinstance.models.ImageRegistryCredential;
import io.burstlet.emulator.MutableClock;
import io.burstlet.emulator.PrivateRegistries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Images on a private registry start only with its credentials; both ways ACI refuses the rest. */
class AciPrivateRegistryTest {

  private static final String RG = "registries";
  private static final String IMAGE = "registry.example.com/team/app:1.0";
  private static final PrivateRegistries REGISTRIES =
      PrivateRegistries.none().with("registry.example.com", "robot", "hunter2");

  @Test
  void byDefaultAnInaccessibleImageIsRefusedWhenTheGroupIsCreated() throws Exception {
    try (AciEmulator emulator =
        AciEmulator.builder()
            .privateRegistries(REGISTRIES)
            .pending(Duration.ZERO)
            .creating(Duration.ZERO)
            .build()
            .start()) {
      ContainerGroupsClient groups =
          AciTestClients.manager(emulator, 0).serviceClient().getContainerGroups();

      ManagementException withoutCredentials =
          assertThrows(
              ManagementException.class, () -> groups.createOrUpdate(RG, "none", privateGroup()));
      ManagementException wrongPassword =
          assertThrows(
              ManagementException.class,
              () ->
                  groups.createOrUpdate(
                      RG,
                      "wrong",
                      privateGroup()
                          .withImageRegistryCredentials(List.of(credential("not-the-password")))));
      ContainerGroupInner allowed =
          groups.createOrUpdate(
              RG,
              "allowed",
              privateGroup().withImageRegistryCredentials(List.of(credential("hunter2"))));

      for (ManagementException refused : List.of(withoutCredentials, wrongPassword)) {
        assertEquals(400, refused.getResponse().getStatusCode());
        assertEquals("InaccessibleImage", refused.getValue().getCode());
        assertTrue(refused.getValue().getMessage().contains(IMAGE));
        assertFalse(refused.getMessage().contains("not-the-password"));
      }
      assertFalse(emulator.exists(RG, "none"));
      assertEquals("Succeeded", allowed.provisioningState());
      assertEquals("Running", allowed.containers().get(0).instanceView().currentState().state());
      assertEquals(
          List.of("Pulling", "Pulled", "Started"),
          allowed.containers().get(0).instanceView().events().stream().map(Event::name).toList());
    }
  }

  @Test
  void failingDuringProvisioningLeavesTheContainerWaitingWithPullEvents() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2024-06-01T08:00:00Z"));
    try (AciEmulator emulator =
        AciEmulator.builder()
            .clock(clock)
            .privateRegistries(REGISTRIES)
            .pullFailure(AciEmulator.PullFailure.FAIL_DURING_PROVISIONING)
            .pending(Duration.ofSeconds(1))
            .creating(Duration.ofSeconds(2))
            .build()
            .start()) {
      ContainerGroupsClient groups =
          AciTestClients.manager(emulator, 0).serviceClient().getContainerGroups();

      SyncPoller<PollResult<ContainerGroupInner>, ContainerGroupInner> poller =
          groups.beginCreateOrUpdate(RG, "pull-fails", privateGroup());
      clock.advance(Duration.ofSeconds(1));
      ContainerGroupInner pulling = groups.getByResourceGroup(RG, "pull-fails");
      ContainerPropertiesInstanceView view = pulling.containers().get(0).instanceView();
      assertEquals("Creating", pulling.provisioningState());
      assertEquals("Waiting", view.currentState().state());
      assertEquals(
          "ImagePullBackOff: Back-off pulling image \"" + IMAGE + "\"",
          view.currentState().detailStatus());
      assertEquals(
          List.of("Pulling", "Failed", "BackOff"),
          view.events().stream().map(Event::name).toList());
      Event failed = view.events().get(1);
      assertEquals("Warning", failed.type());
      assertTrue(failed.message().startsWith("Failed to pull image \"" + IMAGE + "\": "));

      clock.advance(Duration.ofSeconds(2));
      ContainerGroupInner failedGroup = groups.getByResourceGroup(RG, "pull-fails");
      assertEquals("Failed", failedGroup.provisioningState());
      assertEquals("Pending", failedGroup.instanceView().state());
      assertEquals(LongRunningOperationStatus.FAILED, poller.poll().getStatus());
    }
  }

  @Test
  void theSdkReportsAProvisioningFailureThroughTheOperation() throws Exception {
    try (AciEmulator emulator =
        AciEmulator.builder()
            .privateRegistries(REGISTRIES)
            .pullFailure(AciEmulator.PullFailure.FAIL_DURING_PROVISIONING)
            .pending(Duration.ZERO)
            .creating(Duration.ofMillis(200))
            .build()
            .start()) {
      ContainerGroupsClient groups =
          AciTestClients.manager(emulator, 0).serviceClient().getContainerGroups();

      ManagementException failed =
          assertThrows(
              ManagementException.class,
              () -> groups.createOrUpdate(RG, "sdk-pull-fails", privateGroup()));

      assertEquals("Failed", failed.getValue().getCode());
      assertTrue(
          failed.getValue().getMessage().contains("Failed to pull image"), failed.getMessage());
      assertTrue(emulator.exists(RG, "sdk-pull-fails"));
    }
  }

  private static ContainerGroupInner privateGroup() {
    ContainerGroupInner group = group(ContainerGroupRestartPolicy.NEVER, "sleep infinity");
    group.containers().get(0).withImage(IMAGE);
    return group;
  }

  private static ImageRegistryCredential credential(String password) {
    return new ImageRegistryCredential()
        .withServer("registry.example.com")
        .withUsername("robot")
        .withPassword(password);
  }
}
