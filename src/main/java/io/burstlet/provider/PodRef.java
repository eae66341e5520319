package io.burstlet.provider;

import java.util.Objects;

/**
 * Identity of a pod on a virtual node. The UID decides the container-group name; namespace and name
 * are carried for tags, events and logs.
 */
public record PodRef(String namespace, String name, String uid, String nodeName, String zone) {
  public PodRef {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(zone, "zone");
  }

  @Override
  public String toString() {
    return namespace + "/" + name + " (" + uid + ")";
  }
}
