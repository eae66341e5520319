package io.burstlet.emulator.eci;

import static io.burstlet.emulator.eci.AcsSigning.encode;
import static io.burstlet.emulator.eci.AcsSigning.hex;
import static io.burstlet.emulator.eci.AcsSigning.hmac;
import static io.burstlet.emulator.eci.AcsSigning.json;
import static io.burstlet.emulator.eci.AcsSigning.sha256;
import static io.burstlet.emulator.eci.AcsSigning.utf8;
import static io.burstlet.emulator.eci.EciTestSupport.KEY_ID;
import static io.burstlet.emulator.eci.EciTestSupport.KEY_SECRET;
import static io.burstlet.emulator.eci.EciTestSupport.REGION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.teaopenapi.Client;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teautil.models.RuntimeOptions;
import com.google.gson.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Parameters in a signed {@code application/x-www-form-urlencoded} body, as the agent sends them so
 * that secrets stay out of URLs: the SDK's ACS3 and v2 requests with a form body are served with
 * the body's values, hand-signed body requests are accepted, and a body changed after signing is
 * refused under both signature versions.
 */
class EciFormBodyTest {

  private static final String SECRET_ENV = "form-body-s3cr3t &=+%/ wörld";

  private final EciTestSupport eci;
  private final HttpClient http = HttpClient.newHttpClient();

  EciFormBodyTest() throws Exception {
    eci = new EciTestSupport();
  }

  @AfterEach
  void stop() {
    eci.close();
  }

  @Test
  void sdkAcs3FormBodyCreatesTheGroupWithTheBodysValues() throws Exception {
    String id = createWithBody(eci.client, "acs3-body");

    assertEquals(SECRET_ENV, envValue(id));
  }

  @Test
  void sdkV2FormBodyCreatesTheGroupWithTheBodysValues() throws Exception {
    Client v2 = EciTestSupport.client(eci.emulator, KEY_ID, KEY_SECRET, "v2");

    String id = createWithBody(v2, "v2-body");

    assertEquals(SECRET_ENV, envValue(id));
  }

  @Test
  void handSignedAcs3BodyIsAcceptedAndATamperedBodyRefused() throws Exception {
    String body = form(Map.of("RegionId", REGION));

    HttpResponse<String> ok = post("", acs3Headers(body), body);
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(0, json(ok).get("TotalCount").getAsInt());

    // The body changed in transit, its declared hash left as signed.
    Map<String, String> headers = acs3Headers(body);
    HttpResponse<String> changed = post("", headers, form(Map.of("RegionId", "cn-hangzhou")));
    assertEquals(400, changed.statusCode());
    assertEquals("SignatureDoesNotMatch", code(changed));

    // The body changed and its hash recomputed: the signature over the hash no longer fits.
    String tampered = form(Map.of("RegionId", "cn-hangzhou"));
    headers.put("x-acs-content-sha256", hex(sha256(utf8(tampered))));
    HttpResponse<String> rehashed = post("", headers, tampered);
    assertEquals(400, rehashed.statusCode());
    assertEquals("SignatureDoesNotMatch", code(rehashed));
  }

  @Test
  void handSignedV2BodyIsAcceptedAndATamperedBodyRefused() throws Exception {
    Map<String, String> common = v2Common();
    Map<String, String> bodyParams = Map.of("RegionId", REGION);
    String query = v2SignedQuery(common, bodyParams);

    HttpResponse<String> ok = post(query, Map.of(), form(bodyParams));
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(0, json(ok).get("TotalCount").getAsInt());

    HttpResponse<String> tampered = post(query, Map.of(), form(Map.of("RegionId", "cn-hangzhou")));
    assertEquals(400, tampered.statusCode());
    assertEquals("SignatureDoesNotMatch", code(tampered));

    // A signed body parameter dropped from the request is a change too.
    HttpResponse<String> dropped = post(query, Map.of(), "");
    assertEquals(400, dropped.statusCode());
    assertEquals("SignatureDoesNotMatch", code(dropped));
  }

  @Test
  void aParameterInBothQueryAndBodyIsRefusedByNameWithoutItsValue() throws Exception {
    Map<String, String> common = v2Common();
    common.put("RegionId", REGION);
    Map<String, String> bodyParams = Map.of("RegionId", "value-only-in-the-body");
    String query = v2SignedQuery(common, bodyParams);

    HttpResponse<String> response = post(query, Map.of(), form(bodyParams));

    assertEquals(400, response.statusCode(), response.body());
    JsonObject error = json(response);
    assertEquals("InvalidParameter", error.get("Code").getAsString());
    assertTrue(error.get("Message").getAsString().contains("RegionId"), response.body());
    assertFalse(response.body().contains("value-only-in-the-body"), response.body());
  }

  private String createWithBody(Client client, String name) throws Exception {
    Map<String, String> parameters = EciTestSupport.createQuery(name, null);
    parameters.put("Container.1.EnvironmentVar.1.Key", "DB_PASSWORD");
    parameters.put("Container.1.EnvironmentVar.1.Value", SECRET_ENV);
    Map<String, ?> response =
        client.callApi(
            EciTestSupport.params("CreateContainerGroup", "HTTP").setReqBodyType("formData"),
            new OpenApiRequest().setBody(new LinkedHashMap<>(parameters)),
            new RuntimeOptions());
    @SuppressWarnings("unchecked")
    Map<String, Object> body = (Map<String, Object>) response.get("body");
    return (String) body.get("ContainerGroupId");
  }

  private String envValue(String id) throws Exception {
    List<Map<String, Object>> env =
        EciTestSupport.list(EciTestSupport.container(eci.describe(id), 0).get("EnvironmentVars"));
    return env.stream()
        .filter(e -> "DB_PASSWORD".equals(e.get("Key")))
        .map(e -> (String) e.get("Value"))
        .findFirst()
        .orElseThrow();
  }

  /** ACS3 headers for DescribeContainerGroups with {@code body} and an empty query. */
  private Map<String, String> acs3Headers(String body) throws Exception {
    Map<String, String> headers = new TreeMap<>();
    headers.put("host", eci.emulator.endpoint());
    headers.put("x-acs-action", "DescribeContainerGroups");
    headers.put("x-acs-version", "2018-08-08");
    headers.put("x-acs-date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    headers.put("x-acs-signature-nonce", UUID.randomUUID().toString());
    headers.put("x-acs-content-sha256", hex(sha256(utf8(body))));
    String signedHeaders = String.join(";", headers.keySet());
    String canonical =
        "POST\n/\n\n"
            + headers.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue() + "\n")
                .collect(Collectors.joining())
            + "\n"
            + signedHeaders
            + "\n"
            + headers.get("x-acs-content-sha256");
    String stringToSign = "ACS3-HMAC-SHA256\n" + hex(sha256(utf8(canonical)));
    String signature = hex(hmac("HmacSHA256", utf8(KEY_SECRET), utf8(stringToSign)));
    Map<String, String> sent = new TreeMap<>(headers);
    sent.remove("host"); // the HTTP client sets it, to the same value
    sent.put(
        "Authorization",
        "ACS3-HMAC-SHA256 Credential="
            + KEY_ID
            + ",SignedHeaders="
            + signedHeaders
            + ",Signature="
            + signature);
    return sent;
  }

  private static Map<String, String> v2Common() {
    Map<String, String> params = new TreeMap<>();
    params.put("Action", "DescribeContainerGroups");
    params.put("Version", "2018-08-08");
    params.put("Format", "JSON");
    params.put("AccessKeyId", KEY_ID);
    params.put("SignatureMethod", "HMAC-SHA1");
    params.put("SignatureVersion", "1.0");
    params.put("SignatureNonce", UUID.randomUUID().toString());
    params.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    return params;
  }

  /**
   * The query ({@code common} plus {@code Signature}) of a v2 request whose body holds {@code
   * body}: the signature covers both, sorted together, as Alibaba's RPC v2 rules say.
   */
  private static String v2SignedQuery(Map<String, String> common, Map<String, String> body)
      throws Exception {
    List<String> signed =
        java.util.stream.Stream.concat(common.entrySet().stream(), body.entrySet().stream())
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .sorted()
            .toList();
    String stringToSign = "POST&" + encode("/") + "&" + encode(String.join("&", signed));
    String signature =
        Base64.getEncoder()
            .encodeToString(hmac("HmacSHA1", utf8(KEY_SECRET + "&"), utf8(stringToSign)));
    return common.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"))
        + "&Signature="
        + encode(signature);
  }

  private HttpResponse<String> post(String query, Map<String, String> headers, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(eci.emulator.baseUri() + "/" + (query.isEmpty() ? "" : "?" + query)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String form(Map<String, String> params) {
    return params.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static String code(HttpResponse<String> response) {
    return json(response).get("Code").getAsString();
  }
}
