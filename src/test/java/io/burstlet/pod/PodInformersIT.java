package io.burstlet.pod;

import static org.awaitility.Awaitility.await;

import io.burstlet.it.TestCluster;
import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * Pod intake never hangs on a dead connection: a watch whose connection goes silent — here a proxy
 * in front of the real API server that stops forwarding, as a half-open connection does — fails
 * within its ping interval, and the informer starts listing and watching again.
 */
class PodInformersIT {
  @Test
  void aWatchWhoseConnectionGoesSilentFailsWithinThePingInterval() throws Exception {
    ApiClient admin = TestCluster.admin();
    URI server = URI.create(admin.getBasePath());
    String node = "informers-it-" + UUID.randomUUID().toString().substring(0, 8);
    try (SilencingProxy proxy = new SilencingProxy(server.getHost(), server.getPort())) {
      admin.setBasePath("https://127.0.0.1:" + proxy.port());
      PodInformers informers = new PodInformers(admin, List.of(node), Duration.ofMillis(500));
      try {
        informers.start();
        await().atMost(Duration.ofSeconds(30)).until(informers::hasSynced);
        long before = informers.listAndWatchCalls(node);

        proxy.silence();

        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> informers.listAndWatchCalls(node) > before);
      } finally {
        informers.close();
      }
    }
  }

  /** Forwards TCP to the API server until {@link #silence()}; then drops every byte, both ways. */
  static final class SilencingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final Queue<Socket> sockets = new ConcurrentLinkedQueue<>();
    private volatile boolean silent;

    SilencingProxy(String host, int port) throws IOException {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread accept =
          new Thread(
              () -> {
                while (!listener.isClosed()) {
                  try {
                    Socket client = listener.accept();
                    Socket upstream = new Socket(host, port);
                    sockets.add(client);
                    sockets.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                  } catch (IOException e) {
                    return; // closed
                  }
                }
              },
              "proxy-accept");
      accept.setDaemon(true);
      accept.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    void silence() {
      silent = true;
    }

    private void pump(Socket from, Socket to) {
      Thread t =
          new Thread(
              () -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                  for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (!silent) {
                      out.write(buffer, 0, n);
                      out.flush();
                    }
                  }
                } catch (IOException e) {
                  // One side closed; the other side's pump ends too.
                }
              },
              "proxy-pump");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() throws IOException {
      listener.close();
      for (Socket s : sockets) {
        s.close();
      }
    }
  }
}
