package io.burstlet.provider.aci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.provider.PodRef;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AciNamesTest {
  @Test
  void groupNamesAreDeterministicValidAndShort() {
    String name = AciNames.groupName("4F3C2A10-7B1E-4D2A-9C55-0123456789AB");
    assertEquals("bl-4f3c2a107b1e4d2a9c550123456789ab", name);
    assertEquals(name, AciNames.groupName("4F3C2A10-7B1E-4D2A-9C55-0123456789AB"));
    String odd = AciNames.groupName("not/a uuid but a very long identifier ".repeat(5));
    assertTrue(odd.matches("bl-[a-z0-9]{32}"), odd);
    assertTrue(AciNames.groupName("___").matches("bl-[a-z0-9]{32}"));
    assertNotEquals(AciNames.groupName("a-b"), AciNames.groupName("c-d"));
  }

  @Test
  void tagsRoundTripAndRespectArmRules() {
    PodRef pod = new PodRef("ns", "name", "uid-1", "burstlet-aci-1", "1");
    Map<String, String> tags = AciNames.tags("c1", pod);
    for (String key : tags.keySet()) {
      assertTrue(key.matches("[^<>%&\\\\?/]+"), "ARM forbids <>%&\\?/ in tag names: " + key);
    }
    assertEquals(pod, AciNames.podOf("c1", tags).orElseThrow());
    assertTrue(AciNames.podOf("c2", tags).isEmpty());
    String longValue = "x".repeat(300);
    String cut = AciNames.tagValue(longValue);
    assertEquals(AciNames.MAX_TAG_VALUE, cut.length());
    assertNotEquals(cut, AciNames.tagValue("x".repeat(299) + "y"));
  }
}
