package io.burstlet.pod;

import io.burstlet.provider.PodRef;
import io.kubernetes.client.openapi.models.V1PodStatus;

/**
 * What the controller remembers about one pod UID between reconciles. Thread-safe: provider threads
 * record reports while a worker reconciles the same pod.
 */
final class PodState {

  /** What we know about the pod's container group. */
  enum Group {
    /** No group exists, as far as we know: create one. */
    ABSENT,
    /** A group may exist (after a restart, or an ambiguous create): look before creating. */
    UNKNOWN,
    /** A group exists: relay its status. */
    PRESENT
  }

  /**
   * A failure that ends the pod for good, kept so the same UID is never submitted again.
   *
   * @param status the final status to write (computed once, so retried writes are identical)
   */
  record Failure(String reason, String message, V1PodStatus status) {}

  private final PodRef ref;
  private Group group;
  private V1PodStatus reported;
  private boolean lost;
  private Failure failure;
  private boolean podRemoved;
  private boolean killingReported;
  private boolean createdReported;
  private int internalFailures;

  PodState(PodRef ref, Group group) {
    this.ref = ref;
    this.group = group;
  }

  PodRef ref() {
    return ref;
  }

  synchronized Group group() {
    return group;
  }

  /** The group may exist in the cloud, so deleting the pod must delete it. */
  synchronized boolean mayHaveGroup() {
    return group != Group.ABSENT;
  }

  /** The cloud's last report for the group, or null before the first one. */
  synchronized V1PodStatus reported() {
    return reported;
  }

  /**
   * The group exists (created, adopted or found); {@code status} may be null when not yet known.
   */
  synchronized void present(V1PodStatus status) {
    group = Group.PRESENT;
    lost = false;
    if (status != null) {
      reported = status;
    }
  }

  /**
   * The cloud says the group is gone. When it had been there, the pod lost its containers — unless
   * it is being deleted, which the reconciler decides.
   */
  synchronized void gone() {
    if (group == Group.PRESENT) {
      lost = true;
    }
    group = Group.ABSENT;
    reported = null;
  }

  /** A create may or may not have taken effect. */
  synchronized void unknown() {
    group = Group.UNKNOWN;
  }

  /** No group exists; the pod may be (re)created. */
  synchronized void absent() {
    group = Group.ABSENT;
    lost = false;
    reported = null;
  }

  /** The group vanished while the pod was live (see {@link #gone}). */
  synchronized boolean lost() {
    return lost;
  }

  synchronized Failure failure() {
    return failure;
  }

  synchronized void fail(Failure f) {
    failure = f;
  }

  /** The pod object was removed from the API server. */
  synchronized boolean podRemoved() {
    return podRemoved;
  }

  synchronized void podRemoved(boolean removed) {
    podRemoved = removed;
  }

  /** True the first time only: the Killing event is sent once per pod. */
  synchronized boolean firstKilling() {
    boolean first = !killingReported;
    killingReported = true;
    return first;
  }

  /** True the first time only: the Created event is sent once per pod. */
  /** Counts one unexpected failure of creating the group; returns how many in a row so far. */
  synchronized int internalFailure() {
    return ++internalFailures;
  }

  synchronized boolean firstCreated() {
    boolean first = !createdReported;
    createdReported = true;
    return first;
  }

  @Override
  public synchronized String toString() {
    return "PodState[" + ref + ", group=" + group + (lost ? ", lost" : "") + "]";
  }
}
