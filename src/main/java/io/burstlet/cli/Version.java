package io.burstlet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, stamped into the jar by Maven resource filtering. */
public final class Version {
  private Version() {}

  public static String get() {
    try (InputStream in = Version.class.getResourceAsStream("/io/burstlet/version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "dev");
      return v.startsWith("${") ? "dev" : v;
    } catch (IOException e) {
      return "dev";
    }
  }
}
