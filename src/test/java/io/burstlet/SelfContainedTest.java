package io.burstlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository is all a user gets: no file of the build, the tests, the scripts or the docs may
 * reach for data kept beside the checkout. The reference data the tests need lives in {@link
 * ReferenceData}.
 */
class SelfContainedTest {
  // Built from parts so that this file does not match itself.
  private static final String SIBLING = ".." + "/shared";
  private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "node_modules");

  @Test
  void noFileRefersOutsideTheRepository() throws IOException {
    List<String> offenders;
    try (Stream<Path> files = Files.walk(Path.of("."))) {
      offenders =
          files
              .filter(p -> !skipped(p))
              .filter(Files::isRegularFile)
              .filter(SelfContainedTest::refersToSibling)
              .map(Path::toString)
              .sorted()
              .toList();
    }
    assertEquals(List.of(), offenders, "files referring to " + SIBLING);
  }

  @Test
  void referenceDataIsInTheRepositoryWithItsLicences() {
    assertTrue(Files.isDirectory(ReferenceData.ACI.resolve("examples")));
    assertTrue(Files.isRegularFile(ReferenceData.ACI.resolve("containerInstance.json")));
    assertTrue(Files.isRegularFile(ReferenceData.ACI.resolve("LICENSE.azure-rest-api-specs")));
    assertTrue(Files.isRegularFile(ReferenceData.ACI.resolve("SOURCES.md")));
    assertTrue(Files.isDirectory(ReferenceData.ECI.resolve("examples")));
    assertTrue(
        Files.isRegularFile(
            ReferenceData.ECI.resolve("openapi-meta").resolve("LICENSE.aliyun-openapi-meta")));
    assertTrue(Files.isRegularFile(ReferenceData.ECI.resolve("SOURCES.md")));
  }

  private static boolean skipped(Path path) {
    for (Path part : path) {
      if (SKIPPED_DIRS.contains(part.toString())) {
        return true;
      }
    }
    return false;
  }

  private static boolean refersToSibling(Path file) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
    } catch (CharacterCodingException binary) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.replace('\\', '/').contains(SIBLING);
  }
}
