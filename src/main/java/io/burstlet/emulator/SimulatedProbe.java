package io.burstlet.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A liveness or readiness probe of one emulated container, as a kubelet-like agent runs it. Like
 * {@link SimulatedProcess}, it holds no clock: whether the probe passes, and which failure events
 * it has caused, are pure functions of the container's {@link SimulatedProcess} and the instant
 * asked about.
 *
 * <p><b>One attempt.</b> Every attempt gives the same result, since what it checks never changes:
 *
 * <ul>
 *   <li>{@link Exec}: the command runs through the simulated shell ({@link SimulatedProgram}, with
 *       the container's environment): exit 0 is a success; another code a failure whose message is
 *       the command's output, as the kubelet reports it; a command that does not end within {@code
 *       timeoutSeconds} (any command the simulated shell does not know runs forever) is a failure
 *       {@code command "…" timed out} once the timeout has passed.
 *   <li>{@link HttpGet} and {@link TcpSocket}: a success at once when the container declares the
 *       port (nothing listens in an emulator, so a declared port stands for a listening one); else
 *       the kubelet's connection-refused failure, {@code Get "http://ADDRESS:PORT/PATH": dial tcp
 *       ADDRESS:PORT: connect: connection refused} or {@code dial tcp ADDRESS:PORT: connect:
 *       connection refused}.
 * </ul>
 *
 * <p><b>Schedule.</b> Attempts run only while the container is Running, at {@code
 * initialDelaySeconds + k × periodSeconds} after each run's start (k = 0, 1, …), the kubelet's
 * earliest schedule; an attempt's result counts once it took its time (above). Readiness starts
 * failed and turns ready after {@code successThreshold} successes in a row, so a container with a
 * passing probe is ready from its {@code successThreshold}-th result on and one with a failing
 * probe never is. Liveness starts passing; after {@code failureThreshold} failures in a row the
 * container is killed (exit code 137) and restarted as its restart policy says — since every run
 * behaves the same, {@link #restrict} folds this into the program and {@link SimulatedProcess}
 * needs no change. Each failed attempt is a Warning event {@code Unhealthy} with message {@code
 * "Readiness probe failed: …"} or {@code "Liveness probe failed: …"}, and each liveness kill a
 * Normal event {@code Killing} with {@code "Container NAME failed liveness probe, will be
 * restarted"}; like the kubelet's event recorder, equal events are aggregated into one with a count
 * and the first and last time, across restarts.
 *
 * <p><b>Use in an emulator</b> (ACI does it in {@code emulator.aci.Deployment}; ECI can do the
 * same): build the probe from the container's probe fields, with a {@link Target} naming the
 * container, its address, its declared ports and its environment; build the process from {@code
 * probe.restrict(program)} when it is a liveness probe; then, when rendering the container, ask
 * {@link #report(SimulatedProcess, Instant)} with the process as the API sees it (stopped or not)
 * and render {@link Report#failures()} and {@link Report#kills()} in the cloud's event shape (ECI's
 * {@code Events} of a container group: {@code Type: Warning}, {@code Reason: Unhealthy}, {@code
 * Count}, {@code FirstTimestamp}, {@code LastTimestamp}, {@code Message}); ECI's {@code Ready} flag
 * of a container is {@link Report#passing()} of its readiness probe while it runs, ready since
 * {@link #readyAfter()} into the run (as {@code emulator.eci.GroupTimeline} does). tcpSocket probes
 * exist for ECI; ACI has exec and httpGet only.
 *
 * <p>Not modelled: startup and gRPC probes, HTTP status codes and headers (a declared port always
 * answers 200), probes that succeed only some of the time, and the random delay before a kubelet's
 * first attempt.
 */
public final class SimulatedProbe {

  /** Event name (the kubelet's reason) of a failed attempt. */
  public static final String UNHEALTHY = "Unhealthy";

  /** Event name of a liveness kill (a Normal event, as the kubelet records it). */
  public static final String KILLING = "Killing";

  /** Event type of {@link #UNHEALTHY}. */
  public static final String WARNING = "Warning";

  /** Exit code of a run killed by its liveness probe (SIGKILL). */
  public static final int KILLED_EXIT_CODE = 137;

  /** What the probe decides. */
  public enum Kind {
    LIVENESS("Liveness"),
    READINESS("Readiness");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** {@code Liveness} or {@code Readiness}, as event messages begin. */
    public String label() {
      return label;
    }
  }

  /** How the probe checks the container. */
  public sealed interface Action permits Exec, HttpGet, TcpSocket {}

  /** Runs {@code command} inside the container. */
  public record Exec(List<String> command) implements Action {
    public Exec {
      command = List.copyOf(command);
      if (command.isEmpty()) {
        throw new IllegalArgumentException("exec probe command must not be empty");
      }
    }
  }

  /** GETs {@code scheme://address:port path}; {@code scheme} http or https. */
  public record HttpGet(int port, String path, String scheme) implements Action {
    public HttpGet {
      requirePort(port);
      path = path == null || path.isEmpty() ? "/" : path;
      scheme = scheme == null ? "http" : scheme.toLowerCase(Locale.ROOT);
    }
  }

  /** Opens a TCP connection to {@code port}. */
  public record TcpSocket(int port) implements Action {
    public TcpSocket {
      requirePort(port);
    }
  }

  /**
   * The probe's timing, as in a Kubernetes probe.
   *
   * @param initialDelaySeconds before the first attempt of a run (≥ 0)
   * @param periodSeconds between attempts (≥ 1)
   * @param timeoutSeconds after which an attempt that has not answered fails (≥ 1)
   * @param successThreshold successes in a row that make a failed probe pass (≥ 1)
   * @param failureThreshold failures in a row that make a passing probe fail (≥ 1)
   */
  public record Timing(
      int initialDelaySeconds,
      int periodSeconds,
      int timeoutSeconds,
      int successThreshold,
      int failureThreshold) {
    public Timing {
      if (initialDelaySeconds < 0) {
        throw new IllegalArgumentException(
            "initialDelaySeconds must be >= 0, was " + initialDelaySeconds);
      }
      requirePositive(periodSeconds, "periodSeconds");
      requirePositive(timeoutSeconds, "timeoutSeconds");
      requirePositive(successThreshold, "successThreshold");
      requirePositive(failureThreshold, "failureThreshold");
    }

    /** Kubernetes' defaults: no delay, every 10 s, 1 s timeout, 1 success, 3 failures. */
    public static Timing defaults() {
      return new Timing(0, 10, 1, 1, 3);
    }

    /** These timings with every null replaced by Kubernetes' default. */
    public static Timing of(
        Integer initialDelaySeconds,
        Integer periodSeconds,
        Integer timeoutSeconds,
        Integer successThreshold,
        Integer failureThreshold) {
      Timing d = defaults();
      return new Timing(
          or(initialDelaySeconds, d.initialDelaySeconds),
          or(periodSeconds, d.periodSeconds),
          or(timeoutSeconds, d.timeoutSeconds),
          or(successThreshold, d.successThreshold),
          or(failureThreshold, d.failureThreshold));
    }
  }

  /**
   * The container a probe checks.
   *
   * @param name the container's name, for the kill event
   * @param address the address probes connect to (the group's or pod's IP), for messages
   * @param ports the ports the container declares; only these answer httpGet and tcpSocket probes
   * @param env the container's environment, for {@code $VAR} in exec probes
   */
  public record Target(String name, String address, Set<Integer> ports, Map<String, String> env) {
    public Target {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(address, "address");
      ports = Set.copyOf(ports);
      env = Map.copyOf(env);
    }

    @Override
    public String toString() {
      // The environment may hold secrets.
      return "Target[" + name + ", " + address + ", ports=" + ports + "]";
    }
  }

  /** The result of one attempt; every attempt of a probe has the same one. */
  public record Attempt(boolean success, Duration took, String message) {}

  /** Aggregated events of one kind: how many, when the first and the last happened, the text. */
  public record Events(int count, Instant firstTimestamp, Instant lastTimestamp, String message) {}

  /**
   * What the probe says at one instant.
   *
   * @param passing readiness: the container is ready; liveness: it has not failed its probe {@code
   *     failureThreshold} times in its current run. False unless the container is running.
   * @param failures the {@code Unhealthy} events so far, if any
   * @param kills the liveness {@code Killing} events so far, if any (never for readiness)
   */
  public record Report(boolean passing, Optional<Events> failures, Optional<Events> kills) {}

  private final Kind kind;
  private final Timing timing;
  private final Target target;
  private final Attempt attempt;

  public SimulatedProbe(Kind kind, Action action, Timing timing, Target target) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.timing = Objects.requireNonNull(timing, "timing");
    this.target = Objects.requireNonNull(target, "target");
    this.attempt = attempt(Objects.requireNonNull(action, "action"), timing, target);
  }

  public Kind kind() {
    return kind;
  }

  /** What every attempt of this probe gives. */
  public Attempt attempt() {
    return attempt;
  }

  /**
   * The offset from a run's start at which a failing liveness probe kills the container: its {@code
   * failureThreshold}-th failed result. Empty for readiness and for passing probes.
   */
  public Optional<Duration> killsAfter() {
    if (kind != Kind.LIVENESS || attempt.success()) {
      return Optional.empty();
    }
    return Optional.of(resultOffset(timing.failureThreshold() - 1));
  }

  /**
   * The offset from a run's start at which a passing readiness probe makes the container ready: its
   * {@code successThreshold}-th result. Emulators report it as the moment readiness changed (ECI's
   * {@code SinceSecond} filters on such moments). Empty for liveness and for failing probes.
   */
  public Optional<Duration> readyAfter() {
    if (kind != Kind.READINESS || !attempt.success()) {
      return Optional.empty();
    }
    return Optional.of(resultOffset(timing.successThreshold() - 1));
  }

  /**
   * {@code program} as this probe lets it run: for a failing liveness probe, each run is killed
   * (exit code {@value #KILLED_EXIT_CODE}) at {@link #killsAfter()} unless it exits by itself
   * first; otherwise {@code program} unchanged. Build the container's {@link SimulatedProcess} from
   * the result, so that restarts and the restart policy follow.
   */
  public SimulatedProgram restrict(SimulatedProgram program) {
    return killsAfter().map(at -> program.killedAt(at, KILLED_EXIT_CODE)).orElse(program);
  }

  /**
   * What the probe says at {@code now} about {@code process} — the container's process built from
   * {@link #restrict}ed program, stopped if the container was stopped.
   */
  public Report report(SimulatedProcess process, Instant now) {
    Runs runs = Runs.of(process, now);
    int perEndedRun = process.program().runtime().map(this::attemptsWithin).orElse(0);
    int inCurrent = runs.current() == null ? 0 : attemptsWithin(runs.current());
    boolean passing = runs.running() && passing(runs.current());
    // Runs are identical, so the first failure is in the first run and every ended run had
    // as many; the current run has had no more than they had.
    Optional<Events> failures = Optional.empty();
    int failed = attempt.success() ? 0 : runs.ended() * perEndedRun + inCurrent;
    if (failed > 0) {
      Instant last =
          inCurrent > 0
              ? runs.currentStart().plus(resultOffset(inCurrent - 1))
              : runs.lastEndedStart().plus(resultOffset(perEndedRun - 1));
      failures =
          Optional.of(
              new Events(
                  failed,
                  process.startAt().plus(resultOffset(0)),
                  last,
                  kind.label() + " probe failed: " + attempt.message()));
    }
    Optional<Events> kills = Optional.empty();
    Optional<Duration> killAt = killsAfter();
    if (runs.ended() > 0 && killAt.isPresent() && process.program().runtime().equals(killAt)) {
      kills =
          Optional.of(
              new Events(
                  runs.ended(),
                  process.startAt().plus(killAt.get()),
                  runs.lastEndedStart().plus(killAt.get()),
                  "Container " + target.name() + " failed liveness probe, will be restarted"));
    }
    return new Report(passing, failures, kills);
  }

  /**
   * The runs of a process up to an instant: how many ended by themselves (or were killed by a
   * probe), when the last of those started, and the run in progress or cut short by a stop — from
   * {@code currentStart} for {@code current} — if any.
   */
  private record Runs(
      int ended, Instant lastEndedStart, Instant currentStart, Duration current, boolean running) {

    static Runs of(SimulatedProcess process, Instant now) {
      ContainerStatus status = process.status(now);
      Instant previousStart =
          status.previous().map(ContainerState.Terminated::startedAt).orElse(null);
      int restarts = status.restartCount();
      if (status.current() instanceof ContainerState.Running r) {
        return new Runs(
            restarts, previousStart, r.startedAt(), Duration.between(r.startedAt(), now), true);
      }
      if (status.current() instanceof ContainerState.Terminated t) {
        if (t.startedAt().isBefore(process.startAt())) {
          return new Runs(0, null, null, null, false); // stopped before it ever started
        }
        if (t.reason().equals(ContainerState.KILLED)) {
          // Stopped during a run. (A liveness kill ends as Error, like any non-zero exit.)
          Duration ran = Duration.between(t.startedAt(), t.finishedAt());
          return new Runs(restarts, previousStart, t.startedAt(), ran, false);
        }
        return new Runs(restarts + 1, t.startedAt(), null, null, false);
      }
      // Waiting: before the first start nothing ran; while backing off, every run so far ended.
      return status.previous().isPresent()
          ? new Runs(restarts + 1, previousStart, null, null, false)
          : new Runs(0, null, null, null, false);
    }
  }

  @Override
  public String toString() {
    return "SimulatedProbe[" + kind + ", " + timing + ", " + target + "]";
  }

  /** Whether the probe passes {@code elapsed} into a run. */
  private boolean passing(Duration elapsed) {
    int results = attemptsWithin(elapsed);
    if (kind == Kind.READINESS) {
      return attempt.success() && results >= timing.successThreshold();
    }
    return attempt.success() || results < timing.failureThreshold();
  }

  /** How many attempts have a result within {@code elapsed} of a run's start. */
  private int attemptsWithin(Duration elapsed) {
    Duration first = resultOffset(0);
    if (elapsed.compareTo(first) < 0) {
      return 0;
    }
    long period = Duration.ofSeconds(timing.periodSeconds()).toNanos();
    return (int) Math.min(Integer.MAX_VALUE, elapsed.minus(first).toNanos() / period + 1);
  }

  /** When, after a run's start, the result of attempt {@code index} (0 = first) is known. */
  private Duration resultOffset(int index) {
    return Duration.ofSeconds(timing.initialDelaySeconds())
        .plus(Duration.ofSeconds(timing.periodSeconds()).multipliedBy(index))
        .plus(attempt.took());
  }

  private static Attempt attempt(Action action, Timing timing, Target target) {
    if (action instanceof Exec exec) {
      return execute(exec, timing, target);
    }
    if (action instanceof HttpGet get) {
      return target.ports().contains(get.port())
          ? new Attempt(true, Duration.ZERO, "")
          : new Attempt(
              false,
              Duration.ZERO,
              "Get \""
                  + get.scheme()
                  + "://"
                  + target.address()
                  + ":"
                  + get.port()
                  + get.path()
                  + "\": "
                  + refused(target.address(), get.port()));
    }
    TcpSocket tcp = (TcpSocket) action;
    return target.ports().contains(tcp.port())
        ? new Attempt(true, Duration.ZERO, "")
        : new Attempt(false, Duration.ZERO, refused(target.address(), tcp.port()));
  }

  private static Attempt execute(Exec exec, Timing timing, Target target) {
    SimulatedProgram program = SimulatedProgram.parse(exec.command(), null, target.env());
    Duration timeout = Duration.ofSeconds(timing.timeoutSeconds());
    Optional<Duration> runtime = program.runtime();
    if (runtime.isEmpty() || runtime.get().compareTo(timeout) > 0) {
      return new Attempt(
          false, timeout, "command \"" + String.join(" ", exec.command()) + "\" timed out");
    }
    if (program.exitCode().getAsInt() == 0) {
      return new Attempt(true, runtime.get(), "");
    }
    // The kubelet reports a failed command by its output alone (often empty).
    StringBuilder output = new StringBuilder();
    program.lines().forEach(line -> output.append(line.text()).append('\n'));
    return new Attempt(false, runtime.get(), output.toString().strip());
  }

  private static String refused(String address, int port) {
    return "dial tcp " + address + ":" + port + ": connect: connection refused";
  }

  private static void requirePort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, was " + port);
    }
  }

  private static void requirePositive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, was " + value);
    }
  }

  private static int or(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
