package io.burstlet.emulator;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A parsed image reference, following Docker's (distribution/reference) rules: the first path
 * component names the registry when it contains '.' or ':', is {@code localhost}, or has upper-case
 * letters; otherwise the registry is {@code docker.io}, and single-component Docker Hub names get
 * the {@code library/} prefix.
 *
 * @param registry registry host, lower-case, with port if given (e.g. {@code docker.io}, {@code
 *     registry.example.com:5000})
 * @param repository repository path inside the registry (e.g. {@code library/nginx})
 * @param tag the tag, or null when only a digest is given; {@code latest} when neither is
 * @param digest the digest ({@code sha256:…}), or null
 */
public record ImageReference(String registry, String repository, String tag, String digest) {

  /** Docker Hub's canonical registry name. */
  public static final String DOCKER_HUB = "docker.io";

  private static final Pattern HOST =
      Pattern.compile(
          "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
              + "|\\[[0-9a-fA-F:]+\\])(?::[0-9]{1,5})?");
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST =
      Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");

  /**
   * Parses an image reference such as {@code nginx}, {@code myregistry.azurecr.io/app:v1} or {@code
   * registry.example.com:5000/team/app@sha256:…}.
   *
   * @throws InvalidImageReferenceException when Docker would reject the reference
   */
  public static ImageReference parse(String image) {
    if (image == null || image.isEmpty()) {
      throw new InvalidImageReferenceException("image reference is empty");
    }
    String name = image;
    String digest = null;
    int at = name.indexOf('@');
    if (at >= 0) {
      digest = name.substring(at + 1);
      name = name.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        throw invalid(image, "malformed digest");
      }
    }
    String registry;
    String remainder;
    int slash = name.indexOf('/');
    String first = slash < 0 ? "" : name.substring(0, slash);
    if (slash < 0
        || (!first.contains(".")
            && !first.contains(":")
            && !first.equals("localhost")
            && first.toLowerCase(Locale.ROOT).equals(first))) {
      registry = DOCKER_HUB;
      remainder = name;
    } else {
      registry = first.toLowerCase(Locale.ROOT);
      remainder = name.substring(slash + 1);
      if (!HOST.matcher(first).matches()) {
        throw invalid(image, "malformed registry host");
      }
    }
    String tag = null;
    int colon = remainder.lastIndexOf(':');
    if (colon > remainder.lastIndexOf('/')) {
      tag = remainder.substring(colon + 1);
      remainder = remainder.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw invalid(image, "malformed tag");
      }
    }
    if (remainder.isEmpty() || remainder.length() > 255) {
      throw invalid(image, "repository name is empty or too long");
    }
    for (String component : remainder.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw invalid(image, "repository name must be lower-case path components");
      }
    }
    if (registry.equals("index.docker.io")) {
      registry = DOCKER_HUB;
    }
    if (registry.equals(DOCKER_HUB) && !remainder.contains("/")) {
      remainder = "library/" + remainder;
    }
    if (tag == null && digest == null) {
      tag = "latest";
    }
    return new ImageReference(registry, remainder, tag, digest);
  }

  private static InvalidImageReferenceException invalid(String image, String why) {
    return new InvalidImageReferenceException("invalid image reference \"" + image + "\": " + why);
  }

  /** The fully qualified form, e.g. {@code docker.io/library/nginx:latest}. */
  @Override
  public String toString() {
    return registry
        + "/"
        + repository
        + (tag == null ? "" : ":" + tag)
        + (digest == null ? "" : "@" + digest);
  }
}
