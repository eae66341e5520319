package io.burstlet.logging;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Writes each event as one line of JSON: {@code time} (RFC 3339, UTC, milliseconds), {@code level},
 * {@code logger}, {@code thread}, {@code message} and, when there is one, {@code exception} (class,
 * message and stack trace in one string). Gson escapes the strings; every character outside ASCII
 * is escaped too, so a line survives any stdout encoding.
 */
final class JsonLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  /** The least severe level written; null when off. */
  private final transient Level threshold;

  private final transient Supplier<PrintStream> out;

  JsonLogger(String name, Level threshold, Supplier<PrintStream> out) {
    this.name = name;
    this.threshold = threshold;
    this.out = out;
  }

  private boolean enabled(Level level) {
    // Level.toInt() grows with severity: TRACE 0 … ERROR 40.
    return threshold != null && level.toInt() >= threshold.toInt();
  }

  @Override
  public boolean isTraceEnabled() {
    return enabled(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return enabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return enabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return enabled(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return enabled(Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(pattern, arguments);
    String line =
        line(
            Instant.now(),
            level,
            name,
            Thread.currentThread().getName(),
            String.valueOf(message),
            throwable);
    PrintStream stream = out.get();
    synchronized (stream) {
      stream.print(line);
      stream.print('\n');
      stream.flush();
    }
  }

  /** One event as a line of JSON, without the line break. */
  static String line(
      Instant time,
      Level level,
      String logger,
      String thread,
      String message,
      Throwable throwable) {
    StringWriter text = new StringWriter();
    try (JsonWriter json = new JsonWriter(text)) {
      json.setHtmlSafe(false);
      json.beginObject();
      json.name("time").value(TIME.format(time));
      json.name("level").value(level.toString());
      json.name("logger").value(logger);
      json.name("thread").value(thread);
      json.name("message").value(message);
      if (throwable != null) {
        json.name("exception").value(stackTrace(throwable));
      }
      json.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return asciiOnly(text.toString());
  }

  private static String stackTrace(Throwable throwable) {
    StringWriter trace = new StringWriter();
    try (PrintWriter writer = new PrintWriter(trace)) {
      throwable.printStackTrace(writer);
    }
    return trace.toString().stripTrailing();
  }

  /** Outside ASCII only string contents remain, where {@code \\uXXXX} means the same. */
  private static String asciiOnly(String json) {
    StringBuilder out = null;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c < 0x7f) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(json.length() + 16).append(json, 0, i);
      }
      out.append(String.format("\\u%04x", (int) c));
    }
    return out == null ? json : out.toString();
  }
}
