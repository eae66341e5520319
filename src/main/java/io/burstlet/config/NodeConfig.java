package io.burstlet.config;

import java.time.Duration;

/**
 * How virtual nodes report their health.
 *
 * @param healthCheckInterval how often each node asks its provider whether the cloud answers
 * @param unreachableAfterFailures consecutive failed checks before the zone's cloud counts as
 *     unreachable (condition {@code CloudReachable=False}, taint {@code
 *     burstlet.io/cloud-unreachable:NoSchedule})
 * @param leaseRenewInterval how often the node Lease (40 s) is renewed
 * @param statusRefreshInterval the longest time between two node status writes
 * @param stallLimit the longest a pod watch may go without an answer from the API server, or a node
 *     without renewing its Lease, before {@code /healthz} fails and the liveness probe restarts the
 *     agent; a reconcile may run five times as long
 */
public record NodeConfig(
    Duration healthCheckInterval,
    int unreachableAfterFailures,
    Duration leaseRenewInterval,
    Duration statusRefreshInterval,
    Duration stallLimit) {}
