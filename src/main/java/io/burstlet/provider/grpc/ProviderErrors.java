package io.burstlet.provider.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.burstlet.provider.CloudAuthException;
import io.burstlet.provider.CloudRejectedException;
import io.burstlet.provider.CloudThrottledException;
import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.ProviderException;
import io.burstlet.provider.UnsupportedPodException;
import io.burstlet.provider.grpc.v1.ErrorKind;
import io.burstlet.provider.grpc.v1.ProviderError;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;

/**
 * The one place that maps SPI exceptions to gRPC statuses and back (see ERRORS in {@code
 * burstlet_provider.proto}). A provider's error travels as a {@link ProviderError} in the {@code
 * grpc-status-details-bin} trailer so the agent re-creates the same exception type with the same
 * fields; a status without one is a transport failure and is classified by its code.
 */
final class ProviderErrors {
  private ProviderErrors() {}

  /** The status a server answers with when the provider threw {@code e}. */
  static StatusRuntimeException toStatus(ProviderException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    ProviderError.Builder error = ProviderError.newBuilder().setMessage(message);
    Status.Code code;
    if (e instanceof UnsupportedPodException u) {
      error.setKind(ErrorKind.ERROR_KIND_UNSUPPORTED_POD).setField(nullToEmpty(u.field()));
      code = Status.Code.INVALID_ARGUMENT;
    } else if (e instanceof CloudRejectedException r) {
      error.setKind(ErrorKind.ERROR_KIND_CLOUD_REJECTED).setCloudCode(nullToEmpty(r.code()));
      code = Status.Code.FAILED_PRECONDITION;
    } else if (e instanceof CloudThrottledException t) {
      error
          .setKind(ErrorKind.ERROR_KIND_CLOUD_THROTTLED)
          .setRetryAfterMillis(t.retryAfter().toMillis());
      code = Status.Code.RESOURCE_EXHAUSTED;
    } else if (e instanceof CloudUnavailableException u) {
      error.setKind(ErrorKind.ERROR_KIND_CLOUD_UNAVAILABLE).setAmbiguous(u.isAmbiguous());
      code = Status.Code.UNAVAILABLE;
    } else if (e instanceof CloudAuthException) {
      error.setKind(ErrorKind.ERROR_KIND_CLOUD_AUTH);
      code = Status.Code.UNAUTHENTICATED;
    } else {
      error.setKind(ErrorKind.ERROR_KIND_UNSPECIFIED);
      code = Status.Code.UNKNOWN;
    }
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage(message)
            .addDetails(Any.pack(error.build()))
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  /**
   * The SPI exception for a failed call.
   *
   * @param e what the stub threw
   * @param call names the server and rpc in messages of transport failures, e.g. {@code "provider
   *     server 10.0.0.5:7443, CreatePod"}
   * @param mayHaveTakenEffect whether a call that broke off may still have changed the cloud (true
   *     for CreatePod): such failures are reported as ambiguous
   */
  static ProviderException fromStatus(
      StatusRuntimeException e, String call, boolean mayHaveTakenEffect) {
    ProviderError error = providerError(e);
    if (error != null) {
      return fromProviderError(error);
    }
    Status status = e.getStatus();
    String message =
        call
            + ": "
            + status.getCode()
            + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")");
    return switch (status.getCode()) {
      case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED ->
          new CloudUnavailableException(message, mayHaveTakenEffect, e);
      case UNAUTHENTICATED, PERMISSION_DENIED -> new CloudAuthException(message);
      default -> new ProviderException(message, e);
    };
  }

  private static ProviderException fromProviderError(ProviderError error) {
    String message = error.getMessage();
    return switch (error.getKind()) {
      case ERROR_KIND_UNSUPPORTED_POD ->
          new UnsupportedPodException(
              error.getField(), withoutPrefix(message, error.getField() + ": "));
      case ERROR_KIND_CLOUD_REJECTED ->
          new CloudRejectedException(
              error.getCloudCode(), withoutPrefix(message, error.getCloudCode() + ": "));
      case ERROR_KIND_CLOUD_THROTTLED ->
          // 0 means "not said": the exception then applies its own default wait.
          new CloudThrottledException(
              message,
              error.getRetryAfterMillis() > 0
                  ? Duration.ofMillis(error.getRetryAfterMillis())
                  : null);
      case ERROR_KIND_CLOUD_UNAVAILABLE ->
          new CloudUnavailableException(message, error.getAmbiguous(), null);
      case ERROR_KIND_CLOUD_AUTH -> new CloudAuthException(message);
      case ERROR_KIND_UNSPECIFIED, UNRECOGNIZED -> new ProviderException(message);
    };
  }

  private static ProviderError providerError(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status == null) {
      return null;
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.is(ProviderError.class)) {
        try {
          return detail.unpack(ProviderError.class);
        } catch (InvalidProtocolBufferException malformed) {
          return null;
        }
      }
    }
    return null;
  }

  /**
   * The typed exceptions prefix their message with the field or cloud code; the constructors add it
   * again, so it is taken off here to re-create the very same message. Servers in other languages
   * may send the message with or without it.
   */
  private static String withoutPrefix(String message, String prefix) {
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
