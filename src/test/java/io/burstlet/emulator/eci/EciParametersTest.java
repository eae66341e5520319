package io.burstlet.emulator.eci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EciParametersTest {

  @Test
  void listsAreOrderedByNumericIndexAndScopedForErrors() {
    EciParameters p =
        EciParameters.of(
            Map.of(
                "Container.10.Name", "tenth",
                "Container.2.Name", "second",
                "Container.2.Port.1.Port", "80",
                "Container.2.Command.2", "-c",
                "Container.2.Command.1", "sh",
                "Container.2.LivenessProbe.Exec.Command.1", "true"));

    List<EciParameters> containers = p.list("Container");

    assertEquals(
        List.of("second", "tenth"), containers.stream().map(c -> c.required("Name")).toList());
    assertEquals(List.of("sh", "-c"), containers.get(0).strings("Command"));
    assertEquals(List.of("true"), containers.get(0).strings("LivenessProbe.Exec.Command"));
    assertEquals(1, containers.get(0).list("Port").size());
    EciApiException missing =
        assertThrows(EciApiException.class, () -> containers.get(1).required("Image"));
    assertEquals("MissingParameter", missing.code());
    assertTrue(missing.getMessage().contains("\"Container.10.Image\""));
  }

  @Test
  void typedAccessorsValidateWithoutQuotingValues() {
    EciParameters p =
        EciParameters.of(
            Map.of("Limit", "abc", "Flag", "yes", "Ids", "[\"a\",1]", "Cpu", "-1", "X.0.Y", "z"));

    assertEquals(
        "InvalidParameter",
        assertThrows(EciApiException.class, () -> p.integer("Limit", 1, 20)).code());
    assertEquals(
        "InvalidParameter", assertThrows(EciApiException.class, () -> p.bool("Flag")).code());
    assertEquals(
        "InvalidParameter",
        assertThrows(EciApiException.class, () -> p.jsonStrings("Ids", 20)).code());
    assertEquals(
        "InvalidParameter", assertThrows(EciApiException.class, () -> p.decimal("Cpu")).code());
    assertEquals("InvalidParameter", assertThrows(EciApiException.class, () -> p.list("X")).code());
    EciApiException oneOf =
        assertThrows(EciApiException.class, () -> p.oneOf("Limit", "x", List.of("a", "b")));
    assertTrue(!oneOf.getMessage().contains("abc"));
  }

  @Test
  void queryDecodingKeepsPlusAsSpaceAndRejectsBrokenEscapes() {
    assertEquals(
        List.of(Map.entry("A", "x y"), Map.entry("B", "1+1"), Map.entry("Empty", "")),
        EciParameters.decodePairs("A=x+y&B=1%2B1&Empty="));
    assertEquals(
        "InvalidParameter",
        assertThrows(EciApiException.class, () -> EciParameters.decodePairs("A=%zz")).code());
  }

  @Test
  void toStringNeverShowsValues() {
    EciParameters p = EciParameters.of(Map.of("Container.1.EnvironmentVar.1.Value", "s3cret"));

    assertTrue(!p.toString().contains("s3cret"));
  }
}
