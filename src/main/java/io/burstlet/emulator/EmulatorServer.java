package io.burstlet.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.burstlet.tls.SelfSignedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an {@link EmulatorHandler} over HTTP or HTTPS on 127.0.0.1, applying the {@link
 * FaultInjector}'s faults uniformly: before handling, it asks {@link FaultInjector#next} and then
 * drops the connection, delays, throttles, fails, or applies-then-fails as told.
 *
 * <p>It also serves a control API under {@value #CONTROL_PREFIX} (never faulted or counted), so
 * tests in another process can steer a standalone emulator:
 *
 * <ul>
 *   <li>{@code POST /_emulator/faults} with {@code {"operation":"PUT containerGroups",
 *       "kind":"throttle|server-error|delay|drop|apply-then-fail", "status":503,
 *       "retryAfterSeconds":2, "delayMillis":500, "times":1}} ({@code times} -1 = always) → 204
 *   <li>{@code DELETE /_emulator/faults} clears them → 204
 *   <li>{@code GET /_emulator/calls} → {@code {"operation": count, …}}; {@code DELETE} resets → 204
 * </ul>
 *
 * <p>Lifecycle: {@link #start()} binds synchronously, {@link #close()} stops it; not restartable.
 */
public final class EmulatorServer implements AutoCloseable {

  /** Path prefix of the control API. */
  public static final String CONTROL_PREFIX = "/_emulator/";

  private static final Logger LOG = LoggerFactory.getLogger(EmulatorServer.class);

  static {
    // The JDK server writes response headers and body separately; with Nagle's algorithm on, each
    // answer then waits for the client's delayed ACK (~40 ms a call, measured with tea-openapi's
    // OkHttp). The JDK reads this property once, when its first HttpServer is created; an explicit
    // setting by the user wins.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /**
   * Where and how to listen.
   *
   * @param name short name for thread names and logs, e.g. {@code "aci"}
   * @param port TCP port on 127.0.0.1; 0 picks a free one
   * @param tls certificate to serve HTTPS with, or null for plain HTTP
   */
  public record Options(String name, int port, SelfSignedCertificate tls) {
    public Options {
      Objects.requireNonNull(name, "name");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
    }

    /** Plain HTTP on {@code port} (0 = ephemeral). */
    public static Options http(String name, int port) {
      return new Options(name, port, null);
    }

    /** HTTPS with {@code tls} on {@code port} (0 = ephemeral). */
    public static Options https(String name, int port, SelfSignedCertificate tls) {
      return new Options(name, port, Objects.requireNonNull(tls, "tls"));
    }
  }

  private final EmulatorHandler handler;
  private final FaultInjector faults;
  private final Options options;
  private final ControlApi control;
  private HttpServer server;
  private ExecutorService executor;

  public EmulatorServer(EmulatorHandler handler, FaultInjector faults, Options options) {
    this.handler = Objects.requireNonNull(handler, "handler");
    this.faults = Objects.requireNonNull(faults, "faults");
    this.options = Objects.requireNonNull(options, "options");
    this.control = new ControlApi(faults);
  }

  /**
   * Binds 127.0.0.1 and starts serving; when this returns, {@link #baseUri()} accepts connections.
   *
   * @throws IOException when the port cannot be bound
   * @throws IllegalStateException when already started
   */
  public synchronized EmulatorServer start() throws IOException {
    if (server != null) {
      throw new IllegalStateException(options.name() + " emulator already started");
    }
    InetSocketAddress address =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port());
    HttpServer created;
    if (options.tls() == null) {
      created = HttpServer.create(address, 128);
    } else {
      HttpsServer https = HttpsServer.create(address, 128);
      https.setHttpsConfigurator(new HttpsConfigurator(options.tls().serverSslContext()));
      created = https;
    }
    // Unbounded, because injected delays park a thread each; idle threads die after 60 s.
    executor = Executors.newCachedThreadPool(daemonThreads("emulator-" + options.name()));
    created.setExecutor(executor);
    created.createContext("/", this::serve);
    created.start();
    server = created;
    LOG.info("{} emulator listening on {}", options.name(), baseUri());
    return this;
  }

  /** For the common lifecycle shape; binding is synchronous, so this returns at once. */
  public void awaitReady() {
    if (server == null) {
      throw new IllegalStateException(options.name() + " emulator not started");
    }
  }

  /** {@code http(s)://127.0.0.1:PORT} without a trailing slash. */
  public URI baseUri() {
    return URI.create((options.tls() == null ? "http" : "https") + "://127.0.0.1:" + port());
  }

  /** The bound port (the real one when {@link Options#port()} was 0). */
  public int port() {
    if (server == null) {
      throw new IllegalStateException(options.name() + " emulator not started");
    }
    return server.getAddress().getPort();
  }

  /** The fault injector this server consults; also the source of call counts. */
  public FaultInjector faults() {
    return faults;
  }

  /** Stops at once, abandoning exchanges in progress. Idempotent. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      LOG.info("{} emulator stopped", options.name());
    }
  }

  private void serve(HttpExchange exchange) {
    try (exchange) {
      EmulatorRequest request = read(exchange);
      if (request.path().startsWith(CONTROL_PREFIX)) {
        send(exchange, control.handle(request));
        return;
      }
      String operation = handler.operation(request);
      Optional<Fault> fault = faults.next(operation);
      if (fault.isPresent() && fault.get() instanceof Fault.Drop) {
        // Closing before any response headers makes the JDK server close the connection.
        return;
      }
      send(exchange, answer(operation, request, fault.orElse(null)));
    } catch (IOException e) {
      // The client went away mid-exchange; nothing left to answer.
      LOG.debug("{} emulator: I/O error on an exchange: {}", options.name(), describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // A handler broke its contract (operation() or a renderer threw): the connection is
      // closed unanswered, which clients see like a drop; the log says why.
      LOG.warn("{} emulator: handler failed outside handle(): {}", options.name(), describe(e));
    }
  }

  private EmulatorResponse answer(String operation, EmulatorRequest request, Fault fault)
      throws InterruptedException {
    if (fault instanceof Fault.Throttle throttle) {
      return handler.throttled(request, throttle.retryAfter());
    }
    if (fault instanceof Fault.ServerError error) {
      return handler.serverError(request, error.status());
    }
    if (fault instanceof Fault.Delay delay) {
      Thread.sleep(delay.delay().toMillis());
    }
    EmulatorResponse response = handleSafely(operation, request);
    if (fault instanceof Fault.ApplyThenFail fail) {
      // The operation took effect; the client just never learns it did.
      return handler.serverError(request, fail.status());
    }
    return response;
  }

  private EmulatorResponse handleSafely(String operation, EmulatorRequest request) {
    try {
      return handler.handle(operation, request);
    } catch (EmulatorErrorException e) {
      return e.response();
    } catch (Exception e) {
      LOG.warn("{} emulator failed on {} {}: {}", options.name(), operation, request, describe(e));
      return handler.serverError(request, 500);
    }
  }

  /**
   * An exception as its class and where it was thrown, without its message: messages of parsers and
   * handlers may quote the request's parameters, and those carry secrets.
   */
  static String describe(Throwable e) {
    StackTraceElement[] trace = e.getStackTrace();
    return e.getClass().getName() + (trace.length == 0 ? "" : " at " + trace[0]);
  }

  private static EmulatorRequest read(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    return new EmulatorRequest(
        exchange.getRequestMethod(), exchange.getRequestURI(), exchange.getRequestHeaders(), body);
  }

  private static void send(HttpExchange exchange, EmulatorResponse response) throws IOException {
    for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
      exchange.getResponseHeaders().put(header.getKey(), header.getValue());
    }
    byte[] body = response.body();
    boolean noBody =
        body.length == 0
            || exchange.getRequestMethod().equalsIgnoreCase("HEAD")
            || response.status() == 204
            || response.status() == 304;
    // -1 means "no body" to HttpExchange; 0 would mean chunked.
    exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
