package io.burstlet.cli;

import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ConfigException;
import io.burstlet.config.ConfigLoader;
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
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Command line entry point: {@code burstlet run|emulator|version}. */
public final class Main {
  static final int EXIT_USAGE = 2;
  static final int EXIT_CONFIG = 3;
  static final int EXIT_FAILURE = 1;

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
        case "run" -> runAgent(rest, err);
        case "emulator" -> EmulatorCommand.run(rest, out, err);
        case "provider-server" -> ProviderServerCommand.run(rest, out, err, new CloudProviders());
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

  private static int runAgent(List<String> args, PrintStream err) {
    Options options = Options.parse(args, List.of("--config", "--kubeconfig"), List.of());
    String configFile = options.required("--config");
    BurstletConfig config;
    try {
      config = ConfigLoader.load(Path.of(configFile));
    } catch (ConfigException e) {
      err.println("invalid configuration in " + configFile + ":");
      e.problems().forEach(p -> err.println("  " + p));
      return EXIT_CONFIG;
    }
    String kubeconfig = options.value("--kubeconfig");
    if (kubeconfig != null && !Files.isReadable(Path.of(kubeconfig))) {
      err.println("--kubeconfig: file " + kubeconfig + " is not readable");
      return EXIT_USAGE;
    }
    Logger log = LoggerFactory.getLogger(Main.class);
    try {
      Path kc = kubeconfig == null ? null : Path.of(kubeconfig);
      ApiClient client = KubeClients.create(kc);
      CollectorRegistry registry = new CollectorRegistry(true);
      DefaultExports.register(registry);
      CloudProviders clouds = new CloudProviders();
      Agent agent = new Agent(config, client, clouds, new PrometheusPodMetrics(registry));
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    log.info("shutting down");
                    agent.close();
                    clouds.close();
                    stopped.countDown();
                  },
                  "shutdown"));
      agent.start();
      MetricsServer metrics = null;
      if (config.metricsPort() > 0) {
        metrics =
            new MetricsServer(
                "0.0.0.0",
                config.metricsPort(),
                registry,
                () -> agent.nodes().stream().allMatch(n -> awaitQuietly(n)));
        metrics.start();
        log.info("metrics and health on port {}", metrics.port());
      }
      if (agent.awaitReady(Duration.ofMinutes(2))) {
        log.info("all {} virtual nodes registered", agent.nodes().size());
      } else {
        log.warn("not every virtual node registered within 2 minutes; still trying");
      }
      stopped.await();
      if (metrics != null) {
        metrics.close();
      }
      return 0;
    } catch (Exception e) {
      log.error("agent failed: {}", e.toString());
      return EXIT_FAILURE;
    }
  }

  private static boolean awaitQuietly(io.burstlet.node.VirtualNode node) {
    try {
      return node.awaitReady(Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
