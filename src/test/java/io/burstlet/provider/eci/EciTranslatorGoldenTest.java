package io.burstlet.provider.eci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.burstlet.provider.PodRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pod fixture → translator → RPC flattening, compared with the expected query parameters, one
 * {@code key=value} line per parameter, sorted. Run with {@code -Dburstlet.updateGolden=true} to
 * rewrite the expected files after a deliberate change (the run then fails, so review the diff).
 */
class EciTranslatorGoldenTest {

  static Stream<String> cases() throws IOException {
    try (Stream<Path> files = Files.list(EciFixtures.GOLDEN)) {
      List<String> cases =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".pod.yaml"))
              .map(n -> n.substring(0, n.length() - ".pod.yaml".length()))
              .sorted()
              .toList();
      assertFalse(cases.isEmpty(), "no golden cases found under " + EciFixtures.GOLDEN);
      return cases.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void translatesAsRecorded(String name) throws Exception {
    PodRequest request = EciFixtures.podRequest(EciFixtures.GOLDEN.resolve(name + ".pod.yaml"));
    Map<String, String> params =
        EciRpcParams.createContainerGroup(
            new EciTranslator(EciFixtures.provider(), EciFixtures.agent()).translate(request));
    String actual =
        params.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n"))
            + "\n";
    Path golden = EciFixtures.GOLDEN.resolve(name + ".params");
    if (Boolean.getBoolean("burstlet.updateGolden")) {
      Files.writeString(golden, actual);
      fail("rewrote " + golden + "; review the diff and run again without burstlet.updateGolden");
    }
    assertEquals(Files.readString(golden), actual, "golden " + golden);
  }
}
