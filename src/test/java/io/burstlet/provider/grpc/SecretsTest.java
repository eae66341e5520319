package io.burstlet.provider.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.ProviderException;
import io.burstlet.provider.grpc.v1.CreatePodRequest;
import io.burstlet.provider.grpc.v1.ProviderGrpc;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Secret values in a PodRequest reach the provider intact but never the logs or any error message
 * of the gRPC layer, even when a provider bug or a malformed request quotes them.
 */
class SecretsTest {

  @Test
  void secretValuesNeverAppearInLogsOrErrors() throws Exception {
    List<String> messages = new ArrayList<>();
    String logged;
    try (LogCapture logs = new LogCapture();
        GrpcHarness grpc =
            GrpcHarness.start(
                o ->
                    o.withDeadlines(
                        new RemoteProviderOptions.Deadlines(
                            Duration.ofSeconds(5),
                            Duration.ofSeconds(5),
                            Duration.ofMillis(300))))) {
      PodRef ref = Fixtures.ref("1");
      PodRequest request = Fixtures.richRequest(ref);

      grpc.remote.createPod(request);
      PodRequest received = grpc.fake.lastCreate();
      assertEquals(
          Fixtures.SECRET_VALUE,
          new String(
              received.secrets().get("db").getData().get("password"), StandardCharsets.UTF_8),
          "the secret itself is delivered");
      assertEquals(Fixtures.TOKEN, received.serviceAccountToken().token());

      // A buggy provider that puts a secret into its exception message.
      grpc.fake.crashNext(
          new IllegalStateException("cannot use password " + Fixtures.SECRET_VALUE));
      messages.add(messageOf(() -> grpc.remote.createPod(request)));

      // A call that runs past its deadline.
      CountDownLatch gate = new CountDownLatch(1);
      grpc.fake.holdCallsAt(gate);
      try {
        messages.add(
            assertThrows(CloudUnavailableException.class, () -> grpc.remote.createPod(request))
                .getMessage());
      } finally {
        gate.countDown();
        grpc.fake.holdCallsAt(new CountDownLatch(0));
      }

      // A request whose Secret JSON client-java rejects; its error quotes the whole document.
      messages.add(malformedSecretError(grpc.server.port()));

      messages.add(request.toString());
      messages.add(String.valueOf(request.registryCredentials()));
      messages.add(String.valueOf(request.serviceAccountToken()));
      logged = logs.text();
    }

    assertTrue(
        logged.contains("serving provider mem"), "the capture sees our own logs:\n" + logged);
    assertTrue(
        logged.contains("IllegalStateException"),
        "the provider bug is logged (without its message):\n" + logged);
    for (String secret : Fixtures.SECRETS) {
      assertFalse(logged.contains(secret), "logs contain a secret:\n" + logged);
      for (String message : messages) {
        assertFalse(message.contains(secret), "message contains a secret: " + message);
      }
    }
  }

  private static String messageOf(Executable call) {
    ProviderException e = assertThrows(ProviderException.class, call::run);
    return e.getMessage();
  }

  private static String malformedSecretError(int port) throws InterruptedException {
    ManagedChannel channel =
        Grpc.newChannelBuilder("127.0.0.1:" + port, TestPki.agentCredentials()).build();
    try {
      PodRef ref = Fixtures.ref("1");
      CreatePodRequest valid = Wire.createPod(Fixtures.richRequest(ref));
      String secretJson =
          "{\"data\":{\"password\":\""
              + Fixtures.base64(Fixtures.SECRET_VALUE)
              + "\"},\"notAField\":\""
              + Fixtures.SECRET_VALUE
              + "\"}";
      CreatePodRequest malformed =
          valid.toBuilder().putSecretsJson("db", ByteString.copyFromUtf8(secretJson)).build();
      StatusRuntimeException e =
          assertThrows(
              StatusRuntimeException.class,
              () ->
                  ProviderGrpc.newBlockingStub(channel)
                      .withDeadlineAfter(5, TimeUnit.SECONDS)
                      .createPod(malformed));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
      assertTrue(e.getMessage().contains("secrets_json[db]"), e.getMessage());
      return e.getMessage();
    } finally {
      channel.shutdownNow();
      channel.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @FunctionalInterface
  private interface Executable {
    void run() throws Exception;
  }
}
