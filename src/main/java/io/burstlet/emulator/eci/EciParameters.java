package io.burstlet.emulator.eci;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of one RPC request, read the way ECI's OpenAPI metadata declares them: scalars by
 * name, {@code RepeatList}s flattened with 1-based indexes ({@code Container.2.Port.1.Port}), and
 * ID lists as one string holding a JSON array. A view may be scoped to one list element, so errors
 * name the full parameter ({@code Container.2.Image}), as the service does.
 *
 * <p>Every accessor validates and throws {@link EciApiException} ({@code MissingParameter} or
 * {@code InvalidParameter}). Values are never quoted in those messages, since some carry secrets.
 */
final class EciParameters {

  private static final Pattern INDEX = Pattern.compile("(\\d{1,4})(?:\\.(.+))?");

  private final Map<String, String> values;
  private final String prefix;

  private EciParameters(Map<String, String> values, String prefix) {
    this.values = values;
    this.prefix = prefix;
  }

  /** All parameters of a request; for a repeated name the first value wins. */
  static EciParameters of(Map<String, String> values) {
    return new EciParameters(Map.copyOf(values), "");
  }

  /**
   * Decodes an {@code application/x-www-form-urlencoded} string (a query string or a form body)
   * into name/value pairs in order, keeping repeats.
   *
   * @throws EciApiException {@code InvalidParameter} when a percent-escape is malformed
   */
  static List<Map.Entry<String, String>> decodePairs(String encoded) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    if (encoded == null || encoded.isEmpty()) {
      return pairs;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      try {
        pairs.add(
            new AbstractMap.SimpleImmutableEntry<>(
                URLDecoder.decode(name, StandardCharsets.UTF_8),
                URLDecoder.decode(value, StandardCharsets.UTF_8)));
      } catch (IllegalArgumentException e) {
        throw EciErrors.invalidParameter("query", "malformed percent-encoding");
      }
    }
    return pairs;
  }

  /** The full name of {@code name} in this view, e.g. {@code Container.2.Image}. */
  String qualified(String name) {
    return prefix + name;
  }

  /** True when {@code name} is present with a non-empty value. */
  boolean has(String name) {
    String value = values.get(prefix + name);
    return value != null && !value.isEmpty();
  }

  /** True when any parameter of this view starts with {@code name} (scalar or flattened list). */
  boolean hasAny(String name) {
    String full = prefix + name;
    return values.keySet().stream().anyMatch(k -> k.equals(full) || k.startsWith(full + "."));
  }

  /** The value of {@code name}; empty values count as absent, as the SDKs never send them. */
  Optional<String> optional(String name) {
    String value = values.get(prefix + name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  String optional(String name, String fallback) {
    return optional(name).orElse(fallback);
  }

  /** The value of {@code name}, or {@code MissingParameter} naming it. */
  String required(String name) {
    return optional(name).orElseThrow(() -> EciErrors.missingParameter(prefix + name));
  }

  /** One of {@code allowed} (matched exactly), or {@code fallback} when absent. */
  String oneOf(String name, String fallback, List<String> allowed) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return fallback;
    }
    if (!allowed.contains(value.get())) {
      throw EciErrors.invalidParameter(prefix + name, "must be one of " + allowed);
    }
    return value.get();
  }

  Optional<Integer> integer(String name, int min, int max) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      int number = Integer.parseInt(value.get().trim());
      if (number < min || number > max) {
        throw EciErrors.invalidParameter(prefix + name, "must be between " + min + " and " + max);
      }
      return Optional.of(number);
    } catch (NumberFormatException e) {
      throw EciErrors.invalidParameter(prefix + name, "must be an integer");
    }
  }

  Optional<Long> longValue(String name, long min) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      long number = Long.parseLong(value.get().trim());
      if (number < min) {
        throw EciErrors.invalidParameter(prefix + name, "must be at least " + min);
      }
      return Optional.of(number);
    } catch (NumberFormatException e) {
      throw EciErrors.invalidParameter(prefix + name, "must be an integer");
    }
  }

  /** A finite, non-negative decimal such as {@code 0.5}. */
  Optional<Double> decimal(String name) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      double number = Double.parseDouble(value.get().trim());
      if (!Double.isFinite(number) || number < 0) {
        throw EciErrors.invalidParameter(prefix + name, "must be a non-negative number");
      }
      return Optional.of(number);
    } catch (NumberFormatException e) {
      throw EciErrors.invalidParameter(prefix + name, "must be a number");
    }
  }

  /** {@code true} or {@code false} in any case, as the SDKs send {@code String.valueOf(bool)}. */
  Optional<Boolean> bool(String name) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String lower = value.get().trim().toLowerCase(Locale.ROOT);
    if (!lower.equals("true") && !lower.equals("false")) {
      throw EciErrors.invalidParameter(prefix + name, "must be true or false");
    }
    return Optional.of(lower.equals("true"));
  }

  boolean bool(String name, boolean fallback) {
    return bool(name).orElse(fallback);
  }

  /**
   * The elements of the {@code RepeatList} {@code name} of objects ({@code name.N.field}), in index
   * order, each as a view scoped to {@code name.N.}.
   */
  List<EciParameters> list(String name) {
    TreeMap<Integer, EciParameters> elements = new TreeMap<>();
    String start = prefix + name + ".";
    for (String key : values.keySet()) {
      if (!key.startsWith(start)) {
        continue;
      }
      Matcher matcher = INDEX.matcher(key.substring(start.length()));
      if (!matcher.matches() || matcher.group(2) == null) {
        continue; // a scalar list or an unrelated longer name; not an object element
      }
      int index = index(name, matcher.group(1));
      elements.computeIfAbsent(index, i -> new EciParameters(values, start + i + "."));
    }
    return List.copyOf(elements.values());
  }

  /** The elements of the {@code RepeatList} {@code name} of strings ({@code name.N}). */
  List<String> strings(String name) {
    TreeMap<Integer, String> elements = new TreeMap<>();
    String start = prefix + name + ".";
    for (Map.Entry<String, String> entry : values.entrySet()) {
      String key = entry.getKey();
      if (!key.startsWith(start)) {
        continue;
      }
      Matcher matcher = INDEX.matcher(key.substring(start.length()));
      if (matcher.matches() && matcher.group(2) == null) {
        elements.put(index(name, matcher.group(1)), entry.getValue());
      }
    }
    return List.copyOf(elements.values());
  }

  /**
   * A parameter holding a JSON array of strings, such as {@code ContainerGroupIds} or exec's {@code
   * Command}; empty when absent.
   */
  List<String> jsonStrings(String name, int maxItems) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return List.of();
    }
    JsonElement parsed;
    try {
      parsed = JsonParser.parseString(value.get());
    } catch (JsonParseException e) {
      throw EciErrors.invalidParameter(prefix + name, "must be a JSON array of strings");
    }
    if (!parsed.isJsonArray()) {
      throw EciErrors.invalidParameter(prefix + name, "must be a JSON array of strings");
    }
    JsonArray array = parsed.getAsJsonArray();
    if (array.size() > maxItems) {
      throw EciErrors.invalidParameter(prefix + name, "holds more than " + maxItems + " items");
    }
    List<String> items = new ArrayList<>();
    for (JsonElement item : array) {
      if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
        throw EciErrors.invalidParameter(prefix + name, "must be a JSON array of strings");
      }
      items.add(item.getAsString());
    }
    return List.copyOf(items);
  }

  /**
   * The first segment of every parameter name in this view, e.g. {@code Image} and {@code
   * LivenessProbe} for {@code Container.1.Image} and {@code
   * Container.1.LivenessProbe.HttpGet.Port}.
   */
  Set<String> fieldNames() {
    Set<String> names = new TreeSet<>();
    for (String key : values.keySet()) {
      if (key.startsWith(prefix) && key.length() > prefix.length()) {
        String rest = key.substring(prefix.length());
        int dot = rest.indexOf('.');
        names.add(dot < 0 ? rest : rest.substring(0, dot));
      }
    }
    return names;
  }

  /** This view with {@code name} set to {@code value} unless it already has a value. */
  EciParameters withDefault(String name, String value) {
    if (has(name)) {
      return this;
    }
    Map<String, String> copy = new HashMap<>(values);
    copy.put(prefix + name, value);
    return new EciParameters(Map.copyOf(copy), prefix);
  }

  private int index(String name, String digits) {
    int index = Integer.parseInt(digits);
    if (index < 1) {
      throw EciErrors.invalidParameter(prefix + name + "." + digits, "indexes start at 1");
    }
    return index;
  }

  @Override
  public String toString() {
    // Values may be secrets: only the scope and how many parameters there are.
    return "EciParameters[" + (prefix.isEmpty() ? "<all>" : prefix) + ", " + values.size() + "]";
  }
}
