package io.burstlet.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.provider.TeeLogCapture;
import io.burstlet.tls.SelfSignedCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmulatorServerTest {

  /** A tiny key-value "cloud": PUT /items/NAME stores the body, GET returns it. */
  static final class ItemsHandler implements EmulatorHandler {
    final Map<String, String> items = new ConcurrentHashMap<>();

    @Override
    public String operation(EmulatorRequest request) {
      return request.path().startsWith("/items/") ? request.method() + " items" : "unknown";
    }

    @Override
    public EmulatorResponse handle(String operation, EmulatorRequest request) {
      String name = request.path().substring(request.path().lastIndexOf('/') + 1);
      switch (operation) {
        case "PUT items" -> {
          items.put(name, request.bodyText());
          return EmulatorResponse.json(201, Map.of("name", name));
        }
        case "GET items" -> {
          if (name.equals("boom")) {
            // Like a parser quoting its input: the message carries the request's parameters.
            throw new IllegalStateException("handler bug on " + request.rawQuery());
          }
          String value = items.get(name);
          if (value == null) {
            throw new EmulatorErrorException(
                "not found", EmulatorResponse.json(404, Map.of("code", "NotFound")));
          }
          return EmulatorResponse.text(200, value);
        }
        default -> {
          return EmulatorResponse.json(404, Map.of("code", "NoRoute"));
        }
      }
    }

    @Override
    public EmulatorResponse throttled(EmulatorRequest request, Duration retryAfter) {
      return EmulatorResponse.json(429, Map.of("code", "TooManyRequests"))
          .withHeader("Retry-After", Long.toString(retryAfter.toSeconds()));
    }

    @Override
    public EmulatorResponse serverError(EmulatorRequest request, int status) {
      return EmulatorResponse.json(status, Map.of("code", "InternalServerError"));
    }
  }

  private final ItemsHandler handler = new ItemsHandler();
  private final FaultInjector faults = new FaultInjector();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private EmulatorServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private EmulatorServer startHttp() throws IOException {
    server = new EmulatorServer(handler, faults, EmulatorServer.Options.http("test", 0)).start();
    return server;
  }

  private HttpResponse<String> send(HttpClient http, String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUri() + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    return send(client, method, path, body);
  }

  @Test
  void servesHandlerAnswersAndCountsCalls() throws Exception {
    startHttp();

    assertEquals(201, send("PUT", "/items/a", "hello").statusCode());
    HttpResponse<String> got = send("GET", "/items/a", null);

    assertEquals(200, got.statusCode());
    assertEquals("hello", got.body());
    assertEquals(404, send("GET", "/items/missing", null).statusCode());
    assertEquals(1, faults.calls("PUT items"));
    assertEquals(2, faults.calls("GET items"));
  }

  @Test
  void tlsRoundTripTrustingTheGeneratedPem() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.generate();
    server =
        new EmulatorServer(handler, faults, EmulatorServer.Options.https("tls", 0, certificate))
            .start();
    HttpClient trusting =
        HttpClient.newBuilder()
            .sslContext(
                SelfSignedCertificate.clientSslContextTrusting(certificate.certificatePem()))
            .build();

    assertTrue(server.baseUri().toString().startsWith("https://127.0.0.1:"));
    assertEquals(201, send(trusting, "PUT", "/items/x", "over tls").statusCode());
    assertEquals("over tls", send(trusting, "GET", "/items/x", null).body());
    // The default trust store does not know the certificate: the channel really is TLS.
    assertThrows(IOException.class, () -> send(client, "GET", "/items/x", null));
  }

  @Test
  void dropClosesTheConnectionWithoutAnAnswer() throws Exception {
    startHttp();
    faults.always("PUT items", new Fault.Drop());

    assertThrows(IOException.class, () -> send("PUT", "/items/d", "x"));
    assertTrue(faults.calls("PUT items") >= 1);
    // Dropping happens before the handler: nothing was stored.
    assertTrue(handler.items.isEmpty());
  }

  @Test
  void throttleIsRenderedByTheHandler() throws Exception {
    startHttp();
    faults.once("PUT items", new Fault.Throttle(Duration.ofSeconds(7)));

    HttpResponse<String> throttled = send("PUT", "/items/t", "x");

    assertEquals(429, throttled.statusCode());
    assertEquals(Optional.of("7"), throttled.headers().firstValue("Retry-After"));
    assertTrue(throttled.body().contains("TooManyRequests"));
    assertTrue(handler.items.isEmpty());
    assertEquals(201, send("PUT", "/items/t", "x").statusCode());
  }

  @Test
  void serverErrorDoesNotApply() throws Exception {
    startHttp();
    faults.once("PUT items", new Fault.ServerError(503));

    assertEquals(503, send("PUT", "/items/s", "x").statusCode());
    assertTrue(handler.items.isEmpty());
  }

  @Test
  void applyThenFailAppliesButAnswersAnError() throws Exception {
    startHttp();
    faults.once("PUT items", new Fault.ApplyThenFail(500));

    HttpResponse<String> response = send("PUT", "/items/ambiguous", "created");

    assertEquals(500, response.statusCode());
    assertEquals("created", handler.items.get("ambiguous"));
  }

  @Test
  void delaySlowsTheAnswerButStillApplies() throws Exception {
    startHttp();
    faults.once("PUT items", new Fault.Delay(Duration.ofMillis(300)));

    long start = System.nanoTime();
    HttpResponse<String> response = send("PUT", "/items/slow", "x");

    assertEquals(201, response.statusCode());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 300);
  }

  @Test
  void unexpectedHandlerExceptionBecomesServerError() throws Exception {
    startHttp();

    HttpResponse<String> response = send("GET", "/items/boom", null);

    assertEquals(500, response.statusCode());
    assertTrue(response.body().contains("InternalServerError"));
  }

  @Test
  void aHandlerFailureIsLoggedWithoutTheExceptionsMessage() throws Exception {
    startHttp();
    String log;
    try (TeeLogCapture capture = new TeeLogCapture()) {
      HttpResponse<String> response = send("GET", "/items/boom?password=hunter2-in-query", null);
      assertEquals(500, response.statusCode());
      log = capture.text();
    }

    assertTrue(log.contains("GET items") && log.contains("IllegalStateException"), log);
    assertFalse(log.contains("hunter2"), log);
  }

  @Test
  void controlApiSetsFaultsAndReportsCallsWithoutBeingCounted() throws Exception {
    startHttp();
    String spec =
        "{\"operation\":\"PUT items\",\"kind\":\"throttle\",\"retryAfterSeconds\":2,\"times\":1}";

    assertEquals(204, send("POST", "/_emulator/faults", spec).statusCode());
    assertEquals(429, send("PUT", "/items/c", "x").statusCode());
    assertEquals(201, send("PUT", "/items/c", "x").statusCode());

    HttpResponse<String> calls = send("GET", "/_emulator/calls", null);
    assertEquals(200, calls.statusCode());
    assertEquals("{\"PUT items\":2}", calls.body());

    assertEquals(
        204,
        send("POST", "/_emulator/faults", "{\"kind\":\"server-error\",\"status\":502,\"times\":-1}")
            .statusCode());
    assertEquals(502, send("GET", "/items/c", null).statusCode());
    assertEquals(204, send("DELETE", "/_emulator/faults", null).statusCode());
    assertEquals(200, send("GET", "/items/c", null).statusCode());
    assertEquals(204, send("DELETE", "/_emulator/calls", null).statusCode());
    assertEquals(0, faults.totalCalls());
    assertEquals(400, send("POST", "/_emulator/faults", "{\"kind\":\"nope\"}").statusCode());
    assertEquals(400, send("POST", "/_emulator/faults", "not json").statusCode());
  }

  @Test
  void closeStopsServingAndIsIdempotent() throws Exception {
    startHttp();
    URI base = server.baseUri();

    server.close();
    server.close();

    HttpRequest request = HttpRequest.newBuilder(base.resolve("/items/a")).GET().build();
    assertThrows(
        IOException.class, () -> client.send(request, HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void requestParsesQueryAndFormParameters() {
    EmulatorRequest request =
        new EmulatorRequest(
            "post",
            URI.create("/?Action=CreateContainerGroup&Container.1.Name=a%20b&Action=ignored"),
            Map.of("content-type", List.of("application/x-www-form-urlencoded")),
            "RegionId=cn-hangzhou&Tag.1.Key=k%3Dv".getBytes());

    assertEquals("POST", request.method());
    assertEquals(
        Map.of("Action", "CreateContainerGroup", "Container.1.Name", "a b"), request.queryParams());
    assertEquals(Map.of("RegionId", "cn-hangzhou", "Tag.1.Key", "k=v"), request.formParams());
    assertEquals(Optional.of("application/x-www-form-urlencoded"), request.header("Content-Type"));
  }
}
