package io.burstlet.provider.aci;

import io.burstlet.provider.PodRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Container-group names and identity tags.
 *
 * <p>Names: {@code bl-} + the pod UID without dashes, lower case ({@code
 * bl-0f1e2d3c4b5a69788796a5b4c3d2e1f0}, 35 characters). A UID that is not a plain UUID is reduced
 * to {@code [a-z0-9]} and, when that would exceed 63 characters or be empty, replaced by its
 * SHA-256 prefix — so the name is always deterministic, unique per UID and a valid ACI name (1–63
 * lowercase letters, digits and '-', not starting or ending with '-').
 *
 * <p>Tags: ARM refuses tag names containing {@code < > % & \ ? /}, so the identity tags use {@code
 * burstlet.io.} + key rather than a Kubernetes-style {@code burstlet.io/} prefix. Values are cut to
 * ARM's 256-character limit (a cut value ends in a hash of the full value, so distinct values stay
 * distinct); no Kubernetes name is that long except in theory, since names are at most 253
 * characters.
 */
public final class AciNames {
  public static final String TAG_CLUSTER = "burstlet.io.cluster";
  public static final String TAG_NODE = "burstlet.io.node";
  public static final String TAG_NAMESPACE = "burstlet.io.namespace";
  public static final String TAG_POD_NAME = "burstlet.io.pod-name";
  public static final String TAG_POD_UID = "burstlet.io.pod-uid";
  public static final String TAG_ZONE = "burstlet.io.zone";

  /** ARM's maximum tag value length. */
  static final int MAX_TAG_VALUE = 256;

  private static final String PREFIX = "bl-";
  private static final int MAX_NAME = 63;

  private AciNames() {}

  /** The container-group name for a pod UID. */
  public static String groupName(String uid) {
    String compact = uid.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (compact.isEmpty() || PREFIX.length() + compact.length() > MAX_NAME) {
      compact = sha256(uid).substring(0, 32);
    }
    return PREFIX + compact;
  }

  /** The identity tags written on a pod's group. */
  public static Map<String, String> tags(String clusterName, PodRef pod) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(TAG_CLUSTER, tagValue(clusterName));
    tags.put(TAG_NODE, tagValue(pod.nodeName()));
    tags.put(TAG_ZONE, tagValue(pod.zone()));
    tags.put(TAG_NAMESPACE, tagValue(pod.namespace()));
    tags.put(TAG_POD_NAME, tagValue(pod.name()));
    tags.put(TAG_POD_UID, tagValue(pod.uid()));
    return tags;
  }

  /**
   * The pod a group was created for, read back from its tags, when the group belongs to this
   * cluster and carries every identity tag.
   */
  public static Optional<PodRef> podOf(String clusterName, Map<String, String> tags) {
    if (tags == null || !tagValue(clusterName).equals(tags.get(TAG_CLUSTER))) {
      return Optional.empty();
    }
    String ns = tags.get(TAG_NAMESPACE);
    String name = tags.get(TAG_POD_NAME);
    String uid = tags.get(TAG_POD_UID);
    String node = tags.get(TAG_NODE);
    String zone = tags.get(TAG_ZONE);
    if (ns == null || name == null || uid == null || node == null || zone == null) {
      return Optional.empty();
    }
    return Optional.of(new PodRef(ns, name, uid, node, zone));
  }

  static String tagValue(String value) {
    if (value == null) {
      return "";
    }
    if (value.length() <= MAX_TAG_VALUE) {
      return value;
    }
    String hash = sha256(value).substring(0, 16);
    return value.substring(0, MAX_TAG_VALUE - hash.length() - 1) + "~" + hash;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
