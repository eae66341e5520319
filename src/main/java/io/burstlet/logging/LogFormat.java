package io.burstlet.logging;

import java.util.Locale;

/**
 * The format of log lines on stdout, chosen once at start ({@code --log-format}).
 *
 * <p>Text stays slf4j-simple, as before. JSON is this package's own SLF4J provider ({@link
 * JsonLogProvider}), selected through SLF4J's {@code slf4j.provider} system property: a logging
 * framework (logback and its JSON encoder) would replace slf4j-simple for both formats, bring its
 * own configuration and still not write the fields we want without a custom layout, while the
 * provider is about a hundred lines over SLF4J's own helpers and Gson's escaping. SLF4J binds its
 * provider when the first logger is created, so {@link #install()} must run before that: the
 * command line does it first thing.
 */
public enum LogFormat {
  TEXT,
  JSON;

  /**
   * {@code text} or {@code json}.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static LogFormat parse(String value) {
    return switch (value == null ? "" : value.toLowerCase(Locale.ROOT)) {
      case "text" -> TEXT;
      case "json" -> JSON;
      default -> throw new IllegalArgumentException("must be text or json (was '" + value + "')");
    };
  }

  /** Makes SLF4J bind this format's backend; call before any logger is created. */
  public void install() {
    if (this == JSON) {
      System.setProperty("slf4j.provider", JsonLogProvider.class.getName());
      // SLF4J announces an explicitly chosen provider on stderr; only its warnings matter here.
      if (System.getProperty("slf4j.internal.verbosity") == null) {
        System.setProperty("slf4j.internal.verbosity", "WARN");
      }
    }
  }
}
