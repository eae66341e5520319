package io.burstlet.kubelet;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1ResourceAttributes;
import io.kubernetes.client.openapi.models.V1SubjectAccessReview;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks the API server whether a user may use a node's kubelet API (SubjectAccessReview on {@code
 * nodes/<subresource>}), caching answers like the kubelet: allowed for 5 minutes, denied for 30
 * seconds.
 */
public final class KubeletAuthorizer {
  private static final Duration ALLOWED_TTL = Duration.ofMinutes(5);
  private static final Duration DENIED_TTL = Duration.ofSeconds(30);

  private final AuthorizationV1Api api;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(boolean allowed, Instant expires) {}

  public KubeletAuthorizer(AuthorizationV1Api api, Clock clock) {
    this.api = api;
    this.clock = clock;
  }

  /**
   * @param verb the Kubernetes verb for the HTTP method (get, create…)
   * @param subresource {@code proxy} for logs and exec, as the kubelet maps them
   */
  public boolean allowed(KubeletUser user, String verb, String subresource, String node)
      throws ApiException {
    String key = user.name() + "|" + user.groups() + "|" + verb + "|" + subresource + "|" + node;
    Instant now = clock.instant();
    Cached cached = cache.get(key);
    if (cached != null && cached.expires().isAfter(now)) {
      return cached.allowed();
    }
    V1SubjectAccessReview review =
        api.createSubjectAccessReview(
                new V1SubjectAccessReview()
                    .spec(
                        new V1SubjectAccessReviewSpec()
                            .user(user.name())
                            .uid(user.uid())
                            .groups(user.groups())
                            .resourceAttributes(
                                new V1ResourceAttributes()
                                    .verb(verb)
                                    .resource("nodes")
                                    .subresource(subresource)
                                    .name(node))))
            .execute();
    boolean allowed =
        review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
    if (cache.size() > 10_000) {
      cache.clear();
    }
    cache.put(key, new Cached(allowed, now.plus(allowed ? ALLOWED_TTL : DENIED_TTL)));
    return allowed;
  }
}
