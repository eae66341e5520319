package io.burstlet.kubelet;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who called the kubelet API, as the API server's authenticators name them: everything a
 * SubjectAccessReview needs to decide as the API server would for the same user.
 *
 * @param uid empty when the authenticator gives none (client certificates)
 * @param extra the authenticator's extra attributes (e.g. a service account token's pod name)
 */
public record KubeletUser(
    String name, String uid, List<String> groups, Map<String, List<String>> extra) {
  public KubeletUser {
    uid = uid == null ? "" : uid;
    groups = List.copyOf(groups == null ? List.of() : groups);
    // Sorted, so that equal users give equal authorization cache keys.
    TreeMap<String, List<String>> sorted = new TreeMap<>();
    if (extra != null) {
      extra.forEach((k, v) -> sorted.put(k, List.copyOf(v == null ? List.of() : v)));
    }
    extra = java.util.Collections.unmodifiableMap(sorted);
  }

  public KubeletUser(String name, String uid, List<String> groups) {
    this(name, uid, groups, Map.of());
  }
}
