package io.burstlet.pod;

import io.burstlet.provider.Provider;
import java.util.Objects;

/**
 * One virtual node served by the pod controller: pods bound to {@code nodeName} become container
 * groups of {@code provider} in {@code zone}.
 */
public record NodeBinding(String nodeName, String zone, Provider provider) {
  public NodeBinding {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(provider, "provider");
  }
}
