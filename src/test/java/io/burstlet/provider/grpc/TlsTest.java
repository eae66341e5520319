package io.burstlet.provider.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.InMemoryProvider;
import io.burstlet.provider.PodRef;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS between agent and provider server, and the rule that plaintext stays on loopback. */
class TlsTest {

  @Test
  void aClientTrustingTheServersCertificateTalksTls(@TempDir Path dir) throws Exception {
    TestCertificates server = TestCertificates.write(dir, "server");
    TestCertificates stranger = TestCertificates.write(dir, "stranger");
    InMemoryProvider fake = InMemoryProvider.standard();
    try (ProviderServer served =
        new ProviderServer(
                fake, ServerOptions.tls("127.0.0.1", 0, server.certFile(), server.keyFile()))
            .start()) {
      String target = "127.0.0.1:" + served.port();

      try (RemoteProvider remote =
          RemoteProvider.connect(RemoteProviderOptions.tls(target, server.certFile()))) {
        PodRef ref = Fixtures.ref("1");
        remote.createPod(Fixtures.richRequest(ref));
        assertEquals("Pending", remote.getPodStatus(ref).orElseThrow().getPhase());
      }

      // Neither a client trusting another certificate nor a plaintext one gets an answer.
      assertThrows(
          CloudUnavailableException.class,
          () -> RemoteProvider.connect(RemoteProviderOptions.tls(target, stranger.certFile())));
      assertThrows(
          CloudUnavailableException.class,
          () -> RemoteProvider.connect(RemoteProviderOptions.plaintext(target)));
    }
  }

  @Test
  void plaintextIsOnlyAllowedOnLoopbackOrExplicitly(@TempDir Path dir) throws Exception {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ServerOptions("0.0.0.0", 0, null, null, false));
    assertTrue(
        e.getMessage().startsWith("host: 0.0.0.0 is not a loopback address"), e.getMessage());

    assertFalse(new ServerOptions("0.0.0.0", 0, null, null, true).tls(), "explicit plaintext");
    new ServerOptions("localhost", 0, null, null, false);
    new ServerOptions("::1", 0, null, null, false);

    TestCertificates certs = TestCertificates.write(dir, "server");
    assertTrue(ServerOptions.tls("0.0.0.0", 0, certs.certFile(), certs.keyFile()).tls());
    assertThrows(
        IllegalArgumentException.class,
        () -> new ServerOptions("0.0.0.0", 0, certs.certFile(), null, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> ServerOptions.tls("0.0.0.0", 0, dir.resolve("missing.crt"), certs.keyFile()));
  }

  @Test
  void clientOptionsAreValidatedNamingTheField(@TempDir Path dir) {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> RemoteProviderOptions.plaintext("nope"))
            .getMessage()
            .startsWith("target:"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> RemoteProviderOptions.tls("h:1", dir.resolve("missing.pem")))
            .getMessage()
            .startsWith("caFile:"));
    RemoteProviderOptions.plaintext("[::1]:7443");
    RemoteProviderOptions.tls("provider.burstlet.svc:7443", null);
  }
}
