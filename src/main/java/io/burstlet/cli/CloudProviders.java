package io.burstlet.cli;

import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ConfigException;
import io.burstlet.config.ProviderConfig;
import io.burstlet.provider.Provider;
import io.prometheus.client.CollectorRegistry;

/** Builds the cloud providers compiled into this agent, starting embedded emulators as needed. */
final class CloudProviders implements ProviderFactory {
  private final CollectorRegistry registry;

  CloudProviders(CollectorRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Provider create(ProviderConfig provider, BurstletConfig agent) {
    throw new ConfigException(
        "providers["
            + agent.providers().indexOf(provider)
            + "].type: provider type '"
            + provider.type()
            + "' is not available in this build");
  }
}
