package io.burstlet.provider.aci;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import io.burstlet.provider.CloudAuthException;
import io.burstlet.provider.CloudRejectedException;
import io.burstlet.provider.CloudThrottledException;
import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.ProviderException;
import io.burstlet.provider.SecretRedactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.concurrent.TimeoutException;

/**
 * The one place where Azure SDK failures become the SPI's typed exceptions.
 *
 * <ul>
 *   <li>429 → {@link CloudThrottledException} with the server's {@code Retry-After} (seconds or
 *       HTTP date; {@code retry-after-ms}/{@code x-ms-retry-after-ms} also read).
 *   <li>401/403 and token failures → {@link CloudAuthException}.
 *   <li>408, 409 (an operation on the group is in progress), 5xx, I/O errors and timeouts → {@link
 *       CloudUnavailableException}; ambiguous when the call changes state (a PUT or DELETE may have
 *       been applied before the connection broke).
 *   <li>other 4xx → {@link CloudRejectedException} with ARM's error code.
 *   <li>404 is not an error here: callers decide (GET → empty, DELETE → done) via {@link
 *       #isNotFound}.
 * </ul>
 *
 * <p>Messages: the SDK's own exception message contains the raw response body, which ARM may fill
 * with the request it refused — secure env values, registry passwords. It is never used, and SDK
 * exceptions are never attached as causes (loggers print causes). Only ARM's error {@code code} and
 * {@code message} (and the first detail's) are kept, after every known secret value of the request
 * is replaced by {@code ***}, and cut to {@value #MAX_MESSAGE} characters.
 */
final class AciErrors {
  static final int MAX_MESSAGE = 512;

  private AciErrors() {}

  /** True when the failure is ARM's 404 (the group or resource group does not exist). */
  /** A listing whose pages never end (a repeated or endless {@code nextLink}). */
  static final class PagingException extends RuntimeException {
    PagingException(String message) {
      super(message);
    }
  }

  static boolean isNotFound(Throwable t) {
    HttpResponseException h = find(t, HttpResponseException.class);
    return h != null && h.getResponse() != null && h.getResponse().getStatusCode() == 404;
  }

  /**
   * @param operation what was attempted, for the message ({@code create container group bl-…})
   * @param mutating whether the call changes state (decides ambiguity of timeouts)
   * @param secrets values that must not appear in the message
   */
  static ProviderException map(
      String operation, Throwable t, boolean mutating, Collection<String> secrets) {
    if (t instanceof PagingException paging) {
      return new CloudUnavailableException(operation + ": " + paging.getMessage(), false, null);
    }
    ClientAuthenticationException auth = find(t, ClientAuthenticationException.class);
    if (auth != null && auth.getResponse() == null) {
      // Token acquisition failed before ARM was called (wrong secret, no workload identity).
      return new CloudAuthException(
          operation + ": cannot obtain an Azure token (" + auth.getClass().getSimpleName() + ")");
    }
    HttpResponseException http = find(t, HttpResponseException.class);
    if (http != null && http.getResponse() != null) {
      return fromResponse(operation, http, mutating, secrets);
    }
    Throwable io = findIo(t);
    if (io != null) {
      String kind =
          io instanceof TimeoutException || io instanceof HttpTimeoutException
              ? "timed out"
              : "failed: " + io.getClass().getSimpleName();
      String ambiguity = mutating ? " (the request may have been applied)" : "";
      return new CloudUnavailableException(
          operation + " " + kind + ambiguity, mutating, safeCause(io, secrets));
    }
    return new CloudUnavailableException(
        operation + " failed: " + t.getClass().getSimpleName(), mutating, null);
  }

  private static ProviderException fromResponse(
      String operation, HttpResponseException e, boolean mutating, Collection<String> secrets) {
    HttpResponse response = e.getResponse();
    int status = response.getStatusCode();
    String code = "HTTP" + status;
    String message = "HTTP status " + status;
    if (e instanceof ManagementException m && m.getValue() != null) {
      ManagementError error = m.getValue();
      if (error.getCode() != null && !error.getCode().isBlank()) {
        code = redact(error.getCode(), secrets);
      }
      String text = error.getMessage() == null ? "" : error.getMessage();
      if (error.getDetails() != null && !error.getDetails().isEmpty()) {
        ManagementError detail = error.getDetails().get(0);
        if (detail.getMessage() != null) {
          text = text + " (" + detail.getCode() + ": " + detail.getMessage() + ")";
        }
      }
      if (!text.isBlank()) {
        message = redact(text, secrets);
      }
    }
    String full = operation + ": " + message;
    if (status == 429) {
      return new CloudThrottledException(full, retryAfter(response.getHeaders()));
    }
    if (status == 401 || status == 403) {
      return new CloudAuthException(full + " [" + code + "]");
    }
    if (status == 408 || status == 409 || status >= 500) {
      return new CloudUnavailableException(
          full + " [" + code + "]", mutating && status != 409, null);
    }
    return new CloudRejectedException(code, full);
  }

  /** Replaces every known secret value in any encoding, then cuts and flattens the text. */
  static String redact(String text, Collection<String> secrets) {
    String out = SecretRedactor.redact(text, secrets);
    out = out.replaceAll("[\\r\\n\\t]+", " ").strip();
    return out.length() > MAX_MESSAGE ? out.substring(0, MAX_MESSAGE) + "…" : out;
  }

  static Duration retryAfter(HttpHeaders headers) {
    if (headers == null) {
      return null;
    }
    for (String name : new String[] {"retry-after-ms", "x-ms-retry-after-ms"}) {
      String ms = headers.getValue(name);
      if (ms != null) {
        try {
          return Duration.ofMillis(Long.parseLong(ms.strip()));
        } catch (NumberFormatException ignored) {
          // fall through to Retry-After
        }
      }
    }
    String value = headers.getValue("Retry-After");
    if (value == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime when =
            ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(when.getZone()), when);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException ignored) {
        return null;
      }
    }
  }

  /** The innermost I/O failure or timeout in the chain (the most specific one), or null. */
  private static Throwable findIo(Throwable t) {
    Throwable found = null;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof IOException
          || c instanceof UncheckedIOException
          || c instanceof TimeoutException) {
        found = c;
      }
    }
    return found;
  }

  /**
   * A cause fit to attach: only the I/O exception's class and redacted message, without the SDK's
   * wrapping exceptions.
   */
  private static Throwable safeCause(Throwable io, Collection<String> secrets) {
    String msg = io.getMessage() == null ? "" : redact(io.getMessage(), secrets);
    return new IOException(io.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg));
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }
}
