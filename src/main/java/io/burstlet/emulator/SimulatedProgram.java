package io.burstlet.emulator;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What an emulated container does, compiled once from its command and args into a timeline: the
 * lines it echoes (each at an offset from its start) and, unless it runs forever, when it exits and
 * with which code. Immutable and free of clocks, so a {@link SimulatedProcess} can compute state
 * and logs for any instant.
 *
 * <p>The simulated shell knows {@code echo TEXT}, {@code sleep N} (seconds, fractional, with an
 * optional s/m/h/d suffix, or {@code infinity}) and {@code exit N}, joined by {@code ;}, newlines
 * or {@code &&}. Any other command — and no command at all, which stands for an image's own
 * entrypoint such as nginx — runs forever once reached, after the lines echoed before it.
 */
public final class SimulatedProgram {

  private static final Set<String> SHELLS = Set.of("sh", "bash", "ash", "dash", "busybox");
  private static final SimulatedProgram FOREVER = new SimulatedProgram(List.of(), null, 0);

  /** One echoed line, {@code offset} after the run started. */
  record TimedLine(Duration offset, String text) {}

  private final List<TimedLine> lines;
  private final Duration runtime;
  private final int exitCode;

  private SimulatedProgram(List<TimedLine> lines, Duration runtime, int exitCode) {
    this.lines = List.copyOf(lines);
    this.runtime = runtime;
    this.exitCode = exitCode;
  }

  /** A program that prints nothing and never exits: an image's default entrypoint. */
  public static SimulatedProgram forever() {
    return FOREVER;
  }

  /**
   * Compiles a container's command and args, as a container runtime would join them.
   *
   * <ul>
   *   <li>{@code [sh|bash|…, -c, SCRIPT, …]} (also {@code -ec}, {@code -xc}): runs SCRIPT.
   *   <li>a single element containing whitespace or {@code ;}: treated as a script, as if the
   *       image's entrypoint were {@code sh -c} — lenient on purpose, so args-only pods work.
   *   <li>any other non-empty argv, e.g. {@code [echo, hi]} or {@code [sleep, 5]}: one statement.
   *   <li>empty: the image's entrypoint, which runs forever.
   * </ul>
   *
   * @param command the container's command (entrypoint override); null or empty for none
   * @param args the container's args; null or empty for none
   * @param env environment for {@code $VAR} expansion inside scripts; null for none
   */
  public static SimulatedProgram parse(
      List<String> command, List<String> args, Map<String, String> env) {
    List<String> argv = new ArrayList<>();
    if (command != null) {
      argv.addAll(command);
    }
    if (args != null) {
      argv.addAll(args);
    }
    Map<String, String> environment = env == null ? Map.of() : env;
    if (argv.isEmpty()) {
      return FOREVER;
    }
    if (SHELLS.contains(basename(argv.get(0))) && argv.size() >= 2) {
      if (!isCommandStringOption(argv.get(1)) || argv.size() < 3) {
        return FOREVER; // an interactive shell, or "sh -c" without a script: not simulated
      }
      return compile(ShellParser.parse(argv.get(2), environment));
    }
    if (argv.size() == 1 && argv.get(0).matches("(?s).*[\\s;].*")) {
      return compile(ShellParser.parse(argv.get(0), environment));
    }
    return compile(
        List.of(
            new ShellParser.Statement(ShellParser.Separator.SEQUENCE, List.copyOf(argv), true)));
  }

  /** Same as {@link #parse(List, List, Map)} without environment variables. */
  public static SimulatedProgram parse(List<String> command, List<String> args) {
    return parse(command, args, Map.of());
  }

  /** True when the program never exits by itself. */
  public boolean runsForever() {
    return runtime == null;
  }

  /** How long one run lasts from start to exit; empty when it runs forever. */
  public Optional<Duration> runtime() {
    return Optional.ofNullable(runtime);
  }

  /** The code one run exits with; empty when it runs forever. */
  public OptionalInt exitCode() {
    return runtime == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
  }

  /** The echoed lines of one run, in order, each with its offset from the run's start. */
  List<TimedLine> lines() {
    return lines;
  }

  /**
   * This program killed {@code at} after each run's start with {@code exitCode}, unless it exits by
   * itself by then: the lines echoed up to that instant are kept. A failing liveness probe ends
   * every run this way (see {@link SimulatedProbe#restrict}).
   */
  SimulatedProgram killedAt(Duration at, int exitCode) {
    if (runtime != null && runtime.compareTo(at) <= 0) {
      return this;
    }
    List<TimedLine> kept = lines.stream().filter(l -> l.offset().compareTo(at) <= 0).toList();
    return new SimulatedProgram(kept, at, exitCode);
  }

  @Override
  public String toString() {
    return "SimulatedProgram[lines="
        + lines.size()
        + (runtime == null ? ", runs forever" : ", exits " + exitCode + " after " + runtime)
        + "]";
  }

  private static boolean isCommandStringOption(String option) {
    return option.matches("-[a-z]*c[a-z]*");
  }

  private static String basename(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static SimulatedProgram compile(List<ShellParser.Statement> statements) {
    List<TimedLine> lines = new ArrayList<>();
    Duration elapsed = Duration.ZERO;
    int status = 0;
    for (ShellParser.Statement statement : statements) {
      if (statement.separator() == ShellParser.Separator.AND && status != 0) {
        continue; // sh skips the rest of a failed && chain and keeps its status
      }
      if (!statement.supported() || statement.words().isEmpty()) {
        return new SimulatedProgram(lines, null, 0);
      }
      List<String> words = statement.words();
      String name = basename(words.get(0));
      List<String> operands = words.subList(1, words.size());
      switch (name) {
        case "echo" -> {
          for (String text : echoText(operands).split("\n", -1)) {
            lines.add(new TimedLine(elapsed, text));
          }
          status = 0;
        }
        case "sleep" -> {
          Optional<Duration> pause = sleepDuration(operands);
          if (pause.isEmpty()) {
            return new SimulatedProgram(lines, null, 0);
          }
          elapsed = elapsed.plus(pause.get());
          status = 0;
        }
        case "exit" -> {
          OptionalInt code = exitStatus(operands, status);
          if (code.isEmpty()) {
            return new SimulatedProgram(lines, null, 0);
          }
          return new SimulatedProgram(lines, elapsed, code.getAsInt());
        }
        default -> {
          return new SimulatedProgram(lines, null, 0);
        }
      }
    }
    return new SimulatedProgram(lines, elapsed, status);
  }

  private static String echoText(List<String> operands) {
    List<String> words = operands;
    if (!words.isEmpty() && words.get(0).equals("-n")) {
      words = words.subList(1, words.size());
    }
    return String.join(" ", words);
  }

  /** Empty for {@code sleep infinity} and for anything sleep would reject. */
  private static Optional<Duration> sleepDuration(List<String> operands) {
    if (operands.size() != 1) {
      return Optional.empty();
    }
    String value = operands.get(0);
    long unitSeconds = 1;
    char last = value.isEmpty() ? ' ' : value.charAt(value.length() - 1);
    switch (last) {
      case 's' -> unitSeconds = 1;
      case 'm' -> unitSeconds = 60;
      case 'h' -> unitSeconds = 3600;
      case 'd' -> unitSeconds = 86400;
      default -> unitSeconds = 0;
    }
    String number = unitSeconds == 0 ? value : value.substring(0, value.length() - 1);
    if (!number.matches("\\d+(\\.\\d*)?|\\.\\d+")) {
      return Optional.empty();
    }
    BigDecimal nanos =
        new BigDecimal(number)
            .multiply(BigDecimal.valueOf(unitSeconds == 0 ? 1 : unitSeconds))
            .movePointRight(9);
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return Optional.empty(); // longer than ~292 years: as good as forever
    }
    return Optional.of(Duration.ofNanos(nanos.longValue()));
  }

  /** {@code exit} alone keeps the last status; sh keeps the low 8 bits of larger codes. */
  private static OptionalInt exitStatus(List<String> operands, int lastStatus) {
    if (operands.isEmpty()) {
      return OptionalInt.of(lastStatus);
    }
    if (operands.size() != 1 || !operands.get(0).matches("\\d{1,9}")) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(Integer.parseInt(operands.get(0)) & 0xFF);
  }
}
