package io.burstlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The package rules of the design, checked on the sources so a stray import fails the build. */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/io/burstlet");
  private static final Pattern IMPORT =
      Pattern.compile("^import (static )?([\\w.]+)[.;]", Pattern.MULTILINE);

  /** package → import prefixes it must not use. */
  private static final Map<String, List<String>> FORBIDDEN =
      Map.ofEntries(
          Map.entry(
              "node",
              List.of(
                  "com.azure",
                  "com.aliyun",
                  "io.burstlet.provider.aci",
                  "io.burstlet.provider.eci",
                  "io.burstlet.emulator",
                  "io.burstlet.pod",
                  "io.burstlet.cli")),
          Map.entry(
              "pod",
              List.of(
                  "com.azure",
                  "com.aliyun",
                  "io.burstlet.provider.aci",
                  "io.burstlet.provider.eci",
                  "io.burstlet.emulator",
                  "io.burstlet.node",
                  "io.burstlet.cli")),
          Map.entry(
              "kubelet",
              List.of(
                  "com.azure",
                  "com.aliyun",
                  "io.burstlet.provider.aci",
                  "io.burstlet.provider.eci",
                  "io.burstlet.emulator",
                  "io.burstlet.cli")),
          Map.entry(
              "provider",
              List.of(
                  "com.azure",
                  "com.aliyun",
                  "io.burstlet.config",
                  "io.burstlet.node",
                  "io.burstlet.pod",
                  "io.burstlet.cli",
                  "io.burstlet.emulator")),
          Map.entry(
              "config",
              List.of(
                  "io.burstlet.provider",
                  "io.burstlet.node",
                  "io.burstlet.pod",
                  "io.burstlet.cli",
                  "io.burstlet.emulator")),
          Map.entry(
              "emulator",
              List.of(
                  "io.burstlet.provider",
                  "io.burstlet.config",
                  "io.burstlet.node",
                  "io.burstlet.pod",
                  "io.burstlet.cli",
                  "io.burstlet.kubelet")),
          Map.entry(
              "events",
              List.of(
                  "io.burstlet.provider",
                  "io.burstlet.config",
                  "io.burstlet.node",
                  "io.burstlet.pod",
                  "io.burstlet.cli",
                  "com.azure",
                  "com.aliyun")),
          Map.entry(
              "tls",
              List.of(
                  "io.burstlet.provider",
                  "io.burstlet.config",
                  "io.burstlet.node",
                  "io.burstlet.pod",
                  "io.burstlet.cli",
                  "io.burstlet.kubelet",
                  "io.burstlet.emulator")),
          // logging is SLF4J's JSON backend: it knows nothing of the agent.
          Map.entry(
              "logging",
              List.of(
                  "io.burstlet.provider",
                  "io.burstlet.config",
                  "io.burstlet.node",
                  "io.burstlet.pod",
                  "io.burstlet.cli",
                  "io.burstlet.kubelet",
                  "io.burstlet.emulator",
                  "com.azure",
                  "com.aliyun")),
          // health knows only that loops progress: every other package may report to it.
          Map.entry(
              "health",
              List.of(
                  "io.burstlet.provider",
                  "io.burstlet.config",
                  "io.burstlet.node",
                  "io.burstlet.pod",
                  "io.burstlet.cli",
                  "io.burstlet.kubelet",
                  "io.burstlet.metrics",
                  "io.burstlet.emulator",
                  "com.azure",
                  "com.aliyun")),
          // metrics implements the core's metric interfaces (pod.PodMetrics) and nothing more.
          Map.entry(
              "metrics",
              List.of(
                  "io.burstlet.provider",
                  "io.burstlet.node",
                  "io.burstlet.cli",
                  "com.azure",
                  "com.aliyun")));

  @Test
  void packagesOnlyDependOnWhatTheDesignAllows() {
    List<String> violations = new ArrayList<>();
    FORBIDDEN.forEach(
        (pkg, forbidden) -> {
          // "provider" means the SPI package itself, not its cloud sub-packages.
          boolean topOnly = pkg.equals("provider");
          for (Path file : javaFiles(MAIN.resolve(pkg), topOnly)) {
            Matcher m = IMPORT.matcher(read(file));
            while (m.find()) {
              String imported = m.group(2);
              for (String prefix : forbidden) {
                if (imported.equals(prefix) || imported.startsWith(prefix + ".")) {
                  violations.add(MAIN.relativize(file) + " imports " + imported);
                }
              }
            }
          }
        });
    assertEquals(List.of(), violations);
  }

  @Test
  void theRulesSeeTheSources() {
    assertTrue(javaFiles(MAIN.resolve("node"), false).size() > 3, "node sources found");
    assertTrue(javaFiles(MAIN.resolve("provider"), true).size() > 3, "SPI sources found");
  }

  private static List<Path> javaFiles(Path dir, boolean topOnly) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = topOnly ? Files.list(dir) : Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".java")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
