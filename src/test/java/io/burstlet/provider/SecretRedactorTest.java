package io.burstlet.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Secrets echoed by a cloud in any common encoding are masked; ordinary text is left alone. */
class SecretRedactorTest {
  private static final String SECRET = "p@ss w0rd/+=\"quoted\"&more~*";

  @Test
  void plainAndUrlEncodedFormsAreMasked() {
    String form = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
    String rfc3986 = form.replace("+", "%20").replace("*", "%2A").replace("%7E", "~");

    for (String echoed : List.of(SECRET, form, rfc3986)) {
      String text = "parameter Value '" + echoed + "' is invalid";
      assertEquals(
          "parameter Value '***' is invalid", SecretRedactor.redact(text, List.of(SECRET)), echoed);
    }
  }

  @Test
  void jsonEscapedFormsAreMasked() {
    String plain = SECRET.replace("\"", "\\\"");
    String htmlSafe = plain.replace("=", "\\u003d").replace("&", "\\u0026");

    for (String echoed : List.of(plain, htmlSafe)) {
      String text = "{\"Value\":\"" + echoed + "\"}";
      assertEquals("{\"Value\":\"***\"}", SecretRedactor.redact(text, List.of(SECRET)), echoed);
    }
  }

  @Test
  void base64AtAnyAlignmentInsideALongerEncodingIsMasked() {
    for (String prefix : List.of("", "a", "ab", "abc", "abcd")) {
      for (String url : List.of("std", "url")) {
        byte[] file =
            (prefix + "password=" + SECRET + "\nnext line").getBytes(StandardCharsets.UTF_8);
        String encoded =
            url.equals("std")
                ? Base64.getEncoder().encodeToString(file)
                : Base64.getUrlEncoder().encodeToString(file);

        String redacted = SecretRedactor.redact("content " + encoded, List.of(SECRET));

        assertTrue(redacted.contains(SecretRedactor.MASK), prefix + " " + url + ": " + redacted);
        byte[] rest = decodeLoosely(redacted.substring("content ".length()), url);
        assertFalse(
            new String(rest, StandardCharsets.ISO_8859_1).contains("w0rd/+"), prefix + " " + url);
      }
    }
  }

  @Test
  void shortAndAbsentSecretsChangeNothing() {
    String text = "the value abc is used";

    assertEquals(text, SecretRedactor.redact(text, List.of("abc")));
    assertEquals(text, SecretRedactor.redact(text, List.of()));
    assertEquals(text, SecretRedactor.redact(text, null));
  }

  /** Decodes what is left of each base64 run around the mask, to see no secret survived. */
  private static byte[] decodeLoosely(String text, String url) {
    StringBuilder out = new StringBuilder();
    for (String part : text.split("\\*\\*\\*")) {
      String trimmed = part.substring(0, part.length() - part.length() % 4);
      try {
        byte[] decoded =
            url.equals("std")
                ? Base64.getDecoder().decode(trimmed)
                : Base64.getUrlDecoder().decode(trimmed);
        out.append(new String(decoded, StandardCharsets.ISO_8859_1));
      } catch (IllegalArgumentException e) {
        out.append(part);
      }
    }
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
