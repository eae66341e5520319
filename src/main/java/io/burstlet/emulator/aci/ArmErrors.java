package io.burstlet.emulator.aci;

import io.burstlet.emulator.EmulatorErrorException;
import io.burstlet.emulator.EmulatorResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Azure Resource Manager error answers: a {@code CloudError} body {@code {"error": {"code",
 * "message"}}} with the status ARM uses. Messages name resources and properties, never values a
 * client sent as secrets.
 */
final class ArmErrors {

  private ArmErrors() {}

  /** An error to throw from anywhere below the handler; it is answered as-is. */
  static final class ArmException extends EmulatorErrorException {
    private final String code;

    ArmException(int status, String code, String message) {
      super(status + " " + code + ": " + message, cloudError(status, code, message));
      this.code = code;
    }

    /** The CloudError code, e.g. {@code ResourceNotFound}. */
    String code() {
      return code;
    }
  }

  /** The CloudError response. */
  static EmulatorResponse cloudError(int status, String code, String message) {
    Map<String, String> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    return EmulatorResponse.json(status, Map.of("error", error));
  }

  static ArmException error(int status, String code, String message) {
    return new ArmException(status, code, message);
  }

  /** 400 {@code InvalidRequestContent}, worded like ARM's deserialisation failures. */
  static ArmException invalidContent(String detail) {
    return error(
        400,
        "InvalidRequestContent",
        "The request content was invalid and could not be deserialized: '" + detail + "'.");
  }

  /** 400 {@code InvalidRequestContent} for a required property that is absent. */
  static ArmException missingProperty(String property, String path) {
    return invalidContent("Required property '" + property + "' not found in JSON. Path '" + path);
  }

  /** ARM's 404 for a container group that does not exist. */
  static ArmException groupNotFound(ArmId id) {
    return error(
        404,
        "ResourceNotFound",
        "The Resource 'Microsoft.ContainerInstance/containerGroups/"
            + id.name()
            + "' under resource group '"
            + id.resourceGroup()
            + "' was not found. For more details please go to"
            + " https://aka.ms/ARMResourceNotFoundFix");
  }

  /** 401 as ARM's front door sends it, with the bearer challenge. */
  static EmulatorResponse unauthenticated(boolean headerMissing) {
    String why =
        headerMissing
            ? "The 'Authorization' header is missing."
            : "The 'Authorization' header is provided in an invalid format.";
    return cloudError(401, "AuthenticationFailed", "Authentication failed. " + why)
        .withHeader(
            "WWW-Authenticate",
            "Bearer authorization_uri=\"https://login.microsoftonline.com/common\","
                + " error=\"invalid_token\","
                + " error_description=\"The authentication failed because of missing or"
                + " invalid 'Authorization' header.\"");
  }

  /**
   * ARM's subscription throttling: 429, {@code Retry-After} in whole seconds and code {@code
   * SubscriptionRequestsThrottled} (ARM's token-bucket limiter; it words reads and writes apart).
   */
  static EmulatorResponse throttled(String method, String subscription, Duration retryAfter) {
    long seconds = Math.max(0, (retryAfter.toMillis() + 999) / 1000);
    String kind = method.equals("GET") ? "read" : method.equals("DELETE") ? "delete" : "write";
    return cloudError(
            429,
            "SubscriptionRequestsThrottled",
            "Number of '"
                + kind
                + "' requests for subscription '"
                + subscription
                + "' exceeded. Please try again after '"
                + seconds
                + "' seconds after additional tokens are available."
                + " Refer to https://aka.ms/arm-throttling")
        .withHeader("Retry-After", Long.toString(seconds));
  }

  /** A 5xx in ARM's words for that status. */
  static EmulatorResponse serverError(int status) {
    return switch (status) {
      case 502 ->
          cloudError(
              502,
              "BadGateway",
              "The gateway received an invalid response from 'Microsoft.ContainerInstance'.");
      case 503 ->
          cloudError(
              503,
              "ServiceUnavailable",
              "The resource provider 'Microsoft.ContainerInstance' is temporarily unavailable."
                  + " Please try again later.");
      case 504 ->
          cloudError(
              504,
              "GatewayTimeout",
              "The gateway did not receive a response from 'Microsoft.ContainerInstance' within"
                  + " the specified time period.");
      default ->
          cloudError(
              status,
              "InternalServerError",
              "Encountered an internal server error. The tracking activity id is '"
                  + UUID.randomUUID()
                  + "', correlation id is '"
                  + UUID.randomUUID()
                  + "'.");
    };
  }
}
