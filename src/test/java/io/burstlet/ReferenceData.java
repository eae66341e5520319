package io.burstlet;

import java.nio.file.Path;

/**
 * The official API specs and examples the tests check against, kept in the repository with their
 * licences and sources ({@code src/test/resources/reference/README.md}).
 */
public final class ReferenceData {
  private static final Path ROOT = Path.of("src", "test", "resources", "reference");

  /** ARM {@code Microsoft.ContainerInstance} api-version 2023-05-01. */
  public static final Path ACI = ROOT.resolve("aci").resolve("2023-05-01");

  /** ECI OpenAPI 2018-08-08. */
  public static final Path ECI = ROOT.resolve("eci").resolve("2018-08-08");

  private ReferenceData() {}
}
