package io.burstlet.emulator.eci;

import io.burstlet.emulator.EmulatorResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ECI errors the emulator answers, with the codes and HTTP statuses of {@code
 * reference/eci/2018-08-08/errors.json}, and the error body {@code {RequestId, HostId, Code,
 * Message, Recommend}}. {@code IncorrectStatus} is not in that table; it is the code the
 * Delete/RestartContainerGroup API pages list (HTTP 400) for a group in the wrong state.
 */
final class EciErrors {

  private EciErrors() {}

  static EciApiException missingParameter(String name) {
    return new EciApiException(
        "MissingParameter",
        400,
        "The input parameter \""
            + name
            + "\" that is mandatory for processing this request is not supplied.");
  }

  /**
   * @param why a reason that never quotes a secret-bearing value
   */
  static EciApiException invalidParameter(String name, String why) {
    return new EciApiException(
        "InvalidParameter", 400, "The specified parameter \"" + name + "\" is not valid: " + why);
  }

  static EciApiException unsupportedParameter(String name, String why) {
    return new EciApiException(
        "UnsupportedParameter", 400, "The parameter \"" + name + "\" is not supported: " + why);
  }

  static EciApiException invalidAction(String action) {
    return new EciApiException(
        "InvalidAction", 403, "The specified action is not valid: " + printable(action) + ".");
  }

  static EciApiException apiNotFound() {
    return new EciApiException(
        "InvalidApi.NotFound",
        404,
        "Specified api is not found, please check your url and method.");
  }

  static EciApiException accessKeyNotFound() {
    return new EciApiException(
        "InvalidAccessKeyId.NotFound", 404, "Specified access key is not found.");
  }

  /**
   * Deliberately without the server's string-to-sign: it holds every query value, including
   * environment values and registry passwords, and clients log error messages.
   */
  static EciApiException signatureDoesNotMatch(String why) {
    return new EciApiException(
        "SignatureDoesNotMatch",
        400,
        "Specified signature is not matched with our calculation (" + why + ").");
  }

  static EciApiException incompleteSignature(String why) {
    return new EciApiException(
        "IncompleteSignature",
        400,
        "The request signature does not conform to Aliyun standards: " + why + ".");
  }

  static EciApiException timestampExpired() {
    return new EciApiException(
        "InvalidTimeStamp.Expired", 400, "Specified time stamp or date value is expired.");
  }

  static EciApiException timestampFormat() {
    return new EciApiException(
        "InvalidTimeStamp.Format",
        400,
        "Specified time stamp or date value is not well formatted.");
  }

  static EciApiException throttling() {
    return new EciApiException("Throttling", 400, "Request was denied due to request throttling.");
  }

  static EciApiException internalError(int status) {
    return new EciApiException(
        "InternalError", status, "The request processing has failed due to some unknown error.");
  }

  static EciApiException serviceUnavailable() {
    return new EciApiException(
        "ServiceUnavailable",
        503,
        "The request has failed due to a temporary failure of the server.");
  }

  static EciApiException incorrectVSwitchStatus(String detail) {
    return new EciApiException(
        "IncorrectVSwitchStatus",
        400,
        "The current status of virtual switch does not support this operation: " + detail + ".");
  }

  static EciApiException incorrectStatus(String detail) {
    return new EciApiException("IncorrectStatus", 400, detail);
  }

  static EciApiException dryRunSuccess() {
    return new EciApiException(
        "DryRun.Success", 400, "This request is a dryrun request with successful result.");
  }

  /** The error body with the status the error travels with. */
  static EmulatorResponse render(EciApiException error, String requestId, String hostId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("RequestId", requestId);
    body.put("HostId", hostId);
    body.put("Code", error.code());
    body.put("Message", error.getMessage());
    body.put(
        "Recommend",
        "https://api.aliyun.com/troubleshoot?q="
            + error.code()
            + "&product=Eci&requestId="
            + requestId);
    return EmulatorResponse.json(error.status(), body);
  }

  /** Client-chosen names echoed in messages are cut short and stripped of control characters. */
  private static String printable(String text) {
    String cleaned = text.replaceAll("\\p{Cntrl}", "?");
    return cleaned.length() > 64 ? cleaned.substring(0, 64) + "…" : cleaned;
  }
}
