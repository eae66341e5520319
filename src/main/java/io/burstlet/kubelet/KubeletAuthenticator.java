package io.burstlet.kubelet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AuthenticationV1Api;
import io.kubernetes.client.openapi.models.V1TokenReview;
import io.kubernetes.client.openapi.models.V1TokenReviewSpec;
import io.kubernetes.client.openapi.models.V1TokenReviewStatus;
import io.kubernetes.client.openapi.models.V1UserInfo;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Authenticates callers the way a kubelet does: a client certificate verified against the explicit
 * client CA ({@link ClientCertificates}), else a bearer token checked with a TokenReview.
 *
 * <p>TokenReview answers are cached by the SHA-256 of the token (the token itself is never a key
 * nor logged): an accepted token for 2 minutes, as the kubelet's webhook authenticator ({@code
 * authentication.webhook.cacheTTL}), a refused one for 30 seconds. Each cache is bounded. Failed
 * authentications are limited per client address ({@link FailedLoginLimiter}: 10 at once, then one
 * every 6 s); past the limit the caller gets 429 and no TokenReview is sent.
 */
public final class KubeletAuthenticator {
  static final Duration ACCEPTED_TTL = Duration.ofMinutes(2);
  static final Duration REFUSED_TTL = Duration.ofSeconds(30);
  private static final int CACHE_SIZE = 4096;
  private static final int MAX_TOKEN_LENGTH = 16 * 1024;

  private final AuthenticationV1Api api;
  private final ClientCertificates certificates;
  private final ExpiringCache<String, KubeletUser> accepted;
  private final ExpiringCache<String, Boolean> refused;
  private final FailedLoginLimiter failures;
  private final LongAdder tokenReviews = new LongAdder();

  public KubeletAuthenticator(
      AuthenticationV1Api api, ClientCertificates certificates, Clock clock) {
    this(api, certificates, clock, 10, Duration.ofSeconds(6));
  }

  /**
   * @param failureBurst failed authentications an address may make at once
   * @param failureRefill time after which an address may fail once more
   */
  public KubeletAuthenticator(
      AuthenticationV1Api api,
      ClientCertificates certificates,
      Clock clock,
      int failureBurst,
      Duration failureRefill) {
    this.api = api;
    this.certificates = certificates;
    this.accepted = new ExpiringCache<>(clock, CACHE_SIZE);
    this.refused = new ExpiringCache<>(clock, CACHE_SIZE);
    this.failures = new FailedLoginLimiter(clock, failureBurst, failureRefill, CACHE_SIZE);
  }

  ClientCertificates certificates() {
    return certificates;
  }

  /** TokenReviews sent so far (cache hits and rate-limited callers send none). */
  public long tokenReviews() {
    return tokenReviews.sum();
  }

  /**
   * The caller of {@code exchange}.
   *
   * @throws KubeletHttpException 401 when neither a certificate nor a token authenticates, 429 when
   *     the caller's address has failed too often
   * @throws ApiException when the TokenReview cannot be made (the caller gets 503)
   */
  KubeletUser authenticate(HttpExchange exchange) throws KubeletHttpException, ApiException {
    Optional<KubeletUser> byCertificate = certificates.authenticate(peerCertificates(exchange));
    if (byCertificate.isPresent()) {
      return byCertificate.get();
    }
    String address = address(exchange);
    String token = bearerToken(exchange.getRequestHeaders().getFirst("Authorization"));
    String key = token == null ? null : sha256(token);
    if (key != null) {
      Optional<KubeletUser> known = accepted.get(key);
      if (known.isPresent()) {
        return known.get();
      }
    }
    if (failures.blocked(address)) {
      throw new KubeletHttpException(
          429, "Too many failed authentications", failures.retryAfterSeconds(address));
    }
    if (key != null && refused.get(key).isEmpty()) {
      Optional<KubeletUser> user = review(token);
      if (user.isPresent()) {
        accepted.put(key, user.get(), ACCEPTED_TTL);
        return user.get();
      }
      refused.put(key, Boolean.TRUE, REFUSED_TTL);
    }
    failures.failed(address);
    throw new KubeletHttpException(401, "Unauthorized");
  }

  private Optional<KubeletUser> review(String token) throws ApiException {
    tokenReviews.increment();
    V1TokenReview review =
        api.createTokenReview(new V1TokenReview().spec(new V1TokenReviewSpec().token(token)))
            .execute();
    V1TokenReviewStatus status = review.getStatus();
    if (status == null || !Boolean.TRUE.equals(status.getAuthenticated())) {
      return Optional.empty();
    }
    V1UserInfo info = status.getUser();
    if (info == null || info.getUsername() == null || info.getUsername().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new KubeletUser(info.getUsername(), info.getUid(), info.getGroups(), info.getExtra()));
  }

  private static X509Certificate[] peerCertificates(HttpExchange exchange) {
    if (exchange instanceof HttpsExchange https) {
      try {
        Certificate[] chain = https.getSSLSession().getPeerCertificates();
        if (Arrays.stream(chain).allMatch(X509Certificate.class::isInstance)) {
          return Arrays.copyOf(chain, chain.length, X509Certificate[].class);
        }
      } catch (SSLPeerUnverifiedException e) {
        // No client certificate.
      }
    }
    return null;
  }

  private static String bearerToken(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).strip();
    return token.isEmpty() || token.length() > MAX_TOKEN_LENGTH ? null : token;
  }

  private static String address(HttpExchange exchange) {
    InetSocketAddress remote = exchange.getRemoteAddress();
    return remote == null || remote.getAddress() == null
        ? "unknown"
        : remote.getAddress().getHostAddress();
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
