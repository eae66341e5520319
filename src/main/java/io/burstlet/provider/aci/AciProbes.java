package io.burstlet.provider.aci;

import com.azure.resourcemanager.containerinstance.models.ContainerExec;
import com.azure.resourcemanager.containerinstance.models.ContainerHttpGet;
import com.azure.resourcemanager.containerinstance.models.ContainerProbe;
import com.azure.resourcemanager.containerinstance.models.HttpHeader;
import com.azure.resourcemanager.containerinstance.models.Scheme;
import io.burstlet.provider.UnsupportedPodException;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1HTTPGetAction;
import io.kubernetes.client.openapi.models.V1HTTPHeader;
import io.kubernetes.client.openapi.models.V1Probe;
import java.util.ArrayList;
import java.util.List;

/**
 * Liveness and readiness probes → ACI probes. ACI runs {@code exec} and {@code httpGet} probes with
 * the same timing fields as Kubernetes; unset timings get Kubernetes' defaults (delay 0, period 10,
 * timeout 1, success 1, failure 3) so the group says exactly what the pod meant. {@code tcpSocket},
 * {@code grpc}, {@code startupProbe}, {@code httpGet.host} and a probe-level {@code
 * terminationGracePeriodSeconds} cannot be expressed and are refused. A named {@code httpGet} port
 * is resolved against the container's ports.
 */
final class AciProbes {
  static final int DEFAULT_PERIOD = 10;
  static final int DEFAULT_TIMEOUT = 1;
  static final int DEFAULT_SUCCESS = 1;
  static final int DEFAULT_FAILURE = 3;

  private AciProbes() {}

  static ContainerProbe liveness(V1Container c, String path) throws UnsupportedPodException {
    return probe(c.getLivenessProbe(), c, path + ".livenessProbe");
  }

  static ContainerProbe readiness(V1Container c, String path) throws UnsupportedPodException {
    if (c.getStartupProbe() != null) {
      throw new UnsupportedPodException(path + ".startupProbe", "ACI has no startup probes");
    }
    return probe(c.getReadinessProbe(), c, path + ".readinessProbe");
  }

  private static ContainerProbe probe(V1Probe p, V1Container c, String path)
      throws UnsupportedPodException {
    if (p == null) {
      return null;
    }
    if (p.getTcpSocket() != null) {
      throw new UnsupportedPodException(path + ".tcpSocket", "ACI has no TCP socket probes");
    }
    if (p.getGrpc() != null) {
      throw new UnsupportedPodException(path + ".grpc", "ACI has no gRPC probes");
    }
    if (p.getTerminationGracePeriodSeconds() != null) {
      throw new UnsupportedPodException(
          path + ".terminationGracePeriodSeconds", "ACI has no termination grace period");
    }
    ContainerProbe out =
        new ContainerProbe()
            .withInitialDelaySeconds(or(p.getInitialDelaySeconds(), 0))
            .withPeriodSeconds(or(p.getPeriodSeconds(), DEFAULT_PERIOD))
            .withTimeoutSeconds(or(p.getTimeoutSeconds(), DEFAULT_TIMEOUT))
            .withSuccessThreshold(or(p.getSuccessThreshold(), DEFAULT_SUCCESS))
            .withFailureThreshold(or(p.getFailureThreshold(), DEFAULT_FAILURE));
    if (p.getExec() != null) {
      List<String> command = p.getExec().getCommand();
      if (command == null || command.isEmpty()) {
        throw new UnsupportedPodException(path + ".exec.command", "must not be empty");
      }
      return out.withExec(new ContainerExec().withCommand(List.copyOf(command)));
    }
    if (p.getHttpGet() != null) {
      return out.withHttpGet(httpGet(p.getHttpGet(), c, path + ".httpGet"));
    }
    throw new UnsupportedPodException(path, "the probe has no handler");
  }

  private static ContainerHttpGet httpGet(V1HTTPGetAction h, V1Container c, String path)
      throws UnsupportedPodException {
    if (h.getHost() != null && !h.getHost().isEmpty()) {
      throw new UnsupportedPodException(
          path + ".host", "ACI probes the container's own address only");
    }
    ContainerHttpGet out =
        new ContainerHttpGet()
            .withPath(h.getPath() == null || h.getPath().isEmpty() ? "/" : h.getPath())
            .withPort(port(h.getPort(), c, path + ".port"))
            .withScheme("HTTPS".equalsIgnoreCase(h.getScheme()) ? Scheme.HTTPS : Scheme.HTTP);
    if (h.getHttpHeaders() != null && !h.getHttpHeaders().isEmpty()) {
      List<HttpHeader> headers = new ArrayList<>();
      for (V1HTTPHeader header : h.getHttpHeaders()) {
        headers.add(new HttpHeader().withName(header.getName()).withValue(header.getValue()));
      }
      out.withHttpHeaders(headers);
    }
    return out;
  }

  private static int port(IntOrString port, V1Container c, String path)
      throws UnsupportedPodException {
    if (port == null) {
      throw new UnsupportedPodException(path, "required");
    }
    if (port.isInteger()) {
      return port.getIntValue();
    }
    String name = port.getStrValue();
    if (c.getPorts() != null) {
      for (V1ContainerPort p : c.getPorts()) {
        if (name.equals(p.getName())) {
          return p.getContainerPort();
        }
      }
    }
    throw new UnsupportedPodException(path, "no container port named '" + name + "'");
  }

  private static int or(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
