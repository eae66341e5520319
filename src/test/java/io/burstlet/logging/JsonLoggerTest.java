package io.burstlet.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class JsonLoggerTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final JsonLoggerFactory loggers =
      new JsonLoggerFactory(LogLevels.fromClassPath(), () -> stream);

  private List<JsonObject> lines() {
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.endsWith("\n"), "every event ends its line");
    assertTrue(text.chars().allMatch(c -> c < 0x7f), "ASCII only: " + text);
    return text.lines().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
  }

  @Test
  void eachEventIsOneLineOfJsonWithItsFields() {
    Logger log = loggers.getLogger("io.burstlet.cli.Agent");
    String tricky =
        "quote \" backslash \\ newline\n tab\t bell\u0007 nul\u0000 é ✓ \uD83D\uDE80 </x>";
    log.info("pod {}: {}", "demo/web-1", tricky);
    log.debug("below the level: not written");

    List<JsonObject> lines = lines();
    assertEquals(1, lines.size(), bytes.toString(StandardCharsets.UTF_8));
    JsonObject line = lines.get(0);
    assertEquals(
        List.of("time", "level", "logger", "thread", "message"), List.copyOf(line.keySet()));
    assertTrue(
        line.get("time")
            .getAsString()
            .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
        line.get("time").getAsString());
    assertEquals("INFO", line.get("level").getAsString());
    assertEquals("io.burstlet.cli.Agent", line.get("logger").getAsString());
    assertEquals(Thread.currentThread().getName(), line.get("thread").getAsString());
    assertEquals("pod demo/web-1: " + tricky, line.get("message").getAsString());
  }

  @Test
  void anExceptionIsOneStringWithClassMessageAndStack() {
    Logger log = loggers.getLogger("io.burstlet.pod.PodController");
    Exception e =
        new IllegalStateException("bad \"state\"\nsecond line", new IOException("disk gone"));
    log.warn("reconcile of {} failed", "uid-1", e);
    log.error("plain");

    List<JsonObject> lines = lines();
    assertEquals(2, lines.size());
    JsonObject failed = lines.get(0);
    assertEquals("WARN", failed.get("level").getAsString());
    assertEquals("reconcile of uid-1 failed", failed.get("message").getAsString());
    String exception = failed.get("exception").getAsString();
    assertTrue(
        exception.startsWith("java.lang.IllegalStateException: bad \"state\"\nsecond line\n\tat "),
        exception);
    assertTrue(exception.contains("JsonLoggerTest.anExceptionIsOneStringWithClassMessageAndStack"));
    assertTrue(exception.contains("Caused by: java.io.IOException: disk gone"), exception);
    assertFalse(lines.get(1).has("exception"));
    assertEquals("ERROR", lines.get(1).get("level").getAsString());
  }

  @Test
  void levelsComeFromSimpleloggerProperties() {
    LogLevels levels = LogLevels.fromClassPath();
    assertEquals(Level.INFO, levels.threshold("io.burstlet.cli.Agent"));
    assertEquals(Level.ERROR, levels.threshold("com.azure.core.http.jdk.httpclient.JdkHttpClient"));
    assertNull(
        levels.threshold("io.kubernetes.client.informer.cache.ProcessorListener"),
        "client-java's informers report their own stop as an error");

    Properties p = new Properties();
    p.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    p.setProperty("org.slf4j.simpleLogger.log.a.b", "debug");
    p.setProperty("org.slf4j.simpleLogger.log.a.b.Quiet", "off");
    LogLevels custom = new LogLevels(p);
    assertNull(custom.threshold("a.b.Quiet"), "off");
    assertEquals(Level.DEBUG, custom.threshold("a.b.C"), "the closest package wins");
    assertEquals(Level.WARN, custom.threshold("a.C"));

    JsonLoggerFactory quiet = new JsonLoggerFactory(custom, () -> stream);
    quiet.getLogger("a.C").info("dropped");
    quiet.getLogger("a.b.C").debug("kept");
    assertEquals(
        List.of("kept"), lines().stream().map(l -> l.get("message").getAsString()).toList());
  }

  @Test
  void linesPrintedByACommandBecomeEvents() {
    PrintStream console = LoggingPrintStream.to(loggers.getLogger("io.burstlet.cli.Main"));
    console.println("serving provider eci on 127.0.0.1:9443 (plaintext)");
    console.print("partial ");
    console.print("line\r\n");
    console.println();
    List<JsonObject> lines = lines();
    assertEquals(
        List.of("serving provider eci on 127.0.0.1:9443 (plaintext)", "partial line"),
        lines.stream().map(l -> l.get("message").getAsString()).toList());
    assertEquals("io.burstlet.cli.Main", lines.get(0).get("logger").getAsString());
  }

  @Test
  void theFormatIsTextOrJson() {
    assertEquals(LogFormat.TEXT, LogFormat.parse("text"));
    assertEquals(LogFormat.JSON, LogFormat.parse("JSON"));
    assertEquals(
        "must be text or json (was 'xml')",
        assertThrows(IllegalArgumentException.class, () -> LogFormat.parse("xml")).getMessage());
  }

  /** Without --log-format json nothing changes: slf4j-simple writes today's text lines. */
  @Test
  void textLogsAreSlf4jSimpleAsBefore() {
    assertEquals(
        "org.slf4j.simple.SimpleLoggerFactory",
        LoggerFactory.getILoggerFactory().getClass().getName());
    PrintStream original = System.out;
    System.setOut(stream);
    try {
      LoggerFactory.getLogger("io.burstlet.logging.TextProbe").info("hello {}", "world");
    } finally {
      System.setOut(original);
    }
    String line = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(
        line.matches(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO TextProbe"
                + " - hello world\\R"),
        line);
  }
}
