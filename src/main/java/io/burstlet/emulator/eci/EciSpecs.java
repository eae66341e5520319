package io.burstlet.emulator.eci;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The vCPU/memory specifications ECI provisions, and how requests are rounded up to them.
 *
 * <p>The table is "Specifications supported in all regions" of Alibaba Cloud's page <i>Specify vCPU
 * and memory to create an instance</i> (help/en/eci/user-guide/specify-the-number-of-vcpus-and-
 * memory-size-to-create-an-elastic-container-instance):
 *
 * <pre>
 * vCPU  memory (GiB)
 * 0.25  0.5, 1
 * 0.5   1, 2
 * 1     2, 4, 8
 * 2     1, 2, 4, 8, 16
 * 4     2, 4, 8, 16, 32
 * 8     4, 8, 16, 32, 64
 * 12    12, 24, 48, 96
 * 16    16, 32, 64, 128
 * 24    24, 48, 96, 192
 * 32    32, 64, 128, 256
 * 52    96, 192, 384
 * 64    128, 256, 512
 * </pre>
 *
 * <p>Per that page, a request that matches no specification is rounded up to the nearest one that
 * meets or exceeds both values; the emulator takes the fewest vCPUs first, then the least memory
 * (e.g. 0.3 vCPU / 0.6 GiB → 0.5 / 1; 7 / 13 → 8 / 16). Without any request the instance gets 2
 * vCPU / 4 GiB. The region-specific extra specifications are not modelled.
 */
final class EciSpecs {

  /** One specification: vCPUs and GiB of memory. */
  record Spec(double cpu, double memory) {}

  /** The instance size when neither the group nor its containers ask for resources. */
  static final Spec DEFAULT = new Spec(2, 4);

  static final List<Spec> TABLE = table();

  private static final Pattern INSTANCE_TYPE =
      Pattern.compile("ecs\\.([a-z]+)[0-9]*[a-z]*\\.(large|xlarge|([0-9]+)xlarge)");

  private EciSpecs() {}

  /**
   * The smallest specification with at least {@code cpu} vCPUs and {@code memory} GiB.
   *
   * @return empty when the request exceeds every specification
   */
  static Optional<Spec> roundUp(double cpu, double memory) {
    return TABLE.stream().filter(s -> s.cpu() >= cpu && s.memory() >= memory).findFirst();
  }

  /**
   * The vCPUs and memory of an ECS instance type of the c (1:2), g (1:4) or r (1:8) families, e.g.
   * {@code ecs.g6.large} → 2 / 8, {@code ecs.c7.2xlarge} → 8 / 16. Of a comma-separated list the
   * first type is used, as ECI tries them in order.
   *
   * @return empty for types outside those families
   */
  static Optional<Spec> ofInstanceType(String instanceTypes) {
    String first = instanceTypes.split(",")[0].trim();
    Matcher matcher = INSTANCE_TYPE.matcher(first);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    int ratio =
        switch (matcher.group(1).charAt(0)) {
          case 'c' -> 2;
          case 'g' -> 4;
          case 'r' -> 8;
          default -> 0;
        };
    if (ratio == 0) {
      return Optional.empty();
    }
    String size = matcher.group(2);
    int cpu =
        size.equals("large")
            ? 2
            : size.equals("xlarge") ? 4 : 4 * Integer.parseInt(matcher.group(3));
    return Optional.of(new Spec(cpu, (double) cpu * ratio));
  }

  /**
   * The size of a group: from {@code InstanceType}; else the group's {@code Cpu}/{@code Memory},
   * each defaulting to what the containers ask for (their sum, or the largest init container if
   * that is more); else {@link #DEFAULT} — then rounded up.
   *
   * @throws EciApiException {@code InvalidParameter} naming {@code InstanceType}, {@code Cpu} or
   *     {@code Memory}
   */
  static Spec forGroup(
      Double cpu,
      Double memory,
      String instanceType,
      List<GroupSpec.Container> containers,
      List<GroupSpec.Container> initContainers) {
    if (instanceType != null) {
      return ofInstanceType(instanceType)
          .orElseThrow(
              () ->
                  EciErrors.invalidParameter(
                      "InstanceType",
                      "the emulator knows the ecs c, g and r families, e.g. ecs.g6.large"));
    }
    double containersCpu = Math.max(sum(containers, true), largest(initContainers, true));
    double containersMemory = Math.max(sum(containers, false), largest(initContainers, false));
    if (cpu != null && cpu < containersCpu) {
      throw EciErrors.invalidParameter("Cpu", "less than the containers ask for in total");
    }
    if (memory != null && memory < containersMemory) {
      throw EciErrors.invalidParameter("Memory", "less than the containers ask for in total");
    }
    double wantCpu = cpu != null ? cpu : containersCpu;
    double wantMemory = memory != null ? memory : containersMemory;
    if (wantCpu == 0 && wantMemory == 0) {
      return DEFAULT;
    }
    Spec largest = TABLE.get(TABLE.size() - 1);
    return roundUp(wantCpu, wantMemory)
        .orElseThrow(
            () ->
                EciErrors.invalidParameter(
                    wantCpu > largest.cpu() ? "Cpu" : "Memory",
                    "no ECI specification is that large (at most "
                        + largest.cpu()
                        + " vCPU / "
                        + largest.memory()
                        + " GiB)"));
  }

  private static double sum(List<GroupSpec.Container> containers, boolean cpu) {
    return containers.stream().mapToDouble(c -> cpu ? c.cpu() : c.memory()).sum();
  }

  private static double largest(List<GroupSpec.Container> containers, boolean cpu) {
    return containers.stream().mapToDouble(c -> cpu ? c.cpu() : c.memory()).max().orElse(0);
  }

  private static List<Spec> table() {
    double[][] rows = {
      {0.25, 0.5, 1},
      {0.5, 1, 2},
      {1, 2, 4, 8},
      {2, 1, 2, 4, 8, 16},
      {4, 2, 4, 8, 16, 32},
      {8, 4, 8, 16, 32, 64},
      {12, 12, 24, 48, 96},
      {16, 16, 32, 64, 128},
      {24, 24, 48, 96, 192},
      {32, 32, 64, 128, 256},
      {52, 96, 192, 384},
      {64, 128, 256, 512},
    };
    List<Spec> specs = new ArrayList<>();
    for (double[] row : rows) {
      for (int i = 1; i < row.length; i++) {
        specs.add(new Spec(row[0], row[i]));
      }
    }
    return List.copyOf(specs);
  }
}
