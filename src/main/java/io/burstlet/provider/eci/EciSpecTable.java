package io.burstlet.provider.eci;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The vCPU/memory specifications ECI offers when a group is created by vCPU and memory, and the
 * rounding ECI applies: the smallest specification whose vCPU and memory both meet the request
 * (fewest vCPUs first, then least memory).
 *
 * <p>Source: Alibaba Cloud, "Specify vCPU and memory to create an instance"
 * (alibabacloud.com/help/en/eci/user-guide/specify-the-number-of-vcpus-and-memory-size-to-create-an-elastic-container-instance,
 * updated 2026-06-20). The first table holds in every region; the second only in the regions of
 * {@link #EXTENDED_REGIONS}, and never for preemptible (spot) instances. The page's own example — 7
 * vCPU and 13 GiB in China (Hangzhou) become 8 vCPU and 14 GiB — follows from these tables.
 *
 * <p>Burstlet snaps the request itself (rather than leaving it to ECI) so that the group's size,
 * and therefore its bill, is visible in the request and testable.
 */
final class EciSpecTable {

  /** One specification: vCPUs and GiB. */
  record Spec(BigDecimal cpu, BigDecimal memory) {
    @Override
    public String toString() {
      return EciRpcParams.decimal(cpu) + " vCPU / " + EciRpcParams.decimal(memory) + " GiB";
    }
  }

  /** Regions that also offer the extended table (cn-hangzhou … ap-southeast-1). */
  static final Set<String> EXTENDED_REGIONS =
      Set.of(
          "cn-hangzhou",
          "cn-shanghai",
          "cn-qingdao",
          "cn-beijing",
          "cn-zhangjiakou",
          "cn-huhehaote",
          "cn-wulanchabu",
          "cn-shenzhen",
          "cn-heyuan",
          "cn-guangzhou",
          "cn-chengdu",
          "ap-southeast-1");

  private static final List<Spec> ALL_REGIONS =
      specs(
          new Object[][] {
            {"0.25", "0.5", "1"},
            {"0.5", "1", "2"},
            {"1", "2", "4", "8"},
            {"2", "1", "2", "4", "8", "16"},
            {"4", "2", "4", "8", "16", "32"},
            {"8", "4", "8", "16", "32", "64"},
            {"12", "12", "24", "48", "96"},
            {"16", "16", "32", "64", "128"},
            {"24", "24", "48", "96", "192"},
            {"32", "32", "64", "128", "256"},
            {"52", "96", "192", "384"},
            {"64", "128", "256", "512"},
          });

  private static final List<Spec> EXTENDED =
      specs(
          new Object[][] {
            {"2", "6", "10", "12", "14"},
            {"4", "6", "10", "12", "14", "18", "20", "22", "24", "26", "28", "30"},
            {
              "6", "6", "8", "10", "12", "14", "16", "18", "20", "22", "24", "26", "28", "30", "32",
              "34", "36", "38", "40", "42", "44", "46", "48"
            },
            {
              "8", "10", "12", "14", "18", "20", "22", "24", "26", "28", "30", "34", "36", "38",
              "40", "42", "44", "46", "48", "50", "52", "54", "56", "58", "60", "62"
            },
          });

  private EciSpecTable() {}

  /**
   * The smallest specification offering at least {@code cpu} vCPUs and {@code memoryGiB} GiB, or
   * empty when even the largest is too small.
   *
   * @param spot preemptible instances may only use the all-regions table
   */
  static Optional<Spec> snapUp(BigDecimal cpu, BigDecimal memoryGiB, String region, boolean spot) {
    return candidates(region, spot).stream()
        .filter(s -> s.cpu().compareTo(cpu) >= 0 && s.memory().compareTo(memoryGiB) >= 0)
        .findFirst();
  }

  /** Every specification usable in a region, smallest first. */
  static List<Spec> candidates(String region, boolean spot) {
    List<Spec> all = new ArrayList<>(ALL_REGIONS);
    if (!spot && EXTENDED_REGIONS.contains(region)) {
      all.addAll(EXTENDED);
    }
    all.sort(Comparator.comparing(Spec::cpu).thenComparing(Spec::memory));
    return all;
  }

  private static List<Spec> specs(Object[][] rows) {
    List<Spec> specs = new ArrayList<>();
    for (Object[] row : rows) {
      BigDecimal cpu = new BigDecimal((String) row[0]);
      for (int i = 1; i < row.length; i++) {
        specs.add(new Spec(cpu, new BigDecimal((String) row[i])));
      }
    }
    return List.copyOf(specs);
  }
}
