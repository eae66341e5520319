package io.burstlet.provider.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.provider.CloudAuthException;
import io.burstlet.provider.CloudRejectedException;
import io.burstlet.provider.CloudThrottledException;
import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.LogOptions;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.ProviderException;
import io.burstlet.provider.UnsupportedPodException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each SPI exception thrown by the remote provider comes back as the same type and fields. */
class ErrorMappingTest {
  private static GrpcHarness grpc;

  @BeforeAll
  static void start() throws Exception {
    grpc = GrpcHarness.start();
  }

  @AfterAll
  static void stop() {
    grpc.close();
  }

  static Stream<Arguments> providerExceptions() {
    return Stream.of(
        Arguments.of(
            new UnsupportedPodException(
                "spec.containers[0].securityContext.privileged", "privileged is not supported"),
            Status.Code.INVALID_ARGUMENT),
        Arguments.of(
            new CloudRejectedException("InvalidContainerGroupName", "name too long"),
            Status.Code.FAILED_PRECONDITION),
        Arguments.of(
            new CloudThrottledException("slow down", Duration.ofMillis(7250)),
            Status.Code.RESOURCE_EXHAUSTED),
        Arguments.of(
            new CloudUnavailableException("ECI timed out", true, new java.io.IOException("reset")),
            Status.Code.UNAVAILABLE),
        Arguments.of(
            new CloudUnavailableException("ACI answered 503", false, null),
            Status.Code.UNAVAILABLE),
        Arguments.of(new CloudAuthException("AuthorizationFailed"), Status.Code.UNAUTHENTICATED),
        Arguments.of(new ProviderException("the provider gave up"), Status.Code.UNKNOWN));
  }

  @ParameterizedTest
  @MethodSource("providerExceptions")
  void comesBackAsTheSameTypeWithTheSameFields(ProviderException thrown, Status.Code code)
      throws Exception {
    PodRef ref = Fixtures.ref("1");
    List<ThrowingCall> calls =
        List.of(
            () -> grpc.remote.createPod(Fixtures.richRequest(ref)),
            () -> grpc.remote.deletePod(ref),
            () -> grpc.remote.getPodStatus(ref),
            () -> grpc.remote.listPods("1"),
            () -> grpc.remote.checkHealth("1"),
            () -> grpc.remote.containerLogs(ref, "app", LogOptions.all()),
            () -> grpc.remote.exec(ref, "app", List.of("sh"), false));
    for (ThrowingCall call : calls) {
      grpc.fake.failNext(thrown);
      ProviderException got = assertThrows(ProviderException.class, call::run);
      assertSameException(thrown, got);
    }
    assertEquals(code, ProviderErrors.toStatus(thrown).getStatus().getCode());
  }

  @Test
  void anExecThatTheProviderDoesNotSupportStaysUnsupported() throws Exception {
    PodRef ref = Fixtures.ref("1");
    grpc.fake.failNext(new UnsupportedPodException("exec", "exec is not supported by mem"));
    UnsupportedPodException e =
        assertThrows(
            UnsupportedPodException.class, () -> grpc.remote.exec(ref, "app", List.of("sh"), true));
    assertEquals("exec", e.field());
  }

  @Test
  void aProviderBugIsAnInternalErrorThatIsNotRetried() {
    grpc.fake.crashNext(new IllegalStateException("boom"));
    ProviderException e = assertThrows(ProviderException.class, () -> grpc.remote.checkHealth("1"));
    assertSame(ProviderException.class, e.getClass());
    assertFalse(e.isRetryable());
    assertTrue(e.getMessage().contains("INTERNAL"), e.getMessage());
    assertTrue(e.getMessage().contains("IllegalStateException"), e.getMessage());
  }

  @Test
  void transportFailuresWithoutDetailsAreClassifiedByCode() {
    String call = "provider server 10.0.0.5:7443, CreatePod";
    for (Status.Code code :
        List.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.CANCELLED)) {
      StatusRuntimeException e =
          code.toStatus().withDescription("io exception").asRuntimeException();
      CloudUnavailableException create =
          assertInstanceOf(
              CloudUnavailableException.class, ProviderErrors.fromStatus(e, call, true));
      assertTrue(create.isAmbiguous(), code + " during a create");
      assertEquals(call + ": " + code + " (io exception)", create.getMessage());
      CloudUnavailableException read =
          assertInstanceOf(
              CloudUnavailableException.class, ProviderErrors.fromStatus(e, call, false));
      assertFalse(read.isAmbiguous(), code + " during a read");
    }
    for (Status.Code code : List.of(Status.Code.UNAUTHENTICATED, Status.Code.PERMISSION_DENIED)) {
      assertInstanceOf(
          CloudAuthException.class,
          ProviderErrors.fromStatus(code.toStatus().asRuntimeException(), call, true));
    }
    for (Status.Code code :
        List.of(
            Status.Code.UNIMPLEMENTED,
            Status.Code.INTERNAL,
            Status.Code.INVALID_ARGUMENT,
            Status.Code.RESOURCE_EXHAUSTED)) {
      ProviderException e =
          ProviderErrors.fromStatus(code.toStatus().asRuntimeException(), call, true);
      assertSame(ProviderException.class, e.getClass(), code.toString());
      assertFalse(e.isRetryable(), code.toString());
    }
  }

  @Test
  void aThrottleWithoutARetryAfterGetsTheDefaultWait() {
    var error =
        io.burstlet.provider.grpc.v1.ProviderError.newBuilder()
            .setKind(io.burstlet.provider.grpc.v1.ErrorKind.ERROR_KIND_CLOUD_THROTTLED)
            .setMessage("Throttling.User")
            .build();
    var status =
        com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.RESOURCE_EXHAUSTED.value())
            .setMessage("Throttling.User")
            .addDetails(com.google.protobuf.Any.pack(error))
            .build();
    CloudThrottledException e =
        assertInstanceOf(
            CloudThrottledException.class,
            ProviderErrors.fromStatus(
                io.grpc.protobuf.StatusProto.toStatusRuntimeException(status), "x", false));
    assertEquals(new CloudThrottledException("", null).retryAfter(), e.retryAfter());
  }

  @Test
  void messagesWithoutTheJavaPrefixFromOtherServersAreKeptAsSent() {
    var error =
        io.burstlet.provider.grpc.v1.ProviderError.newBuilder()
            .setKind(io.burstlet.provider.grpc.v1.ErrorKind.ERROR_KIND_CLOUD_REJECTED)
            .setCloudCode("IncorrectVSwitchStatus")
            .setMessage("the vSwitch is not available")
            .build();
    var status =
        com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.FAILED_PRECONDITION.value())
            .addDetails(com.google.protobuf.Any.pack(error))
            .build();
    CloudRejectedException e =
        assertInstanceOf(
            CloudRejectedException.class,
            ProviderErrors.fromStatus(
                io.grpc.protobuf.StatusProto.toStatusRuntimeException(status), "x", false));
    assertEquals("IncorrectVSwitchStatus", e.code());
    assertEquals("IncorrectVSwitchStatus: the vSwitch is not available", e.getMessage());
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void run() throws Exception;
  }

  private static void assertSameException(ProviderException expected, ProviderException got) {
    assertSame(expected.getClass(), got.getClass(), "type");
    assertEquals(expected.getMessage(), got.getMessage(), "message");
    assertEquals(expected.isRetryable(), got.isRetryable(), "retryable");
    if (expected instanceof UnsupportedPodException u) {
      assertEquals(u.field(), ((UnsupportedPodException) got).field(), "field");
    }
    if (expected instanceof CloudRejectedException r) {
      assertEquals(r.code(), ((CloudRejectedException) got).code(), "code");
    }
    if (expected instanceof CloudThrottledException t) {
      assertEquals(t.retryAfter(), ((CloudThrottledException) got).retryAfter(), "retryAfter");
    }
    if (expected instanceof CloudUnavailableException u) {
      assertEquals(u.isAmbiguous(), ((CloudUnavailableException) got).isAmbiguous(), "ambiguous");
    }
  }
}
