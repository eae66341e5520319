package io.burstlet.provider.eci;

import com.aliyun.tea.TeaException;
import com.aliyun.tea.TeaUnretryableException;
import io.burstlet.provider.CloudAuthException;
import io.burstlet.provider.CloudRejectedException;
import io.burstlet.provider.CloudThrottledException;
import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.ProviderException;
import io.burstlet.provider.SecretRedactor;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The one place that turns what the Alibaba tea runtime throws into the SPI's typed exceptions.
 *
 * <p>Secrets never pass through: tea's own messages are never used (they append request ids and,
 * for signature errors, the server's string-to-sign, which contains the whole query — environment
 * values, config files, registry passwords). The new message is built from the error code and the
 * server's {@code Message} field only, cut at its first line and at any string-to-sign, scrubbed of
 * every sensitive request value the caller names (in plain, URL-encoded, JSON-escaped and base64
 * form, see {@link SecretRedactor}), and shortened. Causes are not attached, since {@link
 * TeaUnretryableException} holds the last request.
 */
final class EciErrorMapper {
  private static final int MAX_MESSAGE = 300;

  private static final Set<String> AUTH_CODES =
      Set.of(
          "SignatureDoesNotMatch",
          "IncompleteSignature",
          "InvalidCredentials",
          "CreateServiceLinkedRole.Denied",
          "NoPermission",
          "InvalidTimeStamp.Expired",
          "InvalidTimeStamp.Format");

  private EciErrorMapper() {}

  /**
   * Maps a failure of one ECI call.
   *
   * @param action the API action, for the message
   * @param mutating true for calls whose effect may have happened when the answer was lost (Create,
   *     Delete): their transport failures are ambiguous
   * @param sensitive request values that must not appear in the message
   */
  static ProviderException map(
      String action, boolean mutating, Throwable error, Collection<String> sensitive) {
    if (error instanceof ProviderException pe) {
      return pe;
    }
    if (error instanceof TeaException tea && tea.getCode() != null && !tea.getCode().isBlank()) {
      return fromCode(action, mutating, tea, sensitive);
    }
    if (error instanceof TeaException tea && tea.getStatusCode() != null) {
      return new CloudUnavailableException(
          "ECI " + action + " failed with HTTP " + tea.getStatusCode() + " and no error code",
          mutating,
          null);
    }
    Throwable root = rootCause(error);
    String what = root.getClass().getSimpleName();
    String detail = root.getMessage() == null ? "" : ": " + clean(root.getMessage(), sensitive);
    return new CloudUnavailableException(
        "ECI " + action + " did not complete (" + what + detail + ")", mutating, null);
  }

  private static ProviderException fromCode(
      String action, boolean mutating, TeaException tea, Collection<String> sensitive) {
    String code = tea.getCode();
    int status = tea.getStatusCode() == null ? 0 : tea.getStatusCode();
    String serverMessage = serverMessage(tea);
    String message = "ECI " + action + ": " + code;
    if (isAuth(code) || isThrottle(code)) {
      // Auth errors are exactly the ones whose server text embeds the string-to-sign; the code
      // says everything an operator needs.
      return isThrottle(code)
          ? new CloudThrottledException(message + " (request rate over ECI's limit)", null)
          : new CloudAuthException(message + authHint(code));
    }
    String text = clean(serverMessage, sensitive);
    if (status >= 500) {
      return new CloudUnavailableException(
          message + (text.isEmpty() ? "" : ": " + text), mutating, null);
    }
    return new CloudRejectedException(code, text.isEmpty() ? "rejected by ECI " + action : text);
  }

  static boolean isThrottle(String code) {
    return code.startsWith("Throttling") || code.equals("Degrade.Api");
  }

  static boolean isAuth(String code) {
    return AUTH_CODES.contains(code)
        || code.startsWith("InvalidAccessKeyId")
        || code.startsWith("InvalidSecurityToken")
        || code.startsWith("Forbidden");
  }

  /** True for ECI's "no such group" answers (any {@code *NotFound*} code not about the caller). */
  static boolean isNotFound(String code) {
    return code != null
        && code.contains("NotFound")
        && !code.startsWith("InvalidAccessKeyId")
        && !code.startsWith("InvalidApi");
  }

  private static String authHint(String code) {
    if (code.startsWith("InvalidAccessKeyId")) {
      return " (the configured accessKeyId is unknown or disabled)";
    }
    if (code.equals("SignatureDoesNotMatch") || code.equals("IncompleteSignature")) {
      return " (the configured accessKeySecret does not match the accessKeyId)";
    }
    if (code.startsWith("InvalidTimeStamp")) {
      return " (the agent's clock is off by more than 15 minutes)";
    }
    return " (the credentials lack permission)";
  }

  private static String serverMessage(TeaException tea) {
    Map<String, Object> data = tea.getData();
    if (data != null && data.get("Message") instanceof String m) {
      return m;
    }
    if (data != null && data.get("message") instanceof String m) {
      return m;
    }
    return "";
  }

  /** First line, without any string-to-sign, shortened, with sensitive values replaced. */
  static String clean(String text, Collection<String> sensitive) {
    if (text == null) {
      return "";
    }
    String s = text.strip();
    int newline = s.indexOf('\n');
    if (newline >= 0) {
      s = s.substring(0, newline);
    }
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    for (String marker : new String[] {"string to sign", "stringtosign", "canonical"}) {
      int at = lower.indexOf(marker);
      if (at >= 0) {
        s = s.substring(0, at).strip();
        lower = lower.substring(0, at);
      }
    }
    s = SecretRedactor.redact(s, sensitive);
    if (s.length() > MAX_MESSAGE) {
      s = s.substring(0, MAX_MESSAGE) + "…";
    }
    return s;
  }

  private static Throwable rootCause(Throwable error) {
    Throwable t = error;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
