package io.burstlet.provider.eci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.tea.TeaException;
import com.aliyun.tea.TeaUnretryableException;
import io.burstlet.provider.CloudAuthException;
import io.burstlet.provider.CloudRejectedException;
import io.burstlet.provider.CloudThrottledException;
import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.ProviderException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The tea runtime's exceptions, built the way tea-openapi builds them from an error body ({@code
 * code}, {@code statusCode}, {@code data} = the body, and a message with the request id), mapped to
 * the SPI's types, with no secret ever passing into a message.
 */
class EciErrorMapperTest {
  private static final Set<String> NONE = Set.of();

  /** An error exactly as tea-openapi 0.3.15's doRequest raises it for an HTTP error response. */
  private static TeaException tea(int status, String code, String message) {
    Map<String, Object> body = new HashMap<>();
    body.put("RequestId", "06DD587E-599A-55C6-83BB-EC5A1B2C3DF2");
    body.put("HostId", "eci.ap-northeast-1.aliyuncs.com");
    body.put("Code", code);
    body.put("Message", message);
    body.put("statusCode", status);
    Map<String, Object> map = new HashMap<>();
    map.put("code", code);
    map.put(
        "message",
        "code: " + status + ", " + message + " request id: 06DD587E-599A-55C6-83BB-EC5A1B2C3DF2");
    map.put("data", body);
    map.put("statusCode", status);
    return new TeaException(map);
  }

  private static ProviderException map(TeaException e, boolean mutating) {
    return EciErrorMapper.map("CreateContainerGroup", mutating, e, NONE);
  }

  @Test
  void throttlingIsThrottled() {
    for (String code : List.of("Throttling", "Throttling.User", "Throttling.Api", "Degrade.Api")) {
      ProviderException e =
          map(tea(400, code, "Request was denied due to request throttling."), true);
      assertInstanceOf(CloudThrottledException.class, e, code);
      assertTrue(e.isRetryable());
    }
  }

  @Test
  void credentialProblemsAreAuth() {
    for (String code :
        List.of(
            "InvalidAccessKeyId.NotFound",
            "InvalidAccessKeyId.Inactive",
            "SignatureDoesNotMatch",
            "IncompleteSignature",
            "Forbidden.RAM",
            "Forbidden.RiskControl",
            "InvalidSecurityToken.Expired")) {
      assertInstanceOf(CloudAuthException.class, map(tea(403, code, "denied"), false), code);
    }
  }

  @Test
  void validationErrorsAreRejectionsWithTheCode() {
    for (String code :
        List.of(
            "InvalidParameter",
            "MissingParameter",
            "IncorrectVSwitchStatus",
            "Account.Arrearage")) {
      ProviderException e = map(tea(400, code, "The specified parameter is not valid."), true);
      CloudRejectedException rejected = assertInstanceOf(CloudRejectedException.class, e, code);
      assertEquals(code, rejected.code());
      assertFalse(e.isRetryable());
      assertFalse(e.getMessage().contains("request id"), e.getMessage());
    }
  }

  @Test
  void referenceErrorExampleIsARejection() {
    Map<String, Object> body = EciFixtures.example("Error");
    Map<String, Object> map = new HashMap<>();
    map.put("code", body.get("Code"));
    map.put("message", "code: 400, " + body.get("Message"));
    map.put("data", body);
    map.put("statusCode", 400);
    var e = assertInstanceOf(CloudRejectedException.class, map(new TeaException(map), true));
    assertEquals("IncorrectVSwitchStatus", e.code());
    assertTrue(e.getMessage().contains("virtual switch"), e.getMessage());
  }

  @Test
  void serverErrorsAreUnavailableAndAmbiguousOnlyForMutations() {
    var create =
        assertInstanceOf(
            CloudUnavailableException.class, map(tea(500, "InternalError", "boom"), true));
    assertTrue(create.isAmbiguous());
    var describe =
        assertInstanceOf(
            CloudUnavailableException.class, map(tea(503, "ServiceUnavailable", "later"), false));
    assertFalse(describe.isAmbiguous());
  }

  @Test
  void ioFailuresAreUnavailableWithoutTheRequest() {
    var io =
        EciErrorMapper.map(
            "CreateContainerGroup",
            true,
            new TeaUnretryableException(new SocketTimeoutException("timeout")),
            NONE);
    var unavailable = assertInstanceOf(CloudUnavailableException.class, io);
    assertTrue(unavailable.isAmbiguous());
    assertTrue(io.getMessage().contains("SocketTimeoutException"), io.getMessage());
    assertNull(io.getCause(), "tea's exception holds the last request: never attach it");
    var refused =
        EciErrorMapper.map(
            "DescribeContainerGroups", false, new ConnectException("Connection refused"), NONE);
    assertFalse(((CloudUnavailableException) refused).isAmbiguous());
  }

  @Test
  void signatureErrorsNeverEchoTheStringToSign() {
    // Alibaba's gateway appends the server's string-to-sign, i.e. the whole query, to this message.
    String leaky =
        "Specified signature is not matched with our calculation. server string to sign is:"
            + "POST&%2F&ImageRegistryCredential.1.Password%3Dhunter2";
    ProviderException e = map(tea(400, "SignatureDoesNotMatch", leaky), true);
    assertInstanceOf(CloudAuthException.class, e);
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    assertFalse(e.getMessage().contains("string to sign"), e.getMessage());
  }

  @Test
  void sensitiveRequestValuesAreScrubbedFromServerMessages() {
    ProviderException e =
        EciErrorMapper.map(
            "CreateContainerGroup",
            true,
            tea(
                400,
                "InvalidParameter",
                "The specified value s3cr3t-p@ssw0rd of Password is invalid"),
            Set.of("s3cr3t-p@ssw0rd"));
    assertFalse(e.getMessage().contains("s3cr3t-p@ssw0rd"), e.getMessage());
    assertTrue(e.getMessage().contains("***"), e.getMessage());
  }

  @Test
  void encodedEchoesOfSensitiveValuesAreScrubbed() {
    String secret = "s3cr3t/p@ss+w0rd";
    String urlEncoded = "s3cr3t%2Fp%40ss%2Bw0rd";
    String base64 =
        java.util.Base64.getEncoder()
            .encodeToString(
                ("DB=" + secret + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (String echoed : List.of(urlEncoded, base64)) {
      ProviderException e =
          EciErrorMapper.map(
              "CreateContainerGroup",
              true,
              tea(400, "InvalidParameter", "The specified value " + echoed + " is invalid"),
              Set.of(secret));
      assertFalse(e.getMessage().contains(urlEncoded), e.getMessage());
      assertFalse(e.getMessage().contains(base64.substring(4, 16)), e.getMessage());
      assertTrue(e.getMessage().contains("***"), e.getMessage());
    }
  }

  @Test
  void commandsAndArgumentsCountAsSensitive() {
    java.util.SortedMap<String, String> params = new java.util.TreeMap<>();
    params.put("Container.1.Arg.1", "--password=expanded-from-secret");
    params.put("Container.1.Command.1", "/bin/run");
    params.put("Container.1.Name", "app");
    Set<String> sensitive = EciRpcParams.sensitiveValues(params);
    assertTrue(sensitive.contains("--password=expanded-from-secret"));
    assertTrue(sensitive.contains("/bin/run"));
    assertFalse(sensitive.contains("app"));
  }

  @Test
  void sensitiveParameterValuesAreCollected() throws Exception {
    var request =
        new EciTranslator(EciFixtures.provider(), EciFixtures.agent())
            .translate(EciFixtures.podRequest(EciFixtures.GOLDEN.resolve("env-sources.pod.yaml")));
    Set<String> sensitive =
        EciRpcParams.sensitiveValues(EciRpcParams.createContainerGroup(request));
    assertTrue(sensitive.contains("s3cr3t-p@ssw0rd"));
    var registry =
        new EciTranslator(EciFixtures.provider(), EciFixtures.agent())
            .translate(
                EciFixtures.podRequest(
                    EciFixtures.GOLDEN.resolve("registry-credentials.pod.yaml")));
    assertTrue(
        EciRpcParams.sensitiveValues(EciRpcParams.createContainerGroup(registry))
            .contains("auth-only-pass"));
  }

  @Test
  void notFoundCodesForDeletion() {
    assertTrue(EciErrorMapper.isNotFound("InvalidContainerGroup.NotFound"));
    assertTrue(EciErrorMapper.isNotFound("ContainerGroup.NotFound"));
    assertFalse(EciErrorMapper.isNotFound("InvalidAccessKeyId.NotFound"));
    assertFalse(EciErrorMapper.isNotFound("InvalidApi.NotFound"));
    assertFalse(EciErrorMapper.isNotFound(null));
  }
}
