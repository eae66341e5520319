/**
 * The agent's own liveness: loops report progress, {@code /healthz} fails when one stalls past its
 * bound. Knows nothing of the agent's other packages.
 */
package io.burstlet.health;
