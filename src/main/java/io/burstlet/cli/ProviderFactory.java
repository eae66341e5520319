package io.burstlet.cli;

import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ProviderConfig;
import io.burstlet.provider.Provider;

/** Builds the provider for one configured cloud account. Tests pass their own. */
@FunctionalInterface
public interface ProviderFactory {
  Provider create(ProviderConfig provider, BurstletConfig agent) throws Exception;
}
