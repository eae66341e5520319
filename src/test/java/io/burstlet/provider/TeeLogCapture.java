package io.burstlet.provider;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Records everything written to {@code System.out} and {@code System.err} while open — slf4j-simple
 * (the logging backend of the agent and the emulators) looks the stream up on every line — and
 * still passes it on, so a failing test shows its log. Secret checks then run over {@link #text()}.
 */
public final class TeeLogCapture implements AutoCloseable {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream originalErr = System.err;
  private final PrintStream originalOut = System.out;

  public TeeLogCapture() {
    System.setErr(tee(originalErr));
    System.setOut(tee(originalOut));
  }

  private PrintStream tee(PrintStream original) {
    OutputStream both =
        new OutputStream() {
          @Override
          public void write(int b) {
            synchronized (bytes) {
              bytes.write(b);
            }
            original.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            synchronized (bytes) {
              bytes.write(b, off, len);
            }
            original.write(b, off, len);
          }
        };
    return new PrintStream(both, true, StandardCharsets.UTF_8);
  }

  /** Everything written so far. */
  public String text() {
    synchronized (bytes) {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  /** Fails when any of {@code secrets} was written. */
  public void assertNoneOf(Collection<String> secrets) {
    String text = text();
    for (String secret : secrets) {
      assertFalse(text.contains(secret), "a log line leaks a secret value");
    }
  }

  @Override
  public void close() {
    System.setErr(originalErr);
    System.setOut(originalOut);
  }
}
