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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.Client;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teautil.models.RuntimeOptions;
import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Signatures as the real SDK computes them (ACS3-HMAC-SHA256, and v2 HMAC-SHA1 via {@code
 * signatureAlgorithm=v2}), plus requests signed by hand with this test's own implementation of both
 * schemes, so a verifier that accepted anything — or only the SDK's quirks — would fail here.
 */
class EciSignatureTest {

  private static final Map<String, String> DESCRIBE = Map.of("RegionId", REGION);

  private final EciTestSupport eci;
  private final HttpClient http = HttpClient.newHttpClient();

  EciSignatureTest() throws Exception {
    eci = new EciTestSupport();
  }

  @AfterEach
  void stop() {
    eci.close();
  }

  @Test
  void sdkAcs3SignatureIsAcceptedWithAwkwardValues() throws Exception {
    Map<String, String> query = EciTestSupport.createQuery("awkward", null);
    query.put("Container.1.EnvironmentVar.1.Key", "GREETING");
    query.put("Container.1.EnvironmentVar.1.Value", "héllo wörld *~+/&=?%20");
    query.put("Tag.1.Key", "empty-value");
    query.put("Tag.1.Value", "");

    Map<String, Object> body = eci.call("CreateContainerGroup", query);

    assertTrue(((String) body.get("ContainerGroupId")).startsWith("eci-"));
  }

  @Test
  void wrongSecretIsSignatureDoesNotMatch() throws Exception {
    Client wrong = EciTestSupport.client(eci.emulator, KEY_ID, "not-the-secret", null);

    TeaException error =
        assertThrows(
            TeaException.class,
            () -> EciTestSupport.call(wrong, "DescribeContainerGroups", DESCRIBE));

    assertEquals("SignatureDoesNotMatch", error.getCode());
    assertEquals(400, error.getStatusCode());
    // tea-openapi 0.3.15 has no client/server exception subclasses: 4xx and 5xx are both
    // TeaException, told apart by the status code (the older aliyun-java-sdk-core would raise
    // ClientException for this 400).
    assertEquals(TeaException.class, error.getClass());
    assertFalse(error.getMessage().contains(KEY_SECRET));
  }

  @Test
  void unknownAccessKeyIsNotFound() throws Exception {
    Client stranger = EciTestSupport.client(eci.emulator, "LTAIunknown", KEY_SECRET, null);

    TeaException error =
        assertThrows(
            TeaException.class,
            () -> EciTestSupport.call(stranger, "DescribeContainerGroups", DESCRIBE));

    assertEquals("InvalidAccessKeyId.NotFound", error.getCode());
    assertEquals(404, error.getStatusCode());
  }

  @Test
  void sdkV2SignatureIsAccepted() throws Exception {
    Client v2 = EciTestSupport.client(eci.emulator, KEY_ID, KEY_SECRET, "v2");

    Map<String, Object> body =
        EciTestSupport.call(
            v2, "CreateContainerGroup", EciTestSupport.createQuery("v2-made", null));

    assertTrue(((String) body.get("ContainerGroupId")).startsWith("eci-"));
  }

  @Test
  void handSignedV2RequestIsAcceptedAndATamperedOneRefused() throws Exception {
    Map<String, String> params = v2Params(Instant.now());
    String signed = v2Query(params, KEY_SECRET);

    HttpResponse<String> ok = post("/?" + signed, Map.of());
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(0, json(ok).get("TotalCount").getAsInt());

    HttpResponse<String> tampered = post("/?" + signed.replace(REGION, "cn-hangzhou"), Map.of());
    assertEquals(400, tampered.statusCode());
    JsonObject error = json(tampered);
    assertEquals("SignatureDoesNotMatch", error.get("Code").getAsString());
    for (String field : new String[] {"RequestId", "HostId", "Code", "Message", "Recommend"}) {
      assertTrue(error.has(field), field);
    }
  }

  @Test
  void getRequestsAreServedToo() throws Exception {
    Map<String, String> params = v2Params(Instant.now());
    String canonical =
        params.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    String stringToSign = "GET&" + encode("/") + "&" + encode(canonical);
    String signature =
        Base64.getEncoder()
            .encodeToString(hmac("HmacSHA1", utf8(KEY_SECRET + "&"), utf8(stringToSign)));
    URI uri =
        URI.create(eci.emulator.baseUri() + "/?" + canonical + "&Signature=" + encode(signature));

    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode(), response.body());
    // The same signature is refused for POST, since the method is signed.
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals("SignatureDoesNotMatch", json(post).get("Code").getAsString());
  }

  @Test
  void staleV2TimestampIsExpired() throws Exception {
    Map<String, String> params = v2Params(Instant.now().minus(Duration.ofHours(1)));

    HttpResponse<String> response = post("/?" + v2Query(params, KEY_SECRET), Map.of());

    assertEquals(400, response.statusCode());
    assertEquals("InvalidTimeStamp.Expired", json(response).get("Code").getAsString());
  }

  @Test
  void handSignedAcs3RequestIsAcceptedAndATamperedHeaderRefused() throws Exception {
    String query = "RegionId=" + REGION;
    Map<String, String> headers = new TreeMap<>();
    headers.put("host", eci.emulator.endpoint());
    headers.put("x-acs-action", "DescribeContainerGroups");
    headers.put("x-acs-version", "2018-08-08");
    headers.put("x-acs-date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    headers.put("x-acs-signature-nonce", UUID.randomUUID().toString());
    headers.put("x-acs-content-sha256", hex(sha256(new byte[0])));
    String signedHeaders = String.join(";", headers.keySet());
    String canonical =
        "POST\n/\n"
            + query
            + "\n"
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

    HttpResponse<String> ok = post("/?" + query, sent);
    assertEquals(200, ok.statusCode(), ok.body());

    sent.put("x-acs-action", "DescribeContainerGroupStatus");
    HttpResponse<String> tampered = post("/?" + query, sent);
    assertEquals(400, tampered.statusCode());
    assertEquals("SignatureDoesNotMatch", json(tampered).get("Code").getAsString());
  }

  @Test
  void unsignedRequestIsIncompleteSignature() throws Exception {
    HttpResponse<String> response =
        post("/?Action=DescribeContainerGroups&Version=2018-08-08&RegionId=" + REGION, Map.of());

    assertEquals(400, response.statusCode());
    assertEquals("IncompleteSignature", json(response).get("Code").getAsString());
  }

  @Test
  void httpsWorksWhenTheClientTrustsTheEmulatorPem() throws Exception {
    try (EciTestSupport tls = new EciTestSupport(b -> b.https(true));
        EciTestSupport untrusted = new EciTestSupport(b -> b.https(true))) {
      Map<String, ?> response =
          tls.client.callApi(
              EciTestSupport.params("DescribeContainerGroups", "HTTPS"),
              new OpenApiRequest().setQuery(DESCRIBE),
              new RuntimeOptions().setCa(tls.emulator.certificatePem()));
      assertEquals(200, ((Number) response.get("statusCode")).intValue());

      // tea caches one OkHttp client per host:port, so trust is decided by the first call to a
      // port: this second emulator has its own port and is never trusted.
      Exception refused =
          assertThrows(
              Exception.class,
              () ->
                  untrusted.client.callApi(
                      EciTestSupport.params("DescribeContainerGroups", "HTTPS"),
                      new OpenApiRequest().setQuery(DESCRIBE),
                      new RuntimeOptions()));
      assertTrue(refused.getMessage().contains("PKIX"), refused.getMessage());
    }
  }

  private static Map<String, String> v2Params(Instant timestamp) {
    Map<String, String> params = new TreeMap<>();
    params.put("Action", "DescribeContainerGroups");
    params.put("Version", "2018-08-08");
    params.put("RegionId", REGION);
    params.put("Format", "JSON");
    params.put("AccessKeyId", KEY_ID);
    params.put("SignatureMethod", "HMAC-SHA1");
    params.put("SignatureVersion", "1.0");
    params.put("SignatureNonce", UUID.randomUUID().toString());
    params.put("Timestamp", timestamp.truncatedTo(ChronoUnit.SECONDS).toString());
    return params;
  }

  /** The query string with {@code Signature} appended, per Alibaba's RPC v2 rules. */
  private static String v2Query(Map<String, String> sorted, String secret) throws Exception {
    String canonical =
        sorted.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    String stringToSign = "POST&" + encode("/") + "&" + encode(canonical);
    String signature =
        Base64.getEncoder()
            .encodeToString(hmac("HmacSHA1", utf8(secret + "&"), utf8(stringToSign)));
    return canonical + "&Signature=" + encode(signature);
  }

  private HttpResponse<String> post(String pathAndQuery, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(eci.emulator.baseUri() + pathAndQuery))
            .POST(HttpRequest.BodyPublishers.noBody());
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
