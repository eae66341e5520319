package io.burstlet.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CloudThrottledExceptionTest {
  @Test
  void theWaitIsBoundedWhateverTheCloudAsks() {
    assertEquals(
        CloudThrottledException.MAX_RETRY_AFTER,
        new CloudThrottledException("slow down", Duration.ofSeconds(99_999_999_999L)).retryAfter());
    assertEquals(
        CloudThrottledException.MAX_RETRY_AFTER,
        new CloudThrottledException("slow down", Duration.ofMillis(Long.MAX_VALUE)).retryAfter());
    assertEquals(
        CloudThrottledException.DEFAULT_RETRY_AFTER,
        new CloudThrottledException("slow down", Duration.ofSeconds(-1)).retryAfter());
    assertEquals(
        CloudThrottledException.DEFAULT_RETRY_AFTER,
        new CloudThrottledException("slow down", null).retryAfter());
    assertEquals(
        Duration.ofSeconds(20),
        new CloudThrottledException("slow down", Duration.ofSeconds(20)).retryAfter());
  }
}
