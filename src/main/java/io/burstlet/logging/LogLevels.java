package io.burstlet.logging;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.event.Level;

/**
 * Log levels as slf4j-simple reads them, so both formats log the same: {@code
 * org.slf4j.simpleLogger.defaultLogLevel} and {@code org.slf4j.simpleLogger.log.<logger or
 * package>} from system properties, else from {@code simplelogger.properties}.
 */
final class LogLevels {
  private static final String PREFIX = "org.slf4j.simpleLogger.";

  private final Properties file;

  LogLevels(Properties file) {
    this.file = file;
  }

  /** The levels of {@code simplelogger.properties} on the class path (and system properties). */
  static LogLevels fromClassPath() {
    Properties properties = new Properties();
    try (InputStream in =
        LogLevels.class.getClassLoader().getResourceAsStream("simplelogger.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // Defaults then: info for everything.
    }
    return new LogLevels(properties);
  }

  /**
   * The least severe level logged for {@code name}, or null when the logger is off. The closest
   * configured ancestor ({@code a.b} for {@code a.b.C}) wins, then the default, then info.
   */
  Level threshold(String name) {
    String level = null;
    for (String n = name; n != null && level == null; n = parent(n)) {
      level = get(PREFIX + "log." + n);
    }
    if (level == null) {
      level = get(PREFIX + "defaultLogLevel");
    }
    return switch (level == null ? "info" : level.strip().toLowerCase(Locale.ROOT)) {
      case "trace" -> Level.TRACE;
      case "debug" -> Level.DEBUG;
      case "warn" -> Level.WARN;
      case "error" -> Level.ERROR;
      case "off" -> null;
      default -> Level.INFO;
    };
  }

  private String get(String key) {
    String value = System.getProperty(key);
    return value != null ? value : file.getProperty(key);
  }

  private static String parent(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : null;
  }
}
