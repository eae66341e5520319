package io.burstlet.kubelet;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1NonResourceAttributes;
import io.kubernetes.client.openapi.models.V1ResourceAttributes;
import io.kubernetes.client.openapi.models.V1SubjectAccessReview;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Asks the API server whether a user may do something (SubjectAccessReview) with everything the
 * authenticator knew of the user — name, uid, groups and extra — so the answer is the one the API
 * server would give that user. Answers are cached like the kubelet's webhook authorizer: allowed
 * for 5 minutes, denied for 30 seconds, at most 4096 of each.
 */
public final class KubeletAuthorizer {
  static final Duration ALLOWED_TTL = Duration.ofMinutes(5);
  static final Duration DENIED_TTL = Duration.ofSeconds(30);
  private static final int CACHE_SIZE = 4096;

  private final AuthorizationV1Api api;
  private final ExpiringCache<Key, Boolean> allowed;
  private final ExpiringCache<Key, Boolean> denied;

  /** Everything the answer depends on; user information only, never a credential. */
  private record Key(
      KubeletUser user, V1ResourceAttributes resource, V1NonResourceAttributes url) {}

  public KubeletAuthorizer(AuthorizationV1Api api, Clock clock) {
    this.api = api;
    this.allowed = new ExpiringCache<>(clock, CACHE_SIZE);
    this.denied = new ExpiringCache<>(clock, CACHE_SIZE);
  }

  /** The nodes among {@code nodes} on which {@code user} may do what {@code request} asks. */
  Set<String> allowedNodes(KubeletUser user, RequestAttributes request, List<String> nodes)
      throws ApiException {
    Set<String> result = new LinkedHashSet<>();
    for (String node : nodes) {
      if (allowed(new Key(user, request.on(node), null))) {
        result.add(node);
      }
    }
    return result;
  }

  /** Whether {@code user} may use the non-resource URL {@code path} (e.g. get /metrics). */
  public boolean allowedUrl(KubeletUser user, String verb, String path) throws ApiException {
    return allowed(new Key(user, null, new V1NonResourceAttributes().verb(verb).path(path)));
  }

  private boolean allowed(Key key) throws ApiException {
    if (allowed.get(key).isPresent()) {
      return true;
    }
    if (denied.get(key).isPresent()) {
      return false;
    }
    V1SubjectAccessReview answer =
        api.createSubjectAccessReview(review(key.user(), key.resource(), key.url())).execute();
    boolean yes =
        answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
    if (yes) {
      allowed.put(key, Boolean.TRUE, ALLOWED_TTL);
    } else {
      denied.put(key, Boolean.TRUE, DENIED_TTL);
    }
    return yes;
  }

  /** The review the API server is asked; exactly one of the attributes is set. */
  static V1SubjectAccessReview review(
      KubeletUser user, V1ResourceAttributes resource, V1NonResourceAttributes url) {
    V1SubjectAccessReviewSpec spec =
        new V1SubjectAccessReviewSpec()
            .user(user.name())
            .groups(List.copyOf(user.groups()))
            .resourceAttributes(resource)
            .nonResourceAttributes(url);
    if (!user.uid().isEmpty()) {
      spec.uid(user.uid());
    }
    if (!user.extra().isEmpty()) {
      Map<String, List<String>> extra = new LinkedHashMap<>();
      user.extra().forEach((k, v) -> extra.put(k, List.copyOf(v)));
      spec.extra(extra);
    }
    return new V1SubjectAccessReview().spec(spec);
  }
}
