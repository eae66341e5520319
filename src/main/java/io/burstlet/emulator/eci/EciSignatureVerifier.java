package io.burstlet.emulator.eci;

import io.burstlet.emulator.EmulatorRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a request is signed with a known AccessKey, exactly as Alibaba Cloud's SDK runtime
 * ({@code tea-openapi} 0.3.15 over {@code openapiutil} 0.2.2) signs it:
 *
 * <ul>
 *   <li><b>ACS3-HMAC-SHA256</b> (the default of {@code callApi}): header {@code Authorization:
 *       ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=h1;h2,Signature=hex}. Canonical request =
 *       method, canonical URI, canonical query (names sorted, {@code name=value} percent-encoded as
 *       RFC 3986 with {@code %20}, {@code %2A} and {@code ~}; empty values kept as {@code name=}),
 *       canonical headers ({@code name:trimmed-value\n} for each signed header), the signed header
 *       list, and the hex SHA-256 of the body ({@code x-acs-content-sha256}), joined by {@code \n}.
 *       String to sign = {@code ACS3-HMAC-SHA256\n} + hex SHA-256 of it; signature = hex
 *       HMAC-SHA256 with the secret.
 *   <li><b>RPC v2 HMAC-SHA1</b> ({@code signatureAlgorithm "v2"}, older SDKs): query parameters
 *       {@code AccessKeyId}, {@code SignatureMethod=HMAC-SHA1}, {@code Timestamp}, {@code
 *       SignatureNonce}, {@code Signature}. String to sign = {@code METHOD&%2F&} + the
 *       percent-encoded canonical query of every other parameter (query and form body), sorted; key
 *       = secret + {@code &}; signature = Base64 HMAC-SHA1. The spec signs every parameter, while
 *       tea's {@code getRPCSignature} skips empty values; both forms are accepted.
 * </ul>
 *
 * <p>Request timestamps ({@code x-acs-date}, {@code Timestamp}) must be within {@link #MAX_SKEW} of
 * the host's wall clock, not the emulator's simulated clock, because clients stamp requests with
 * real time. Thread-safe.
 */
final class EciSignatureVerifier {

  /** How far a request timestamp may be from now, as Alibaba's gateway allows. */
  static final Duration MAX_SKEW = Duration.ofMinutes(15);

  private static final String ACS3 = "ACS3-HMAC-SHA256";
  private static final HexFormat HEX = HexFormat.of();

  private final Map<String, String> secrets;
  private final Clock wallClock;

  /**
   * @param secrets AccessKey id → secret
   * @param wallClock the clock request timestamps are compared with
   */
  EciSignatureVerifier(Map<String, String> secrets, Clock wallClock) {
    this.secrets = Map.copyOf(secrets);
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
  }

  /**
   * Verifies the request's signature.
   *
   * @param query the decoded query pairs, in order
   * @param form the decoded form-body pairs (empty unless the body is a form)
   * @return the AccessKey id that signed it
   * @throws EciApiException {@code IncompleteSignature}, {@code InvalidAccessKeyId.NotFound},
   *     {@code InvalidTimeStamp.*}, {@code MissingParameter} or {@code SignatureDoesNotMatch}
   */
  String verify(
      EmulatorRequest request,
      List<Map.Entry<String, String>> query,
      List<Map.Entry<String, String>> form) {
    String authorization = request.header("Authorization").orElse("");
    if (!authorization.isEmpty()) {
      return verifyAcs3(request, authorization, query);
    }
    if (query.stream().anyMatch(e -> e.getKey().equals("Signature"))
        || form.stream().anyMatch(e -> e.getKey().equals("Signature"))) {
      return verifyRpcV2(request.method(), query, form);
    }
    throw EciErrors.incompleteSignature(
        "the request has neither an Authorization header nor a Signature parameter");
  }

  private String verifyAcs3(
      EmulatorRequest request, String authorization, List<Map.Entry<String, String>> query) {
    int space = authorization.indexOf(' ');
    String algorithm = space < 0 ? authorization : authorization.substring(0, space);
    if (!algorithm.equals(ACS3)) {
      throw EciErrors.incompleteSignature(
          "the emulator verifies " + ACS3 + " and HMAC-SHA1 (v2) signatures only");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String part : authorization.substring(space + 1).split(",")) {
      int equals = part.indexOf('=');
      if (equals > 0) {
        fields.put(part.substring(0, equals).trim(), part.substring(equals + 1).trim());
      }
    }
    String credential = fields.get("Credential");
    String signedHeaders = fields.get("SignedHeaders");
    String signature = fields.get("Signature");
    if (credential == null || signedHeaders == null || signature == null) {
      throw EciErrors.incompleteSignature(
          "Authorization needs Credential, SignedHeaders and Signature");
    }
    String secret = secretOf(credential);
    checkFresh(
        request
            .header("x-acs-date")
            .orElseThrow(() -> EciErrors.incompleteSignature("the x-acs-date header is missing")));
    String bodyHash = hex(sha256(request.body()));
    String declaredHash = request.header("x-acs-content-sha256").orElse(bodyHash);
    if (!declaredHash.equalsIgnoreCase(bodyHash)) {
      throw EciErrors.signatureDoesNotMatch("x-acs-content-sha256 is not the SHA-256 of the body");
    }
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : signedHeaders.split(";")) {
      String lower = name.trim().toLowerCase(Locale.ROOT);
      String value =
          request
              .header(lower)
              .orElseThrow(
                  () -> EciErrors.signatureDoesNotMatch("signed header " + lower + " is missing"));
      canonicalHeaders.append(lower).append(':').append(value.trim()).append('\n');
    }
    String path = request.uri().getRawPath();
    String canonicalRequest =
        request.method()
            + "\n"
            + (path == null || path.isEmpty() ? "/" : path)
            + "\n"
            + canonicalQuery(query, true)
            + "\n"
            + canonicalHeaders
            + "\n"
            + signedHeaders
            + "\n"
            + declaredHash;
    String stringToSign = ACS3 + "\n" + hex(sha256(utf8(canonicalRequest)));
    String expected = hex(hmac("HmacSHA256", utf8(secret), utf8(stringToSign)));
    if (!constantTimeEquals(expected, signature.toLowerCase(Locale.ROOT))) {
      throw EciErrors.signatureDoesNotMatch("ACS3-HMAC-SHA256 over the canonical request");
    }
    return credential;
  }

  private String verifyRpcV2(
      String method, List<Map.Entry<String, String>> query, List<Map.Entry<String, String>> form) {
    List<Map.Entry<String, String>> all = new ArrayList<>(query);
    all.addAll(form);
    Map<String, String> first = new LinkedHashMap<>();
    all.forEach(e -> first.putIfAbsent(e.getKey(), e.getValue()));
    String signatureMethod = first.getOrDefault("SignatureMethod", "");
    if (!signatureMethod.equals("HMAC-SHA1")) {
      throw EciErrors.incompleteSignature("SignatureMethod must be HMAC-SHA1");
    }
    for (String required : List.of("AccessKeyId", "Timestamp", "SignatureNonce")) {
      if (first.getOrDefault(required, "").isEmpty()) {
        throw EciErrors.missingParameter(required);
      }
    }
    String secret = secretOf(first.get("AccessKeyId"));
    checkFresh(first.get("Timestamp"));
    String signature = first.getOrDefault("Signature", "");
    List<Map.Entry<String, String>> signed =
        all.stream().filter(e -> !e.getKey().equals("Signature")).toList();
    byte[] key = utf8(secret + "&");
    for (boolean keepEmpty : new boolean[] {false, true}) {
      String stringToSign =
          method
              + "&"
              + percentEncode("/")
              + "&"
              + percentEncode(canonicalQuery(signed, keepEmpty));
      String expected =
          Base64.getEncoder().encodeToString(hmac("HmacSHA1", key, utf8(stringToSign)));
      if (constantTimeEquals(expected, signature)) {
        return first.get("AccessKeyId");
      }
    }
    throw EciErrors.signatureDoesNotMatch("HMAC-SHA1 over the sorted query");
  }

  private String secretOf(String accessKeyId) {
    String secret = secrets.get(accessKeyId);
    if (secret == null) {
      throw EciErrors.accessKeyNotFound();
    }
    return secret;
  }

  private void checkFresh(String timestamp) {
    Instant stamped;
    try {
      stamped = Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      throw EciErrors.timestampFormat();
    }
    Duration skew = Duration.between(stamped, wallClock.instant()).abs();
    if (skew.compareTo(MAX_SKEW) > 0) {
      throw EciErrors.timestampExpired();
    }
  }

  /** Sorted by name (then value), each side percent-encoded; empty values optionally dropped. */
  static String canonicalQuery(List<Map.Entry<String, String>> pairs, boolean keepEmpty) {
    List<Map.Entry<String, String>> sorted =
        pairs.stream()
            .filter(e -> keepEmpty || !e.getValue().isEmpty())
            .sorted(
                Comparator.comparing((Map.Entry<String, String> e) -> e.getKey())
                    .thenComparing(Map.Entry::getValue))
            .toList();
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> pair : sorted) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(percentEncode(pair.getKey())).append('=').append(percentEncode(pair.getValue()));
    }
    return out.toString();
  }

  /** RFC 3986 encoding as Alibaba's SDKs do it: URLEncoder, then {@code + * %7E} fixed up. */
  static String percentEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace("*", "%2A")
        .replace("%7E", "~");
  }

  static byte[] hmac(String algorithm, byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(utf8(a), utf8(b));
  }

  @Override
  public String toString() {
    return "EciSignatureVerifier[" + secrets.size() + " access keys]";
  }
}
