package io.burstlet.provider.eci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EciEndpointTest {

  @Test
  void publicEndpoint() {
    EciEndpoint e = EciEndpoint.parse("https://eci.ap-northeast-1.aliyuncs.com", null);
    assertEquals("eci.ap-northeast-1.aliyuncs.com", e.host());
    assertEquals("HTTPS", e.protocol());
    assertNull(e.caPem());
    assertEquals(EciEndpoint.forRegion("ap-northeast-1"), e);
  }

  @Test
  void emulatorWithPortAndCa(@TempDir Path dir) throws Exception {
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    EciEndpoint e = EciEndpoint.parse("https://127.0.0.1:38443/", ca.toString());
    assertEquals("127.0.0.1:38443", e.host());
    assertTrue(e.caPem().contains("BEGIN CERTIFICATE"));
    assertTrue(e.toString().contains("custom CA"));
    assertEquals("HTTP", EciEndpoint.parse("http://127.0.0.1:8080", null).protocol());
  }

  @Test
  void refusesWhatTeaCannotUse(@TempDir Path dir) throws Exception {
    assertThrows(IllegalArgumentException.class, () -> EciEndpoint.parse("ftp://x", null));
    assertThrows(IllegalArgumentException.class, () -> EciEndpoint.parse("https://h/api", null));
    Path notPem = dir.resolve("x.pem");
    Files.writeString(notPem, "hello");
    assertThrows(
        IllegalArgumentException.class, () -> EciEndpoint.parse("https://h", notPem.toString()));
    var missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> EciEndpoint.parse("https://h", dir.resolve("absent.pem").toString()));
    assertTrue(missing.getMessage().contains("absent.pem"));
  }
}
