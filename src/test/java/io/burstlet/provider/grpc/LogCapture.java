package io.burstlet.provider.grpc;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what is logged while it is open: SLF4J (slf4j-simple writes to the current {@code
 * System.err}) and java.util.logging, where gRPC logs, with gRPC's loggers turned up to ALL.
 */
final class LogCapture implements AutoCloseable {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream originalErr = System.err;
  private final PrintStream originalOut = System.out;
  private final Logger julRoot = Logger.getLogger("");
  private final Logger grpc = Logger.getLogger("io.grpc");
  private final Level grpcLevel = grpc.getLevel();
  private final StringBuilder jul = new StringBuilder();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          synchronized (jul) {
            jul.append(record.getLoggerName())
                .append(' ')
                .append(record.getMessage())
                .append(' ')
                .append(java.util.Arrays.toString(record.getParameters()));
            if (record.getThrown() != null) {
              jul.append(' ').append(record.getThrown());
            }
            jul.append('\n');
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  LogCapture() {
    PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    System.setErr(capture);
    System.setOut(capture);
    handler.setLevel(Level.ALL);
    julRoot.addHandler(handler);
    grpc.setLevel(Level.ALL);
  }

  String text() {
    synchronized (jul) {
      return bytes.toString(StandardCharsets.UTF_8) + jul;
    }
  }

  @Override
  public void close() {
    System.setErr(originalErr);
    System.setOut(originalOut);
    julRoot.removeHandler(handler);
    grpc.setLevel(grpcLevel);
  }
}
