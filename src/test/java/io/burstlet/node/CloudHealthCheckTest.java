package io.burstlet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.provider.CloudRejectedException;
import io.burstlet.provider.CloudThrottledException;
import io.burstlet.provider.Provider;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CloudHealthCheckTest {
  private final AtomicInteger calls = new AtomicInteger();

  /**
   * A provider whose only implemented method is {@code checkHealth}, answering with {@code body}.
   */
  private Provider provider(HealthAnswer body) {
    return (Provider)
        Proxy.newProxyInstance(
            Provider.class.getClassLoader(),
            new Class<?>[] {Provider.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("checkHealth")) {
                throw new UnsupportedOperationException(method.getName());
              }
              calls.incrementAndGet();
              body.answer();
              return null;
            });
  }

  interface HealthAnswer {
    void answer() throws Exception;
  }

  @Test
  void aHealthyCloudIsEmptyAndAnErrorCarriesTheCloudsMessage() throws Exception {
    try (CloudHealthCheck ok =
        new CloudHealthCheck(provider(() -> {}), "z", Duration.ofSeconds(5), "t")) {
      assertEquals(Optional.empty(), ok.run());
    }
    try (CloudHealthCheck failing =
        new CloudHealthCheck(
            provider(
                () -> {
                  throw new CloudRejectedException("SignatureDoesNotMatch", "bad signature");
                }),
            "z",
            Duration.ofSeconds(5),
            "t")) {
      assertTrue(failing.run().orElseThrow().contains("SignatureDoesNotMatch"));
    }
  }

  @Test
  void aThrottledCloudIsReachable() throws Exception {
    try (CloudHealthCheck throttled =
        new CloudHealthCheck(
            provider(
                () -> {
                  throw new CloudThrottledException("Throttling", Duration.ofSeconds(5));
                }),
            "z",
            Duration.ofSeconds(5),
            "t")) {
      assertEquals(Optional.empty(), throttled.run());
    }
  }

  @Test
  void aCloudThatNeverAnswersFailsAtTheDeadlineAndIsNotCalledAgainMeanwhile() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (CloudHealthCheck hanging =
        new CloudHealthCheck(
            provider(() -> release.await(1, TimeUnit.MINUTES)), "z", Duration.ofMillis(100), "t")) {
      assertTrue(hanging.run().orElseThrow().contains("did not answer"));
      assertTrue(hanging.run().orElseThrow().contains("did not answer"));
      assertEquals(1, calls.get(), "one call in flight at a time");
      release.countDown();
      assertEquals(Optional.empty(), hanging.run(), "the late answer counts");
    }
  }
}
