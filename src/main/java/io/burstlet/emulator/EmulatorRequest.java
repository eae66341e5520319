package io.burstlet.emulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as an emulator sees it: fully read, immutable, independent of the server
 * implementation (so handlers are testable without a socket).
 */
public final class EmulatorRequest {

  private final String method;
  private final URI uri;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  /**
   * @param headers header names are matched case-insensitively
   */
  public EmulatorRequest(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
    this.method = method.toUpperCase(Locale.ROOT);
    this.uri = uri;
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    this.headers = Collections.unmodifiableMap(copy);
    this.body = body.clone();
  }

  /** The method, upper-case, e.g. {@code PUT}. */
  public String method() {
    return method;
  }

  /** The request URI as sent (path and query; no scheme or host). */
  public URI uri() {
    return uri;
  }

  /** The decoded path, e.g. {@code /subscriptions/s/resourceGroups/rg/…}. */
  public String path() {
    return uri.getPath();
  }

  /** The raw (still percent-encoded) query string, or empty; signature checks need it verbatim. */
  public String rawQuery() {
    return uri.getRawQuery() == null ? "" : uri.getRawQuery();
  }

  /** Decoded query parameters in order; for a repeated name the first value wins. */
  public Map<String, String> queryParams() {
    return decodeForm(rawQuery());
  }

  /**
   * Decoded form parameters when the body is {@code application/x-www-form-urlencoded}, otherwise
   * empty. For a repeated name the first value wins.
   */
  public Map<String, String> formParams() {
    String type = header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    if (!type.startsWith("application/x-www-form-urlencoded")) {
      return Map.of();
    }
    return decodeForm(bodyText());
  }

  /** The first value of a header (case-insensitive name). */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Every header, names case-insensitive. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The body bytes (a copy). */
  public byte[] body() {
    return body.clone();
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * The body parsed as JSON.
   *
   * @throws JsonParseException when the body is empty or not JSON; emulators answer it in their
   *     cloud's "bad request" format
   */
  public JsonElement bodyJson() {
    if (body.length == 0) {
      throw new JsonParseException("request body is empty");
    }
    return JsonParser.parseString(bodyText());
  }

  /**
   * The body bound to {@code type} with the emulators' shared Gson.
   *
   * @throws JsonParseException when the body is empty or does not fit {@code type}
   */
  public <T> T bodyAs(Class<T> type) {
    return Json.GSON.fromJson(bodyJson(), type);
  }

  @Override
  public String toString() {
    // Bodies and headers may carry secrets (registry passwords, signatures): never printed.
    return method + " " + uri.getPath();
  }

  private static Map<String, String> decodeForm(String encoded) {
    Map<String, String> params = new LinkedHashMap<>();
    if (encoded.isEmpty()) {
      return params;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      params.putIfAbsent(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }
}
