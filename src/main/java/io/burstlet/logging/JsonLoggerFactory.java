package io.burstlet.logging;

import java.io.PrintStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/** One {@link JsonLogger} per name, all writing to the same stream. */
public final class JsonLoggerFactory implements ILoggerFactory {
  private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final LogLevels levels;
  private final Supplier<PrintStream> out;

  /**
   * @param out looked up for every line, like slf4j-simple does with {@code System.out}, so that a
   *     replaced {@code System.out} receives the lines
   */
  JsonLoggerFactory(LogLevels levels, Supplier<PrintStream> out) {
    this.levels = levels;
    this.out = out;
  }

  /** Loggers at the levels of {@code simplelogger.properties}, writing to {@code out}. */
  public static JsonLoggerFactory writingTo(PrintStream out) {
    return new JsonLoggerFactory(LogLevels.fromClassPath(), () -> out);
  }

  @Override
  public Logger getLogger(String name) {
    return loggers.computeIfAbsent(name, n -> new JsonLogger(n, levels.threshold(n), out));
  }
}
