package io.burstlet.provider.eci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class EciSpecTableTest {

  private static String snap(String cpu, String memory, String region, boolean spot) {
    return EciSpecTable.snapUp(new BigDecimal(cpu), new BigDecimal(memory), region, spot)
        .map(Object::toString)
        .orElse("none");
  }

  @Test
  void documentedExampleInHangzhou() {
    // The page's own example: 7 vCPU / 13 GiB in China (Hangzhou) becomes 8 vCPU / 14 GiB.
    assertEquals("8 vCPU / 14 GiB", snap("7", "13", "cn-hangzhou", false));
  }

  @Test
  void otherRegionsUseTheGeneralTable() {
    assertEquals("8 vCPU / 16 GiB", snap("7", "13", "ap-northeast-1", false));
    assertEquals("8 vCPU / 16 GiB", snap("7", "13", "cn-hangzhou", true));
  }

  @Test
  void snapsUpNeverDown() {
    assertEquals("0.25 vCPU / 0.5 GiB", snap("0.1", "0.1", "ap-northeast-1", false));
    assertEquals("0.5 vCPU / 1 GiB", snap("0.3", "0.6", "ap-northeast-1", false));
    // Memory beyond what 1 vCPU offers moves to the next vCPU size.
    assertEquals("2 vCPU / 16 GiB", snap("1", "9", "ap-northeast-1", false));
    assertEquals("52 vCPU / 96 GiB", snap("33", "1", "ap-northeast-1", false));
    assertEquals("64 vCPU / 512 GiB", snap("64", "512", "ap-northeast-1", false));
    assertEquals("none", snap("64", "513", "ap-northeast-1", false));
    assertEquals("none", snap("65", "1", "ap-northeast-1", false));
  }

  @Test
  void everySnapMeetsTheRequest() {
    for (var spec : EciSpecTable.candidates("cn-hangzhou", false)) {
      var got = EciSpecTable.snapUp(spec.cpu(), spec.memory(), "cn-hangzhou", false).orElseThrow();
      assertEquals(spec, got, "an offered spec snaps to itself");
    }
    BigDecimal step = new BigDecimal("0.7");
    for (BigDecimal cpu = new BigDecimal("0.1");
        cpu.compareTo(BigDecimal.valueOf(64)) < 0;
        cpu = cpu.add(step)) {
      BigDecimal memory = cpu.multiply(BigDecimal.valueOf(3));
      var got = EciSpecTable.snapUp(cpu, memory, "ap-northeast-1", false);
      if (got.isPresent()) {
        assertTrue(
            got.get().cpu().compareTo(cpu) >= 0 && got.get().memory().compareTo(memory) >= 0);
      }
    }
  }
}
