package io.burstlet.provider.eci;

import io.burstlet.provider.UnsupportedPodException;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How big a pod's group must be: the sum of its containers' limits (requests where no limit is set,
 * as ECI counts them), at least its largest init container (init containers run one at a time), or
 * the pod-level resources when given; snapped up to an ECI specification ({@link EciSpecTable}).
 * With {@code k8s.aliyun.com/eci-use-specs} the annotation decides instead, as on ACK. Resources
 * ECI does not offer are refused.
 */
final class EciSizing {
  static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);
  static final String GPU = "nvidia.com/gpu";
  private static final BigDecimal DEFAULT_EPHEMERAL_GIB = BigDecimal.valueOf(30);
  private static final Set<String> RESOURCES = Set.of("cpu", "memory", "ephemeral-storage", GPU);

  private EciSizing() {}

  /**
   * @param cpu group vCPUs to send, or null (ECI default, or the instance types decide)
   * @param memory group GiB to send, or null
   * @param ephemeralStorage extra GiB of temporary storage, or null
   */
  record Sizing(BigDecimal cpu, BigDecimal memory, Integer ephemeralStorage) {}

  static Sizing size(V1PodSpec spec, EciAnnotations annotations, String region)
      throws UnsupportedPodException {
    BigDecimal cpu = BigDecimal.ZERO;
    BigDecimal memory = BigDecimal.ZERO;
    BigDecimal storage = BigDecimal.ZERO;
    long gpus = 0;
    for (int i = 0; i < spec.getContainers().size(); i++) {
      V1Container c = spec.getContainers().get(i);
      String field = "spec.containers[" + i + "].resources";
      checkResources(c.getResources(), field);
      cpu = cpu.add(orZero(effective(c.getResources(), "cpu")));
      memory = memory.add(orZero(effective(c.getResources(), "memory")));
      storage = storage.add(orZero(effective(c.getResources(), "ephemeral-storage")));
      BigDecimal gpu = effective(c.getResources(), GPU);
      gpus += gpu == null ? 0 : gpu.longValue();
    }
    List<V1Container> inits =
        spec.getInitContainers() == null ? List.of() : spec.getInitContainers();
    for (int i = 0; i < inits.size(); i++) {
      V1Container c = inits.get(i);
      checkResources(c.getResources(), "spec.initContainers[" + i + "].resources");
      // Init containers run one at a time before the others: the group needs the larger of the two.
      cpu = cpu.max(orZero(effective(c.getResources(), "cpu")));
      memory = memory.max(orZero(effective(c.getResources(), "memory")));
      storage = storage.max(orZero(effective(c.getResources(), "ephemeral-storage")));
    }
    if (spec.getResources() != null) {
      checkResources(spec.getResources(), "spec.resources");
      BigDecimal podCpu = effective(spec.getResources(), "cpu");
      BigDecimal podMemory = effective(spec.getResources(), "memory");
      cpu = podCpu != null ? podCpu : cpu;
      memory = podMemory != null ? podMemory : memory;
    }
    memory = memory.divide(GIB, 9, RoundingMode.CEILING);
    BigDecimal storageGib = storage.divide(GIB, 0, RoundingMode.CEILING);
    if (storageGib.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      // EphemeralStorage is an Integer of GiB in the API: no instance has more.
      throw new UnsupportedPodException(
          "spec.containers[*].resources.ephemeral-storage",
          "no ECI instance offers " + storageGib.toPlainString() + " GiB of temporary storage");
    }
    Integer extraStorage =
        storageGib.compareTo(DEFAULT_EPHEMERAL_GIB) > 0
            ? storageGib.subtract(DEFAULT_EPHEMERAL_GIB).intValueExact()
            : null;

    if (gpus > 0 && annotations.useSpecs().stream().noneMatch(s -> s.startsWith("ecs."))) {
      throw new UnsupportedPodException(
          "metadata.annotations[" + EciAnnotations.USE_SPECS + "]",
          "containers ask for " + GPU + ": name a GPU instance type (ecs.gn…) in this annotation");
    }
    if (!annotations.useSpecs().isEmpty()) {
      // The annotation decides the instance, as on ACK; containers keep their own limits.
      return new Sizing(null, null, extraStorage);
    }
    if (cpu.signum() == 0 && memory.signum() == 0) {
      return new Sizing(null, null, extraStorage);
    }
    var spec2 = EciSpecTable.snapUp(cpu, memory, region, annotations.spot());
    if (spec2.isEmpty()) {
      throw new UnsupportedPodException(
          "spec.containers[*].resources",
          "no ECI specification offers "
              + EciRpcParams.decimal(cpu.setScale(3, RoundingMode.CEILING))
              + " vCPU and "
              + EciRpcParams.decimal(memory.setScale(3, RoundingMode.CEILING))
              + " GiB (the largest is 64 vCPU / 512 GiB)");
    }
    return new Sizing(spec2.get().cpu(), spec2.get().memory(), extraStorage);
  }

  private static void checkResources(V1ResourceRequirements r, String field)
      throws UnsupportedPodException {
    if (r == null) {
      return;
    }
    for (var entry :
        List.of(
            Map.entry("limits", r.getLimits() == null ? Map.<String, Quantity>of() : r.getLimits()),
            Map.entry(
                "requests",
                r.getRequests() == null ? Map.<String, Quantity>of() : r.getRequests()))) {
      for (String name : entry.getValue().keySet()) {
        if (!RESOURCES.contains(name)) {
          throw new UnsupportedPodException(
              field + "." + entry.getKey() + "[" + name + "]",
              "ECI offers cpu, memory, ephemeral-storage and " + GPU + " only");
        }
      }
    }
    if (r.getClaims() != null && !r.getClaims().isEmpty()) {
      throw new UnsupportedPodException(field + ".claims", "resource claims are not supported");
    }
  }

  /** The limit, or the request where no limit is set (ECI's rule), in base units; null if none. */
  static BigDecimal effective(V1ResourceRequirements r, String name) {
    if (r == null) {
      return null;
    }
    if (r.getLimits() != null && r.getLimits().containsKey(name)) {
      return r.getLimits().get(name).getNumber();
    }
    if (r.getRequests() != null && r.getRequests().containsKey(name)) {
      return r.getRequests().get(name).getNumber();
    }
    return null;
  }

  private static BigDecimal orZero(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }
}
