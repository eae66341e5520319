package io.burstlet.kubelet;

import java.util.List;

/** Who called the kubelet API, as the API server's authenticators name them. */
public record KubeletUser(String name, String uid, List<String> groups) {
  public KubeletUser {
    groups = List.copyOf(groups == null ? List.of() : groups);
  }
}
