package io.burstlet.kubelet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.burstlet.kubelet.PodLocator.LocatedPod;
import io.burstlet.tls.SelfSignedCertificate;
import io.kubernetes.client.openapi.ApiException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet HTTPS API of every virtual node (they share one address and port): what {@code
 * kubectl logs} reaches through the API server. Every request is authenticated (a client
 * certificate of the explicit client CA, or a bearer token) and authorized with the attributes the
 * kubelet uses ({@link RequestAttributes}) before anything else — a pod is looked up only for a
 * caller already allowed on at least one of our nodes.
 *
 * <p>Requests run on a fixed pool with a bounded queue; when both are full the caller gets 503 at
 * once instead of a thread being started for it.
 */
public final class KubeletServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubeletServer.class);
  private static final int THREADS = 32;
  private static final int QUEUE = 64;
  // Set on the single thread that answers 503 when the pool and its queue are full.
  private static final ThreadLocal<Boolean> OVERLOADED = ThreadLocal.withInitial(() -> false);

  private final HttpsServer server;
  private final ThreadPoolExecutor workers;
  private final ThreadPoolExecutor overflow;
  private final List<String> nodes;
  private final PodLocator pods;
  private final KubeletAuthenticator authenticator;
  private final KubeletAuthorizer authorizer;
  private final ContainerLogsHandler logs;

  /**
   * @param serving the certificate the server presents
   * @param nodes the names of the virtual nodes this server answers for
   */
  public KubeletServer(
      String bindAddress,
      int port,
      SelfSignedCertificate serving,
      List<String> nodes,
      PodLocator pods,
      KubeletAuthenticator authenticator,
      KubeletAuthorizer authorizer)
      throws IOException {
    this(bindAddress, port, serving, nodes, pods, authenticator, authorizer, THREADS, QUEUE);
  }

  KubeletServer(
      String bindAddress,
      int port,
      SelfSignedCertificate serving,
      List<String> nodes,
      PodLocator pods,
      KubeletAuthenticator authenticator,
      KubeletAuthorizer authorizer,
      int threads,
      int queue)
      throws IOException {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("the kubelet API needs at least one node");
    }
    this.nodes = List.copyOf(nodes);
    this.pods = pods;
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.logs = new ContainerLogsHandler(pods, Duration.ofSeconds(2), Clock.systemUTC());
    // Never null trust: that would make the JDK verify callers against its public CAs.
    SSLContext tls = serving.serverSslContext(authenticator.certificates().handshakeTrust());
    server = HttpsServer.create(new InetSocketAddress(bindAddress, port), 64);
    server.setHttpsConfigurator(
        new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters params) {
            var ssl = tls.getDefaultSSLParameters();
            // Ask for a client certificate but accept token callers without one.
            ssl.setWantClientAuth(true);
            params.setSSLParameters(ssl);
          }
        });
    workers = pool("kubelet-api-", threads, queue);
    overflow = pool("kubelet-api-overloaded-", 1, 16);
    server.setExecutor(this::dispatch);
    server.createContext("/", this::handle);
  }

  private static ThreadPoolExecutor pool(String prefix, int threads, int queue) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        threads,
        threads,
        0,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(queue),
        r -> {
          Thread t = new Thread(r, prefix + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** Runs an exchange on the pool; when it is full, on the thread that only answers 503. */
  private void dispatch(Runnable exchange) {
    try {
      workers.execute(exchange);
    } catch (RejectedExecutionException full) {
      // If this one is full too, the server closes the connection.
      overflow.execute(
          () -> {
            OVERLOADED.set(true);
            try {
              exchange.run();
            } finally {
              OVERLOADED.remove();
            }
          });
    }
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      if (OVERLOADED.get()) {
        throw new KubeletHttpException(503, "too many requests in progress", 1);
      }
      String path =
          exchange.getRequestURI().getPath() == null ? "" : exchange.getRequestURI().getPath();
      KubeletUser user = authenticator.authenticate(exchange);
      RequestAttributes request =
          RequestAttributes.of(exchange.getRequestMethod(), path)
              .orElseThrow(() -> new KubeletHttpException(405, "method not allowed"));
      Set<String> allowed = authorizer.allowedNodes(user, request, nodes);
      if (allowed.isEmpty()) {
        throw forbidden(user, request);
      }
      if (path.equals("/healthz") && request.verb().equals("get")) {
        reply(exchange, 200, "ok");
      } else if (path.startsWith("/containerLogs/")) {
        containerLogs(exchange, user, request, allowed);
      } else {
        throw new KubeletHttpException(404, "not found");
      }
    } catch (KubeletHttpException e) {
      if (e.retryAfterSeconds() > 0) {
        exchange.getResponseHeaders().set("Retry-After", Long.toString(e.retryAfterSeconds()));
      }
      reply(exchange, e.status(), e.getMessage());
    } catch (ApiException e) {
      LOG.warn("kubelet API: authentication or authorization call failed (HTTP {})", e.getCode());
      reply(exchange, 503, "cannot check the caller with the API server");
    }
  }

  /**
   * The real kubelet authorizes against its own node. Here all virtual nodes share this server and
   * the API server's node proxy may have addressed any of them, so the caller is authorized against
   * each; a pod is served only when the caller is allowed on the node the pod is bound to. To be no
   * oracle of which pods exist, a missing pod is 404 only for a caller allowed on every one of our
   * nodes (where it could have been); anyone else gets the same 403 as for a pod on a node they may
   * not use.
   */
  private void containerLogs(
      HttpExchange exchange, KubeletUser user, RequestAttributes request, Set<String> allowed)
      throws IOException, KubeletHttpException {
    String[] parts = exchange.getRequestURI().getRawPath().split("/");
    // "", "containerLogs", namespace, pod, container
    if (parts.length != 5 || !request.verb().equals("get")) {
      throw new KubeletHttpException(
          400, "expected GET /containerLogs/{namespace}/{pod}/{container}");
    }
    String namespace = decode(parts[2]);
    String pod = decode(parts[3]);
    String container = decode(parts[4]);
    Optional<LocatedPod> located = pods.find(namespace, pod);
    if (located.isEmpty()) {
      if (allowed.size() == nodes.size()) {
        throw new KubeletHttpException(
            404, "pod " + namespace + "/" + pod + " is not on this agent's virtual nodes");
      }
      throw forbidden(user, request);
    }
    if (!allowed.contains(located.get().ref().nodeName())) {
      throw forbidden(user, request);
    }
    logs.serve(located.get(), container, query(exchange), exchange);
  }

  private static KubeletHttpException forbidden(KubeletUser user, RequestAttributes request) {
    return new KubeletHttpException(
        403,
        "Forbidden: user \""
            + user.name()
            + "\" may not "
            + request.verb()
            + " nodes/"
            + request.subresource()
            + " here");
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> query = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        query.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      } else if (!pair.isEmpty()) {
        query.put(decode(pair), "");
      }
    }
    return query;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
    overflow.shutdownNow();
  }
}
