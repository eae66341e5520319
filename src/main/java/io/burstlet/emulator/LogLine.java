package io.burstlet.emulator;

import java.time.Instant;
import java.util.Objects;

/** One line a simulated container wrote to stdout, without its trailing newline. */
public record LogLine(Instant timestamp, String text) {
  public LogLine {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(text, "text");
  }
}
