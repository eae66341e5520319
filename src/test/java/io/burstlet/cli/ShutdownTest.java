package io.burstlet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.burstlet.logging.JsonLoggerFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ShutdownTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final JsonLoggerFactory loggers =
      JsonLoggerFactory.writingTo(new PrintStream(bytes, true, StandardCharsets.UTF_8));
  private final List<String> closed = new CopyOnWriteArrayList<>();

  private Shutdown shutdown(Duration budget) {
    return new Shutdown(loggers.getLogger("io.burstlet.cli.Main"), budget);
  }

  private AutoCloseable part(String name) {
    return () -> closed.add(name);
  }

  /** "level message" per line. */
  private List<String> logged() {
    return bytes
        .toString(StandardCharsets.UTF_8)
        .lines()
        .map(JsonParser::parseString)
        .map(e -> (JsonObject) e)
        .map(o -> o.get("level").getAsString() + " " + o.get("message").getAsString())
        .toList();
  }

  @Test
  void closesThePartsInOrderAndSaysSo() {
    Shutdown shutdown =
        shutdown(Duration.ofSeconds(5))
            .then("the agent", part("agent"))
            .then("the metrics server", part("metrics"))
            .then("the embedded emulators", part("emulators"));
    assertFalse(shutdown.begun());
    assertTrue(shutdown.run());
    assertTrue(shutdown.begun());
    assertEquals(List.of("agent", "metrics", "emulators"), closed);
    assertEquals(List.of("INFO shutting down", "INFO stopped"), logged());
    assertTrue(shutdown.run(), "a second run (SIGTERM twice) does nothing");
    assertEquals(3, closed.size());
  }

  @Test
  void aPartThatFailsDoesNotKeepTheOthersOpen() {
    shutdown(Duration.ofSeconds(5))
        .then("a", part("a"))
        .then(
            "b",
            () -> {
              throw new IllegalStateException("b broke");
            })
        .then("c", part("c"))
        .run();
    assertEquals(List.of("a", "c"), closed);
    assertEquals(
        List.of(
            "INFO shutting down",
            "WARN closing b failed: java.lang.IllegalStateException: b broke",
            "INFO stopped"),
        logged());
  }

  @Test
  @Timeout(10)
  void aPartThatHangsIsLeftBehindAfterTheBudget() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    long begin = System.nanoTime();
    boolean finished =
        shutdown(Duration.ofMillis(300))
            .then("a", part("a"))
            .then("the stuck part", never::await)
            .then("c", part("c"))
            .run();
    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    assertFalse(finished);
    assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
    assertEquals(List.of("a"), closed);
    assertEquals(
        List.of(
            "INFO shutting down",
            "WARN shutdown did not finish within 300 ms (still closing the stuck part); exiting"
                + " anyway",
            "INFO stopped"),
        logged());
  }
}
