package io.burstlet.emulator.eci;

import java.time.Instant;
import java.util.Objects;

/**
 * One (aggregated) event of a container group, Kubernetes-style: identical occurrences share one
 * event whose {@code count} grows and whose {@code last} moves.
 *
 * @param type {@code Normal} or {@code Warning}
 * @param reason short reason, e.g. {@code Started}, {@code Failed}, {@code NoStock}
 * @param component the reporting component: {@code kubelet} for container events, {@code
 *     EciService} for ECI's own
 * @param name the event's unique name, {@code <group name>.<16 hex digits>}
 */
record EciEvent(
    String type,
    String reason,
    String message,
    Instant first,
    Instant last,
    int count,
    String component,
    String name) {

  static final String KUBELET = "kubelet";
  static final String ECI_SERVICE = "EciService";

  EciEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(last, "last");
  }

  /** The {@code EventSource} filter value this event matches: EciService or K8sAgent. */
  String source() {
    return component.equals(ECI_SERVICE) ? "EciService" : "K8sAgent";
  }
}
