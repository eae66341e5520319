package io.burstlet.provider;

/**
 * What part of a container log to return.
 *
 * @param tailLines last N lines, or null for all
 * @param timestamps prefix each line with its RFC 3339 timestamp
 * @param sinceSeconds only lines newer than this, or null
 * @param previous the previous (terminated) instance's log
 */
public record LogOptions(
    Integer tailLines, boolean timestamps, Integer sinceSeconds, boolean previous) {
  public static LogOptions all() {
    return new LogOptions(null, false, null, false);
  }
}
