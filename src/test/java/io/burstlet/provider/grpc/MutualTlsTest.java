package io.burstlet.provider.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.InMemoryProvider;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.ProviderException;
import io.burstlet.provider.grpc.v1.ListPodsRequest;
import io.burstlet.provider.grpc.v1.ProviderGrpc;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider server serves only agents whose client certificate its client CA signed, and the
 * agent talks only to a server whose certificate its CA signed. Each refused caller is tried on a
 * server that, at the same moment, serves the right agent, and must leave the provider untouched.
 */
class MutualTlsTest {
  @TempDir Path dir;
  private InMemoryProvider fake;
  private ProviderServer server;
  private String target;

  @BeforeEach
  void serve() throws Exception {
    fake = InMemoryProvider.standard();
    server = new ProviderServer(fake, TestPki.serverOptions(0)).start();
    target = "127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anAgentWithACertificateFromTheClientCaIsServed() throws Exception {
    try (RemoteProvider remote = RemoteProvider.connect(TestPki.clientOptions(target))) {
      assertEquals(fake.name(), remote.name());
      PodRef ref = Fixtures.ref("1");
      remote.createPod(Fixtures.richRequest(ref));
      assertEquals("Pending", remote.getPodStatus(ref).orElseThrow().getPhase());
      assertEquals(1, fake.creates());
    }
  }

  @Test
  void aClientWithoutCertificateIsRefused() {
    ChannelCredentials noCertificate =
        tls(TlsChannelCredentials.newBuilder(), TestPki.Shared.CA.certFile).build();
    assertRefusedInTheHandshake(noCertificate);
    assertServerStillServesTheAgent();
  }

  @Test
  void aCertificateFromAnotherCaIsRefused() throws Exception {
    TestPki stranger = TestPki.authority(dir, "stranger");
    TestPki.Issued impostor = stranger.client("burstlet-agent");
    CloudUnavailableException e =
        assertThrows(
            CloudUnavailableException.class,
            () ->
                RemoteProvider.connect(
                    RemoteProviderOptions.mutualTls(
                        target,
                        TestPki.Shared.CA.certFile,
                        impostor.certFile(),
                        impostor.keyFile())));
    assertFalse(e.isAmbiguous());
    assertRefusedInTheHandshake(clientCredentials(impostor));
    assertServerStillServesTheAgent();
  }

  @Test
  void anExpiredClientCertificateIsRefused() throws Exception {
    TestPki.Issued expired = TestPki.Shared.CA.expiredClient("burstlet-agent-last-year");
    assertThrows(
        CloudUnavailableException.class,
        () ->
            RemoteProvider.connect(
                RemoteProviderOptions.mutualTls(
                    target, TestPki.Shared.CA.certFile, expired.certFile(), expired.keyFile())));
    assertRefusedInTheHandshake(clientCredentials(expired));
    assertServerStillServesTheAgent();
  }

  @Test
  void aPlaintextClientIsRefused() {
    assertEquals(
        Status.Code.UNAVAILABLE, attemptCreate(InsecureChannelCredentials.create()).getCode());
    assertEquals(0, fake.creates());
    assertServerStillServesTheAgent();
  }

  @Test
  void theAgentRefusesAServerItsCaDidNotSign() throws Exception {
    TestPki other = TestPki.authority(dir, "other");
    TestPki.Issued otherServer = other.server("provider-server");
    InMemoryProvider elsewhere = InMemoryProvider.standard();
    try (ProviderServer impostor =
        new ProviderServer(
                elsewhere,
                ServerOptions.mutualTls(
                    "127.0.0.1",
                    0,
                    otherServer.certFile(),
                    otherServer.keyFile(),
                    TestPki.Shared.CA.certFile))
            .start()) {
      CloudUnavailableException e =
          assertThrows(
              CloudUnavailableException.class,
              () -> RemoteProvider.connect(TestPki.clientOptions("127.0.0.1:" + impostor.port())));
      assertTrue(hasSslCause(e), "refused in the TLS handshake: " + e);
    }
  }

  @Test
  void serverOptionsAllowPlaintextOnlyOnLoopbackAndOnlyWhenAsked() {
    for (String host : new String[] {"0.0.0.0", "10.0.0.5", "::", "provider.example.com"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> ServerOptions.insecurePlaintext(host, 7443));
      assertTrue(
          e.getMessage()
              .startsWith("insecurePlaintext: only allowed on a loopback address (127.0.0.1, ::1,"),
          e.getMessage());
    }
    for (String host : new String[] {"127.0.0.1", "127.3.2.1", "::1", "localhost"}) {
      assertFalse(ServerOptions.insecurePlaintext(host, 7443).tls(), host);
    }

    // Without the explicit flag there is no plaintext, not even on loopback.
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ServerOptions(
                    "127.0.0.1",
                    0,
                    TestPki.Shared.SERVER.certFile(),
                    TestPki.Shared.SERVER.keyFile(),
                    null,
                    false,
                    ServerOptions.DEFAULT_MAX_WATCHERS));
    assertTrue(missing.getMessage().startsWith("clientCaFile: required"), missing.getMessage());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    ServerOptions.mutualTls(
                        "0.0.0.0",
                        0,
                        dir.resolve("missing.crt"),
                        TestPki.Shared.SERVER.keyFile(),
                        TestPki.Shared.CA.certFile))
            .getMessage()
            .startsWith("certFile: file "));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> ServerOptions.insecurePlaintext("127.0.0.1", 0).withMaxWatchers(0))
            .getMessage()
            .startsWith("maxWatchers:"));
  }

  @Test
  void clientOptionsAllowPlaintextOnlyToLoopbackAndNameTheField() {
    for (String t : new String[] {"10.0.0.5:7443", "provider.example.com:7443", "[fd00::1]:7443"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> RemoteProviderOptions.insecurePlaintext(t));
      assertTrue(
          e.getMessage()
              .startsWith("insecurePlaintext: only allowed for a loopback target (127.0.0.1,"),
          e.getMessage());
    }
    for (String t : new String[] {"127.0.0.1:7443", "[::1]:7443", "localhost:7443"}) {
      assertFalse(RemoteProviderOptions.insecurePlaintext(t).tls(), t);
    }
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> RemoteProviderOptions.insecurePlaintext("nope"))
            .getMessage()
            .startsWith("target:"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    RemoteProviderOptions.mutualTls(
                        "provider.burstlet.svc:7443",
                        dir.resolve("missing.pem"),
                        TestPki.Shared.AGENT.certFile(),
                        TestPki.Shared.AGENT.keyFile()))
            .getMessage()
            .startsWith("caFile: file "));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    RemoteProviderOptions.mutualTls(
                        "provider.burstlet.svc:7443", TestPki.Shared.CA.certFile, null, null))
            .getMessage()
            .startsWith("certFile: required"));
  }

  @Test
  void anUnreadableKeyIsNamedWithoutQuotingIt() throws Exception {
    Path notAKey = java.nio.file.Files.writeString(dir.resolve("agent.key"), "not-a-key-5ec2e7");
    ProviderException e =
        assertThrows(
            ProviderException.class,
            () ->
                RemoteProvider.connect(
                    RemoteProviderOptions.mutualTls(
                        target,
                        TestPki.Shared.CA.certFile,
                        TestPki.Shared.AGENT.certFile(),
                        notAKey)));
    assertTrue(
        e.getMessage().startsWith("caFile, certFile, keyFile: cannot set up mutual TLS from"),
        e.getMessage());
    assertTrue(e.getMessage().contains(notAKey.toString()), e.getMessage());
    assertFalse(e.getMessage().contains("5ec2e7"), "the key file's content is never quoted");
  }

  @Test
  void aServerKeyThatIsNoKeyIsNamedWithoutQuotingIt() throws Exception {
    Path notAKey = java.nio.file.Files.writeString(dir.resolve("server.key"), "not-a-key-5ec2e7");
    ProviderServer broken =
        new ProviderServer(
            InMemoryProvider.standard(),
            ServerOptions.mutualTls(
                "127.0.0.1",
                0,
                TestPki.Shared.SERVER.certFile(),
                notAKey,
                TestPki.Shared.CA.certFile));
    java.io.IOException e = assertThrows(java.io.IOException.class, broken::start);
    assertTrue(
        e.getMessage().startsWith("certFile, keyFile, clientCaFile: cannot set up mutual TLS from"),
        e.getMessage());
    assertTrue(e.getMessage().contains(notAKey.toString()), e.getMessage());
    assertFalse(e.getMessage().contains("5ec2e7"), "the key file's content is never quoted");
    broken.close();
  }

  private void assertRefusedInTheHandshake(ChannelCredentials credentials) {
    Status status = attemptCreate(credentials);
    assertEquals(Status.Code.UNAVAILABLE, status.getCode(), status.toString());
    assertTrue(hasSslCause(status.asException()), "refused in the TLS handshake: " + status);
    assertEquals(0, fake.creates(), "nothing reached the provider");
  }

  private void assertServerStillServesTheAgent() {
    try (RemoteProvider remote = RemoteProvider.connect(TestPki.clientOptions(target))) {
      remote.checkHealth("1");
    } catch (Exception e) {
      throw new AssertionError("the right agent must still be served", e);
    }
  }

  /** A CreatePod straight over a channel with these credentials; its failure status. */
  private Status attemptCreate(ChannelCredentials credentials) {
    ManagedChannel channel = Grpc.newChannelBuilder(target, credentials).build();
    try {
      ProviderGrpc.newBlockingStub(channel)
          .withDeadlineAfter(20, TimeUnit.SECONDS)
          .createPod(Wire.createPod(Fixtures.richRequest(Fixtures.ref("1"))));
      // A listing would leak pods too: try it as well should the create have been served.
      ProviderGrpc.newBlockingStub(channel)
          .withDeadlineAfter(20, TimeUnit.SECONDS)
          .listPods(ListPodsRequest.newBuilder().setZone("1").build());
      return Status.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    } finally {
      channel.shutdownNow();
    }
  }

  private static ChannelCredentials clientCredentials(TestPki.Issued client) {
    try {
      return tls(TlsChannelCredentials.newBuilder(), TestPki.Shared.CA.certFile)
          .keyManager(client.certFile().toFile(), client.keyFile().toFile())
          .build();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static TlsChannelCredentials.Builder tls(TlsChannelCredentials.Builder b, Path ca) {
    try {
      return b.trustManager(ca.toFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean hasSslCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SSLException) {
        return true;
      }
    }
    return false;
  }
}
