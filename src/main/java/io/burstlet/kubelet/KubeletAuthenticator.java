package io.burstlet.kubelet;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AuthenticationV1Api;
import io.kubernetes.client.openapi.models.V1TokenReview;
import io.kubernetes.client.openapi.models.V1TokenReviewSpec;
import io.kubernetes.client.openapi.models.V1TokenReviewStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Authenticates kubelet API callers the way a kubelet does: a client certificate signed by the
 * cluster's client CA (verified by the TLS layer; CN is the user, O the groups), or a bearer token
 * checked with a TokenReview. Token results are cached briefly, keyed by the token's hash so the
 * token itself is never held as a map key.
 */
public final class KubeletAuthenticator {
  private static final Duration CACHE_TTL = Duration.ofMinutes(1);

  private final AuthenticationV1Api api;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public KubeletAuthenticator(AuthenticationV1Api api, Clock clock) {
    this.api = api;
    this.clock = clock;
  }

  private record Cached(Optional<KubeletUser> user, Instant expires) {}

  /** The user of a verified client certificate chain. */
  public static Optional<KubeletUser> fromCertificate(X509Certificate cert) {
    try {
      String cn = null;
      List<String> groups = new ArrayList<>();
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          cn = String.valueOf(rdn.getValue());
        } else if (rdn.getType().equalsIgnoreCase("O")) {
          groups.add(String.valueOf(rdn.getValue()));
        }
      }
      if (cn == null || cn.isEmpty()) {
        return Optional.empty();
      }
      groups.add("system:authenticated");
      return Optional.of(new KubeletUser(cn, "", groups));
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
  }

  /** The user a bearer token belongs to, or empty when the API server does not accept it. */
  public Optional<KubeletUser> fromToken(String token) throws ApiException {
    String key = sha256(token);
    Instant now = clock.instant();
    Cached cached = cache.get(key);
    if (cached != null && cached.expires().isAfter(now)) {
      return cached.user();
    }
    V1TokenReview review =
        api.createTokenReview(new V1TokenReview().spec(new V1TokenReviewSpec().token(token)))
            .execute();
    V1TokenReviewStatus status = review.getStatus();
    Optional<KubeletUser> user =
        status != null && Boolean.TRUE.equals(status.getAuthenticated()) && status.getUser() != null
            ? Optional.of(
                new KubeletUser(
                    status.getUser().getUsername(),
                    status.getUser().getUid(),
                    status.getUser().getGroups()))
            : Optional.empty();
    if (cache.size() > 10_000) {
      cache.clear();
    }
    cache.put(key, new Cached(user, now.plus(CACHE_TTL)));
    return user;
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
