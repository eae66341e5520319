package io.burstlet.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a secret value lives: a file (mounted Secret) or an environment variable. The value is read
 * when needed and never kept in the configuration or printed.
 */
public record SecretRef(String file, String env) {

  /** Reads the value; the error names the source, never the content. */
  public String read() {
    if (file != null) {
      try {
        return Files.readString(Path.of(file)).strip();
      } catch (IOException e) {
        throw new ConfigException(
            "cannot read secret file " + file + ": " + e.getClass().getSimpleName());
      }
    }
    String value = System.getenv(env);
    if (value == null || value.isEmpty()) {
      throw new ConfigException("environment variable " + env + " is not set");
    }
    return value;
  }

  @Override
  public String toString() {
    return file != null ? "file:" + file : "env:" + env;
  }
}
