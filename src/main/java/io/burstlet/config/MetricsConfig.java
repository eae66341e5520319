package io.burstlet.config;

/**
 * The {@code /metrics} endpoint on {@code metricsPort}.
 *
 * @param authenticate require a bearer token (TokenReview) allowed {@code get} on the non-resource
 *     URL {@code /metrics} (SubjectAccessReview); off by default so that a plain scrape keeps
 *     working. {@code /healthz} and {@code /readyz} stay open for probes either way.
 */
public record MetricsConfig(boolean authenticate) {
  public static final MetricsConfig DEFAULT = new MetricsConfig(false);
}
