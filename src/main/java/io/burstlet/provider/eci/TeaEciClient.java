package io.burstlet.provider.eci;

import com.aliyun.teaopenapi.Client;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teaopenapi.models.Params;
import com.aliyun.teautil.models.RuntimeOptions;
import io.burstlet.config.ConfigException;
import io.burstlet.config.ProviderConfig;
import io.burstlet.config.SecretRef;
import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.ProviderException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;

/**
 * {@link EciClient} on the generic Alibaba Cloud tea runtime ({@code com.aliyun:tea-openapi}), the
 * same runtime the generated {@code eci20180808} SDK is built on: {@code Client.callApi} with RPC
 * style, {@code POST /} and tea's default ACS3-HMAC-SHA256 signature.
 *
 * <p>Every API parameter travels in the signed form body ({@code
 * application/x-www-form-urlencoded}, hashed into {@code x-acs-content-sha256}), never in the URL:
 * parameters carry environment values, registry passwords, Secret volume contents and
 * service-account tokens, and URLs end up in the access logs of proxies and gateways. The query
 * holds only what tea adds itself (for ACS3: nothing; the action and version are headers). ECI's
 * RPC gateway reads a POST's parameters from the query or a form body alike.
 *
 * <p>tea's own retries are off: the caller (the pod controller's rate-limited queue) decides when
 * to try again, and a silent retry of {@code CreateContainerGroup} would hide ambiguity.
 */
public final class TeaEciClient implements EciClient {
  static final String API_VERSION = "2018-08-08";

  private final Client client;
  private final EciEndpoint endpoint;
  private final int timeoutMillis;
  private final String accessKeySecret;

  /**
   * @param regionId the region every request names (also sent as {@code RegionId})
   * @param timeout connect and read timeout of each call
   */
  public TeaEciClient(
      EciEndpoint endpoint,
      String regionId,
      String accessKeyId,
      String accessKeySecret,
      Duration timeout) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(regionId, "regionId");
    if (accessKeyId == null || accessKeyId.isBlank()) {
      throw new IllegalArgumentException("accessKeyId is required");
    }
    if (accessKeySecret == null || accessKeySecret.isBlank()) {
      throw new IllegalArgumentException("accessKeySecret is required");
    }
    this.accessKeySecret = accessKeySecret;
    this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    Config config =
        new Config()
            .setAccessKeyId(accessKeyId)
            .setAccessKeySecret(accessKeySecret)
            .setEndpoint(endpoint.host())
            .setProtocol(endpoint.protocol())
            .setRegionId(regionId)
            .setConnectTimeout(timeoutMillis)
            .setReadTimeout(timeoutMillis);
    try {
      this.client = new Client(config);
    } catch (Exception e) {
      // Only configuration problems end up here; the message names no credential.
      throw new IllegalArgumentException(
          "cannot configure the ECI client: " + e.getClass().getSimpleName());
    }
  }

  /**
   * Builds a client from a provider's configuration: endpoint URL and optional {@code caFile}, and
   * the {@code accessKeyId}/{@code accessKeySecret} secret references (required for every endpoint,
   * emulators included, since they check signatures too).
   *
   * @throws ConfigException naming the field at fault
   */
  public static TeaEciClient fromConfig(ProviderConfig config) {
    if (config.embedded()) {
      throw new ConfigException(
          "providers."
              + config.name()
              + ".endpoint: 'embedded' must be resolved to the emulator's URL before building"
              + " the ECI client");
    }
    EciEndpoint endpoint;
    try {
      endpoint = EciEndpoint.parse(config.endpoint(), config.caFile());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("providers." + config.name() + ".endpoint: " + e.getMessage());
    }
    return new TeaEciClient(
        endpoint,
        config.region(),
        secret(config, "accessKeyId"),
        secret(config, "accessKeySecret"),
        Duration.ofSeconds(30));
  }

  private static String secret(ProviderConfig config, String name) {
    SecretRef ref = config.credentials().get(name);
    if (ref == null) {
      throw new ConfigException(
          "providers." + config.name() + ".credentials." + name + "File: required");
    }
    return ref.read();
  }

  /** Where this client sends its requests. */
  public EciEndpoint endpoint() {
    return endpoint;
  }

  @Override
  public CreateContainerGroupResponse createContainerGroup(CreateContainerGroupRequest request)
      throws ProviderException {
    return EciResponseParser.createContainerGroup(
        call("CreateContainerGroup", EciRpcParams.createContainerGroup(request), true));
  }

  @Override
  public DescribeContainerGroupsResponse describeContainerGroups(
      DescribeContainerGroupsRequest request) throws ProviderException {
    return EciResponseParser.describeContainerGroups(
        call("DescribeContainerGroups", EciRpcParams.describeContainerGroups(request), false));
  }

  @Override
  public DescribeContainerGroupStatusResponse describeContainerGroupStatus(
      DescribeContainerGroupStatusRequest request) throws ProviderException {
    return EciResponseParser.describeContainerGroupStatus(
        call(
            "DescribeContainerGroupStatus",
            EciRpcParams.describeContainerGroupStatus(request),
            false));
  }

  @Override
  public void deleteContainerGroup(DeleteContainerGroupRequest request) throws ProviderException {
    call("DeleteContainerGroup", EciRpcParams.deleteContainerGroup(request), true);
  }

  @Override
  public DescribeContainerLogResponse describeContainerLog(DescribeContainerLogRequest request)
      throws ProviderException {
    return EciResponseParser.describeContainerLog(
        call("DescribeContainerLog", EciRpcParams.describeContainerLog(request), false));
  }

  @Override
  public ExecContainerCommandResponse execContainerCommand(ExecContainerCommandRequest request)
      throws ProviderException {
    return EciResponseParser.execContainerCommand(
        call("ExecContainerCommand", EciRpcParams.execContainerCommand(request), false));
  }

  @Override
  public DescribeContainerGroupEventsResponse describeContainerGroupEvents(
      DescribeContainerGroupEventsRequest request) throws ProviderException {
    return EciResponseParser.describeContainerGroupEvents(
        call(
            "DescribeContainerGroupEvents",
            EciRpcParams.describeContainerGroupEvents(request),
            false));
  }

  private Map<String, ?> call(String action, SortedMap<String, String> parameters, boolean mutating)
      throws ProviderException {
    Params params =
        new Params()
            .setAction(action)
            .setVersion(API_VERSION)
            .setProtocol(endpoint.protocol())
            .setPathname("/")
            .setMethod("POST")
            .setAuthType("AK")
            .setStyle("RPC")
            .setReqBodyType("formData")
            .setBodyType("json");
    // Body, not query: see the class comment. tea form-encodes a map body for "formData".
    OpenApiRequest request = new OpenApiRequest().setBody(new HashMap<>(parameters));
    RuntimeOptions runtime =
        new RuntimeOptions()
            .setAutoretry(false)
            .setMaxAttempts(1)
            .setIgnoreSSL(false)
            .setConnectTimeout(timeoutMillis)
            .setReadTimeout(timeoutMillis);
    if (endpoint.caPem() != null) {
      runtime.setCa(endpoint.caPem());
    }
    Map<String, ?> response;
    try {
      response = client.callApi(params, request, runtime);
    } catch (Exception e) {
      Set<String> sensitive = new HashSet<>(EciRpcParams.sensitiveValues(parameters));
      sensitive.add(accessKeySecret);
      throw EciErrorMapper.map(action, mutating, e, sensitive);
    }
    Object body = response == null ? null : response.get("body");
    if (body instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, ?> typed = (Map<String, ?>) map;
      return typed;
    }
    throw new CloudUnavailableException(
        "ECI " + action + " answered without a JSON object body", mutating, null);
  }

  @Override
  public String toString() {
    return "TeaEciClient[" + endpoint + "]";
  }
}
