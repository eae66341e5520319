package io.burstlet.provider;

import io.kubernetes.client.openapi.models.V1PodStatus;

/** Receives status changes pushed by a provider's sweep. Called from provider threads. */
public interface PodStatusListener {
  /** The group of this pod now reports this status (only sent when it changed). */
  void onStatus(PodRef pod, V1PodStatus status);

  /** The group of this pod is gone from the cloud. */
  default void onGone(PodRef pod) {}
}
