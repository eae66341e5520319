package io.burstlet.cli;

import io.burstlet.emulator.PrivateRegistries;
import io.burstlet.emulator.aci.AciEmulator;
import io.burstlet.emulator.eci.EciEmulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * {@code burstlet emulator aci|eci}: runs a cloud emulator on its own, for trying the agent against
 * it from another process or poking at it with curl. It serves HTTPS with a self-signed
 * certificate, written as PEM to {@code --cert-out} for clients to trust ({@code caFile}).
 */
final class EmulatorCommand {
  private EmulatorCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      throw new UsageException("emulator: name the cloud, aci or eci");
    }
    String cloud = args.get(0);
    Options options =
        Options.parse(
            args.subList(1, args.size()),
            List.of("--port", "--cert-out", "--region"),
            List.of("--private-registry", "--access-key", "--zone"));
    int port = port(options.value("--port"));
    PrivateRegistries registries;
    try {
      registries = PrivateRegistries.parse(options.all("--private-registry"));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--private-registry: " + e.getMessage());
    }
    try {
      return switch (cloud) {
        case "aci" -> serveAci(port, registries, options.value("--cert-out"), out);
        case "eci" -> serveEci(port, registries, options, out);
        default -> throw new UsageException("emulator: unknown cloud '" + cloud + "' (aci or eci)");
      };
    } catch (IOException e) {
      err.println("emulator: " + e.getMessage());
      return Main.EXIT_FAILURE;
    }
  }

  private static int serveAci(
      int port, PrivateRegistries registries, String certOut, PrintStream out) throws IOException {
    AciEmulator emulator = AciEmulator.builder().port(port).privateRegistries(registries).build();
    emulator.start();
    writeCertificate(certOut, emulator.certificatePem());
    out.println("ACI emulator (ARM api-version 2023-05-01) at " + emulator.baseUri());
    if (certOut != null) {
      out.println("certificate written to " + certOut);
    }
    return awaitShutdown(emulator);
  }

  private static int serveEci(
      int port, PrivateRegistries registries, Options options, PrintStream out) throws IOException {
    List<String> keys = options.all("--access-key");
    if (keys.isEmpty()) {
      throw new UsageException(
          "emulator eci: --access-key ID:SECRET is required (requests are signed)");
    }
    EciEmulator.Builder builder =
        EciEmulator.builder()
            .port(port)
            .https(true)
            .privateRegistries(registries)
            .region(
                options.value("--region") == null ? "ap-northeast-1" : options.value("--region"));
    try {
      keys.forEach(builder::accessKey);
      List<String> zones = options.all("--zone");
      if (zones.isEmpty()) {
        zones = List.of("ap-northeast-1a=vsw-first", "ap-northeast-1b=vsw-second");
      }
      zones.forEach(builder::zone);
    } catch (IllegalArgumentException e) {
      throw new UsageException("emulator eci: " + e.getMessage());
    }
    EciEmulator emulator = builder.build();
    emulator.start();
    writeCertificate(options.value("--cert-out"), emulator.certificatePem());
    out.println("ECI emulator (OpenAPI 2018-08-08) at " + emulator.baseUri());
    return awaitShutdown(emulator);
  }

  private static void writeCertificate(String certOut, String pem) throws IOException {
    if (certOut != null) {
      Files.writeString(Path.of(certOut), pem);
    }
  }

  /** Serves until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes the emulator. */
  private static int awaitShutdown(AutoCloseable emulator) {
    Shutdown shutdown =
        new Shutdown(LoggerFactory.getLogger(EmulatorCommand.class), Shutdown.BUDGET)
            .then("the emulator", emulator)
            .onJvmExit();
    try {
      shutdown.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static int port(String value) {
    if (value == null) {
      return 0;
    }
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new UsageException("--port must be a port number (0 picks a free one)");
    }
  }
}
