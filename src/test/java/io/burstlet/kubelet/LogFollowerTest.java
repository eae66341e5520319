package io.burstlet.kubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogFollowerTest {
  private final LogFollower follower = new LogFollower();

  private List<String> texts(List<String> window) {
    return follower.next(window).stream().map(LogFollower.Line::bare).toList();
  }

  @Test
  void writesEachLineOnceAsTheWindowGrows() {
    assertEquals(
        List.of("one", "two"),
        texts(List.of("2026-12-04T10:00:00.1Z one", "2026-12-04T10:00:00.2Z two")));
    assertEquals(
        List.of("three"),
        texts(
            List.of(
                "2026-12-04T10:00:00.1Z one",
                "2026-12-04T10:00:00.2Z two",
                "2026-12-04T10:00:01Z three")));
    assertEquals(
        List.of(),
        texts(
            List.of(
                "2026-12-04T10:00:00.1Z one",
                "2026-12-04T10:00:00.2Z two",
                "2026-12-04T10:00:01Z three")));
  }

  @Test
  void keepsFollowingWhenTheCloudCapsTheWindow() {
    // A window of two lines: by line count nothing would ever look new again.
    texts(List.of("2026-12-04T10:00:01Z a", "2026-12-04T10:00:02Z b"));
    assertEquals(List.of("c"), texts(List.of("2026-12-04T10:00:02Z b", "2026-12-04T10:00:03Z c")));
    assertEquals(
        List.of("d", "e"), texts(List.of("2026-12-04T10:00:04Z d", "2026-12-04T10:00:05Z e")));
  }

  @Test
  void linesSharingATimestampAreCountedNotDropped() {
    texts(List.of("2026-12-04T10:00:01Z a", "2026-12-04T10:00:01Z b"));
    assertEquals(
        List.of("c"),
        texts(
            List.of("2026-12-04T10:00:01Z a", "2026-12-04T10:00:01Z b", "2026-12-04T10:00:01Z c")));
  }

  @Test
  void aLineWithoutTimestampBelongsToThePreviousOne() {
    assertEquals(
        List.of("start", "  at Foo.bar"),
        texts(List.of("2026-12-04T10:00:01+08:00 start", "  at Foo.bar")));
    assertEquals(
        List.of("end"),
        texts(
            List.of(
                "2026-12-04T10:00:01+08:00 start", "  at Foo.bar", "2026-12-04T10:00:02Z end")));
  }

  @Test
  void eachPollReachesBackPastTheLastLineWithSkewToSpare() {
    assertNull(follower.sinceSeconds(Instant.parse("2026-12-04T10:00:00Z")), "all before a line");
    texts(List.of("2026-12-04T10:00:00Z a"));
    assertEquals(
        (int) LogFollower.SKEW.toSeconds() + 31,
        follower.sinceSeconds(Instant.parse("2026-12-04T10:00:30Z")));
  }
}
