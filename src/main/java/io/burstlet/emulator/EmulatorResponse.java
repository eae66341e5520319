package io.burstlet.emulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An HTTP answer built by an emulator; immutable, {@link #withHeader} returns a copy. */
public final class EmulatorResponse {

  private final int status;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  private EmulatorResponse(int status, Map<String, List<String>> headers, byte[] body) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status out of range: " + status);
    }
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  /** {@code body} serialised with {@link Json#GSON}, as {@code application/json}. */
  public static EmulatorResponse json(int status, Object body) {
    return new EmulatorResponse(status, new LinkedHashMap<>(), bytes(Json.GSON.toJson(body)))
        .withHeader("Content-Type", "application/json; charset=utf-8");
  }

  /** Plain text, as {@code text/plain}. */
  public static EmulatorResponse text(int status, String body) {
    return new EmulatorResponse(status, new LinkedHashMap<>(), bytes(body))
        .withHeader("Content-Type", "text/plain; charset=utf-8");
  }

  /** A response without a body, e.g. 200 for an ARM DELETE or 204. */
  public static EmulatorResponse empty(int status) {
    return new EmulatorResponse(status, new LinkedHashMap<>(), new byte[0]);
  }

  /** A copy with one more value for header {@code name}. */
  public EmulatorResponse withHeader(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
    copy.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    return new EmulatorResponse(status, copy, body);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** Headers in the order they were added. */
  public Map<String, List<String>> headers() {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return copy;
  }

  /** The body bytes (a copy). */
  public byte[] body() {
    return body.clone();
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "EmulatorResponse[" + status + ", " + body.length + " bytes]";
  }
}
