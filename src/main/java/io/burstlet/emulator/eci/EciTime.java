package io.burstlet.emulator.eci;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** ECI's timestamp formats. */
final class EciTime {

  private static final DateTimeFormatter NANOS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'").withZone(ZoneOffset.UTC);

  private EciTime() {}

  /** RFC 3339 UTC to the second, e.g. {@code 2018-08-02T15:00:00Z}; empty for null. */
  static String format(Instant instant) {
    return instant == null ? "" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /**
   * The log-line prefix form with nine fraction digits, e.g. {@code
   * 2021-05-12T07:02:52.000000000Z}.
   */
  static String nanos(Instant instant) {
    return NANOS.format(instant);
  }
}
