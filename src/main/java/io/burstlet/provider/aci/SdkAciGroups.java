package io.burstlet.provider.aci;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.Context;
import com.azure.core.util.FluxUtil;
import com.azure.resourcemanager.containerinstance.fluent.ContainerInstanceManagementClient;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerExecResponseInner;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.azure.resourcemanager.containerinstance.fluent.models.LogsInner;
import com.azure.resourcemanager.containerinstance.models.Capabilities;
import com.azure.resourcemanager.containerinstance.models.ContainerExecRequest;
import com.azure.resourcemanager.containerinstance.models.ContainerExecRequestTerminalSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

  /** 1 000 pages: far more than ARM's limit of container groups per resource group fills. */
  static final int MAX_PAGES = 1000;

  /**
   * Every page, bounded: a {@code nextLink} ARM hands out twice, or more than {@link #MAX_PAGES}
   * pages, ends the walk with an error instead of a loop that never ends.
   */
  @Override
  public List<ContainerGroupInner> list() {
    List<ContainerGroupInner> out = new ArrayList<>();
    Set<String> links = new HashSet<>();
    int pages = 0;
    for (PagedResponse<ContainerGroupInner> page :
        client
            .getContainerGroups()
            .listByResourceGroup(resourceGroup, Context.NONE)
            .iterableByPage()) {
      out.addAll(page.getValue());
      pages++;
      String next = page.getContinuationToken();
      if (next == null || next.isEmpty()) {
        break;
      }
      if (!links.add(next)) {
        throw new AciErrors.PagingException(
            "ARM returned the same nextLink twice; the listing stopped at page " + pages);
      }
      if (pages >= MAX_PAGES) {
        throw new AciErrors.PagingException(
            "the listing has more than " + MAX_PAGES + " pages; it stopped");
      }
    }
    return out;
  }

  @Override
  public Optional<GroupLimits> limits(String location) {
    double cpu = 0;
    double memory = 0;
    for (Capabilities c : client.getLocations().listCapabilities(location, Context.NONE)) {
      boolean linuxWithoutGpu =
          "containerGroups".equalsIgnoreCase(c.resourceType())
              && "Linux".equalsIgnoreCase(c.osType())
              && (c.gpu() == null || "None".equalsIgnoreCase(c.gpu()));
      if (linuxWithoutGpu && c.capabilities() != null) {
        cpu = Math.max(cpu, orZero(c.capabilities().maxCpu()));
        memory = Math.max(memory, orZero(c.capabilities().maxMemoryInGB()));
      }
    }
    return cpu > 0 && memory > 0 ? Optional.of(new GroupLimits(cpu, memory)) : Optional.empty();
  }

  private static double orZero(Float value) {
    return value == null ? 0 : value;
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
