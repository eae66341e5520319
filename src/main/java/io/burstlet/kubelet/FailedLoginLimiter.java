package io.burstlet.kubelet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Limits failed authentications per client address: a bucket of {@code burst} failures per address,
 * refilled by one every {@code refill}. An address whose bucket is empty gets 429 without a
 * TokenReview, so random tokens cannot turn this server into a TokenReview pump against the API
 * server. Successful logins cost nothing.
 */
final class FailedLoginLimiter {
  private final Clock clock;
  private final int burst;
  private final Duration refill;
  private final ExpiringCache<String, Bucket> buckets;

  /** Failures left at {@code at}; a bucket left alone long enough is full again. */
  private record Bucket(double tokens, Instant at) {}

  FailedLoginLimiter(Clock clock, int burst, Duration refill, int addresses) {
    this.clock = clock;
    this.burst = burst;
    this.refill = refill;
    this.buckets = new ExpiringCache<>(clock, addresses);
  }

  /** Whether {@code address} has used up its failures and must wait. */
  synchronized boolean blocked(String address) {
    return tokens(address) < 1;
  }

  /** Counts one failed authentication from {@code address}. */
  synchronized void failed(String address) {
    Instant now = clock.instant();
    buckets.put(
        address, new Bucket(Math.max(0, tokens(address) - 1), now), refill.multipliedBy(burst));
  }

  /** Seconds until {@code address} may try again (at least 1). */
  synchronized long retryAfterSeconds(String address) {
    double missing = 1 - tokens(address);
    return Math.max(1, (long) Math.ceil(missing * refill.toMillis() / 1000.0));
  }

  private double tokens(String address) {
    Instant now = clock.instant();
    return buckets
        .get(address)
        .map(
            b ->
                Math.min(
                    burst,
                    b.tokens()
                        + Duration.between(b.at(), now).toMillis() / (double) refill.toMillis()))
        .orElse((double) burst);
  }
}
