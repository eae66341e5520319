package io.burstlet.emulator.aci;

import io.burstlet.emulator.EmulatorHandler;
import io.burstlet.emulator.EmulatorRequest;
import io.burstlet.emulator.EmulatorResponse;
import io.burstlet.emulator.aci.ArmErrors.ArmException;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The ARM front door of the ACI emulator: maps paths to operations, checks what ARM checks before
 * any resource provider sees a request — a bearer token (any token is accepted), a known route, the
 * {@code api-version} — and renders throttling and server errors as ARM does. Every answer carries
 * an {@code x-ms-request-id}, as ARM's do.
 */
final class AciArmHandler implements EmulatorHandler {

  private final ContainerGroupApi api;
  private final Supplier<URI> baseUri;

  /**
   * @param baseUri where the emulator listens; used for the links it hands out when a request lacks
   *     a {@code Host} header
   */
  AciArmHandler(ContainerGroupApi api, Supplier<URI> baseUri) {
    this.api = api;
    this.baseUri = baseUri;
  }

  @Override
  public String operation(EmulatorRequest request) {
    return ArmRoute.of(request.method(), request.path()).operation();
  }

  @Override
  public EmulatorResponse handle(String operation, EmulatorRequest request) {
    EmulatorResponse response;
    try {
      response = dispatch(request);
    } catch (ArmException e) {
      response = e.response();
    }
    return withRequestId(response);
  }

  @Override
  public EmulatorResponse throttled(EmulatorRequest request, Duration retryAfter) {
    String subscription = ArmRoute.of(request.method(), request.path()).subscription();
    return withRequestId(
        ArmErrors.throttled(
            request.method(), subscription == null ? "unknown" : subscription, retryAfter));
  }

  @Override
  public EmulatorResponse serverError(EmulatorRequest request, int status) {
    return withRequestId(ArmErrors.serverError(status));
  }

  private EmulatorResponse dispatch(EmulatorRequest request) {
    String authorization = request.header("Authorization").orElse(null);
    if (authorization == null) {
      return ArmErrors.unauthenticated(true);
    }
    if (!authorization.startsWith("Bearer ") || authorization.substring(7).isBlank()) {
      return ArmErrors.unauthenticated(false);
    }
    ArmRoute route = ArmRoute.of(request.method(), request.path());
    if (route.operation().equals(ArmRoute.UNKNOWN)) {
      throw ArmErrors.error(
          404,
          "InvalidResourceType",
          "The emulated resource provider '"
              + ArmId.PROVIDER
              + "' serves no '"
              + request.method()
              + "' at this path for api version '"
              + ContainerGroupApi.API_VERSION
              + "'.");
    }
    checkApiVersion(request.queryParams().get("api-version"));
    String base = base(request);
    return switch (route.operation()) {
      case "PUT containerGroups" -> api.put(route, request, base);
      case "GET containerGroups" -> api.get(route);
      case "PATCH containerGroups" -> api.patch(route, request);
      case "DELETE containerGroups" -> api.delete(route);
      case "LIST containerGroups" -> api.list(route, request, base);
      case "POST stop" -> api.stop(route);
      case "POST start" -> api.start(route, base);
      case "POST restart" -> api.restart(route);
      case "GET logs" -> api.logs(route, request);
      case "POST exec" -> api.webSocket(route, request, base, "exec");
      case "POST attach" -> api.webSocket(route, request, base, "attach");
      case "GET operations" -> api.operationStatus(route);
      case "GET capabilities" -> api.capabilities(route);
      default -> throw new IllegalStateException("unrouted operation " + route.operation());
    };
  }

  private static void checkApiVersion(String version) {
    if (version == null || version.isBlank()) {
      throw ArmErrors.error(
          400,
          "MissingApiVersionParameter",
          "The api-version query parameter (?api-version=) is required for all requests.");
    }
    if (!version.equals(ContainerGroupApi.API_VERSION)) {
      throw ArmErrors.error(
          400,
          "NoRegisteredProviderFound",
          "No registered resource provider found for API version '"
              + version
              + "' and type 'containerGroups'. The supported api-versions are '"
              + ContainerGroupApi.API_VERSION
              + "'.");
    }
  }

  /** {@code https://HOST:PORT} as the client addressed us, so links work through any alias. */
  private String base(EmulatorRequest request) {
    return request
        .header("Host")
        .map(host -> "https://" + host)
        .orElseGet(() -> baseUri.get().toString());
  }

  private static EmulatorResponse withRequestId(EmulatorResponse response) {
    return response.withHeader("x-ms-request-id", UUID.randomUUID().toString());
  }
}
