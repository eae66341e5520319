package io.burstlet.emulator.eci;

import io.burstlet.emulator.EmulatorHandler;
import io.burstlet.emulator.EmulatorRequest;
import io.burstlet.emulator.EmulatorResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves ECI's OpenAPI 2018-08-08 in RPC style: {@code POST /} (or GET) with the parameters in the
 * query string, in an {@code application/x-www-form-urlencoded} body, or split between the two, as
 * Alibaba's RPC gateway takes them; the action and version either as {@code Action}/{@code Version}
 * parameters (v2 signatures) or as {@code x-acs-action}/{@code x-acs-version} headers (ACS3
 * signatures, which is how {@code tea-openapi}'s {@code callApi} sends them). Both signature
 * versions cover the body (ACS3 through its SHA-256, v2 by signing body parameters with the query
 * ones), so a changed body fails the signature. A parameter given both in the query and in the body
 * is refused ({@code InvalidParameter} naming it): the gateway documents no precedence, and one the
 * emulator picked could differ from what a proxy or log shows for the same request. Answers JSON;
 * errors as {@code {RequestId, HostId, Code, Message, Recommend}}.
 *
 * <p>Operation names for fault injection and call counting are the action names, e.g. {@code
 * CreateContainerGroup}; anything else is {@code unknown}. Nothing about a request beyond its
 * action and the error code is logged: parameters carry secrets.
 */
final class EciRpcHandler implements EmulatorHandler {

  static final String VERSION = "2018-08-08";
  static final String UNKNOWN = "unknown";

  private static final Logger LOG = LoggerFactory.getLogger(EciRpcHandler.class);

  private final Map<String, EciAction> actions;
  private final EciSignatureVerifier verifier;

  EciRpcHandler(Map<String, EciAction> actions, EciSignatureVerifier verifier) {
    this.actions = Map.copyOf(actions);
    this.verifier = verifier;
  }

  @Override
  public String operation(EmulatorRequest request) {
    try {
      if (!request.path().equals("/")) {
        return UNKNOWN;
      }
      String action = parameter(request, "Action", "x-acs-action");
      return action != null && actions.containsKey(action) ? action : UNKNOWN;
    } catch (RuntimeException e) {
      // Malformed query: handle() answers it properly.
      return UNKNOWN;
    }
  }

  @Override
  public EmulatorResponse handle(String operation, EmulatorRequest request) {
    String requestId = newRequestId();
    try {
      Map<String, Object> result = dispatch(request);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("RequestId", requestId);
      body.putAll(result);
      return EmulatorResponse.json(200, body);
    } catch (EciApiException e) {
      LOG.debug("eci emulator: {} answered {} {}", operation, e.status(), e.code());
      return EciErrors.render(e, requestId, hostId(request));
    }
  }

  /** Alibaba's throttling error; it carries no retry hint, so {@code retryAfter} is not sent. */
  @Override
  public EmulatorResponse throttled(EmulatorRequest request, Duration retryAfter) {
    return EciErrors.render(EciErrors.throttling(), newRequestId(), hostId(request));
  }

  @Override
  public EmulatorResponse serverError(EmulatorRequest request, int status) {
    EciApiException error =
        status == 503 ? EciErrors.serviceUnavailable() : EciErrors.internalError(status);
    return EciErrors.render(error, newRequestId(), hostId(request));
  }

  private Map<String, Object> dispatch(EmulatorRequest request) {
    if (!request.path().equals("/")
        || !(request.method().equals("POST") || request.method().equals("GET"))) {
      throw EciErrors.apiNotFound();
    }
    List<Map.Entry<String, String>> query = EciParameters.decodePairs(request.rawQuery());
    List<Map.Entry<String, String>> form =
        isForm(request) ? EciParameters.decodePairs(request.bodyText()) : List.of();
    verifier.verify(request, query, form);
    Map<String, String> params = new LinkedHashMap<>();
    query.forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
    Set<String> inQuery = Set.copyOf(params.keySet());
    for (Map.Entry<String, String> pair : form) {
      if (inQuery.contains(pair.getKey())) {
        throw EciErrors.invalidParameter(
            pair.getKey(), "is given both in the query and in the body; send it once");
      }
      params.putIfAbsent(pair.getKey(), pair.getValue());
    }
    String action =
        firstNonEmpty(params.get("Action"), request.header("x-acs-action").orElse(null));
    if (action == null) {
      throw EciErrors.missingParameter("Action");
    }
    String version =
        firstNonEmpty(params.get("Version"), request.header("x-acs-version").orElse(null));
    if (version == null) {
      throw EciErrors.missingParameter("Version");
    }
    if (!version.equals(VERSION)) {
      throw EciErrors.invalidParameter("Version", "this endpoint serves ECI API " + VERSION);
    }
    EciAction handler = actions.get(action);
    if (handler == null) {
      throw EciErrors.invalidAction(action);
    }
    return handler.handle(EciParameters.of(params));
  }

  private static String parameter(EmulatorRequest request, String name, String header) {
    for (Map.Entry<String, String> pair : EciParameters.decodePairs(request.rawQuery())) {
      if (pair.getKey().equals(name) && !pair.getValue().isEmpty()) {
        return pair.getValue();
      }
    }
    if (isForm(request)) {
      for (Map.Entry<String, String> pair : EciParameters.decodePairs(request.bodyText())) {
        if (pair.getKey().equals(name) && !pair.getValue().isEmpty()) {
          return pair.getValue();
        }
      }
    }
    return request.header(header).orElse(null);
  }

  private static boolean isForm(EmulatorRequest request) {
    return request
        .header("Content-Type")
        .orElse("")
        .toLowerCase(Locale.ROOT)
        .startsWith("application/x-www-form-urlencoded");
  }

  private static String firstNonEmpty(String a, String b) {
    if (a != null && !a.isEmpty()) {
      return a;
    }
    return b == null || b.isEmpty() ? null : b;
  }

  /** The endpoint host that answered, as the client addressed it. */
  private static String hostId(EmulatorRequest request) {
    return request.header("Host").orElse("127.0.0.1");
  }

  private static String newRequestId() {
    return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
  }
}
