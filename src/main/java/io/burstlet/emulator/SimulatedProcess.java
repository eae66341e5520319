package io.burstlet.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One emulated container: a {@link SimulatedProgram} started at an instant, restarted per its
 * {@link RestartPolicy}, optionally stopped. Immutable; its state and logs are pure functions of
 * the instant asked about, so emulators need no thread per container and tests are deterministic
 * with a controllable {@link java.time.Clock}.
 *
 * <p>Timeline: before {@code startAt} the container is Waiting ({@code ContainerCreating}); each
 * run lasts the program's runtime; a run that the policy restarts is followed by {@code
 * restartDelay} of Waiting ({@code CrashLoopBackOff}) and then the next run. Runs are identical, as
 * the program is deterministic.
 */
public final class SimulatedProcess {

  private final SimulatedProgram program;
  private final Instant startAt;
  private final RestartPolicy restartPolicy;
  private final Duration restartDelay;
  private final Instant stoppedAt;

  /**
   * @param startAt when the first run starts (emulators may put it after "now" to simulate image
   *     pulls and provisioning)
   * @param restartDelay pause between a run's exit and the next run; must be positive, since a
   *     program that exits at once would otherwise restart infinitely often
   */
  public SimulatedProcess(
      SimulatedProgram program,
      Instant startAt,
      RestartPolicy restartPolicy,
      Duration restartDelay) {
    this(program, startAt, restartPolicy, restartDelay, null);
  }

  private SimulatedProcess(
      SimulatedProgram program,
      Instant startAt,
      RestartPolicy restartPolicy,
      Duration restartDelay,
      Instant stoppedAt) {
    this.program = Objects.requireNonNull(program, "program");
    this.startAt = Objects.requireNonNull(startAt, "startAt");
    this.restartPolicy = Objects.requireNonNull(restartPolicy, "restartPolicy");
    this.restartDelay = Objects.requireNonNull(restartDelay, "restartDelay");
    if (restartDelay.isNegative() || restartDelay.isZero()) {
      throw new IllegalArgumentException("restartDelay must be positive, was " + restartDelay);
    }
    this.stoppedAt = stoppedAt;
  }

  /** A process that is never restarted. */
  public static SimulatedProcess start(SimulatedProgram program, Instant startAt) {
    return new SimulatedProcess(program, startAt, RestartPolicy.NEVER, Duration.ofSeconds(1));
  }

  /**
   * The same process stopped at {@code at} (container group stopped): a run in progress then ends
   * as Terminated with exit code 137 and reason {@code Killed}, and nothing changes afterwards.
   * Stopping an already stopped process keeps the earlier stop.
   */
  public SimulatedProcess stoppedAt(Instant at) {
    Objects.requireNonNull(at, "at");
    if (stoppedAt != null) {
      return this;
    }
    return new SimulatedProcess(program, startAt, restartPolicy, restartDelay, at);
  }

  /** The program this process runs. */
  public SimulatedProgram program() {
    return program;
  }

  /** When the first run starts (or started). */
  public Instant startAt() {
    return startAt;
  }

  /** The current state, the previous run's state and the restart count at {@code now}. */
  public ContainerStatus status(Instant now) {
    Instant at = effective(now);
    if (at.isBefore(startAt)) {
      if (at.equals(stoppedAt)) {
        // Stopped before it ever started: it never ran, so started and finished coincide.
        var neverRan =
            new ContainerState.Terminated(
                ContainerState.KILLED_EXIT_CODE, ContainerState.KILLED, at, at);
        return new ContainerStatus(neverRan, Optional.empty(), 0);
      }
      return new ContainerStatus(
          new ContainerState.Waiting(ContainerState.CONTAINER_CREATING), Optional.empty(), 0);
    }
    boolean stopped = at.equals(stoppedAt);
    Run run = runAt(at);
    Optional<ContainerState.Terminated> previous =
        run.index == 0 ? Optional.empty() : Optional.of(finished(run.index - 1));
    if (run.exitedBy(at)) {
      ContainerState.Terminated last = finished(run.index);
      if (restarts() && !stopped) {
        return new ContainerStatus(
            new ContainerState.Waiting(ContainerState.CRASH_LOOP_BACK_OFF),
            Optional.of(last),
            run.index);
      }
      return new ContainerStatus(last, previous, run.index);
    }
    if (stopped) {
      var killed =
          new ContainerState.Terminated(
              ContainerState.KILLED_EXIT_CODE, ContainerState.KILLED, run.start, stoppedAt);
      return new ContainerStatus(killed, previous, run.index);
    }
    return new ContainerStatus(new ContainerState.Running(run.start), previous, run.index);
  }

  /** The current state at {@code now}; shorthand for {@code status(now).current()}. */
  public ContainerState state(Instant now) {
    return status(now).current();
  }

  /** Lines the latest run that has started by {@code now} wrote up to {@code now}, oldest first. */
  public List<LogLine> logs(Instant now) {
    Instant at = effective(now);
    if (at.isBefore(startAt)) {
      return List.of();
    }
    Run run = runAt(at);
    return linesOf(run.start, at);
  }

  /** Every line of the run before the latest one (like {@code kubectl logs --previous}). */
  public List<LogLine> previousLogs(Instant now) {
    Instant at = effective(now);
    if (at.isBefore(startAt)) {
      return List.of();
    }
    Run run = runAt(at);
    if (run.index == 0) {
      return List.of();
    }
    Instant previousStart = runStart(run.index - 1);
    return linesOf(previousStart, previousStart.plus(program.runtime().orElseThrow()));
  }

  @Override
  public String toString() {
    return "SimulatedProcess[" + program + ", startAt=" + startAt + ", " + restartPolicy + "]";
  }

  private Instant effective(Instant now) {
    Objects.requireNonNull(now, "now");
    return stoppedAt != null && stoppedAt.isBefore(now) ? stoppedAt : now;
  }

  private boolean restarts() {
    return !program.runsForever() && restartPolicy.restartsAfter(program.exitCode().getAsInt());
  }

  /** The latest run started at or before {@code at} (which is not before {@code startAt}). */
  private Run runAt(Instant at) {
    if (!restarts()) {
      return new Run(0, startAt);
    }
    Duration period = program.runtime().orElseThrow().plus(restartDelay);
    long index = Duration.between(startAt, at).toNanos() / period.toNanos();
    int capped = (int) Math.min(index, Integer.MAX_VALUE);
    return new Run(capped, runStart(capped));
  }

  private Instant runStart(int index) {
    if (index == 0) {
      return startAt;
    }
    Duration period = program.runtime().orElseThrow().plus(restartDelay);
    return startAt.plus(period.multipliedBy(index));
  }

  private ContainerState.Terminated finished(int index) {
    Instant start = runStart(index);
    int code = program.exitCode().orElseThrow();
    return new ContainerState.Terminated(
        code,
        code == 0 ? ContainerState.COMPLETED : ContainerState.ERROR,
        start,
        start.plus(program.runtime().orElseThrow()));
  }

  private List<LogLine> linesOf(Instant runStart, Instant until) {
    return program.lines().stream()
        .map(line -> new LogLine(runStart.plus(line.offset()), line.text()))
        .filter(line -> !line.timestamp().isAfter(until))
        .toList();
  }

  /** The {@code index}-th run (0 = first), started at {@code start}. */
  private final class Run {
    final int index;
    final Instant start;

    Run(int index, Instant start) {
      this.index = index;
      this.start = start;
    }

    boolean exitedBy(Instant at) {
      return program.runtime().map(d -> !at.isBefore(start.plus(d))).orElse(false);
    }
  }
}
