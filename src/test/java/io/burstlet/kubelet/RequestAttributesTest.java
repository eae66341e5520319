package io.burstlet.kubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.openapi.models.V1ResourceAttributes;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SubjectAccessReview attributes of a request, as the kubelet's auth.go builds them. */
class RequestAttributesTest {

  @ParameterizedTest
  @CsvSource({
    "GET, get",
    "POST, create",
    "PUT, update",
    "PATCH, patch",
    "DELETE, delete",
  })
  void theVerbComesFromTheMethod(String method, String verb) {
    assertEquals(verb, RequestAttributes.of(method, "/containerLogs/ns/pod/c").get().verb());
  }

  @ParameterizedTest
  @CsvSource({"HEAD", "OPTIONS", "TRACE", "CONNECT", "get"})
  void methodsTheKubeletHasNoVerbForAreNotMapped(String method) {
    assertEquals(Optional.empty(), RequestAttributes.of(method, "/containerLogs/ns/pod/c"));
  }

  @ParameterizedTest
  @CsvSource({
    "/containerLogs/ns/pod/app, proxy",
    "/exec/ns/pod/app, proxy",
    "/attach/ns/pod/app, proxy",
    "/portForward/ns/pod, proxy",
    "/run/ns/pod/app, proxy",
    "/pods, proxy",
    "/runningpods/, proxy",
    "/healthz, proxy",
    "/, proxy",
    "/logs, log",
    "/logs/, log",
    "/logs/kubelet.log, log",
    "/logsx, proxy",
    "/stats, stats",
    "/stats/summary, stats",
    "/statsfoo, proxy",
    "/metrics, metrics",
    "/metrics/cadvisor, metrics",
    "/metrics/resource, metrics",
    "/metricsx, proxy",
    "/spec, spec",
    "/spec/, spec",
    "/specx, proxy",
  })
  void theSubresourceComesFromThePath(String path, String subresource) {
    assertEquals(subresource, RequestAttributes.of("GET", path).get().subresource());
  }

  @org.junit.jupiter.api.Test
  void theReviewAsksAboutTheNodeInTheCoreGroup() {
    assertEquals(
        new V1ResourceAttributes()
            .verb("create")
            .group("")
            .version("v1")
            .resource("nodes")
            .subresource("proxy")
            .name("burstlet-aci-1"),
        RequestAttributes.of("POST", "/exec/ns/pod/app").get().on("burstlet-aci-1"));
  }
}
