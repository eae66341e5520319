package io.burstlet.provider.grpc;

import io.burstlet.provider.CloudPod;
import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.ExecTarget;
import io.burstlet.provider.LogOptions;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.PodStatusListener;
import io.burstlet.provider.Provider;
import io.burstlet.provider.ProviderException;
import io.burstlet.provider.UnsupportedPodException;
import io.burstlet.provider.grpc.v1.CheckHealthRequest;
import io.burstlet.provider.grpc.v1.ContainerLogsRequest;
import io.burstlet.provider.grpc.v1.CreatePodRequest;
import io.burstlet.provider.grpc.v1.DeletePodRequest;
import io.burstlet.provider.grpc.v1.DescribeRequest;
import io.burstlet.provider.grpc.v1.DescribeResponse;
import io.burstlet.provider.grpc.v1.ExecRequest;
import io.burstlet.provider.grpc.v1.GetPodStatusRequest;
import io.burstlet.provider.grpc.v1.GetPodStatusResponse;
import io.burstlet.provider.grpc.v1.ListPodsRequest;
import io.burstlet.provider.grpc.v1.ProviderGrpc;
import io.burstlet.provider.grpc.v1.Zone;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The provider SPI over gRPC: every call goes to a provider server ({@link ProviderServer}, or one
 * written in any language against {@code burstlet_provider.proto}).
 *
 * <p>Identity, zones and capacity are read once by {@link #connect} and then served from memory,
 * like a configured in-process provider's. Every other call has a deadline; failures come back as
 * the same typed {@link ProviderException} the remote provider threw, and a server that cannot be
 * reached or answers too late is a {@link CloudUnavailableException} (ambiguous for {@link
 * #createPod}, which may have reached the cloud). {@link #start} keeps a WatchStatus subscription
 * open across server restarts.
 */
public final class RemoteProvider implements Provider {
  private static final long CLOSE_GRACE_SECONDS = 5;

  /**
   * The largest answer the agent reads: a ListPods of a zone with thousands of pods fits. The
   * server is authenticated, but a broken one must not make the agent buffer without bound.
   */
  static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

  private final RemoteProviderOptions options;
  private final ManagedChannel channel;
  private final ProviderGrpc.ProviderBlockingStub stub;
  private final String name;
  private final String cloud;
  private final String region;
  private final List<String> zones;
  private final Map<String, Map<String, String>> capacityByZone;
  private final Object lock = new Object();
  private ScheduledExecutorService scheduler;
  private StatusWatch watch;

  private RemoteProvider(
      RemoteProviderOptions options, ManagedChannel channel, DescribeResponse description) {
    this.options = options;
    this.channel = channel;
    this.stub = ProviderGrpc.newBlockingStub(channel);
    this.name = description.getName();
    this.cloud = description.getCloud();
    this.region = description.getRegion();
    List<String> zoneNames = new ArrayList<>();
    Map<String, Map<String, String>> capacity = new LinkedHashMap<>();
    for (Zone zone : description.getZonesList()) {
      zoneNames.add(zone.getZone());
      capacity.put(zone.getZone(), Map.copyOf(zone.getCapacityMap()));
    }
    this.zones = List.copyOf(zoneNames);
    this.capacityByZone = Map.copyOf(capacity);
  }

  /**
   * Opens a channel to the server and reads the provider's description.
   *
   * @throws CloudUnavailableException when the server cannot be reached in time
   * @throws ProviderException when the server answers Describe with an error
   */
  public static RemoteProvider connect(RemoteProviderOptions options) throws ProviderException {
    ManagedChannel channel = channel(options);
    try {
      DescribeResponse description =
          call(
              options,
              "Describe",
              options.deadlines().health(),
              false,
              ProviderGrpc.newBlockingStub(channel),
              s -> s.describe(DescribeRequest.getDefaultInstance()));
      return new RemoteProvider(options, channel, description);
    } catch (ProviderException | RuntimeException e) {
      channel.shutdownNow();
      throw e;
    }
  }

  private static ManagedChannel channel(RemoteProviderOptions options) throws ProviderException {
    if (!options.tls()) {
      return channel(options, InsecureChannelCredentials.create());
    }
    try {
      return channel(
          options,
          TlsChannelCredentials.newBuilder()
              // Only this CA: a certificate a public CA issued for the same name must not pass.
              .trustManager(options.caFile().toFile())
              .keyManager(options.certFile().toFile(), options.keyFile().toFile())
              .build());
    } catch (IOException | RuntimeException e) {
      // The files are parsed here; a parser's message could quote the key, so only name them.
      throw new ProviderException(
          "caFile, certFile, keyFile: cannot set up mutual TLS from "
              + options.caFile()
              + ", "
              + options.certFile()
              + " and "
              + options.keyFile()
              + " (PEM CA certificates, certificate chain and unencrypted private key expected; "
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  private static ManagedChannel channel(
      RemoteProviderOptions options, ChannelCredentials credentials) {
    return Grpc.newChannelBuilder(options.target(), credentials)
        .maxInboundMessageSize(MAX_RESPONSE_BYTES)
        // Notice a dead connection under the long-lived WatchStatus stream within a minute.
        .keepAliveTime(30, TimeUnit.SECONDS)
        .keepAliveTimeout(10, TimeUnit.SECONDS)
        .build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String cloud() {
    return cloud;
  }

  @Override
  public List<String> zones() {
    return zones;
  }

  @Override
  public String region() {
    return region;
  }

  /** The capacity the server described for the zone; empty for a zone it does not serve. */
  @Override
  public Map<String, String> capacity(String zone) {
    return capacityByZone.getOrDefault(zone, Map.of());
  }

  @Override
  public void checkHealth(String zone) throws ProviderException {
    call(
        "CheckHealth",
        options.deadlines().health(),
        false,
        s -> s.checkHealth(CheckHealthRequest.newBuilder().setZone(zone).build()));
  }

  /**
   * Subscribes to the server's status events; re-subscribes whenever the stream breaks, until
   * {@link #close()}. Returns at once.
   *
   * @throws IllegalStateException when called twice
   */
  @Override
  public void start(PodStatusListener listener) {
    synchronized (lock) {
      if (watch != null) {
        throw new IllegalStateException("RemoteProvider " + name + " is already started");
      }
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "remote-provider-" + name + "-watch");
                t.setDaemon(true);
                return t;
              });
      watch = new StatusWatch(channel, listener, scheduler, options);
    }
    watch.start();
  }

  /** True while the WatchStatus subscription is open and caught up (false before start). */
  public boolean isWatching() {
    synchronized (lock) {
      return watch != null && watch.watching();
    }
  }

  @Override
  public void createPod(PodRequest request) throws ProviderException {
    // Encoded before the call so that the deadline only counts time on the wire and the server.
    CreatePodRequest message = Wire.createPod(request);
    int bytes = message.getSerializedSize();
    if (bytes > ProviderServer.MAX_REQUEST_BYTES) {
      // The server would refuse it unread; retrying never helps.
      throw new UnsupportedPodException(
          "spec",
          "the pod with its Secrets, ConfigMaps and token takes "
              + (bytes / (1024 * 1024))
              + " MiB, more than the provider server accepts ("
              + (ProviderServer.MAX_REQUEST_BYTES / (1024 * 1024))
              + " MiB)");
    }
    call("CreatePod", options.deadlines().write(), true, s -> s.createPod(message));
  }

  @Override
  public void deletePod(PodRef pod) throws ProviderException {
    call(
        "DeletePod",
        options.deadlines().write(),
        false,
        s -> s.deletePod(DeletePodRequest.newBuilder().setRef(Wire.ref(pod)).build()));
  }

  @Override
  public Optional<V1PodStatus> getPodStatus(PodRef pod) throws ProviderException {
    GetPodStatusResponse response =
        call(
            "GetPodStatus",
            options.deadlines().read(),
            false,
            s -> s.getPodStatus(GetPodStatusRequest.newBuilder().setRef(Wire.ref(pod)).build()));
    if (!response.hasStatusJson()) {
      return Optional.empty();
    }
    return Optional.of(decoded(() -> Wire.status(response.getStatusJson(), "status_json")));
  }

  @Override
  public List<CloudPod> listPods(String zone) throws ProviderException {
    var response =
        call(
            "ListPods",
            options.deadlines().read(),
            false,
            s -> s.listPods(ListPodsRequest.newBuilder().setZone(zone).build()));
    List<CloudPod> pods = new ArrayList<>(response.getPodsCount());
    for (var pod : response.getPodsList()) {
      pods.add(decoded(() -> Wire.cloudPod(pod)));
    }
    return List.copyOf(pods);
  }

  @Override
  public String containerLogs(PodRef pod, String container, LogOptions options)
      throws ProviderException {
    return call(
            "ContainerLogs",
            this.options.deadlines().read(),
            false,
            s ->
                s.containerLogs(
                    ContainerLogsRequest.newBuilder()
                        .setRef(Wire.ref(pod))
                        .setContainer(container)
                        .setOptions(Wire.logOptions(options))
                        .build()))
        .getText();
  }

  @Override
  public ExecTarget exec(PodRef pod, String container, List<String> command, boolean tty)
      throws ProviderException {
    return Wire.execTarget(
        call(
            "Exec",
            options.deadlines().read(),
            false,
            s ->
                s.exec(
                    ExecRequest.newBuilder()
                        .setRef(Wire.ref(pod))
                        .setContainer(container)
                        .addAllCommand(command)
                        .setTty(tty)
                        .build())));
  }

  /** Stops the status subscription and shuts the channel down. */
  @Override
  public void close() {
    synchronized (lock) {
      if (watch != null) {
        watch.close();
        scheduler.shutdownNow();
      }
    }
    channel.shutdown();
    try {
      if (!channel.awaitTermination(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "RemoteProvider[" + name + " at " + options.target() + "]";
  }

  /**
   * Runs one blocking call with a deadline. Build request messages before calling this: the
   * deadline starts here.
   */
  private <T> T call(
      String rpc,
      Duration deadline,
      boolean mayHaveTakenEffect,
      Function<ProviderGrpc.ProviderBlockingStub, T> call)
      throws ProviderException {
    return call(options, rpc, deadline, mayHaveTakenEffect, stub, call);
  }

  private static <T> T call(
      RemoteProviderOptions options,
      String rpc,
      Duration deadline,
      boolean mayHaveTakenEffect,
      ProviderGrpc.ProviderBlockingStub stub,
      Function<ProviderGrpc.ProviderBlockingStub, T> call)
      throws ProviderException {
    try {
      return call.apply(stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
    } catch (StatusRuntimeException e) {
      throw ProviderErrors.fromStatus(
          e, "provider server " + options.target() + ", " + rpc, mayHaveTakenEffect);
    }
  }

  @FunctionalInterface
  private interface Decoding<T> {
    T decode() throws WireDataException;
  }

  /** A server that sends what client-java cannot read is broken; retrying will not help. */
  private <T> T decoded(Decoding<T> decoding) throws ProviderException {
    try {
      return decoding.decode();
    } catch (WireDataException e) {
      throw new ProviderException(
          "provider server " + options.target() + " sent an unreadable answer: " + e.getMessage());
    }
  }
}
