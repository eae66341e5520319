package io.burstlet.it;

import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ProviderConfig;
import io.burstlet.config.ZoneConfig;
import io.burstlet.provider.CloudPod;
import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.LogOptions;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.Provider;
import io.burstlet.provider.ProviderException;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A provider whose cloud health a test switches on and off; it runs no pods. For node tests that
 * must not depend on any cloud emulator.
 */
public final class ScriptedProvider implements Provider {
  private final ProviderConfig config;
  private final AtomicBoolean healthy;

  public ScriptedProvider(ProviderConfig config, AtomicBoolean healthy) {
    this.config = config;
    this.healthy = healthy;
  }

  /** A factory whose providers all share one health switch. */
  public static io.burstlet.cli.ProviderFactory factory(AtomicBoolean healthy) {
    return (ProviderConfig pc, BurstletConfig agent) -> new ScriptedProvider(pc, healthy);
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public String cloud() {
    return config.taint().value();
  }

  @Override
  public List<String> zones() {
    return config.zones().stream().map(ZoneConfig::zone).toList();
  }

  @Override
  public String region() {
    return config.region();
  }

  @Override
  public Map<String, String> capacity(String zone) {
    return config.capacity();
  }

  @Override
  public void checkHealth(String zone) throws ProviderException {
    if (!healthy.get()) {
      throw new CloudUnavailableException("the scripted cloud is down", false, null);
    }
  }

  @Override
  public void createPod(PodRequest request) throws ProviderException {
    throw new CloudUnavailableException("the scripted cloud runs no pods", false, null);
  }

  @Override
  public void deletePod(PodRef pod) {}

  @Override
  public Optional<V1PodStatus> getPodStatus(PodRef pod) {
    return Optional.empty();
  }

  @Override
  public List<CloudPod> listPods(String zone) {
    return List.of();
  }

  @Override
  public String containerLogs(PodRef pod, String container, LogOptions options)
      throws ProviderException {
    throw new CloudUnavailableException("the scripted cloud runs no pods", false, null);
  }
}
