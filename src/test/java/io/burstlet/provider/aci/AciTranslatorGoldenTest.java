package io.burstlet.provider.aci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.azure.json.JsonProviders;
import com.azure.json.JsonWriter;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: {@code src/test/resources/aci/golden/<case>.pod.yaml} (a Pod and the Secrets and
 * ConfigMaps it uses) must translate to exactly {@code <case>.json}, the ContainerGroupInner as the
 * SDK serialises it ({@code toJson}), pretty-printed. A mismatch fails with a line diff.
 *
 * <p>To regenerate after an intended change, run {@code mvn -o test -Dtest=AciTranslatorGoldenTest
 * -Dburstlet.golden.update=true} and review the diff in git. The update refuses to run when the
 * environment variable {@code CI} is set, so CI always compares.
 */
class AciTranslatorGoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/aci/golden");
  static final String UPDATE_PROPERTY = "burstlet.golden.update";

  static Stream<String> cases() throws IOException {
    try (Stream<Path> files = Files.list(GOLDEN)) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".pod.yaml"))
              .map(n -> n.substring(0, n.length() - ".pod.yaml".length()))
              .sorted()
              .toList();
      assertTrue(names.size() >= 8, "expected the golden cases in " + GOLDEN.toAbsolutePath());
      return names.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void translatesAsRecorded(String name) throws Exception {
    var request = AciFixtures.request("/aci/golden/" + name + ".pod.yaml");
    AciTranslator.Result result =
        new AciTranslator(AciFixtures.provider(), AciFixtures.agent()).translate(request);
    assertEquals(AciNames.groupName(request.ref().uid()), result.name());
    String actual = pretty(toJson(result.group()));
    Path expectedFile = GOLDEN.resolve(name + ".json");
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      if (System.getenv("CI") != null) {
        fail("-D" + UPDATE_PROPERTY + " is refused in CI: golden files are only compared there");
      }
      Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(expectedFile)) {
      fail(
          "missing "
              + expectedFile
              + "; create it with -D"
              + UPDATE_PROPERTY
              + "=true and review it. Actual:\n"
              + actual);
    }
    String expected = Files.readString(expectedFile, StandardCharsets.UTF_8);
    if (!JsonParser.parseString(expected).equals(JsonParser.parseString(actual))) {
      String diff = diff(pretty(expected).lines().toList(), actual.lines().toList());
      assertEquals(
          pretty(expected),
          actual,
          name
              + ": translation differs from "
              + expectedFile
              + " (- expected, + actual):\n"
              + diff);
    }
  }

  static String toJson(ContainerGroupInner group) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonWriter writer = JsonProviders.createWriter(out)) {
      group.toJson(writer);
    }
    return out.toString();
  }

  static String pretty(String json) {
    JsonElement tree = JsonParser.parseString(json);
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(tree) + "\n";
  }

  /** A minimal line diff (longest common subsequence), enough to read a golden mismatch. */
  static String diff(List<String> a, List<String> b) {
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] =
            a.get(i).equals(b.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        i++;
        j++;
      } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
        out.add(String.format("%4d - %s", i + 1, a.get(i++)));
      } else {
        out.add(String.format("%4d + %s", j + 1, b.get(j++)));
      }
    }
    return String.join("\n", out);
  }
}
