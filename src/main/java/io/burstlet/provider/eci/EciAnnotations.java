package io.burstlet.provider.eci;

import io.burstlet.provider.UnsupportedPodException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The ACK/ASK pod annotations Burstlet honours, so that manifests written for Alibaba's own virtual
 * nodes work unchanged. Each is validated here; a malformed value is refused naming the annotation,
 * never ignored.
 *
 * @param useSpecs {@code k8s.aliyun.com/eci-use-specs}: ECS instance types ({@code ecs.c6.large})
 *     or vCPU-memory specifications ({@code 2-4Gi}), tried in order; empty when absent
 * @param spotStrategy {@code k8s.aliyun.com/eci-spot-strategy}: {@code SpotAsPriceGo} or {@code
 *     SpotWithPriceLimit}, or null
 * @param spotPriceLimit {@code k8s.aliyun.com/eci-spot-price-limit}: hourly price cap, or null
 * @param securityGroupId {@code k8s.aliyun.com/eci-security-group}, or null
 * @param vSwitchIds {@code k8s.aliyun.com/eci-vswitch}, comma-separated; empty when absent
 * @param autoMatchImageCache {@code k8s.aliyun.com/eci-image-cache: "true"}, or null
 * @param imageSnapshotId {@code k8s.aliyun.com/eci-image-snapshot-id}, or null
 */
record EciAnnotations(
    List<String> useSpecs,
    String spotStrategy,
    BigDecimal spotPriceLimit,
    String securityGroupId,
    List<String> vSwitchIds,
    Boolean autoMatchImageCache,
    String imageSnapshotId) {

  static final String USE_SPECS = "k8s.aliyun.com/eci-use-specs";
  static final String SPOT_STRATEGY = "k8s.aliyun.com/eci-spot-strategy";
  static final String SPOT_PRICE_LIMIT = "k8s.aliyun.com/eci-spot-price-limit";
  static final String SECURITY_GROUP = "k8s.aliyun.com/eci-security-group";
  static final String VSWITCH = "k8s.aliyun.com/eci-vswitch";
  static final String IMAGE_CACHE = "k8s.aliyun.com/eci-image-cache";
  static final String IMAGE_SNAPSHOT = "k8s.aliyun.com/eci-image-snapshot-id";

  private static final Pattern ECS_TYPE = Pattern.compile("ecs\\.[a-z0-9][a-z0-9.-]*");
  private static final Pattern CPU_MEM = Pattern.compile("\\d+(\\.\\d+)?-\\d+(\\.\\d+)?Gi");
  private static final Pattern SECURITY_GROUP_ID = Pattern.compile("sg-[A-Za-z0-9]+");
  private static final Pattern VSWITCH_ID = Pattern.compile("vsw-[A-Za-z0-9]+");

  EciAnnotations {
    useSpecs = List.copyOf(useSpecs);
    vSwitchIds = List.copyOf(vSwitchIds);
  }

  boolean spot() {
    return spotStrategy != null;
  }

  /** Reads and validates the annotations; absent ones yield null or empty. */
  static EciAnnotations parse(Map<String, String> annotations) throws UnsupportedPodException {
    Map<String, String> a = annotations == null ? Map.of() : annotations;
    List<String> specs = list(a.get(USE_SPECS));
    if (specs.size() > 5) {
      throw unsupported(USE_SPECS, "ECI accepts at most 5 specifications, got " + specs.size());
    }
    for (String spec : specs) {
      if (!ECS_TYPE.matcher(spec).matches() && !CPU_MEM.matcher(spec).matches()) {
        throw unsupported(
            USE_SPECS,
            "'"
                + spec
                + "' is neither an ECS instance type (ecs.…) nor a vCPU-memory spec (2-4Gi)");
      }
    }

    String strategy = blankToNull(a.get(SPOT_STRATEGY));
    if (strategy != null
        && !strategy.equals("SpotAsPriceGo")
        && !strategy.equals("SpotWithPriceLimit")) {
      throw unsupported(SPOT_STRATEGY, "must be SpotAsPriceGo or SpotWithPriceLimit");
    }
    String priceText = blankToNull(a.get(SPOT_PRICE_LIMIT));
    BigDecimal price = null;
    if (priceText != null) {
      try {
        price = new BigDecimal(priceText);
      } catch (NumberFormatException e) {
        throw unsupported(SPOT_PRICE_LIMIT, "'" + priceText + "' is not a number");
      }
      if (price.signum() <= 0 || price.stripTrailingZeros().scale() > 3) {
        throw unsupported(SPOT_PRICE_LIMIT, "must be positive with at most 3 decimals");
      }
    }
    if ("SpotWithPriceLimit".equals(strategy) && price == null) {
      throw unsupported(SPOT_PRICE_LIMIT, "required with eci-spot-strategy SpotWithPriceLimit");
    }
    if (price != null && !"SpotWithPriceLimit".equals(strategy)) {
      throw unsupported(
          SPOT_PRICE_LIMIT, "only meaningful with eci-spot-strategy SpotWithPriceLimit");
    }

    String securityGroup = blankToNull(a.get(SECURITY_GROUP));
    if (securityGroup != null && !SECURITY_GROUP_ID.matcher(securityGroup).matches()) {
      throw unsupported(SECURITY_GROUP, "'" + securityGroup + "' is not a security group id");
    }
    List<String> vSwitches = list(a.get(VSWITCH));
    if (vSwitches.size() > 10) {
      throw unsupported(VSWITCH, "ECI accepts at most 10 vSwitches");
    }
    for (String id : vSwitches) {
      if (!VSWITCH_ID.matcher(id).matches()) {
        throw unsupported(VSWITCH, "'" + id + "' is not a vSwitch id");
      }
    }

    String cache = blankToNull(a.get(IMAGE_CACHE));
    Boolean imageCache = null;
    if (cache != null) {
      if (!cache.equals("true") && !cache.equals("false")) {
        throw unsupported(IMAGE_CACHE, "must be \"true\" or \"false\"");
      }
      imageCache = Boolean.valueOf(cache);
    }
    return new EciAnnotations(
        specs,
        strategy,
        price,
        securityGroup,
        vSwitches,
        imageCache,
        blankToNull(a.get(IMAGE_SNAPSHOT)));
  }

  private static List<String> list(String value) {
    List<String> out = new ArrayList<>();
    if (value != null) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static UnsupportedPodException unsupported(String annotation, String message) {
    return new UnsupportedPodException("metadata.annotations[" + annotation + "]", message);
  }
}
