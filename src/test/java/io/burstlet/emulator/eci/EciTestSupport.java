package io.burstlet.emulator.eci;

import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.Client;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teaopenapi.models.Params;
import com.aliyun.teautil.models.RuntimeOptions;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.burstlet.emulator.MutableClock;
import io.burstlet.emulator.PrivateRegistries;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link EciEmulator} on an ephemeral port with a {@link MutableClock}, and the real Alibaba SDK
 * runtime ({@code tea-openapi}'s generic {@code callApi}, ACS3 signatures) pointed at it. Region
 * {@code ap-northeast-1}; zone {@code ap-northeast-1a} has {@code vsw-first}, zone {@code
 * ap-northeast-1b} has {@code vsw-second}; timings 1 s each.
 */
final class EciTestSupport implements AutoCloseable {

  static final String REGION = "ap-northeast-1";
  static final String KEY_ID = "LTAIemulatorkey";
  static final String KEY_SECRET = "emulator-secret-0123456789";
  static final Instant T0 = Instant.parse("2030-01-02T03:04:05Z");

  final MutableClock clock = new MutableClock(T0);
  final EciEmulator emulator;
  final Client client;

  EciTestSupport() throws Exception {
    this(b -> b);
  }

  EciTestSupport(java.util.function.UnaryOperator<EciEmulator.Builder> customise) throws Exception {
    EciEmulator.Builder builder =
        EciEmulator.builder()
            .region(REGION)
            .zone("ap-northeast-1a", List.of("vsw-first"))
            .zone("ap-northeast-1b", List.of("vsw-second"))
            .accessKey(KEY_ID, KEY_SECRET)
            .clock(clock)
            .privateRegistries(PrivateRegistries.none())
            .timings(EciTimings.uniform(Duration.ofSeconds(1)));
    emulator = customise.apply(builder).build().start();
    client = client(emulator, KEY_ID, KEY_SECRET, null);
  }

  /** A client of {@code emulator} signing with the given key ({@code v2} or null for ACS3). */
  static Client client(EciEmulator emulator, String id, String secret, String algorithm)
      throws Exception {
    Config config =
        new Config()
            .setAccessKeyId(id)
            .setAccessKeySecret(secret)
            .setEndpoint(emulator.endpoint())
            .setProtocol(emulator.baseUri().getScheme().toUpperCase(java.util.Locale.ROOT))
            .setRegionId(REGION);
    if (algorithm != null) {
      config.setSignatureAlgorithm(algorithm);
    }
    return new Client(config);
  }

  static Params params(String action, String protocol) {
    return new Params()
        .setAction(action)
        .setVersion("2018-08-08")
        .setProtocol(protocol)
        .setMethod("POST")
        .setAuthType("AK")
        .setStyle("RPC")
        .setPathname("/")
        .setReqBodyType("json")
        .setBodyType("json");
  }

  /** Calls {@code action} with {@code query} and returns the parsed body. */
  Map<String, Object> call(String action, Map<String, String> query) throws Exception {
    return call(client, action, query);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> call(Client client, String action, Map<String, String> query)
      throws Exception {
    Map<String, ?> response =
        client.callApi(
            params(action, "HTTP"), new OpenApiRequest().setQuery(query), new RuntimeOptions());
    return (Map<String, Object>) response.get("body");
  }

  /** Calls {@code action} and returns the body as the raw JSON text the emulator sent. */
  JsonElement callRaw(String action, Map<String, String> query) throws Exception {
    Map<String, ?> response =
        client.callApi(
            params(action, "HTTP").setBodyType("string"),
            new OpenApiRequest().setQuery(query),
            new RuntimeOptions());
    return JsonParser.parseString((String) response.get("body"));
  }

  /** Calls {@code action}, expecting an error; returns the SDK's exception. */
  TeaException error(String action, Map<String, String> query) {
    try {
      call(action, query);
    } catch (TeaException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected a TeaException, got " + e, e);
    }
    throw new AssertionError(action + " succeeded, expected an error");
  }

  /** The minimal valid CreateContainerGroup query, with one container running {@code script}. */
  static Map<String, String> createQuery(String name, String script) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("RegionId", REGION);
    q.put("ContainerGroupName", name);
    q.put("SecurityGroupId", "sg-emulator");
    q.put("VSwitchId", "vsw-first");
    q.put("Container.1.Name", "main");
    q.put("Container.1.Image", "busybox:1.36");
    if (script != null) {
      q.put("Container.1.Command.1", "/bin/sh");
      q.put("Container.1.Command.2", "-c");
      q.put("Container.1.Arg.1", script);
    }
    return q;
  }

  /** Creates a group and returns its id. */
  String create(Map<String, String> query) throws Exception {
    return (String) call("CreateContainerGroup", query).get("ContainerGroupId");
  }

  /** DescribeContainerGroups for one id: the group's JSON object. */
  @SuppressWarnings("unchecked")
  Map<String, Object> describe(String id) throws Exception {
    Map<String, Object> body =
        call(
            "DescribeContainerGroups",
            Map.of(
                "RegionId", REGION, "ContainerGroupIds", "[\"" + id + "\"]", "WithEvent", "true"));
    List<Map<String, Object>> groups = (List<Map<String, Object>>) body.get("ContainerGroups");
    if (groups.size() != 1) {
      throw new AssertionError("expected exactly group " + id + ", got " + groups.size());
    }
    return groups.get(0);
  }

  String status(String id) throws Exception {
    return (String) describe(id).get("Status");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> container(Map<String, Object> group, int index) {
    return ((List<Map<String, Object>>) group.get("Containers")).get(index);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object value) {
    return (List<Map<String, Object>>) value;
  }

  static int integer(Object value) {
    return ((Number) value).intValue();
  }

  void advance(double seconds) {
    clock.advance(Duration.ofMillis((long) (seconds * 1000)));
  }

  @Override
  public void close() {
    emulator.close();
  }
}
