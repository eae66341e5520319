package io.burstlet.pod;

import io.burstlet.provider.CloudAuthException;
import io.burstlet.provider.CloudRejectedException;
import io.burstlet.provider.CloudThrottledException;
import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.ProviderException;
import io.burstlet.provider.UnsupportedPodException;
import java.time.Duration;

/**
 * The one place that decides what a failed provider call means for a pod. Branches on the exception
 * type, never on its message.
 *
 * @param failureClass metrics label
 * @param permanent retrying the same pod can never succeed: fail it and never submit it again
 * @param podReason the pod status reason when {@code permanent} ({@code Unsupported} or {@code
 *     ProviderFailed}), else null
 * @param eventReason the Warning Event reason
 * @param retryAfter the wait the cloud asked for, or null
 * @param ambiguous the call may have taken effect: look before creating again
 */
record ProviderFailure(
    FailureClass failureClass,
    boolean permanent,
    String podReason,
    String eventReason,
    Duration retryAfter,
    boolean ambiguous) {

  static final String UNSUPPORTED = "Unsupported";
  static final String PROVIDER_FAILED = "ProviderFailed";
  static final String THROTTLED = "Throttled";
  static final String FAILED_CREATE = "FailedCreate";

  static ProviderFailure of(ProviderException e) {
    if (e instanceof UnsupportedPodException) {
      return new ProviderFailure(
          FailureClass.UNSUPPORTED, true, UNSUPPORTED, UNSUPPORTED, null, false);
    }
    if (e instanceof CloudThrottledException t) {
      return new ProviderFailure(
          FailureClass.THROTTLED, false, null, THROTTLED, t.retryAfter(), false);
    }
    if (e instanceof CloudUnavailableException u) {
      return new ProviderFailure(
          FailureClass.UNAVAILABLE, false, null, FAILED_CREATE, null, u.isAmbiguous());
    }
    if (e instanceof CloudAuthException) {
      return new ProviderFailure(FailureClass.AUTH, false, null, FAILED_CREATE, null, false);
    }
    if (e instanceof CloudRejectedException || !e.isRetryable()) {
      // Any other non-retryable provider error is final for this pod, like a rejection.
      return new ProviderFailure(
          FailureClass.REJECTED, true, PROVIDER_FAILED, PROVIDER_FAILED, null, false);
    }
    // A retryable subtype we do not know: treat it as the cloud being unwell, which may have
    // acted on the request.
    return new ProviderFailure(FailureClass.UNAVAILABLE, false, null, FAILED_CREATE, null, true);
  }
}
