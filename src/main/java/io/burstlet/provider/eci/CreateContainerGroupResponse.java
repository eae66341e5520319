package io.burstlet.provider.eci;

/** CreateContainerGroup's answer: the id of the (asynchronously created) group. */
public record CreateContainerGroupResponse(String requestId, String containerGroupId) {}
