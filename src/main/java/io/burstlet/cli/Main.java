package io.burstlet.cli;

import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ConfigException;
import io.burstlet.config.ConfigLoader;
import io.burstlet.logging.LogFormat;
import io.burstlet.logging.LoggingPrintStream;
import io.burstlet.metrics.MetricsServer;
import io.burstlet.metrics.PrometheusPodMetrics;
import io.kubernetes.client.openapi.ApiClient;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.hotspot.DefaultExports;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Command line entry point: {@code burstlet run|emulator|provider-server|version}. */
public final class Main {
  static final int EXIT_USAGE = 2;
  static final int EXIT_CONFIG = 3;
  static final int EXIT_FAILURE = 1;

  private static final String LOG_FORMAT = "--log-format";

  private static final String USAGE =
      """
      Usage: burstlet <command> [options]

      Commands:
        run --config FILE [--kubeconfig FILE]
            Run the node agent: one virtual node per configured zone. Without --kubeconfig the
            in-cluster ServiceAccount is used.
        emulator aci|eci [--port N] [--cert-out FILE] [--private-registry HOST=USER:PASSWORD]...
            Run a local cloud emulator over HTTPS (see README). eci also takes
            --access-key ID:SECRET (required), --region R, --zone ZONE=VSWITCH[,VSWITCH]...
      %s        version
            Print the version.
        --help
            Print this help.

      run, emulator and provider-server also take --log-format text|json: log lines as text (the
      default) or as one JSON object per line (time, level, logger, thread, message, exception).
      """
          .formatted(ProviderServerCommand.USAGE.strip());

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a command and returns the process exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || List.of("--help", "-h", "help").contains(args[0])) {
      (args.length == 0 ? err : out).print(USAGE);
      return args.length == 0 ? EXIT_USAGE : 0;
    }
    List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
    try {
      return switch (args[0]) {
        case "version" -> {
          out.println("burstlet " + Version.get());
          yield 0;
        }
        case "run" -> {
          logFormat(rest);
          yield runAgent(rest, err);
        }
        case "emulator" ->
            EmulatorCommand.run(
                rest, console(logFormat(rest), out, "io.burstlet.cli.EmulatorCommand"), err);
        case "provider-server" ->
            ProviderServerCommand.run(
                rest,
                console(logFormat(rest), out, "io.burstlet.cli.ProviderServerCommand"),
                err,
                new CloudProviders());
        default -> {
          err.println("unknown command '" + args[0] + "'");
          err.print(USAGE);
          yield EXIT_USAGE;
        }
      };
    } catch (UsageException e) {
      err.println(e.getMessage());
      err.print(USAGE);
      return EXIT_USAGE;
    }
  }

  /**
   * Takes {@code --log-format} out of a command's arguments and sets logging up with it, before
   * anything creates a logger.
   */
  private static LogFormat logFormat(List<String> args) {
    String value = null;
    for (int i = 0; i < args.size(); ) {
      String arg = args.get(i);
      String given;
      if (arg.equals(LOG_FORMAT)) {
        if (i + 1 >= args.size()) {
          throw new UsageException(LOG_FORMAT + " needs a value");
        }
        given = args.get(i + 1);
        args.subList(i, i + 2).clear();
      } else if (arg.startsWith(LOG_FORMAT + "=")) {
        given = arg.substring(LOG_FORMAT.length() + 1);
        args.remove(i);
      } else {
        i++;
        continue;
      }
      if (value != null) {
        throw new UsageException(LOG_FORMAT + " given twice");
      }
      value = given;
    }
    LogFormat format;
    try {
      format = value == null ? LogFormat.TEXT : LogFormat.parse(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException(LOG_FORMAT + ": " + e.getMessage());
    }
    format.install();
    return format;
  }

  /** Where a command prints for its operator: stdout, or log events when logs are JSON. */
  private static PrintStream console(LogFormat format, PrintStream out, String logger) {
    return format == LogFormat.JSON ? LoggingPrintStream.to(LoggerFactory.getLogger(logger)) : out;
  }

  private static int runAgent(List<String> args, PrintStream err) {
    Options options = Options.parse(args, List.of("--config", "--kubeconfig"), List.of());
    if (!options.positional().isEmpty()) {
      throw new UsageException("unexpected argument '" + options.positional().get(0) + "'");
    }
    String configFile = options.required("--config");
    BurstletConfig config;
    try {
      config = ConfigLoader.load(Path.of(configFile));
    } catch (ConfigException e) {
      return configError(configFile, e, err);
    }
    String kubeconfig = options.value("--kubeconfig");
    if (kubeconfig != null && !Files.isReadable(Path.of(kubeconfig))) {
      err.println("--kubeconfig: file " + kubeconfig + " is not readable");
      return EXIT_USAGE;
    }
    Logger log = LoggerFactory.getLogger(Main.class);
    CollectorRegistry registry = new CollectorRegistry(true);
    DefaultExports.register(registry);
    CloudProviders clouds = new CloudProviders();
    AtomicReference<Agent> agent = new AtomicReference<>();
    AtomicReference<MetricsServer> metrics = new AtomicReference<>();
    // Stop taking work and close what talks to the API server and the clouds (the agent closes
    // pods, nodes, the kubelet API, then providers), then the probes, then the emulators.
    Shutdown shutdown =
        new Shutdown(log, Shutdown.BUDGET)
            .then("the agent", () -> closeIfSet(agent))
            .then("the metrics server", () -> closeIfSet(metrics))
            .then("the embedded emulators", clouds)
            .onJvmExit();
    if (shutdown.begun()) {
      return 0; // asked to stop before anything started
    }
    try {
      ApiClient client = KubeClients.create(kubeconfig == null ? null : Path.of(kubeconfig));
      Agent started = new Agent(config, client, clouds, new PrometheusPodMetrics(registry));
      agent.set(started);
      started.start();
      if (config.metricsPort() > 0 && !shutdown.begun()) {
        MetricsServer server =
            new MetricsServer(
                "0.0.0.0",
                config.metricsPort(),
                registry,
                () -> started.nodes().stream().allMatch(Main::registered),
                started.liveness()::problems,
                started.metricsAccess());
        metrics.set(server);
        server.start();
        log.info("metrics and health on port {}", server.port());
      }
      if (started.awaitReady(Duration.ofMinutes(2))) {
        log.info("all {} virtual nodes registered", started.nodes().size());
      } else if (!shutdown.begun()) {
        log.warn("not every virtual node registered within 2 minutes; still trying");
      }
      shutdown.await();
      return 0;
    } catch (ConfigException e) {
      return configError(configFile, e, err);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EXIT_FAILURE;
    } catch (Exception e) {
      if (shutdown.begun()) {
        return 0; // stopped while starting: the shutdown says so
      }
      log.error("agent failed: {}", e.toString());
      return EXIT_FAILURE;
    }
  }

  private static int configError(String file, ConfigException e, PrintStream err) {
    err.println("invalid configuration in " + file + ":");
    e.problems().forEach(p -> err.println("  " + p));
    return EXIT_CONFIG;
  }

  private static void closeIfSet(AtomicReference<? extends AutoCloseable> part) throws Exception {
    AutoCloseable p = part.get();
    if (p != null) {
      p.close();
    }
  }

  private static boolean registered(io.burstlet.node.VirtualNode node) {
    try {
      return node.awaitReady(Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
