package io.burstlet.provider.eci;

import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ConfigLoader;
import io.burstlet.config.ProviderConfig;
import io.burstlet.emulator.eci.EciEmulator;
import io.burstlet.emulator.eci.EciTimings;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;

/**
 * The real {@link EciProvider} and {@link TeaEciClient} against an in-process {@link EciEmulator}
 * over HTTPS, configured the way an operator configures them: YAML through {@link ConfigLoader},
 * the AccessKey in files ({@code accessKeyIdFile}, {@code accessKeySecretFile}), the emulator's URL
 * as {@code endpoint} and its certificate as {@code caFile}.
 *
 * <p>The emulator serves region {@value #REGION}: zone {@value #ZONE_A} with {@code vsw-first},
 * zone {@value #ZONE_B} with {@code vsw-second} and {@code vsw-third}, one security group {@value
 * #SECURITY_GROUP}, and a fresh random AccessKey. Each test names its own cluster, so the sweeps of
 * different tests (which filter by the cluster tag) never see each other's groups. Every pod reads
 * a Secret into its environment ({@link #SECRET_VALUE}) that tests check never leaks.
 */
final class EciWire implements AutoCloseable {
  static final String REGION = "ap-northeast-1";
  static final String ZONE_A = "ap-northeast-1a";
  static final String ZONE_B = "ap-northeast-1b";
  static final String SECURITY_GROUP = "sg-wire0001";

  /** The value of the Secret every pod reads into {@code DB_PASSWORD}. */
  static final String SECRET_VALUE = "eci-wire-s3cr3t-4b1d9e";

  /** The provider's sweep interval ({@code pods.statusSyncInterval}). */
  static final Duration SYNC = Duration.ofMillis(300);

  /**
   * Scheduling 0.3 s and Pending 0.5 s: long enough that a 0.3 s sweep sees the group before it
   * runs, short enough for fast tests; deleted groups stay Terminating for 0.3 s; 0.5 s back-off.
   */
  static final EciTimings TIMINGS =
      new EciTimings(
          Duration.ofMillis(300),
          Duration.ofMillis(500),
          Duration.ofMillis(300),
          Duration.ofMillis(300),
          Duration.ofMillis(500));

  private static final SecureRandom RANDOM = new SecureRandom();

  final EciEmulator emulator;
  final String accessKeyId;
  final String accessKeySecret;
  private final Path dir;

  private EciWire(EciEmulator emulator, String id, String secret, Path dir) {
    this.emulator = emulator;
    this.accessKeyId = id;
    this.accessKeySecret = secret;
    this.dir = dir;
  }

  /**
   * Starts an HTTPS emulator with a random AccessKey and short timings, changed by {@code options}.
   */
  static EciWire start(UnaryOperator<EciEmulator.Builder> options) {
    String id = "LTAI" + random(20);
    String secret = random(30);
    EciEmulator emulator =
        options
            .apply(
                EciEmulator.builder()
                    .https(true)
                    .region(REGION)
                    .zone(ZONE_A, List.of("vsw-first"))
                    .zone(ZONE_B, List.of("vsw-second", "vsw-third"))
                    .securityGroups(SECURITY_GROUP)
                    .accessKey(id, secret)
                    .timings(TIMINGS))
            .build();
    try {
      emulator.start();
      Path dir = Files.createTempDirectory("eci-wire-");
      Files.writeString(dir.resolve("ca.pem"), emulator.certificatePem());
      EciWire wire = new EciWire(emulator, id, secret, dir);
      wire.writeCredentials("key", id, secret);
      return wire;
    } catch (IOException e) {
      emulator.close();
      throw new UncheckedIOException(e);
    }
  }

  static EciWire start() {
    return start(b -> b);
  }

  /** A new cluster name, unique per call: the tag that keeps one test's groups to itself. */
  static String newCluster() {
    return "wire-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The agent configuration of a provider in {@code cluster}, as an operator writes it. */
  BurstletConfig config(String cluster) {
    return config(cluster, "key");
  }

  /**
   * The configuration with the AccessKey {@code id}/{@code secret} instead of the emulator's one,
   * for tests of refused credentials.
   */
  BurstletConfig configWithKey(String cluster, String id, String secret) {
    String name = "key-" + random(6);
    writeCredentials(name, id, secret);
    return config(cluster, name);
  }

  private BurstletConfig config(String cluster, String credentials) {
    String yaml =
        """
        clusterName: %s
        nodeAddress: 10.240.0.4
        pods:
          statusSyncInterval: %dms
        providers:
          - name: eci
            type: eci
            region: %s
            endpoint: %s
            caFile: %s
            securityGroupId: %s
            credentials:
              accessKeyIdFile: %s
              accessKeySecretFile: %s
            zones:
              - {zone: %s, vSwitchId: vsw-first}
              - {zone: %s, vSwitchId: 'vsw-second,vsw-third'}
        """
            .formatted(
                cluster,
                SYNC.toMillis(),
                REGION,
                emulator.baseUri(),
                dir.resolve("ca.pem"),
                SECURITY_GROUP,
                dir.resolve(credentials + ".id"),
                dir.resolve(credentials + ".secret"),
                ZONE_A,
                ZONE_B);
    return ConfigLoader.parse(yaml, Map.of());
  }

  /** A real provider of {@code cluster}, not started. */
  EciProvider provider(String cluster) {
    return provider(config(cluster));
  }

  static EciProvider provider(BurstletConfig agent) {
    return new EciProvider(agent.providers().get(0), agent);
  }

  /** The real client the provider builds from the same configuration, for reading groups back. */
  TeaEciClient client(String cluster) {
    return TeaEciClient.fromConfig(config(cluster).providers().get(0));
  }

  /** The translator the provider uses, for sending its requests through the client directly. */
  EciTranslator translator(String cluster) {
    BurstletConfig agent = config(cluster);
    ProviderConfig provider = agent.providers().get(0);
    return new EciTranslator(provider, agent);
  }

  /** The group of {@code pod} as DescribeContainerGroups reports it through {@code client}. */
  static Optional<ContainerGroup> describe(EciClient client, PodRef pod) throws Exception {
    DescribeContainerGroupsResponse response =
        client.describeContainerGroups(
            new DescribeContainerGroupsRequest(
                REGION, null, List.of(), EciNames.groupName(pod.uid()), List.of(), null, null));
    return response.containerGroups().stream()
        .filter(g -> pod.uid().equals(g.tag(EciNames.TAG_POD_UID)))
        .findFirst();
  }

  /** A new pod identity on {@code zone}'s node, named as the agent names its nodes. */
  static PodRef newRef(String zone) {
    String uid = UUID.randomUUID().toString();
    return new PodRef("wire", "pod-" + uid.substring(0, 8), uid, "burstlet-eci-" + zone, zone);
  }

  static PodRef newRef() {
    return newRef(ZONE_A);
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
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // Temp files left behind are harmless.
    }
  }

  private void writeCredentials(String name, String id, String secret) {
    try {
      Files.writeString(dir.resolve(name + ".id"), id + "\n");
      Files.writeString(dir.resolve(name + ".secret"), secret + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String random(int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return out.toString();
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
