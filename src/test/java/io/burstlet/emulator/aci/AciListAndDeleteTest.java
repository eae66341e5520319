package io.burstlet.emulator.aci;

import static io.burstlet.emulator.aci.AciTestClients.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.containerinstance.fluent.ContainerGroupsClient;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupIpAddressType;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupRestartPolicy;
import com.azure.resourcemanager.containerinstance.models.IpAddress;
import com.azure.resourcemanager.containerinstance.models.Port;
import io.burstlet.emulator.aci.AciTestClients.Raw;
import io.burstlet.emulator.aci.AciTestClients.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Lists page with {@code nextLink} and carry no instance views; deletes answer 200, then 204. */
class AciListAndDeleteTest {

  @Test
  void listsByResourceGroupAndSubscriptionPageWithoutInstanceViews() throws Exception {
    try (AciEmulator emulator =
        AciEmulator.builder()
            .pending(Duration.ZERO)
            .creating(Duration.ZERO)
            .listPageSize(2)
            .build()
            .start()) {
      ContainerGroupsClient groups =
          AciTestClients.manager(emulator, 0).serviceClient().getContainerGroups();
      for (String name : List.of("a1", "a2", "a3")) {
        groups.createOrUpdate("list-a", name, publicGroup());
      }
      for (String name : List.of("b1", "b2")) {
        groups.createOrUpdate("list-b", name, publicGroup());
      }
      emulator.faults().resetCalls();

      List<ContainerGroupInner> inA = groups.listByResourceGroup("list-a").stream().toList();
      List<ContainerGroupInner> all = groups.list().stream().toList();

      assertEquals(List.of("a1", "a2", "a3"), inA.stream().map(ContainerGroupInner::name).toList());
      assertEquals(
          Map.of("list-a", 3L, "list-b", 2L),
          all.stream()
              .collect(Collectors.groupingBy(g -> g.id().split("/")[4], Collectors.counting())));
      // Two pages for the resource group, three for the subscription.
      assertEquals(5, emulator.faults().calls("LIST containerGroups"));
      for (ContainerGroupInner listed : all) {
        assertNull(listed.instanceView());
        assertNull(listed.containers().get(0).instanceView());
        assertEquals("Succeeded", listed.provisioningState());
        assertNotNull(listed.ipAddress().ip());
      }

      Reply firstPage =
          AciTestClients.raw(emulator)
              .call(
                  "GET",
                  Raw.groupPath("list-a", "x").replace("/containerGroups/x", "/containerGroups"),
                  null);
      assertTrue(
          firstPage.json().get("nextLink").getAsString().startsWith(emulator.baseUri() + "/"));
    }
  }

  @Test
  void deleteAnswersWithTheGroupThenNotFoundAndDeletingAgainSucceeds() throws Exception {
    try (AciEmulator emulator =
        AciEmulator.builder().pending(Duration.ZERO).creating(Duration.ZERO).build().start()) {
      ContainerGroupsClient groups =
          AciTestClients.manager(emulator, 0).serviceClient().getContainerGroups();
      groups.createOrUpdate("delete", "doomed", publicGroup());

      ContainerGroupInner deleted = groups.delete("delete", "doomed");

      assertEquals("doomed", deleted.name());
      assertNull(deleted.instanceView());
      assertFalse(emulator.exists("delete", "doomed"));
      ManagementException gone =
          assertThrows(
              ManagementException.class, () -> groups.getByResourceGroup("delete", "doomed"));
      assertEquals(404, gone.getResponse().getStatusCode());
      assertNull(groups.delete("delete", "doomed"));
      Reply raw =
          AciTestClients.raw(emulator).call("DELETE", Raw.groupPath("delete", "doomed"), null);
      assertEquals(204, raw.status());
    }
  }

  private static ContainerGroupInner publicGroup() {
    return group(ContainerGroupRestartPolicy.ALWAYS, "sleep infinity")
        .withIpAddress(
            new IpAddress()
                .withType(ContainerGroupIpAddressType.PUBLIC)
                .withPorts(List.of(new Port().withPort(80))));
  }
}
