package io.burstlet.provider.aci;

import com.azure.resourcemanager.containerinstance.fluent.models.ContainerExecResponseInner;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import java.util.List;
import java.util.Optional;

/**
 * The ARM calls the provider makes, on one resource group. Implemented over the Azure SDK by {@link
 * SdkAciGroups}; the seam exists so that the sweep's bookkeeping can be unit-tested without a
 * cloud. Methods throw the SDK's exceptions unchanged; {@link AciErrors} maps them.
 */
interface AciGroups {
  /** Every group in the resource group (ARM's list: no instanceView). */
  List<ContainerGroupInner> list();

  /**
   * The largest Linux container group without GPUs that ARM offers in {@code location}, from its
   * capabilities listing; empty when the listing names none.
   */
  Optional<GroupLimits> limits(String location);

  /** Per-group maxima of a location. */
  record GroupLimits(double maxCpu, double maxMemoryGb) {}

  /** One page of the list, for a cheap health check. */
  void probe();

  /** The group with its instanceView, or empty on 404. */
  Optional<ContainerGroupInner> get(String name);

  /**
   * Sends the create-or-update PUT and returns once ARM accepted it (200/201), without waiting for
   * the long-running operation: the sweep follows the group's progress.
   */
  void create(String name, ContainerGroupInner group);

  /** Sends the DELETE and returns once ARM accepted it; a 404 counts as done. */
  void delete(String name);

  String logs(String name, String container, Integer tail, boolean timestamps);

  ContainerExecResponseInner exec(
      String name, String container, String command, int rows, int cols);
}
