package io.burstlet.provider.aci;

import com.azure.core.util.Context;
import com.azure.core.util.FluxUtil;
import com.azure.resourcemanager.containerinstance.fluent.ContainerInstanceManagementClient;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerExecResponseInner;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.azure.resourcemanager.containerinstance.fluent.models.LogsInner;
import com.azure.resourcemanager.containerinstance.models.ContainerExecRequest;
import com.azure.resourcemanager.containerinstance.models.ContainerExecRequestTerminalSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link AciGroups} over the SDK's service client ({@code
 * ContainerInstanceManager.serviceClient()}).
 */
final class SdkAciGroups implements AciGroups {
  private final ContainerInstanceManagementClient client;
  private final String resourceGroup;
  private final Duration timeout;

  /**
   * @param timeout upper bound for the PUT and DELETE calls, which run on the async client so that
   *     they return after ARM's first answer instead of polling to the end
   */
  SdkAciGroups(ContainerInstanceManagementClient client, String resourceGroup, Duration timeout) {
    this.client = client;
    this.resourceGroup = resourceGroup;
    this.timeout = timeout;
  }

  @Override
  public List<ContainerGroupInner> list() {
    List<ContainerGroupInner> out = new ArrayList<>();
    client.getContainerGroups().listByResourceGroup(resourceGroup, Context.NONE).forEach(out::add);
    return out;
  }

  @Override
  public void probe() {
    // Only the first page is fetched: PagedIterable pages lazily.
    client
        .getContainerGroups()
        .listByResourceGroup(resourceGroup, Context.NONE)
        .iterableByPage()
        .iterator()
        .next();
  }

  @Override
  public Optional<ContainerGroupInner> get(String name) {
    try {
      return Optional.of(
          client
              .getContainerGroups()
              .getByResourceGroupWithResponse(resourceGroup, name, Context.NONE)
              .getValue());
    } catch (RuntimeException e) {
      if (AciErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void create(String name, ContainerGroupInner group) {
    client
        .getContainerGroups()
        .createOrUpdateWithResponseAsync(resourceGroup, name, group)
        // Drain the body so the connection is released; its content is read later by GET.
        .flatMap(r -> FluxUtil.collectBytesInByteBufferStream(r.getValue()).thenReturn(r))
        .block(timeout);
  }

  @Override
  public void delete(String name) {
    try {
      client
          .getContainerGroups()
          .deleteWithResponseAsync(resourceGroup, name)
          .flatMap(r -> FluxUtil.collectBytesInByteBufferStream(r.getValue()).thenReturn(r))
          .block(timeout);
    } catch (RuntimeException e) {
      if (!AciErrors.isNotFound(e)) {
        throw e;
      }
    }
  }

  @Override
  public String logs(String name, String container, Integer tail, boolean timestamps) {
    LogsInner logs =
        client
            .getContainers()
            .listLogsWithResponse(resourceGroup, name, container, tail, timestamps, Context.NONE)
            .getValue();
    return logs == null || logs.content() == null ? "" : logs.content();
  }

  @Override
  public ContainerExecResponseInner exec(
      String name, String container, String command, int rows, int cols) {
    ContainerExecRequest request =
        new ContainerExecRequest()
            .withCommand(command)
            .withTerminalSize(new ContainerExecRequestTerminalSize().withRows(rows).withCols(cols));
    return client
        .getContainers()
        .executeCommandWithResponse(resourceGroup, name, container, request, Context.NONE)
        .getValue();
  }
}
