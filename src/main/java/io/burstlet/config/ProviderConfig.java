package io.burstlet.config;

import java.util.List;
import java.util.Map;

/**
 * One configured cloud account and region, with the zones it serves.
 *
 * @param name unique, part of node names ({@code <prefix>-<name>-<zone>})
 * @param type {@code aci} or {@code eci}
 * @param endpoint {@code embedded} for the built-in emulator, else the cloud endpoint URL
 * @param caFile PEM file of extra CA certificates to trust for the endpoint, or null
 * @param credentials named secret references (aci: clientSecret; eci: accessKeyId, accessKeySecret)
 * @param settings the remaining provider-specific scalar fields (subscriptionId, resourceGroup,
 *     securityGroupId, tenantId, clientId; grpc: clientCertFile, clientKeyFile, insecurePlaintext),
 *     already checked for presence
 */
public record ProviderConfig(
    String name,
    String type,
    String region,
    String endpoint,
    String caFile,
    List<ZoneConfig> zones,
    Map<String, String> capacity,
    TaintConfig taint,
    Map<String, String> labels,
    Map<String, SecretRef> credentials,
    Map<String, String> settings) {

  public boolean embedded() {
    return "embedded".equals(endpoint);
  }

  /** The same provider reached at another endpoint (an embedded emulator's URL and CA). */
  public ProviderConfig withEndpoint(String newEndpoint, String newCaFile) {
    return new ProviderConfig(
        name,
        type,
        region,
        newEndpoint,
        newCaFile,
        zones,
        capacity,
        taint,
        labels,
        credentials,
        settings);
  }

  /** The same provider with other credentials (an embedded emulator's generated key). */
  public ProviderConfig withCredentials(Map<String, SecretRef> newCredentials) {
    return new ProviderConfig(
        name,
        type,
        region,
        endpoint,
        caFile,
        zones,
        capacity,
        taint,
        labels,
        Map.copyOf(newCredentials),
        settings);
  }

  /** A provider-specific setting, or null. */
  public String setting(String key) {
    return settings.get(key);
  }
}
