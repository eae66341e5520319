package io.burstlet.provider.aci;

import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ConfigLoader;
import io.burstlet.emulator.aci.AciEmulator;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.PodStatusListener;
import io.burstlet.provider.RegistryCredential;
import io.burstlet.provider.WirePods;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;

/**
 * The real {@link AciProvider} against an in-process {@link AciEmulator} over HTTPS, configured the
 * way an operator configures it: YAML through {@link ConfigLoader}, the emulator's URL as {@code
 * endpoint} and its certificate as {@code caFile}. Each provider gets its own resource group, so
 * the sweeps of different tests never see each other's groups. Every pod carries a secret
 * environment variable ({@link #SECRET_VALUE}) that tests check never leaks.
 */
final class AciWire implements AutoCloseable {
  static final String SUBSCRIPTION = "00000000-0000-0000-0000-00000000c0de";
  static final String SUBNET =
      "/subscriptions/"
          + SUBSCRIPTION
          + "/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aci";
  static final String CLUSTER = "wire";

  /** The value of the Secret every pod reads into {@code DB_PASSWORD}. */
  static final String SECRET_VALUE = "wire-s3cr3t-9f2c7a";

  /** How long a group stays Pending, and then Creating, in the emulator. */
  static final Duration PROVISIONING_STEP = Duration.ofMillis(400);

  /** The provider's sweep interval ({@code pods.statusSyncInterval}). */
  static final Duration SYNC = Duration.ofMillis(300);

  final AciEmulator emulator;
  private final Path caFile;

  private AciWire(AciEmulator emulator, Path caFile) {
    this.emulator = emulator;
    this.caFile = caFile;
  }

  /** Starts an emulator with short provisioning steps, changed by {@code options}. */
  static AciWire start(UnaryOperator<AciEmulator.Builder> options) {
    AciEmulator emulator =
        options
            .apply(
                AciEmulator.builder()
                    .pending(PROVISIONING_STEP)
                    .creating(PROVISIONING_STEP)
                    .restartBackoff(Duration.ofMillis(500))
                    .subnet(SUBNET, "10.7.0.0/24"))
            .build();
    try {
      emulator.start();
      Path ca = Files.createTempFile("aci-emulator-", ".pem");
      Files.writeString(ca, emulator.certificatePem());
      return new AciWire(emulator, ca);
    } catch (IOException e) {
      emulator.close();
      throw new UncheckedIOException(e);
    }
  }

  static AciWire start() {
    return start(b -> b);
  }

  /** A new resource group name, unique per call. */
  static String newResourceGroup() {
    return "rg-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The agent configuration for a provider on {@code resourceGroup}, as an operator writes it. */
  BurstletConfig config(String resourceGroup) {
    String yaml =
        """
        clusterName: %s
        nodeAddress: 10.240.0.4
        pods:
          statusSyncInterval: %dms
        providers:
          - name: aci
            type: aci
            region: westeurope
            subscriptionId: %s
            resourceGroup: %s
            endpoint: %s
            caFile: %s
            zones:
              - {zone: "1", subnetId: %s}
              - {zone: "2"}
        """
            .formatted(
                CLUSTER,
                SYNC.toMillis(),
                SUBSCRIPTION,
                resourceGroup,
                emulator.baseUri(),
                caFile,
                SUBNET);
    return ConfigLoader.parse(yaml, Map.of());
  }

  /** A real provider on {@code resourceGroup}, not started. */
  AciProvider provider(String resourceGroup) {
    BurstletConfig agent = config(resourceGroup);
    return new AciProvider(agent.providers().get(0), agent);
  }

  /** The name of the container group of {@code pod}. */
  static String group(PodRef pod) {
    return AciNames.groupName(pod.uid());
  }

  /** A new pod identity on zone 1's node, named as the agent names its nodes. */
  static PodRef newRef() {
    return newRef("1");
  }

  static PodRef newRef(String zone) {
    String uid = UUID.randomUUID().toString();
    return new PodRef("wire", "pod-" + uid.substring(0, 8), uid, "burstlet-aci-" + zone, zone);
  }

  /** A one-container pod ({@code app}) running {@code script} under {@code sh -c}. */
  static V1Pod pod(PodRef ref, String restartPolicy, String image, String script) {
    return WirePods.pod(ref, restartPolicy, image, script);
  }

  static V1Pod longRunning(PodRef ref) {
    return WirePods.longRunning(ref);
  }

  static PodRequest request(V1Pod pod, PodRef ref) {
    return WirePods.request(pod, ref, SECRET_VALUE, List.of());
  }

  static PodRequest request(V1Pod pod, PodRef ref, List<RegistryCredential> credentials) {
    return WirePods.request(pod, ref, SECRET_VALUE, credentials);
  }

  @Override
  public void close() {
    emulator.close();
    try {
      Files.deleteIfExists(caFile);
    } catch (IOException e) {
      // A temp file left behind is harmless.
    }
  }

  /** What a provider's sweep told its listener, in order. Thread-safe. */
  static final class Recorder implements PodStatusListener {
    /** One notification; {@code status} is null for {@code onGone}. */
    record Event(PodRef pod, V1PodStatus status) {}

    final Queue<Event> events = new ConcurrentLinkedQueue<>();

    @Override
    public void onStatus(PodRef pod, V1PodStatus status) {
      events.add(new Event(pod, status));
    }

    @Override
    public void onGone(PodRef pod) {
      events.add(new Event(pod, null));
    }

    /** The statuses pushed for {@code pod}, oldest first. */
    List<V1PodStatus> statuses(PodRef pod) {
      return events.stream()
          .filter(e -> e.pod().uid().equals(pod.uid()) && e.status() != null)
          .map(Event::status)
          .toList();
    }

    /** The latest status pushed for {@code pod}. */
    Optional<V1PodStatus> latest(PodRef pod) {
      List<V1PodStatus> all = statuses(pod);
      return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    boolean gone(PodRef pod) {
      return events.stream().anyMatch(e -> e.pod().uid().equals(pod.uid()) && e.status() == null);
    }
  }
}
