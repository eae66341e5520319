package io.burstlet.provider.grpc;

import io.burstlet.provider.ExecTarget;
import io.burstlet.provider.Provider;
import io.burstlet.provider.ProviderException;
import io.burstlet.provider.grpc.v1.CheckHealthRequest;
import io.burstlet.provider.grpc.v1.CheckHealthResponse;
import io.burstlet.provider.grpc.v1.ContainerLogsRequest;
import io.burstlet.provider.grpc.v1.ContainerLogsResponse;
import io.burstlet.provider.grpc.v1.CreatePodRequest;
import io.burstlet.provider.grpc.v1.CreatePodResponse;
import io.burstlet.provider.grpc.v1.DeletePodRequest;
import io.burstlet.provider.grpc.v1.DeletePodResponse;
import io.burstlet.provider.grpc.v1.DescribeRequest;
import io.burstlet.provider.grpc.v1.DescribeResponse;
import io.burstlet.provider.grpc.v1.ExecRequest;
import io.burstlet.provider.grpc.v1.ExecResponse;
import io.burstlet.provider.grpc.v1.GetPodStatusRequest;
import io.burstlet.provider.grpc.v1.GetPodStatusResponse;
import io.burstlet.provider.grpc.v1.ListPodsRequest;
import io.burstlet.provider.grpc.v1.ListPodsResponse;
import io.burstlet.provider.grpc.v1.ProviderGrpc;
import io.burstlet.provider.grpc.v1.StatusEvent;
import io.burstlet.provider.grpc.v1.WatchStatusRequest;
import io.burstlet.provider.grpc.v1.Zone;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each rpc by calling the same SPI method. Requests are never logged: CreatePod carries
 * secret values, and a generated message's {@code toString()} prints every field.
 */
final class ProviderService extends ProviderGrpc.ProviderImplBase {
  private static final Logger log = LoggerFactory.getLogger(ProviderService.class);

  private final Provider provider;
  private final StatusFanOut statuses;

  ProviderService(Provider provider, StatusFanOut statuses) {
    this.provider = provider;
    this.statuses = statuses;
  }

  @Override
  public void describe(DescribeRequest request, StreamObserver<DescribeResponse> out) {
    answer(
        "Describe",
        out,
        () -> {
          DescribeResponse.Builder b =
              DescribeResponse.newBuilder()
                  .setName(provider.name())
                  .setCloud(provider.cloud())
                  .setRegion(provider.region());
          for (String zone : provider.zones()) {
            b.addZones(Zone.newBuilder().setZone(zone).putAllCapacity(provider.capacity(zone)));
          }
          return b.build();
        });
  }

  @Override
  public void checkHealth(CheckHealthRequest request, StreamObserver<CheckHealthResponse> out) {
    answer(
        "CheckHealth",
        out,
        () -> {
          provider.checkHealth(request.getZone());
          return CheckHealthResponse.getDefaultInstance();
        });
  }

  @Override
  public void createPod(CreatePodRequest request, StreamObserver<CreatePodResponse> out) {
    answer(
        "CreatePod",
        out,
        () -> {
          provider.createPod(Wire.createPod(request));
          return CreatePodResponse.getDefaultInstance();
        });
  }

  @Override
  public void deletePod(DeletePodRequest request, StreamObserver<DeletePodResponse> out) {
    answer(
        "DeletePod",
        out,
        () -> {
          provider.deletePod(Wire.ref(request.getRef(), "ref"));
          return DeletePodResponse.getDefaultInstance();
        });
  }

  @Override
  public void getPodStatus(GetPodStatusRequest request, StreamObserver<GetPodStatusResponse> out) {
    answer(
        "GetPodStatus",
        out,
        () -> {
          Optional<V1PodStatus> status = provider.getPodStatus(Wire.ref(request.getRef(), "ref"));
          GetPodStatusResponse.Builder b = GetPodStatusResponse.newBuilder();
          status.ifPresent(s -> b.setStatusJson(KubeJson.encode(s)));
          return b.build();
        });
  }

  @Override
  public void listPods(ListPodsRequest request, StreamObserver<ListPodsResponse> out) {
    answer(
        "ListPods",
        out,
        () -> {
          ListPodsResponse.Builder b = ListPodsResponse.newBuilder();
          provider.listPods(request.getZone()).forEach(p -> b.addPods(Wire.cloudPod(p)));
          return b.build();
        });
  }

  @Override
  public void containerLogs(
      ContainerLogsRequest request, StreamObserver<ContainerLogsResponse> out) {
    answer(
        "ContainerLogs",
        out,
        () -> {
          String text =
              provider.containerLogs(
                  Wire.ref(request.getRef(), "ref"),
                  request.getContainer(),
                  Wire.logOptions(request.getOptions()));
          return ContainerLogsResponse.newBuilder().setText(text == null ? "" : text).build();
        });
  }

  @Override
  public void exec(ExecRequest request, StreamObserver<ExecResponse> out) {
    answer(
        "Exec",
        out,
        () -> {
          ExecTarget target =
              provider.exec(
                  Wire.ref(request.getRef(), "ref"),
                  request.getContainer(),
                  List.copyOf(request.getCommandList()),
                  request.getTty());
          return Wire.execResponse(target);
        });
  }

  @Override
  public void watchStatus(WatchStatusRequest request, StreamObserver<StatusEvent> out) {
    statuses.subscribe((ServerCallStreamObserver<StatusEvent>) out);
  }

  /** One SPI call whose checked failures are the SPI's and the wire's. */
  @FunctionalInterface
  private interface Call<T> {
    T run() throws ProviderException, WireDataException;
  }

  private <T> void answer(String rpc, StreamObserver<T> out, Call<T> call) {
    T response;
    try {
      response = call.run();
    } catch (ProviderException e) {
      // The SPI promises these messages are free of secrets.
      log.debug("{} failed: {}", rpc, e.toString());
      out.onError(ProviderErrors.toStatus(e));
      return;
    } catch (WireDataException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (RuntimeException e) {
      // A provider bug. Its message may quote anything it was given, secrets included, so only
      // the type and where it was thrown are logged and sent.
      StackTraceElement[] where = e.getStackTrace();
      log.warn(
          "{} failed with an unexpected {} at {}",
          rpc,
          e.getClass().getName(),
          where.length > 0 ? where[0] : "(unknown)");
      out.onError(
          Status.INTERNAL
              .withDescription(
                  "provider "
                      + provider.name()
                      + " failed unexpectedly in "
                      + rpc
                      + " ("
                      + e.getClass().getSimpleName()
                      + ")")
              .asRuntimeException());
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }
}
