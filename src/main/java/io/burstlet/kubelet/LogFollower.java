package io.burstlet.kubelet;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@code logs -f} stream is: the timestamp of the last line written and how many lines
 * carried exactly that timestamp. Clouds return a window of the log (ECI at most the last 2 000
 * lines), so a stream that followed by line count would stall once the window slides; by timestamp
 * it writes exactly the lines newer than what it wrote, whatever the window holds.
 *
 * <p>Lines come as the clouds return them with timestamps asked for: an RFC 3339 timestamp, a
 * space, the text. A line without a readable timestamp counts as written at the previous line's.
 */
final class LogFollower {
  /** Asked for on top of the time since the last line, for clock skew between agent and cloud. */
  static final Duration SKEW = Duration.ofSeconds(10);

  private Instant last;
  private int atLast;

  /** A line as the cloud returned it, its timestamp, and whether it carried one itself. */
  record Line(Instant at, String text, boolean stamped) {
    /** The text without its timestamp. */
    String bare() {
      return stamped ? text.substring(text.indexOf(' ') + 1) : text;
    }
  }

  /** The lines of {@code window} not yet written, in order, and moves the cursor past them. */
  List<Line> next(List<String> window) {
    List<Line> fresh = new ArrayList<>();
    Instant previous = null;
    Instant seenAt = null;
    int seenAtCount = 0;
    for (String text : window) {
      Instant own = timestamp(text);
      Instant at = own != null ? own : previous;
      previous = at;
      if (at == null) {
        at = Instant.EPOCH;
      }
      if (at.equals(seenAt)) {
        seenAtCount++;
      } else {
        seenAt = at;
        seenAtCount = 1;
      }
      boolean isNew = last == null || at.isAfter(last) || (at.equals(last) && seenAtCount > atLast);
      if (isNew) {
        fresh.add(new Line(at, text, own != null));
      }
    }
    for (Line line : fresh) {
      if (line.at().equals(last)) {
        atLast++;
      } else {
        last = line.at();
        atLast = 1;
      }
    }
    return fresh;
  }

  /**
   * The {@code sinceSeconds} for the next poll: enough to reach back past the last line written, so
   * each poll reads only the recent part of the log; null (everything) before the first line.
   */
  Integer sinceSeconds(Instant now) {
    if (last == null || last.equals(Instant.EPOCH)) {
      return null;
    }
    Duration back = Duration.between(last, now).plus(SKEW);
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, back.toSeconds() + 1));
  }

  /** The line's own timestamp, or null when it has none. */
  private static Instant timestamp(String line) {
    int space = line.indexOf(' ');
    if (space > 0) {
      try {
        return Instant.parse(line.substring(0, space));
      } catch (DateTimeParseException e) {
        // Not a timestamp.
      }
    }
    return null;
  }
}
