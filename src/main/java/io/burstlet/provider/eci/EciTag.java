package io.burstlet.provider.eci;

import java.util.Objects;

/** One ECI resource tag, as written by {@code Tag.N.Key}/{@code Tag.N.Value}. */
public record EciTag(String key, String value) {
  public EciTag {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }
}
