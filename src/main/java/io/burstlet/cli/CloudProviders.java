package io.burstlet.cli;

import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ConfigException;
import io.burstlet.config.ProviderConfig;
import io.burstlet.config.SecretRef;
import io.burstlet.config.ZoneConfig;
import io.burstlet.emulator.PrivateRegistries;
import io.burstlet.emulator.aci.AciEmulator;
import io.burstlet.emulator.eci.EciEmulator;
import io.burstlet.provider.Provider;
import io.burstlet.provider.aci.AciProvider;
import io.burstlet.provider.eci.EciProvider;
import io.burstlet.provider.grpc.RemoteProvider;
import io.burstlet.provider.grpc.RemoteProviderOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the providers compiled into this agent. For {@code endpoint: embedded} it first starts
 * that cloud's emulator in this process, on a loopback port other tools can call too, and points
 * the provider at it as if it were the cloud. Closing this stops the emulators it started.
 */
public final class CloudProviders implements ProviderFactory, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CloudProviders.class);

  private final EmbeddedClouds embedded;
  private final List<AutoCloseable> emulators = new ArrayList<>();
  private boolean closed;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, AciEmulator> aciEmulators = new ConcurrentHashMap<>();
  private final Map<String, EciEmulator> eciEmulators = new ConcurrentHashMap<>();

  public CloudProviders() {
    this(EmbeddedClouds.defaults());
  }

  public CloudProviders(EmbeddedClouds embedded) {
    this.embedded = embedded;
  }

  /** How embedded emulators behave; tests add private registries. */
  public record EmbeddedClouds(PrivateRegistries privateRegistries) {
    public static EmbeddedClouds defaults() {
      return new EmbeddedClouds(PrivateRegistries.none());
    }
  }

  @Override
  public Provider create(ProviderConfig provider, BurstletConfig agent) throws Exception {
    return switch (provider.type()) {
      case "aci" -> new AciProvider(provider.embedded() ? startAci(provider) : provider, agent);
      case "eci" -> new EciProvider(provider.embedded() ? startEci(provider) : provider, agent);
      case "grpc" -> RemoteProvider.connect(remoteOptions(provider));
      default ->
          throw new ConfigException(
              "providers["
                  + agent.providers().indexOf(provider)
                  + "].type: provider type '"
                  + provider.type()
                  + "' is not available in this build");
    };
  }

  private ProviderConfig startAci(ProviderConfig provider) throws IOException {
    AciEmulator.Builder builder =
        AciEmulator.builder()
            .privateRegistries(embedded.privateRegistries())
            // Like the AKS virtual node's users see it: the group is created and its
            // containers wait with the pull error in their status.
            .pullFailure(AciEmulator.PullFailure.FAIL_DURING_PROVISIONING);
    int index = 0;
    for (ZoneConfig zone : provider.zones()) {
      if (zone.subnetId() != null) {
        builder.subnet(zone.subnetId(), "10." + (200 + index++) + ".0.0/16");
      }
    }
    AciEmulator emulator = builder.build();
    started(emulator);
    emulator.start();
    aciEmulators.put(provider.name(), emulator);
    LOG.info("embedded ACI emulator for provider {} at {}", provider.name(), emulator.baseUri());
    return provider.withEndpoint(
        emulator.baseUri().toString(), writePrivate(provider, "ca.pem", emulator.certificatePem()));
  }

  private ProviderConfig startEci(ProviderConfig provider) throws IOException {
    // A fresh key per run: the emulator checks every request's signature, as ECI does.
    String keyId = "LTAI" + randomHex(8);
    String keySecret = randomHex(16);
    EciEmulator.Builder builder =
        EciEmulator.builder()
            .https(true)
            .region(provider.region())
            .accessKey(keyId, keySecret)
            .privateRegistries(embedded.privateRegistries());
    for (ZoneConfig zone : provider.zones()) {
      builder.zone(zone.zone(), List.of(zone.vSwitchId()));
    }
    EciEmulator emulator = builder.build();
    started(emulator);
    emulator.start();
    eciEmulators.put(provider.name(), emulator);
    LOG.info("embedded ECI emulator for provider {} at {}", provider.name(), emulator.baseUri());
    Map<String, SecretRef> credentials =
        Map.of(
            "accessKeyId", new SecretRef(writePrivate(provider, "key-id", keyId), null),
            "accessKeySecret",
                new SecretRef(writePrivate(provider, "key-secret", keySecret), null));
    return provider
        .withEndpoint(
            emulator.baseUri().toString(),
            writePrivate(provider, "ca.pem", emulator.certificatePem()))
        .withCredentials(credentials);
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /** The embedded ECI emulator started for a provider, for tools and tests that inspect it. */
  public Optional<EciEmulator> embeddedEci(String providerName) {
    return Optional.ofNullable(eciEmulators.get(providerName));
  }

  /** The embedded ACI emulator started for a provider, for tools and tests that inspect it. */
  public Optional<AciEmulator> embeddedAci(String providerName) {
    return Optional.ofNullable(aciEmulators.get(providerName));
  }

  /** A file only this user can read, removed when the JVM exits. */
  private static String writePrivate(ProviderConfig provider, String what, String content)
      throws IOException {
    Path file =
        Files.createTempFile(
            "burstlet-" + provider.name() + "-",
            "-" + what,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    file.toFile().deleteOnExit();
    Files.writeString(file, content);
    return file.toString();
  }

  /** ConfigLoader has checked the combination; RemoteProviderOptions checks it again. */
  private static RemoteProviderOptions remoteOptions(ProviderConfig provider) {
    if ("true".equals(provider.setting("insecurePlaintext"))) {
      return RemoteProviderOptions.insecurePlaintext(provider.endpoint());
    }
    return RemoteProviderOptions.mutualTls(
        provider.endpoint(),
        Path.of(provider.caFile()),
        Path.of(provider.setting("clientCertFile")),
        Path.of(provider.setting("clientKeyFile")));
  }

  /** Registers an emulator about to start, so close() stops it; refused once closed. */
  private synchronized void started(AutoCloseable emulator) {
    if (closed) {
      throw new IllegalStateException("closed: no more embedded emulators");
    }
    emulators.add(emulator);
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (AutoCloseable emulator : emulators) {
      try {
        emulator.close();
      } catch (Exception e) {
        LOG.warn("stopping an embedded emulator: {}", e.toString());
      }
    }
    emulators.clear();
  }
}
