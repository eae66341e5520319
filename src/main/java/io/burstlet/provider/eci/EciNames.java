package io.burstlet.provider.eci;

import io.burstlet.provider.PodRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * How Burstlet names and tags ECI container groups, and how it reads a pod's identity back from the
 * tags. Names derive from the pod UID only, so every retry and every replica computes the same name
 * and ECI's name plus {@code ClientToken} (= UID) make creation idempotent.
 */
final class EciNames {
  static final String TAG_CLUSTER = "burstlet.io/cluster";
  static final String TAG_NODE = "burstlet.io/node";
  static final String TAG_NAMESPACE = "burstlet.io/namespace";
  static final String TAG_POD_NAME = "burstlet.io/pod-name";
  static final String TAG_POD_UID = "burstlet.io/pod-uid";

  private static final String PREFIX = "bl-";

  private EciNames() {}

  /**
   * {@code bl-} plus the UID without dashes: 35 characters for a standard UID, within ECI's rules
   * (2–128 characters of lowercase letters, digits and '-', not starting or ending with '-') and
   * within the 63 characters a DNS label allows. A UID with other characters (never produced by the
   * API server) is hashed instead so that the name still obeys the rules.
   */
  static String groupName(String uid) {
    String compact = uid.toLowerCase(Locale.ROOT).replace("-", "");
    if (!compact.isEmpty() && compact.length() <= 60 && compact.matches("[a-z0-9]+")) {
      return PREFIX + compact;
    }
    return PREFIX + sha256(uid).substring(0, 32);
  }

  /** The cluster filter every listing uses. */
  static List<EciTag> clusterTags(String cluster) {
    return List.of(new EciTag(TAG_CLUSTER, cluster));
  }

  /** The identity tags written on every group. */
  static List<EciTag> podTags(String cluster, String nodeName, PodRef pod) {
    return List.of(
        new EciTag(TAG_CLUSTER, cluster),
        new EciTag(TAG_NODE, nodeName),
        new EciTag(TAG_NAMESPACE, pod.namespace()),
        new EciTag(TAG_POD_NAME, pod.name()),
        new EciTag(TAG_POD_UID, pod.uid()));
  }

  /**
   * The pod a group was created for, from its tags; null when the group lacks a tag (not ours, or
   * created by hand) or belongs to another cluster.
   */
  static PodRef podOf(ContainerGroup group, String cluster) {
    if (!cluster.equals(group.tag(TAG_CLUSTER))) {
      return null;
    }
    String namespace = group.tag(TAG_NAMESPACE);
    String name = group.tag(TAG_POD_NAME);
    String uid = group.tag(TAG_POD_UID);
    String node = group.tag(TAG_NODE);
    if (namespace == null || name == null || uid == null || group.zoneId() == null) {
      return null;
    }
    return new PodRef(namespace, name, uid, node, group.zoneId());
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
