package io.burstlet.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.provider.CloudAuthException;
import io.burstlet.provider.CloudRejectedException;
import io.burstlet.provider.CloudThrottledException;
import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.ProviderException;
import io.burstlet.provider.UnsupportedPodException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final Duration BASE = Duration.ofSeconds(1);
  private static final Duration CAP = Duration.ofMinutes(5);

  @Test
  void doublesFromTheBaseUpToTheCap() {
    RetryPolicy top = new RetryPolicy(BASE, CAP, () -> 0.999_999);
    assertEquals(Duration.ofSeconds(1), top.backoff(0));
    assertEquals(Duration.ofSeconds(2), top.backoff(1));
    assertEquals(Duration.ofSeconds(16), top.backoff(4));
    assertEquals(CAP, top.backoff(9));
    assertEquals(CAP, top.backoff(1_000));
  }

  @Test
  void jitterKeepsEachDelayBetweenHalfAndFull() {
    RetryPolicy low = new RetryPolicy(BASE, CAP, () -> 0.0);
    assertEquals(Duration.ofMillis(500), low.backoff(0));
    assertEquals(Duration.ofMillis(4_000), low.backoff(3));
    assertEquals(CAP.dividedBy(2), low.backoff(20));
    RetryPolicy random = RetryPolicy.defaults();
    for (int i = 0; i < 100; i++) {
      Duration d = random.backoff(5);
      assertTrue(
          d.compareTo(Duration.ofSeconds(16)) >= 0 && d.compareTo(Duration.ofSeconds(32)) <= 0,
          d.toString());
    }
  }

  @Test
  void aRetryAfterBeyondTheCapWaitsTheCap() {
    RetryPolicy policy = new RetryPolicy(BASE, CAP, () -> 0.999_999);
    assertEquals(CAP, policy.whenAtLeast("a", Duration.ofSeconds(99_999_999_999L)));
    assertEquals(CAP, policy.whenAtLeast("a", Duration.ofMillis(Long.MAX_VALUE)));
    assertEquals(Duration.ofSeconds(30), policy.whenAtLeast("b", Duration.ofSeconds(30)));
    assertEquals(Duration.ofSeconds(2), policy.whenAtLeast("b", Duration.ofMillis(-5)));
  }

  @Test
  void countsFailuresPerKeyUntilForgotten() {
    RetryPolicy policy = new RetryPolicy(BASE, CAP, () -> 0.999_999);
    assertEquals(Duration.ofSeconds(1), policy.when("a"));
    assertEquals(Duration.ofSeconds(2), policy.when("a"));
    assertEquals(Duration.ofSeconds(1), policy.when("b"));
    assertEquals(2, policy.numRequeues("a"));
    policy.forget("a");
    assertEquals(0, policy.numRequeues("a"));
    assertEquals(Duration.ofSeconds(1), policy.when("a"));
  }

  @Test
  void honoursALongerRetryAfter() {
    RetryPolicy policy = new RetryPolicy(BASE, CAP, () -> 0.999_999);
    assertEquals(Duration.ofSeconds(30), policy.whenAtLeast("k", Duration.ofSeconds(30)));
    assertEquals(Duration.ofSeconds(2), policy.whenAtLeast("k", Duration.ofMillis(10)));
  }

  @Test
  void refusesANonsensicalRange() {
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(CAP, BASE, () -> 0));
    assertThrows(
        IllegalArgumentException.class, () -> new RetryPolicy(Duration.ZERO, CAP, () -> 0));
  }

  @Test
  void unsupportedAndRejectedPodsFailForGood() {
    ProviderFailure unsupported =
        ProviderFailure.of(new UnsupportedPodException("spec.hostNetwork", "no"));
    assertTrue(unsupported.permanent());
    assertEquals("Unsupported", unsupported.podReason());
    assertEquals(FailureClass.UNSUPPORTED, unsupported.failureClass());

    ProviderFailure rejected = ProviderFailure.of(new CloudRejectedException("InvalidCpu", "no"));
    assertTrue(rejected.permanent());
    assertEquals("ProviderFailed", rejected.podReason());
    assertEquals(FailureClass.REJECTED, rejected.failureClass());

    ProviderFailure unknownFinal = ProviderFailure.of(new ProviderException("odd"));
    assertTrue(unknownFinal.permanent());
    assertEquals("ProviderFailed", unknownFinal.podReason());
  }

  @Test
  void transientFailuresAreRetried() {
    ProviderFailure throttled =
        ProviderFailure.of(new CloudThrottledException("429", Duration.ofSeconds(7)));
    assertFalse(throttled.permanent());
    assertEquals(Duration.ofSeconds(7), throttled.retryAfter());
    assertEquals("Throttled", throttled.eventReason());

    ProviderFailure timeout =
        ProviderFailure.of(new CloudUnavailableException("timeout", true, null));
    assertFalse(timeout.permanent());
    assertTrue(timeout.ambiguous());
    assertNull(timeout.retryAfter());
    assertEquals("FailedCreate", timeout.eventReason());

    ProviderFailure refused =
        ProviderFailure.of(new CloudUnavailableException("connection refused", false, null));
    assertFalse(refused.ambiguous());

    ProviderFailure auth = ProviderFailure.of(new CloudAuthException("401"));
    assertFalse(auth.permanent());
    assertEquals(FailureClass.AUTH, auth.failureClass());
  }

  @Test
  void anUnknownRetryableErrorIsTreatedAsAmbiguous() {
    ProviderException odd =
        new ProviderException("odd") {
          @Override
          public boolean isRetryable() {
            return true;
          }
        };
    ProviderFailure failure = ProviderFailure.of(odd);
    assertFalse(failure.permanent());
    assertTrue(failure.ambiguous());
  }
}
