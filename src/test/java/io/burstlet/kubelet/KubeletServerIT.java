package io.burstlet.kubelet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.it.TestCluster;
import io.burstlet.provider.InMemoryProvider;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodRequest;
import io.burstlet.tls.SelfSignedCertificate;
import io.burstlet.tls.TrustedCertificates;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AuthenticationV1Api;
import io.kubernetes.client.openapi.apis.AuthorizationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.AuthenticationV1TokenRequest;
import io.kubernetes.client.openapi.models.RbacV1Subject;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1RoleRef;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1TokenRequestSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The kubelet API with the API server's TokenReview and SubjectAccessReview: who may read logs,
 * what an unauthenticated or unauthorized caller gets, and {@code follow} streaming.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubeletServerIT {
  private static final String NODE = "kubelet-it-node";

  private final ApiClient admin = TestCluster.admin();
  private final InMemoryProvider provider = InMemoryProvider.standard();
  private final AtomicBoolean terminated = new AtomicBoolean();
  private final String suffix = TestCluster.uniqueSuffix();
  private String ns;
  private PodRef ref;
  private KubeletServer server;
  private HttpClient http;
  private String readerToken;
  private String strangerToken;

  @BeforeAll
  void start() throws Exception {
    ns = TestCluster.createNamespace(admin, "kubelet");
    ref = new PodRef(ns, "web", "uid-" + suffix, NODE, "1");
    provider.createPod(
        new PodRequest(
            new V1Pod()
                .metadata(new V1ObjectMeta().namespace(ns).name("web").uid(ref.uid()))
                .spec(new V1PodSpec().addContainersItem(new V1Container().name("app").image("x"))),
            ref,
            Map.of(),
            Map.of(),
            List.of(),
            null));
    provider.setLog(ref, "app", "one\ntwo\n");

    readerToken = serviceAccountToken("log-reader", true);
    strangerToken = serviceAccountToken("stranger", false);

    SelfSignedCertificate cert = SelfSignedCertificate.generate();
    server =
        new KubeletServer(
            "127.0.0.1",
            0,
            cert.serverSslContext(),
            (namespace, name) ->
                namespace.equals(ns) && name.equals("web")
                    ? Optional.of(new PodLocator.LocatedPod(provider, ref, terminated.get()))
                    : Optional.empty(),
            new KubeletAuthenticator(new AuthenticationV1Api(admin), Clock.systemUTC()),
            new KubeletAuthorizer(new AuthorizationV1Api(admin), Clock.systemUTC()));
    server.start();
    http =
        HttpClient.newBuilder()
            .sslContext(TrustedCertificates.clientContext(cert.certificatePem(), false))
            .build();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    RbacAuthorizationV1Api rbac = new RbacAuthorizationV1Api(admin);
    rbac.deleteClusterRoleBinding("kubelet-it-" + suffix).execute();
    rbac.deleteClusterRole("kubelet-it-" + suffix).execute();
    TestCluster.deleteNamespace(admin, ns);
  }

  @Test
  void aCallerAllowedNodesProxyReadsTheTail() throws Exception {
    HttpResponse<String> response =
        get("/containerLogs/" + ns + "/web/app?tailLines=1", readerToken);
    assertEquals(200, response.statusCode());
    assertEquals("two", response.body().strip());
  }

  @Test
  void callersAreAuthenticatedAndAuthorized() throws Exception {
    assertEquals(401, get("/containerLogs/" + ns + "/web/app", null).statusCode());
    assertEquals(401, get("/containerLogs/" + ns + "/web/app", "not-a-token").statusCode());
    HttpResponse<String> denied = get("/containerLogs/" + ns + "/web/app", strangerToken);
    assertEquals(403, denied.statusCode());
    assertTrue(denied.body().contains("nodes/proxy"), denied.body());
    assertEquals(404, get("/containerLogs/" + ns + "/other/app", readerToken).statusCode());
    assertEquals(
        400, get("/containerLogs/" + ns + "/web/app?tailLines=-3", readerToken).statusCode());
    assertEquals(200, get("/healthz", null).statusCode());
  }

  @Test
  void followStreamsNewLinesUntilThePodEnds() throws Exception {
    List<String> received = follow();
    await().untilAsserted(() -> assertEquals(List.of("one", "two"), received));
    provider.setLog(ref, "app", "one\ntwo\nthree\n");
    await().untilAsserted(() -> assertEquals(List.of("one", "two", "three"), received));
    terminated.set(true);
    await().untilAsserted(() -> assertTrue(received.contains("end"), "the stream ends"));
    terminated.set(false);
  }

  @Test
  void followKeepsUpWhenTheCloudReturnsOnlyTheLastLines() throws Exception {
    provider.setLogWindow(2);
    try {
      List<String> received = follow();
      await().untilAsserted(() -> assertEquals(List.of("one", "two"), received));
      // The window slides: the cloud now returns "two", "three", then "four", "five".
      provider.setLog(ref, "app", "one\ntwo\nthree\n");
      await().untilAsserted(() -> assertEquals(List.of("one", "two", "three"), received));
      provider.setLog(ref, "app", "one\ntwo\nthree\nfour\nfive\n");
      await()
          .untilAsserted(
              () -> assertEquals(List.of("one", "two", "three", "four", "five"), received));
      terminated.set(true);
      await().untilAsserted(() -> assertTrue(received.contains("end"), "the stream ends"));
    } finally {
      terminated.set(false);
      provider.setLogWindow(Integer.MAX_VALUE);
      provider.setLog(ref, "app", "one\ntwo\n");
    }
  }

  /** Follows the log of web/app; the returned list fills as lines arrive, then gets "end". */
  private List<String> follow() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(url("/containerLogs/" + ns + "/web/app?follow=true"))
            .header("Authorization", "Bearer " + readerToken)
            .build();
    HttpResponse<java.io.InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    List<String> received = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                  received.add(line);
                }
                received.add("end");
              } catch (java.io.IOException e) {
                received.add("error: " + e);
              }
            });
    reader.setDaemon(true);
    reader.start();
    return received;
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(url(path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI url(String path) {
    return URI.create("https://127.0.0.1:" + server.port() + path);
  }

  private String serviceAccountToken(String name, boolean mayReadLogs) throws Exception {
    CoreV1Api core = new CoreV1Api(admin);
    core.createNamespacedServiceAccount(
            ns, new V1ServiceAccount().metadata(new V1ObjectMeta().name(name)))
        .execute();
    if (mayReadLogs) {
      RbacAuthorizationV1Api rbac = new RbacAuthorizationV1Api(admin);
      String role = "kubelet-it-" + suffix;
      rbac.createClusterRole(
              new V1ClusterRole()
                  .metadata(new V1ObjectMeta().name(role))
                  .rules(
                      List.of(
                          new V1PolicyRule()
                              .apiGroups(List.of(""))
                              .resources(List.of("nodes/proxy"))
                              .verbs(List.of("get")))))
          .execute();
      rbac.createClusterRoleBinding(
              new V1ClusterRoleBinding()
                  .metadata(new V1ObjectMeta().name(role))
                  .roleRef(
                      new V1RoleRef()
                          .apiGroup("rbac.authorization.k8s.io")
                          .kind("ClusterRole")
                          .name(role))
                  .subjects(
                      List.of(new RbacV1Subject().kind("ServiceAccount").name(name).namespace(ns))))
          .execute();
    }
    AuthenticationV1TokenRequest token =
        core.createNamespacedServiceAccountToken(
                name,
                ns,
                new AuthenticationV1TokenRequest()
                    .spec(new V1TokenRequestSpec().audiences(List.of())))
            .execute();
    return token.getStatus().getToken();
  }
}
