package io.burstlet.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Serves {@code /metrics} (Prometheus text format from our own registry) to the callers {@link
 * MetricsAccess} lets through, and to anyone, as probes carry no credentials, {@code /healthz} (no
 * loop of the agent has stalled: 503 naming each one that has) and {@code /readyz} (every virtual
 * node is registered).
 */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  public MetricsServer(
      String bindAddress,
      int port,
      CollectorRegistry registry,
      BooleanSupplier ready,
      Supplier<List<String>> stalled,
      MetricsAccess access)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
    server.createContext(
        "/metrics",
        exchange -> {
          Optional<MetricsAccess.Refusal> refusal = access.check(exchange);
          if (refusal.isPresent()) {
            if (refusal.get().retryAfterSeconds() > 0) {
              exchange
                  .getResponseHeaders()
                  .set("Retry-After", Long.toString(refusal.get().retryAfterSeconds()));
            }
            reply(exchange, refusal.get().status(), "text/plain", refusal.get().message() + "\n");
            return;
          }
          StringWriter out = new StringWriter();
          TextFormat.write004(out, registry.metricFamilySamples());
          reply(exchange, 200, TextFormat.CONTENT_TYPE_004, out.toString());
        });
    server.createContext(
        "/healthz",
        exchange -> {
          List<String> problems = stalled.get();
          reply(
              exchange,
              problems.isEmpty() ? 200 : 503,
              "text/plain",
              problems.isEmpty() ? "ok\n" : "stalled:\n" + String.join("\n", problems) + "\n");
        });
    server.createContext(
        "/readyz",
        exchange -> {
          boolean ok = ready.getAsBoolean();
          reply(exchange, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "not ready\n");
        });
    // A scrape may wait on the API server (authentication); enough threads that probes need not
    // queue behind a few of them, and a bounded queue (a refused connection is closed).
    executor =
        new ThreadPoolExecutor(
            4,
            4,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(64),
            r -> {
              Thread t = new Thread(r, "metrics-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
  }

  public void start() {
    server.start();
  }

  /** The bound port (useful when constructed with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void reply(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
  }
}
