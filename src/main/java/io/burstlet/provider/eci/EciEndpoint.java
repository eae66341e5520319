package io.burstlet.provider.eci;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the ECI OpenAPI answers, in the form the tea runtime wants it: a host (with port when not
 * the scheme's default), a protocol, and optionally extra CA certificates to trust.
 *
 * <p>The tea runtime (com.aliyun:tea 1.4) trusts a PEM bundle given as {@code RuntimeOptions.ca}
 * (or {@code Config.ca}): it then builds a trust store holding only those certificates and keeps
 * OkHttp's standard hostname verification, so an emulator's self-signed certificate must name
 * {@code 127.0.0.1} (or its host) as a subject alternative name. {@code ignoreSSL} is never used.
 * Note that tea caches one HTTP client per host:port (the CA is not part of the cache key), so one
 * JVM must not talk to the same host:port with two different CA bundles.
 *
 * @param host host, or host:port, e.g. {@code eci.ap-northeast-1.aliyuncs.com} or {@code
 *     127.0.0.1:38443}
 * @param protocol {@code HTTPS} or {@code HTTP}
 * @param caPem PEM certificates to trust instead of the JVM's defaults, or null
 */
public record EciEndpoint(String host, String protocol, String caPem) {
  public EciEndpoint {
    Objects.requireNonNull(host, "host");
    if (!"HTTPS".equals(protocol) && !"HTTP".equals(protocol)) {
      throw new IllegalArgumentException("protocol must be HTTPS or HTTP");
    }
  }

  /** The public endpoint of a region, {@code https://eci.<region>.aliyuncs.com}. */
  public static EciEndpoint forRegion(String region) {
    return new EciEndpoint("eci." + region + ".aliyuncs.com", "HTTPS", null);
  }

  /**
   * Parses a configured endpoint URL ({@code https://host[:port]} or {@code http://host[:port]}, no
   * path) and reads the optional CA file.
   *
   * @throws IllegalArgumentException naming the problem (never the file content)
   */
  public static EciEndpoint parse(String url, String caFile) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("endpoint '" + url + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException(
          "endpoint '" + url + "' must start with https:// or http://");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("endpoint '" + url + "' has no host");
    }
    if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
      throw new IllegalArgumentException(
          "endpoint '" + url + "' must not have a path: ECI's RPC API lives at /");
    }
    String host = uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    String ca = null;
    if (caFile != null) {
      try {
        ca = Files.readString(Path.of(caFile));
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read caFile " + caFile + ": " + e.getClass().getSimpleName());
      }
      if (!ca.contains("-----BEGIN CERTIFICATE-----")) {
        throw new IllegalArgumentException("caFile " + caFile + " holds no PEM certificate");
      }
      if (scheme.equals("http")) {
        throw new IllegalArgumentException("caFile is only meaningful for an https:// endpoint");
      }
    }
    return new EciEndpoint(host, scheme.toUpperCase(Locale.ROOT), ca);
  }

  @Override
  public String toString() {
    return protocol.toLowerCase(Locale.ROOT) + "://" + host + (caPem != null ? " (custom CA)" : "");
  }
}
