package io.burstlet.config;

import java.util.List;

/** The configuration is invalid; each problem names the field path it concerns. */
public class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  /**
   * One line per problem, each starting with the field path ({@code
   * providers[1].zones[0].vSwitchId: required}).
   */
  public List<String> problems() {
    return problems;
  }
}
