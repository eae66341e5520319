package io.burstlet.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Just enough of a Kubernetes API server for an agent to start, run and stop: objects are stored as
 * they are created (POST), replaced (PUT) or merge-patched (PATCH); lists are empty unless objects
 * were created under them; watches stay open and silent until the server closes. No validation, no
 * authentication.
 */
final class FakeApiServer implements AutoCloseable {
  private static final Set<String> COLLECTIONS =
      Set.of("pods", "nodes", "leases", "events", "configmaps", "secrets");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, JsonObject> objects = new ConcurrentHashMap<>();
  private final AtomicLong resourceVersion = new AtomicLong(1);
  private final CountDownLatch closing = new CountDownLatch(1);

  FakeApiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A kubeconfig for this server. */
  Path writeKubeconfig(Path dir) throws IOException {
    return Files.writeString(
        dir.resolve("kubeconfig"),
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: fake, cluster: {server: "%s"}}]
        users: [{name: agent, user: {token: fake}}]
        contexts: [{name: fake, context: {cluster: fake, user: agent}}]
        current-context: fake
        """
            .formatted(url()));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().replaceAll("/+$", "");
      String query = exchange.getRequestURI().getQuery();
      byte[] body = exchange.getRequestBody().readAllBytes();
      switch (exchange.getRequestMethod()) {
        case "GET" -> {
          if (query != null && query.contains("watch=true")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().flush();
            awaitClose();
            return;
          }
          JsonObject stored = objects.get(path);
          if (stored != null) {
            reply(exchange, 200, stored);
          } else if (COLLECTIONS.contains(path.substring(path.lastIndexOf('/') + 1))) {
            reply(exchange, 200, list(path));
          } else {
            notFound(exchange);
          }
        }
        case "POST" -> {
          JsonObject object = JsonParser.parseString(text(body)).getAsJsonObject();
          JsonObject meta = metadata(object);
          if (!meta.has("name")) {
            meta.addProperty("name", "gen-" + UUID.randomUUID().toString().substring(0, 8));
          }
          meta.addProperty("uid", UUID.randomUUID().toString());
          meta.addProperty(
              "creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
          stamp(object);
          objects.put(path + "/" + meta.get("name").getAsString(), object);
          reply(exchange, 201, object);
        }
        case "PUT" -> {
          JsonObject object = JsonParser.parseString(text(body)).getAsJsonObject();
          JsonObject old = objects.get(path);
          if (old != null && metadata(old).has("uid")) {
            metadata(object).add("uid", metadata(old).get("uid"));
          }
          stamp(object);
          objects.put(path, object);
          reply(exchange, 200, object);
        }
        case "PATCH" -> {
          String target = path.endsWith("/status") ? path.substring(0, path.length() - 7) : path;
          JsonObject object = objects.get(target);
          if (object == null) {
            notFound(exchange);
            return;
          }
          JsonElement patch = JsonParser.parseString(text(body));
          if (patch.isJsonObject()) {
            merge(object, patch.getAsJsonObject());
          }
          stamp(object);
          reply(exchange, 200, object);
        }
        case "DELETE" -> {
          objects.remove(path);
          JsonObject status = new JsonObject();
          status.addProperty("kind", "Status");
          status.addProperty("status", "Success");
          reply(exchange, 200, status);
        }
        default -> notFound(exchange);
      }
    }
  }

  private void awaitClose() {
    try {
      closing.await(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private JsonObject list(String path) {
    JsonArray items = new JsonArray();
    objects.forEach(
        (key, value) -> {
          if (key.startsWith(path + "/") && key.indexOf('/', path.length() + 1) < 0) {
            items.add(value);
          }
        });
    JsonObject list = new JsonObject();
    list.addProperty("kind", "List");
    list.addProperty("apiVersion", "v1");
    JsonObject meta = new JsonObject();
    meta.addProperty("resourceVersion", Long.toString(resourceVersion.get()));
    list.add("metadata", meta);
    list.add("items", items);
    return list;
  }

  private void stamp(JsonObject object) {
    metadata(object)
        .addProperty("resourceVersion", Long.toString(resourceVersion.incrementAndGet()));
  }

  private static JsonObject metadata(JsonObject object) {
    if (!object.has("metadata") || !object.get("metadata").isJsonObject()) {
      object.add("metadata", new JsonObject());
    }
    return object.getAsJsonObject("metadata");
  }

  /**
   * A JSON merge patch; strategic-merge directives ({@code $…} keys, and {@code {"$patch": …}} list
   * elements) are ignored, as lists are replaced whole anyway.
   */
  private static void merge(JsonObject target, JsonObject patch) {
    for (Map.Entry<String, JsonElement> e : patch.entrySet()) {
      if (e.getKey().startsWith("$")) {
        continue;
      }
      if (e.getValue().isJsonArray()) {
        JsonArray list = new JsonArray();
        for (JsonElement item : e.getValue().getAsJsonArray()) {
          if (!(item.isJsonObject() && item.getAsJsonObject().has("$patch"))) {
            list.add(item);
          }
        }
        target.add(e.getKey(), list);
      } else if (e.getValue().isJsonNull()) {
        target.remove(e.getKey());
      } else if (e.getValue().isJsonObject()
          && target.has(e.getKey())
          && target.get(e.getKey()).isJsonObject()) {
        merge(target.getAsJsonObject(e.getKey()), e.getValue().getAsJsonObject());
      } else {
        target.add(e.getKey(), e.getValue());
      }
    }
  }

  private static void notFound(HttpExchange exchange) throws IOException {
    JsonObject status = new JsonObject();
    status.addProperty("kind", "Status");
    status.addProperty("apiVersion", "v1");
    status.addProperty("status", "Failure");
    status.addProperty("reason", "NotFound");
    status.addProperty("code", 404);
    reply(exchange, 404, status);
  }

  private static void reply(HttpExchange exchange, int code, JsonObject body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String text(byte[] body) {
    return body.length == 0 ? "{}" : new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
