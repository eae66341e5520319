package io.burstlet.emulator.eci;

import static io.burstlet.emulator.eci.EciTestSupport.container;
import static io.burstlet.emulator.eci.EciTestSupport.createQuery;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.tea.TeaException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CPU/memory rounding to ECI's specifications, directly and through the API. */
class EciSpecsTest {

  @Test
  void requestsRoundUpToTheSmallestSpecificationThatFits() {
    assertEquals(Optional.of(new EciSpecs.Spec(0.25, 0.5)), EciSpecs.roundUp(0.1, 0.1));
    assertEquals(Optional.of(new EciSpecs.Spec(0.5, 1)), EciSpecs.roundUp(0.3, 0.6));
    assertEquals(Optional.of(new EciSpecs.Spec(1, 4)), EciSpecs.roundUp(0.25, 4));
    assertEquals(Optional.of(new EciSpecs.Spec(2, 1)), EciSpecs.roundUp(2, 1));
    assertEquals(Optional.of(new EciSpecs.Spec(4, 2)), EciSpecs.roundUp(3, 1));
    assertEquals(Optional.of(new EciSpecs.Spec(8, 16)), EciSpecs.roundUp(7, 13));
    assertEquals(Optional.of(new EciSpecs.Spec(52, 96)), EciSpecs.roundUp(33, 65));
    assertEquals(Optional.of(new EciSpecs.Spec(64, 512)), EciSpecs.roundUp(64, 512));
    assertEquals(Optional.empty(), EciSpecs.roundUp(65, 1));
    assertEquals(Optional.empty(), EciSpecs.roundUp(1, 513));
  }

  @Test
  void instanceTypesOfTheCGAndRFamiliesHaveTheirRatio() {
    assertEquals(Optional.of(new EciSpecs.Spec(2, 8)), EciSpecs.ofInstanceType("ecs.g6.large"));
    assertEquals(Optional.of(new EciSpecs.Spec(8, 16)), EciSpecs.ofInstanceType("ecs.c7.2xlarge"));
    assertEquals(
        Optional.of(new EciSpecs.Spec(4, 32)),
        EciSpecs.ofInstanceType("ecs.r7.xlarge,ecs.g6.large"));
    assertEquals(Optional.empty(), EciSpecs.ofInstanceType("ecs.t5-lc1m2.small"));
  }

  @Test
  void theApiReportsTheRoundedSizeAndRefusesImpossibleOnes() throws Exception {
    try (EciTestSupport eci = new EciTestSupport()) {
      Map<String, String> small = createQuery("small", null);
      small.put("Container.1.Cpu", "0.3");
      small.put("Container.1.Memory", "0.6");
      Map<String, Object> group = eci.describe(eci.create(small));
      assertEquals(0.5, ((Number) group.get("Cpu")).doubleValue());
      assertEquals(1.0, ((Number) group.get("Memory")).doubleValue());
      assertEquals(0.3, ((Number) container(group, 0).get("Cpu")).doubleValue());

      Map<String, Object> defaulted = eci.describe(eci.create(createQuery("default", null)));
      assertEquals(2.0, ((Number) defaulted.get("Cpu")).doubleValue());
      assertEquals(4.0, ((Number) defaulted.get("Memory")).doubleValue());

      Map<String, String> typed = createQuery("typed", null);
      typed.put("InstanceType", "ecs.g6.large");
      Map<String, Object> byType = eci.describe(eci.create(typed));
      assertEquals(8.0, ((Number) byType.get("Memory")).doubleValue());
      assertEquals("ecs.g6.large", byType.get("InstanceType"));

      Map<String, String> huge = createQuery("huge", null);
      huge.put("Cpu", "100");
      TeaException error = eci.error("CreateContainerGroup", huge);
      assertEquals("InvalidParameter", error.getCode());
      assertTrue(error.getData().get("Message").toString().contains("\"Cpu\""));

      Map<String, String> tooSmall = createQuery("too-small", null);
      tooSmall.put("Container.1.Cpu", "2");
      tooSmall.put("Cpu", "1");
      assertEquals("InvalidParameter", eci.error("CreateContainerGroup", tooSmall).getCode());
    }
  }
}
