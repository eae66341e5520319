package io.burstlet.emulator;

import java.util.Objects;

/**
 * Whether an emulated image pull succeeds, and if not why. Messages are safe to return to clients:
 * they name the image and registry, never a password.
 */
public record PullDecision(Outcome outcome, String message) {

  /** The result of a pull. */
  public enum Outcome {
    /** The image may be pulled. */
    ALLOWED,
    /** The reference is not a valid image name (Kubernetes' {@code InvalidImageName}). */
    INVALID_REFERENCE,
    /** The registry is private and no credential for it was offered. */
    MISSING_CREDENTIALS,
    /** Credentials for the registry were offered, but none is the right one. */
    WRONG_CREDENTIALS
  }

  public PullDecision {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(message, "message");
  }

  /** True when the pull succeeds. */
  public boolean allowed() {
    return outcome == Outcome.ALLOWED;
  }
}
