package io.burstlet.provider.aci;

import com.azure.resourcemanager.containerinstance.models.GpuResource;
import com.azure.resourcemanager.containerinstance.models.GpuSku;
import com.azure.resourcemanager.containerinstance.models.ResourceLimits;
import com.azure.resourcemanager.containerinstance.models.ResourceRequests;
import com.azure.resourcemanager.containerinstance.models.ResourceRequirements;
import io.burstlet.provider.UnsupportedPodException;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes resource requests and limits → ACI container resources.
 *
 * <ul>
 *   <li>CPU is in cores, rounded <em>up</em> to ACI's 0.01-core step; memory is in GiB (ACI's "GB"
 *       is 2^30 bytes, as the AKS virtual node assumes), rounded up to 0.1. Rounding up never gives
 *       a container less than it asked for. The minimum per container is 0.01 CPU / 0.1 GB.
 *   <li>A missing request takes the limit's value (as the API server defaults it); with neither,
 *       the container gets {@link #DEFAULT_CPU} CPU / {@link #DEFAULT_MEMORY_GB} GB, the AKS
 *       virtual node's default.
 *   <li>Limits are sent only when given, rounded up, never below the request, and never above the
 *       group's total request: ACI refuses a container limit larger than the group's resources.
 *       Without a limit ACI caps the container at its request.
 *   <li>Init containers have no resources on ACI; they run inside the group's allocation. As
 *       Kubernetes computes a pod's effective request as max(sum of containers, largest init
 *       container), any shortfall is added to the first container's request.
 *   <li>{@code nvidia.com/gpu} (a limit, per Kubernetes' rules for extended resources) becomes a
 *       GPU request whose SKU comes from the pod annotation {@link #GPU_TYPE_ANNOTATION} (K80,
 *       P100, V100); the annotation is required with a GPU. {@code ephemeral-storage} is accepted
 *       and not sent (ACI gives each group a fixed disk). Any other resource is refused.
 *   <li>The group's maximum (CPU, memory, GPU count) depends on region and SKU and is left to ARM,
 *       whose 400 becomes a {@link io.burstlet.provider.CloudRejectedException}.
 * </ul>
 */
final class AciResources {
  static final BigDecimal DEFAULT_CPU = new BigDecimal("1");
  static final BigDecimal DEFAULT_MEMORY_GB = new BigDecimal("1.5");
  static final String GPU_RESOURCE = "nvidia.com/gpu";
  static final String GPU_TYPE_ANNOTATION = "virtual-kubelet.io/gpu-type";

  private static final BigDecimal CPU_STEP = new BigDecimal("0.01");
  private static final BigDecimal MEMORY_STEP = new BigDecimal("0.1");
  private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);

  /** One container's resources in ACI units; limits and gpu may be null. */
  record Amounts(
      BigDecimal cpu, BigDecimal memoryGb, BigDecimal cpuLimit, BigDecimal memoryLimitGb, int gpu) {

    /** What the container may use: its limit, or its request when it has none (ACI's rule). */
    BigDecimal effectiveCpuLimit() {
      return cpuLimit == null ? cpu : cpuLimit;
    }

    BigDecimal effectiveMemoryLimitGb() {
      return memoryLimitGb == null ? memoryGb : memoryLimitGb;
    }

    /** Memory in bytes, for the downward API. */
    static BigDecimal bytes(BigDecimal gb) {
      return gb.multiply(GIB);
    }
  }

  private AciResources() {}

  /**
   * The ACI amounts for the pod's containers and init containers, with the group adjustments
   * described on the class applied.
   *
   * @return app containers first, in order, then init containers, in order
   */
  static List<Amounts> amounts(List<V1Container> containers, List<V1Container> inits)
      throws UnsupportedPodException {
    List<Amounts> apps = new ArrayList<>();
    for (int i = 0; i < containers.size(); i++) {
      apps.add(container(containers.get(i), "spec.containers[" + i + "]", true));
    }
    List<Amounts> initAmounts = new ArrayList<>();
    for (int i = 0; i < inits.size(); i++) {
      initAmounts.add(container(inits.get(i), "spec.initContainers[" + i + "]", false));
    }
    BigDecimal cpu = BigDecimal.ZERO;
    BigDecimal mem = BigDecimal.ZERO;
    for (Amounts a : apps) {
      cpu = cpu.add(a.cpu());
      mem = mem.add(a.memoryGb());
    }
    BigDecimal initCpu = BigDecimal.ZERO;
    BigDecimal initMem = BigDecimal.ZERO;
    for (Amounts a : initAmounts) {
      initCpu = initCpu.max(a.cpu());
      initMem = initMem.max(a.memoryGb());
    }
    if (initCpu.compareTo(cpu) > 0 || initMem.compareTo(mem) > 0) {
      Amounts first = apps.get(0);
      BigDecimal addCpu = initCpu.subtract(cpu).max(BigDecimal.ZERO);
      BigDecimal addMem = initMem.subtract(mem).max(BigDecimal.ZERO);
      apps.set(
          0,
          new Amounts(
              first.cpu().add(addCpu),
              first.memoryGb().add(addMem),
              first.cpuLimit() == null ? null : first.cpuLimit().max(first.cpu().add(addCpu)),
              first.memoryLimitGb() == null
                  ? null
                  : first.memoryLimitGb().max(first.memoryGb().add(addMem)),
              first.gpu()));
      cpu = cpu.add(addCpu);
      mem = mem.add(addMem);
    }
    List<Amounts> out = new ArrayList<>();
    for (Amounts a : apps) {
      out.add(
          new Amounts(
              a.cpu(),
              a.memoryGb(),
              a.cpuLimit() == null ? null : a.cpuLimit().min(cpu),
              a.memoryLimitGb() == null ? null : a.memoryLimitGb().min(mem),
              a.gpu()));
    }
    out.addAll(initAmounts);
    return out;
  }

  /** The ACI form of one app container's amounts. */
  static ResourceRequirements requirements(Amounts a, Map<String, String> annotations)
      throws UnsupportedPodException {
    ResourceRequests requests =
        new ResourceRequests()
            .withCpu(a.cpu().doubleValue())
            .withMemoryInGB(a.memoryGb().doubleValue());
    if (a.gpu() > 0) {
      requests.withGpu(new GpuResource().withCount(a.gpu()).withSku(gpuSku(annotations)));
    }
    ResourceRequirements r = new ResourceRequirements().withRequests(requests);
    if (a.cpuLimit() != null || a.memoryLimitGb() != null) {
      r.withLimits(
          new ResourceLimits()
              .withCpu(a.cpuLimit() == null ? null : a.cpuLimit().doubleValue())
              .withMemoryInGB(a.memoryLimitGb() == null ? null : a.memoryLimitGb().doubleValue()));
    }
    return r;
  }

  private static GpuSku gpuSku(Map<String, String> annotations) throws UnsupportedPodException {
    String field = "metadata.annotations[" + GPU_TYPE_ANNOTATION + "]";
    String value = annotations == null ? null : annotations.get(GPU_TYPE_ANNOTATION);
    if (value == null || value.isBlank()) {
      throw new UnsupportedPodException(
          field, "required with " + GPU_RESOURCE + " (one of " + skuNames() + ")");
    }
    for (GpuSku sku : GpuSku.values()) {
      if (sku.toString().equalsIgnoreCase(value.strip())) {
        return sku;
      }
    }
    throw new UnsupportedPodException(
        field, "unknown GPU SKU '" + value + "' (one of " + skuNames() + ")");
  }

  private static String skuNames() {
    return String.join(", ", GpuSku.values().stream().map(Object::toString).sorted().toList());
  }

  private static Amounts container(V1Container c, String path, boolean app)
      throws UnsupportedPodException {
    V1ResourceRequirements r = c.getResources();
    Map<String, Quantity> requests =
        r == null || r.getRequests() == null ? Map.of() : r.getRequests();
    Map<String, Quantity> limits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
    for (String name : requests.keySet()) {
      checkName(name, path + ".resources.requests[" + name + "]", app);
    }
    for (String name : limits.keySet()) {
      checkName(name, path + ".resources.limits[" + name + "]", app);
    }
    if (r != null && r.getClaims() != null && !r.getClaims().isEmpty()) {
      throw new UnsupportedPodException(
          path + ".resources.claims", "ACI has no dynamic resource allocation");
    }
    Quantity cpuReq = requests.getOrDefault("cpu", limits.get("cpu"));
    Quantity memReq = requests.getOrDefault("memory", limits.get("memory"));
    BigDecimal cpu;
    BigDecimal mem;
    if (cpuReq == null && memReq == null && !app) {
      // An init container without requests asks for nothing beyond the app containers.
      cpu = BigDecimal.ZERO;
      mem = BigDecimal.ZERO;
    } else {
      cpu = cpuReq == null ? DEFAULT_CPU : roundUp(cpuReq.getNumber(), CPU_STEP);
      mem = memReq == null ? DEFAULT_MEMORY_GB : roundUp(gib(memReq), MEMORY_STEP);
    }
    BigDecimal cpuLimit =
        limits.containsKey("cpu")
            ? roundUp(limits.get("cpu").getNumber(), CPU_STEP).max(cpu)
            : null;
    BigDecimal memLimit =
        limits.containsKey("memory")
            ? roundUp(gib(limits.get("memory")), MEMORY_STEP).max(mem)
            : null;
    int gpu = 0;
    Quantity gpuQ = limits.getOrDefault(GPU_RESOURCE, requests.get(GPU_RESOURCE));
    if (gpuQ != null) {
      BigDecimal n = gpuQ.getNumber();
      if (n.signum() < 0 || n.stripTrailingZeros().scale() > 0) {
        throw new UnsupportedPodException(
            path + ".resources.limits[" + GPU_RESOURCE + "]", "must be a whole number");
      }
      gpu = n.intValueExact();
    }
    return new Amounts(cpu, mem, cpuLimit, memLimit, gpu);
  }

  private static void checkName(String name, String field, boolean app)
      throws UnsupportedPodException {
    switch (name) {
      case "cpu", "memory", "ephemeral-storage" -> {}
      case GPU_RESOURCE -> {
        if (!app) {
          throw new UnsupportedPodException(field, "ACI init containers cannot use GPUs");
        }
      }
      default ->
          throw new UnsupportedPodException(
              field, "ACI offers cpu, memory and " + GPU_RESOURCE + " only");
    }
  }

  private static BigDecimal gib(Quantity q) {
    return q.getNumber().divide(GIB, 12, RoundingMode.UP);
  }

  /** The smallest multiple of step that is ≥ value, and at least one step. */
  static BigDecimal roundUp(BigDecimal value, BigDecimal step) {
    BigDecimal steps = value.divide(step, 0, RoundingMode.CEILING).max(BigDecimal.ONE);
    return steps.multiply(step).stripTrailingZeros();
  }
}
