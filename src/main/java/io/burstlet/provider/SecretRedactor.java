package io.burstlet.provider;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes secret values from text that came back from a cloud (error messages), in every form a
 * server may echo them: as sent, URL-encoded (form {@code +} and RFC 3986 {@code %20}),
 * JSON-escaped, and base64 (standard and URL-safe, at any alignment inside a longer base64 string,
 * since a secret may be one part of an encoded file or header). Providers still build their own
 * messages from parameter names; this is the second line for text they do not control.
 */
public final class SecretRedactor {
  /** What a redacted value is replaced with. */
  public static final String MASK = "***";

  /** Shorter values are too likely to match ordinary text; they are not searched for. */
  static final int MIN_LENGTH = 4;

  /** A base64 fragment shorter than this is not distinctive enough to replace. */
  private static final int MIN_BASE64 = 8;

  private SecretRedactor() {}

  /** {@code text} with every form of every secret replaced by {@link #MASK}. */
  public static String redact(String text, Collection<String> secrets) {
    if (text == null || text.isEmpty() || secrets == null || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    for (String form : forms(secrets)) {
      out = out.replace(form, MASK);
    }
    return out;
  }

  /** Every searched form of every secret, longest first so that no form is cut by a shorter one. */
  static List<String> forms(Collection<String> secrets) {
    Set<String> forms = new LinkedHashSet<>();
    for (String secret : secrets) {
      if (secret == null || secret.length() < MIN_LENGTH) {
        continue;
      }
      forms.add(secret);
      String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
      forms.add(form);
      forms.add(form.replace("+", "%20").replace("*", "%2A").replace("%7E", "~"));
      forms.add(jsonEscaped(secret, false));
      forms.add(jsonEscaped(secret, true));
      byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
      for (int offset = 0; offset < 3; offset++) {
        String standard = base64Core(Base64.getEncoder(), bytes, offset);
        if (standard.length() >= MIN_BASE64) {
          forms.add(standard);
          forms.add(base64Core(Base64.getUrlEncoder(), bytes, offset));
        }
      }
    }
    List<String> sorted = new ArrayList<>(forms);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return sorted;
  }

  /**
   * The base64 characters that depend only on {@code secret} when it starts {@code offset} bytes
   * into a 3-byte group: the group holding bytes before it and the last partial group (which holds
   * bytes after it) are left out.
   */
  private static String base64Core(Base64.Encoder encoder, byte[] secret, int offset) {
    byte[] shifted = new byte[offset + secret.length];
    System.arraycopy(secret, 0, shifted, offset, secret.length);
    String encoded = encoder.encodeToString(shifted);
    int start = offset == 0 ? 0 : 4;
    int end = 4 * (shifted.length / 3);
    return end <= start ? "" : encoded.substring(start, end);
  }

  /**
   * As JSON writers escape a string; {@code htmlSafe} as Gson's default also escapes {@code <>&='}.
   */
  private static String jsonEscaped(String value, boolean htmlSafe) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || (htmlSafe && "<>&='".indexOf(c) >= 0)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
