package io.burstlet.provider;

import io.kubernetes.client.openapi.models.V1PodStatus;

/**
 * A container group found in the cloud, identified by the tags Burstlet wrote on it.
 *
 * @param groupName the cloud's name for the group
 * @param pod the pod it was created for (from its tags)
 * @param status the group's status mapped to a pod status, or null when the listing omits it
 */
public record CloudPod(String groupName, PodRef pod, V1PodStatus status) {}
