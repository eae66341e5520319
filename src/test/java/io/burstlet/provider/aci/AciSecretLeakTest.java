package io.burstlet.provider.aci;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.provider.PodInputMissingException;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.ProviderException;
import io.burstlet.provider.UnsupportedPodException;
import io.kubernetes.client.openapi.models.V1Container;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Secret values from the pod's Secrets and pull credentials never appear in an exception message, a
 * cause's message, a toString, or a log line produced by translation, creation or error mapping.
 * Log lines are captured from the logging backend's output (System.err).
 */
class AciSecretLeakTest {
  static final List<String> SECRETS =
      List.of(
          "ak-7f3e9c1d5b", "sess-a1b2c3d4", "s3cr3t-db-pa55", "p@ss:w0rd", "c3RvcmFnZS1rZXk9PQ==");

  final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  PrintStream originalErr;
  PrintStream originalOut;

  @BeforeEach
  void capture() {
    originalErr = System.err;
    originalOut = System.out;
    PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setErr(tee);
    System.setOut(tee);
  }

  @AfterEach
  void restore() {
    System.setErr(originalErr);
    System.setOut(originalOut);
  }

  static void assertClean(String where, String text) {
    for (String s : SECRETS) {
      assertFalse(text != null && text.contains(s), where + " leaks a secret: " + text);
    }
  }

  static void assertClean(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      assertClean("message of " + c.getClass().getSimpleName(), c.getMessage());
      assertClean("toString of " + c.getClass().getSimpleName(), c.toString());
    }
  }

  List<PodRequest> requests() throws Exception {
    List<PodRequest> out = new ArrayList<>();
    for (String name : List.of("env", "aks-virtual-node", "volumes")) {
      out.add(AciFixtures.request("/aci/golden/" + name + ".pod.yaml"));
    }
    return out;
  }

  @Test
  void armErrorsEchoingTheRequestDoNotLeak() throws Exception {
    for (PodRequest request : requests()) {
      AciTranslator.Result r =
          new AciTranslator(AciFixtures.provider(), AciFixtures.agent()).translate(request);
      assertClean("Result.toString", r.toString());
      assertClean("PodRequest.toString", request.toString());
      String body = AciTranslatorGoldenTest.toJson(r.group()).replace("\"", "'");
      RecordingAciGroups groups = new RecordingAciGroups();
      // ARM answers the PUT with a validation error quoting the whole request (worst case).
      groups.failCreate =
          ArmResponses.error(
              400, ArmResponses.cloudError("InvalidRequestContent", "invalid: " + body), Map.of());
      try (AciProvider provider =
          new AciProvider(AciFixtures.provider(), AciFixtures.agent(), groups, Clock.systemUTC())) {
        ProviderException e =
            assertThrows(ProviderException.class, () -> provider.createPod(request));
        assertTrue(e.getMessage().contains("InvalidRequestContent"), e.getMessage());
        assertClean(e);
      }
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertTrue(logs.contains("creating container group"), "the log capture works: " + logs);
    assertClean("log output", logs);
  }

  @Test
  void refusalsAndMissingReferencesDoNotLeak() throws Exception {
    PodRequest env = AciFixtures.request("/aci/golden/env.pod.yaml");
    V1Container web = env.pod().getSpec().getContainers().get(0);
    // Putting a secret-sourced variable into the command would expose it: refused without the
    // value.
    web.command(List.of("sh", "-c")).args(List.of("curl -H 'key: $(API_KEY)' $(MODE)"));
    UnsupportedPodException e =
        assertThrows(
            UnsupportedPodException.class,
            () -> new AciTranslator(AciFixtures.provider(), AciFixtures.agent()).translate(env));
    assertTrue(e.field().startsWith("spec.containers[0].args"), e.field());
    assertClean(e);

    PodRequest missing = AciFixtures.request("/aci/golden/env.pod.yaml");
    missing
        .pod()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .get(2)
        .getValueFrom()
        .getSecretKeyRef()
        .key("absent");
    ProviderException m =
        assertThrows(
            PodInputMissingException.class,
            () ->
                new AciTranslator(AciFixtures.provider(), AciFixtures.agent()).translate(missing));
    assertClean(m);
    assertClean("log output", captured.toString(StandardCharsets.UTF_8));
  }

  @Test
  void envValuesPrintWithoutSecrets() {
    assertClean("Value.toString", new AciEnv.Value("s3cr3t-db-pa55", true).toString());
  }
}
