package io.burstlet.cli;

import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ConfigException;
import io.burstlet.config.ConfigLoader;
import io.burstlet.config.ProviderConfig;
import io.burstlet.provider.Provider;
import io.burstlet.provider.grpc.ProviderServer;
import io.burstlet.provider.grpc.ServerOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * {@code burstlet provider-server --config FILE --provider NAME --listen HOST:PORT --tls-cert FILE
 * --tls-key FILE --client-ca FILE [--max-watchers N]}: serves one configured provider over gRPC, to
 * agents presenting a client certificate the client CA signed, so that an agent elsewhere uses it
 * through {@code RemoteProvider}. {@code --insecure-plaintext} instead of the three files serves
 * without TLS, and only on a loopback address.
 */
public final class ProviderServerCommand {
  static final String USAGE =
      """
        provider-server --config FILE --provider NAME --listen HOST:PORT
                        (--tls-cert FILE --tls-key FILE --client-ca FILE | --insecure-plaintext)
                        [--max-watchers N]
            Serve one configured provider over gRPC (provider/burstlet_provider.proto) with
            mutual TLS: only clients with a certificate signed by --client-ca are served.
            --insecure-plaintext serves without TLS, on a loopback --listen address only.
            --max-watchers caps concurrent WatchStatus streams (default 8).
      """;

  private ProviderServerCommand() {}

  /**
   * Runs the server until the JVM shuts down (a shutdown hook, installed once the server is up,
   * stops it) and returns the exit code.
   *
   * @throws UsageException when the command line is wrong
   */
  public static int run(
      List<String> args, PrintStream out, PrintStream err, ProviderFactory providers) {
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable onServing =
        () ->
            new Shutdown(LoggerFactory.getLogger(ProviderServerCommand.class), Shutdown.BUDGET)
                .then(
                    "the provider server",
                    () -> {
                      // The JVM halts when the hooks return: wait for the server and the
                      // provider to close (answer in-flight calls, end the status streams).
                      stop.countDown();
                      stopped.await();
                    })
                .onJvmExit();
    try {
      return run(args, out, err, providers, stop, onServing);
    } finally {
      stopped.countDown();
    }
  }

  /**
   * As {@link #run(List, PrintStream, PrintStream, ProviderFactory)}, but serves until {@code stop}
   * opens: for callers that manage the lifecycle themselves, and tests.
   */
  public static int run(
      List<String> args,
      PrintStream out,
      PrintStream err,
      ProviderFactory providers,
      CountDownLatch stop) {
    return run(args, out, err, providers, stop, () -> {});
  }

  private static int run(
      List<String> args,
      PrintStream out,
      PrintStream err,
      ProviderFactory providers,
      CountDownLatch stop,
      Runnable onServing) {
    List<String> rest = new ArrayList<>(args);
    if (rest.contains("--plaintext")) {
      throw new UsageException(
          "--plaintext: replaced by --insecure-plaintext, which is allowed only on a loopback"
              + " --listen address; elsewhere give --tls-cert, --tls-key and --client-ca (mutual"
              + " TLS)");
    }
    // Options only knows "--name value"; --insecure-plaintext is a flag.
    boolean plaintext = rest.remove("--insecure-plaintext");
    Options options =
        Options.parse(
            rest,
            List.of(
                "--config",
                "--provider",
                "--listen",
                "--tls-cert",
                "--tls-key",
                "--client-ca",
                "--max-watchers"),
            List.of());
    if (!options.positional().isEmpty()) {
      throw new UsageException("unexpected argument '" + options.positional().get(0) + "'");
    }
    String configFile = options.required("--config");
    String providerName = options.required("--provider");
    ServerOptions serverOptions =
        serverOptions(
            options.required("--listen"),
            options.value("--tls-cert"),
            options.value("--tls-key"),
            options.value("--client-ca"),
            plaintext,
            options.value("--max-watchers"));

    BurstletConfig config;
    try {
      config = ConfigLoader.load(Path.of(configFile));
    } catch (ConfigException e) {
      err.println("invalid configuration in " + configFile + ":");
      e.problems().forEach(p -> err.println("  " + p));
      return Main.EXIT_CONFIG;
    }
    ProviderConfig providerConfig =
        config.providers().stream()
            .filter(p -> p.name().equals(providerName))
            .findFirst()
            .orElse(null);
    if (providerConfig == null) {
      err.println(
          "--provider: no provider named '"
              + providerName
              + "' in "
              + configFile
              + " (configured: "
              + String.join(", ", config.providers().stream().map(ProviderConfig::name).toList())
              + ")");
      return Main.EXIT_CONFIG;
    }

    Provider provider;
    try {
      provider = providers.create(providerConfig, config);
    } catch (ConfigException e) {
      err.println("invalid configuration in " + configFile + ":");
      e.problems().forEach(p -> err.println("  " + p));
      return Main.EXIT_CONFIG;
    } catch (Exception e) {
      err.println("cannot create provider " + providerName + ": " + e.getMessage());
      return Main.EXIT_FAILURE;
    }
    try (provider;
        ProviderServer server = new ProviderServer(provider, serverOptions)) {
      server.start();
      out.println(
          "serving provider "
              + providerName
              + " on "
              + serverOptions.host()
              + ":"
              + server.port()
              + (serverOptions.tls() ? " (mutual TLS)" : " (plaintext)"));
      onServing.run();
      stop.await();
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Main.EXIT_FAILURE;
    } catch (Exception e) {
      // Provider and I/O messages are safe to print: the SPI keeps secrets out of them.
      err.println("provider server failed: " + e.getMessage());
      return Main.EXIT_FAILURE;
    }
  }

  private static ServerOptions serverOptions(
      String listen,
      String cert,
      String key,
      String clientCa,
      boolean plaintext,
      String maxWatchers) {
    int colon = listen.lastIndexOf(':');
    if (colon <= 0 || colon == listen.length() - 1) {
      throw new UsageException("--listen: must be HOST:PORT (was '" + listen + "')");
    }
    String host = listen.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new UsageException("--listen: port must be a number (was '" + listen + "')");
    }
    int watchers = ServerOptions.DEFAULT_MAX_WATCHERS;
    if (maxWatchers != null) {
      try {
        watchers = Integer.parseInt(maxWatchers);
      } catch (NumberFormatException e) {
        throw new UsageException("--max-watchers: must be a number (was '" + maxWatchers + "')");
      }
    }
    try {
      return new ServerOptions(
          host,
          port,
          cert == null ? null : Path.of(cert),
          key == null ? null : Path.of(key),
          clientCa == null ? null : Path.of(clientCa),
          plaintext,
          watchers);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          e.getMessage()
              .replaceFirst("^(host|port):", "--listen:")
              .replaceFirst("^insecurePlaintext:", "--insecure-plaintext:")
              .replaceFirst("^certFile:", "--tls-cert:")
              .replaceFirst("^keyFile:", "--tls-key:")
              .replaceFirst("^clientCaFile:", "--client-ca:")
              .replaceFirst("^maxWatchers:", "--max-watchers:"));
    }
  }
}
