package io.burstlet.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a host names this machine only, the one place plaintext is allowed. Decided without DNS:
 * a loopback IP literal or {@code localhost}, never a name whose answer could change after the
 * check.
 */
public final class Loopback {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private Loopback() {}

  /** True for {@code 127.0.0.0/8}, {@code ::1} (with or without brackets) and {@code localhost}. */
  public static boolean is(String host) {
    if (host == null) {
      return false;
    }
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.toLowerCase(Locale.ROOT).equals("localhost")) {
      return true;
    }
    if (IPV4.matcher(h).matches()) {
      String[] octets = h.split("\\.");
      for (String octet : octets) {
        if (Integer.parseInt(octet) > 255) {
          return false;
        }
      }
      return octets[0].equals("127");
    }
    if (!h.contains(":")) {
      return false;
    }
    try {
      // With a ':' getByName only parses an IPv6 literal; it never asks DNS.
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The host of a {@code host:port} or {@code [v6]:port} target. */
  public static String hostOf(String target) {
    int colon = target.lastIndexOf(':');
    return colon < 0 ? target : target.substring(0, colon);
  }
}
