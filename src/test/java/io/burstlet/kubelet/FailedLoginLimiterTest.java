package io.burstlet.kubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailedLoginLimiterTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Test
  void anAddressIsBlockedAfterItsBurstOfFailuresAndFreedAsTheBucketRefills() {
    FailedLoginLimiter limiter = new FailedLoginLimiter(clock, 3, Duration.ofSeconds(10), 100);
    for (int i = 0; i < 3; i++) {
      assertFalse(limiter.blocked("10.0.0.1"), "failure " + i);
      limiter.failed("10.0.0.1");
    }
    assertTrue(limiter.blocked("10.0.0.1"));
    assertEquals(10, limiter.retryAfterSeconds("10.0.0.1"));
    assertFalse(limiter.blocked("10.0.0.2"), "other addresses are not affected");
    now = now.plusSeconds(10);
    assertFalse(limiter.blocked("10.0.0.1"), "one failure more after one refill period");
    limiter.failed("10.0.0.1");
    assertTrue(limiter.blocked("10.0.0.1"));
  }

  @Test
  void theNumberOfAddressesHeldIsBounded() {
    FailedLoginLimiter limiter = new FailedLoginLimiter(clock, 1, Duration.ofMinutes(1), 2);
    limiter.failed("10.0.0.1");
    limiter.failed("10.0.0.2");
    limiter.failed("10.0.0.3");
    assertFalse(limiter.blocked("10.0.0.1"), "the oldest address was dropped");
    assertTrue(limiter.blocked("10.0.0.3"));
  }
}
