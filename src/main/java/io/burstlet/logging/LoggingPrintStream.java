package io.burstlet.logging;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/**
 * A stream whose every line becomes an info event of {@code logger}: with JSON logs, what a command
 * prints for its operator ("serving provider … on …") must not break the one-object-per-line
 * output.
 */
public final class LoggingPrintStream {
  private LoggingPrintStream() {}

  public static PrintStream to(Logger logger) {
    OutputStream lines =
        new OutputStream() {
          private final ByteArrayOutputStream line = new ByteArrayOutputStream();

          @Override
          public synchronized void write(int b) {
            if (b == '\n') {
              flushLine();
            } else {
              line.write(b);
            }
          }

          @Override
          public synchronized void close() {
            flushLine();
          }

          private void flushLine() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.endsWith("\r")) {
              text = text.substring(0, text.length() - 1);
            }
            if (!text.isEmpty()) {
              logger.info(text);
            }
          }
        };
    return new PrintStream(lines, true, StandardCharsets.UTF_8);
  }
}
