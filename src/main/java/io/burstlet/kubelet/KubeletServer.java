package io.burstlet.kubelet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.kubernetes.client.openapi.ApiException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet HTTPS API of every virtual node (they share one address and port): what {@code
 * kubectl logs} reaches through the API server. Callers authenticate with a client certificate from
 * the cluster's client CA or a bearer token, and must be allowed {@code nodes/proxy} on the pod's
 * node.
 */
public final class KubeletServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubeletServer.class);

  private final HttpsServer server;
  private final ExecutorService executor;
  private final PodLocator pods;
  private final KubeletAuthenticator authenticator;
  private final KubeletAuthorizer authorizer;
  private final ContainerLogsHandler logs;

  /**
   * @param tls serves our certificate and trusts the cluster's client CA for caller certificates
   */
  public KubeletServer(
      String bindAddress,
      int port,
      SSLContext tls,
      PodLocator pods,
      KubeletAuthenticator authenticator,
      KubeletAuthorizer authorizer)
      throws IOException {
    this.pods = pods;
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.logs = new ContainerLogsHandler(pods, Duration.ofSeconds(2), Clock.systemUTC());
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
    AtomicInteger n = new AtomicInteger();
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "kubelet-api-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/healthz", exchange -> reply(exchange, 200, "ok"));
    server.createContext("/containerLogs/", this::containerLogs);
    server.createContext("/", exchange -> reply(exchange, 404, "not found"));
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void containerLogs(HttpExchange exchange) throws IOException {
    try {
      String[] parts = exchange.getRequestURI().getRawPath().split("/");
      // "", "containerLogs", namespace, pod, container
      if (parts.length != 5 || !"GET".equals(exchange.getRequestMethod())) {
        throw new KubeletHttpException(
            400, "expected GET /containerLogs/{namespace}/{pod}/{container}");
      }
      String namespace = decode(parts[2]);
      String pod = decode(parts[3]);
      String container = decode(parts[4]);
      KubeletUser user = authenticate(exchange);
      var located =
          pods.find(namespace, pod)
              .orElseThrow(
                  () ->
                      new KubeletHttpException(
                          404,
                          "pod "
                              + namespace
                              + "/"
                              + pod
                              + " is not on this agent's virtual nodes"));
      if (!authorizer.allowed(user, "get", "proxy", located.ref().nodeName())) {
        throw new KubeletHttpException(
            403, "user " + user.name() + " may not get nodes/proxy on " + located.ref().nodeName());
      }
      logs.serve(located, container, query(exchange), exchange);
    } catch (KubeletHttpException e) {
      reply(exchange, e.status(), e.getMessage());
    } catch (ApiException e) {
      LOG.warn("kubelet API: authentication or authorization call failed (HTTP {})", e.getCode());
      reply(exchange, 503, "cannot check the caller with the API server");
    }
  }

  private KubeletUser authenticate(HttpExchange exchange)
      throws KubeletHttpException, ApiException {
    if (exchange instanceof HttpsExchange https) {
      try {
        Certificate[] chain = https.getSSLSession().getPeerCertificates();
        if (chain.length > 0 && chain[0] instanceof X509Certificate cert) {
          Optional<KubeletUser> user = KubeletAuthenticator.fromCertificate(cert);
          if (user.isPresent()) {
            return user.get();
          }
        }
      } catch (SSLPeerUnverifiedException e) {
        // No client certificate: fall through to a bearer token.
      }
    }
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      Optional<KubeletUser> user = authenticator.fromToken(auth.substring(7).strip());
      if (user.isPresent()) {
        return user.get();
      }
    }
    throw new KubeletHttpException(401, "Unauthorized");
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
    executor.shutdownNow();
  }
}
