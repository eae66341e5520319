package io.burstlet.provider.aci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.exception.ClientAuthenticationException;
import io.burstlet.provider.CloudAuthException;
import io.burstlet.provider.CloudRejectedException;
import io.burstlet.provider.CloudThrottledException;
import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.ProviderException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;

class AciErrorsTest {
  static final String SECRET = "s3cr3t-db-pa55";

  @Test
  void throttlingCarriesRetryAfter() {
    var e =
        ArmResponses.error(
            429,
            ArmResponses.cloudError("TooManyRequests", "slow down"),
            Map.of("Retry-After", "7"));
    ProviderException p = AciErrors.map("create container group bl-1", e, true, Set.of());
    CloudThrottledException t = assertInstanceOf(CloudThrottledException.class, p);
    assertEquals(Duration.ofSeconds(7), t.retryAfter());
    assertTrue(t.isRetryable());
    var ms =
        ArmResponses.error(
            429, ArmResponses.cloudError("TooManyRequests", "x"), Map.of("retry-after-ms", "1500"));
    assertEquals(
        Duration.ofMillis(1500),
        ((CloudThrottledException) AciErrors.map("op", ms, false, Set.of())).retryAfter());
    var none = ArmResponses.error(429, ArmResponses.cloudError("TooManyRequests", "x"), Map.of());
    assertEquals(
        Duration.ofSeconds(5),
        ((CloudThrottledException) AciErrors.map("op", none, false, Set.of())).retryAfter(),
        "the SPI's default when ARM gives no Retry-After");
  }

  @Test
  void authFailures() {
    for (int status : new int[] {401, 403}) {
      var e =
          ArmResponses.error(
              status, ArmResponses.cloudError("AuthorizationFailed", "no access"), Map.of());
      ProviderException p = AciErrors.map("list container groups", e, false, Set.of());
      assertInstanceOf(CloudAuthException.class, p);
      assertTrue(p.getMessage().contains("AuthorizationFailed"), p.getMessage());
    }
    ProviderException token =
        AciErrors.map(
            "list container groups",
            new ClientAuthenticationException("AADSTS7000215: Invalid client secret", null),
            false,
            Set.of());
    assertInstanceOf(CloudAuthException.class, token);
    assertTrue(token.getMessage().contains("cannot obtain an Azure token"), token.getMessage());
  }

  @Test
  void validationErrorsAreRejectedWithArmCode() {
    var e =
        ArmResponses.error(
            400,
            ArmResponses.cloudError(
                "InvalidContainerGroupName", "The container group name 'X' is invalid."),
            Map.of());
    CloudRejectedException r =
        assertInstanceOf(
            CloudRejectedException.class,
            AciErrors.map("create container group X", e, true, Set.of()));
    assertEquals("InvalidContainerGroupName", r.code());
    assertTrue(r.getMessage().contains("The container group name 'X' is invalid."), r.getMessage());
    assertFalse(r.isRetryable());
    assertNull(r.getCause(), "SDK exceptions carry the raw body and are never attached");
  }

  @Test
  void serverErrorsAndConflictsAreUnavailable() {
    var e =
        ArmResponses.error(503, ArmResponses.cloudError("ServiceUnavailable", "busy"), Map.of());
    CloudUnavailableException put =
        assertInstanceOf(
            CloudUnavailableException.class, AciErrors.map("create", e, true, Set.of()));
    assertTrue(put.isAmbiguous());
    assertTrue(put.isRetryable());
    CloudUnavailableException get =
        assertInstanceOf(CloudUnavailableException.class, AciErrors.map("get", e, false, Set.of()));
    assertFalse(get.isAmbiguous());
    var conflict =
        ArmResponses.error(
            409, ArmResponses.cloudError("ContainerGroupTransitioning", "busy"), Map.of());
    CloudUnavailableException c =
        assertInstanceOf(
            CloudUnavailableException.class, AciErrors.map("create", conflict, true, Set.of()));
    assertFalse(c.isAmbiguous(), "a 409 was refused, so it did not take effect");
  }

  @Test
  void ioErrorsAndTimeoutsAreUnavailableAndAmbiguousForMutations() {
    ProviderException io =
        AciErrors.map(
            "create container group bl-1",
            new UncheckedIOException(new ConnectException("Connection refused")),
            true,
            Set.of());
    CloudUnavailableException u = assertInstanceOf(CloudUnavailableException.class, io);
    assertTrue(u.isAmbiguous());
    assertTrue(u.getMessage().contains("ConnectException"), u.getMessage());
    ProviderException timeout =
        AciErrors.map(
            "create container group bl-1",
            Exceptions.propagate(new TimeoutException("Timeout on blocking read")),
            true,
            Set.of());
    assertTrue(timeout.getMessage().contains("timed out"), timeout.getMessage());
    assertTrue(((CloudUnavailableException) timeout).isAmbiguous());
  }

  @Test
  void notFoundIsRecognised() {
    assertTrue(
        AciErrors.isNotFound(
            ArmResponses.error(
                404, ArmResponses.cloudError("ResourceNotFound", "gone"), Map.of())));
    assertFalse(
        AciErrors.isNotFound(
            ArmResponses.error(400, ArmResponses.cloudError("Bad", "x"), Map.of())));
    assertFalse(AciErrors.isNotFound(new IllegalStateException()));
  }

  @Test
  void secretsEchoedByArmAreRedacted() {
    String body =
        ArmResponses.cloudError(
            "InvalidRequestContent",
            "The request content was invalid: {'name':'DB_PASSWORD','secureValue':'"
                + SECRET
                + "'}");
    var e = ArmResponses.error(400, body, Map.of());
    assertTrue(e.getMessage().contains(SECRET), "the SDK's own message echoes the body");
    ProviderException p = AciErrors.map("create container group bl-1", e, true, Set.of(SECRET));
    assertFalse(p.getMessage().contains(SECRET), p.getMessage());
    assertTrue(p.getMessage().contains("***"), p.getMessage());
    for (Throwable c = p; c != null; c = c.getCause()) {
      assertFalse(String.valueOf(c.getMessage()).contains(SECRET));
    }
  }

  @Test
  void longMessagesAreCut() {
    String text = "x".repeat(2000);
    assertTrue(AciErrors.redact(text, Set.of()).length() <= AciErrors.MAX_MESSAGE + 1);
  }
}
