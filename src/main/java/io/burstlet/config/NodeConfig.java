package io.burstlet.config;

import java.time.Duration;

/**
 * How virtual nodes report their health.
 *
 * @param healthCheckInterval how often each node asks its provider whether the cloud answers
 * @param notReadyAfterFailures consecutive failed checks before the node turns NotReady
 * @param leaseRenewInterval how often the node Lease (40 s) is renewed
 * @param statusRefreshInterval the longest time between two node status writes
 */
public record NodeConfig(
    Duration healthCheckInterval,
    int notReadyAfterFailures,
    Duration leaseRenewInterval,
    Duration statusRefreshInterval) {}
