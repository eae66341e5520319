package io.burstlet.kubelet;

import com.sun.net.httpserver.HttpExchange;
import io.burstlet.metrics.MetricsAccess;
import io.kubernetes.client.openapi.ApiException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use a non-resource URL such as {@code /metrics}, decided as the API server and the
 * kubelet decide it for their own: the caller authenticates like a kubelet API caller (same caches
 * and failure limit) and must be allowed {@code verb} on the URL by a SubjectAccessReview ({@code
 * nonResourceURLs} in RBAC).
 */
public final class UrlAccess implements MetricsAccess {
  private static final Logger LOG = LoggerFactory.getLogger(UrlAccess.class);

  private final KubeletAuthenticator authenticator;
  private final KubeletAuthorizer authorizer;
  private final String verb;
  private final String path;

  public UrlAccess(
      KubeletAuthenticator authenticator, KubeletAuthorizer authorizer, String verb, String path) {
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.verb = verb;
    this.path = path;
  }

  /**
   * Empty when the caller of {@code exchange} may {@code verb} the URL; else the answer to give.
   */
  @Override
  public Optional<Refusal> check(HttpExchange exchange) {
    try {
      KubeletUser user = authenticator.authenticate(exchange);
      if (authorizer.allowedUrl(user, verb, path)) {
        return Optional.empty();
      }
      return Optional.of(
          new Refusal(
              403, "Forbidden: user \"" + user.name() + "\" may not " + verb + " " + path, 0));
    } catch (KubeletHttpException e) {
      return Optional.of(new Refusal(e.status(), e.getMessage(), e.retryAfterSeconds()));
    } catch (ApiException e) {
      LOG.warn("{}: authentication or authorization call failed (HTTP {})", path, e.getCode());
      return Optional.of(new Refusal(503, "cannot check the caller with the API server", 5));
    }
  }
}
