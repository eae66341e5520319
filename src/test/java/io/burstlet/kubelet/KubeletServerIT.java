package io.burstlet.kubelet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.burstlet.it.TestCluster;
import io.burstlet.metrics.MetricsServer;
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
import io.kubernetes.client.openapi.models.V1BoundObjectReference;
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
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import okio.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The kubelet API with the API server's TokenReview and SubjectAccessReview: who may read logs,
 * what an unauthenticated, unauthorized or too insistent caller gets, client certificates with and
 * without a client CA, {@code follow} streaming, a full server, and {@code /metrics} behind the
 * same authentication.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubeletServerIT {
  private static final String NODE = "kubelet-it-node";
  private static final String OTHER_NODE = "kubelet-it-node-b";

  private final ApiClient admin = TestCluster.admin();
  private final InMemoryProvider provider = InMemoryProvider.standard();
  private final AtomicBoolean terminated = new AtomicBoolean();
  private final String suffix = TestCluster.uniqueSuffix();
  private final List<String> clusterRoles = new ArrayList<>();
  private final List<AutoCloseable> closing = new ArrayList<>();
  // What the main server's authorizer asked the API server.
  private final List<String> reviews = new CopyOnWriteArrayList<>();
  private final AtomicInteger limitedTokenReviews = new AtomicInteger();
  private String ns;
  private PodRef ref;
  private SelfSignedCertificate serving;
  private TestCertificates clientCa;
  private KubeletServer server;
  private KubeletServer withoutCa;
  private HttpClient http;
  private String readerToken;
  private String readerUid;
  private String strangerToken;
  private String partialToken;
  private String scraperToken;
  private String certificateUser;
  private MetricsServer metrics;

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

    String proxyOnAllNodes =
        clusterRole(
            "proxy",
            new V1PolicyRule()
                .apiGroups(List.of(""))
                .resources(List.of("nodes/proxy"))
                .verbs(List.of("get")));
    certificateUser = "kubelet-it-apiserver-" + suffix;
    bind(
        proxyOnAllNodes,
        new RbacV1Subject()
            .kind("User")
            .name(certificateUser)
            .apiGroup("rbac.authorization.k8s.io"));
    readerToken = serviceAccountToken("log-reader", proxyOnAllNodes, true);
    readerUid =
        new CoreV1Api(admin)
            .readNamespacedServiceAccount("log-reader", ns)
            .execute()
            .getMetadata()
            .getUid();
    strangerToken = serviceAccountToken("stranger", null, false);
    partialToken =
        serviceAccountToken(
            "partial",
            clusterRole(
                "partial",
                new V1PolicyRule()
                    .apiGroups(List.of(""))
                    .resources(List.of("nodes/proxy"))
                    .resourceNames(List.of(OTHER_NODE))
                    .verbs(List.of("get"))),
            false);
    scraperToken =
        serviceAccountToken(
            "scraper",
            clusterRole(
                "metrics",
                new V1PolicyRule().nonResourceURLs(List.of("/metrics")).verbs(List.of("get"))),
            false);

    serving = SelfSignedCertificate.generate();
    clientCa = TestCertificates.newCa("kubelet-it-client-ca");
    ApiClient recording = recording(path -> {}, reviews);
    KubeletAuthenticator authenticator =
        new KubeletAuthenticator(
            new AuthenticationV1Api(admin),
            ClientCertificates.trusting(clientCa.caPem()),
            Clock.systemUTC(),
            100,
            Duration.ofSeconds(1));
    KubeletAuthorizer authorizer =
        new KubeletAuthorizer(new AuthorizationV1Api(recording), Clock.systemUTC());
    server =
        start(
            new KubeletServer(
                "127.0.0.1",
                0,
                serving,
                List.of(NODE, OTHER_NODE),
                this::locate,
                authenticator,
                authorizer));

    // The cluster's client CA cannot be read (this identity may not get the ConfigMap).
    ClientCertificates unread = ClientCertificates.none();
    closing.add(ClusterClientCa.start(new CoreV1Api(tokenClient(strangerToken)), unread));
    withoutCa =
        start(
            new KubeletServer(
                "127.0.0.1",
                0,
                serving,
                List.of(NODE),
                this::locate,
                new KubeletAuthenticator(new AuthenticationV1Api(admin), unread, Clock.systemUTC()),
                new KubeletAuthorizer(new AuthorizationV1Api(admin), Clock.systemUTC())));

    CollectorRegistry registry = new CollectorRegistry();
    Counter.build("kubelet_it_scrapes_total", "a metric to find").register(registry).inc();
    metrics =
        new MetricsServer(
            "127.0.0.1",
            0,
            registry,
            () -> true,
            List::of,
            new UrlAccess(authenticator, authorizer, "get", "/metrics"));
    metrics.start();
    closing.add(metrics);
    http = client(null);
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    RbacAuthorizationV1Api rbac = new RbacAuthorizationV1Api(admin);
    for (String role : clusterRoles) {
      rbac.deleteClusterRoleBinding(role).execute();
      rbac.deleteClusterRole(role).execute();
    }
    TestCluster.deleteNamespace(admin, ns);
  }

  @Test
  void aCallerAllowedNodesProxyReadsTheTail() throws Exception {
    HttpResponse<String> response =
        get(server, "/containerLogs/" + ns + "/web/app?tailLines=1", readerToken);
    assertEquals(200, response.statusCode());
    assertEquals("two", response.body().strip());
  }

  @Test
  void callersAreAuthenticatedAndAuthorized() throws Exception {
    assertEquals(401, get(server, "/containerLogs/" + ns + "/web/app", null).statusCode());
    assertEquals(401, get(server, "/containerLogs/" + ns + "/web/app", "not-a-token").statusCode());
    assertEquals(401, get(server, "/healthz", null).statusCode());
    assertEquals(200, get(server, "/healthz", readerToken).statusCode());
    assertEquals(404, get(server, "/containerLogs/" + ns + "/other/app", readerToken).statusCode());
    assertEquals(
        403,
        get(server, "/stats/summary", certificateUserClient(), null).statusCode(),
        "nodes/proxy does not allow nodes/stats");
    assertEquals(
        400,
        get(server, "/containerLogs/" + ns + "/web/app?tailLines=-3", readerToken).statusCode());
  }

  @Test
  void aCallerNotAllowedCannotTellWhichPodsExist() throws Exception {
    HttpResponse<String> existing = get(server, "/containerLogs/" + ns + "/web/app", strangerToken);
    HttpResponse<String> missing =
        get(server, "/containerLogs/" + ns + "/nothere/app", strangerToken);
    assertEquals(403, existing.statusCode());
    assertEquals(403, missing.statusCode());
    assertEquals(existing.body(), missing.body());
    assertTrue(existing.body().contains("nodes/proxy"), existing.body());
  }

  @Test
  void aCallerAllowedOnAnotherNodeOnlyGetsTheSame403() throws Exception {
    // "partial" may use nodes/proxy on OTHER_NODE only; web runs on NODE.
    HttpResponse<String> existing = get(server, "/containerLogs/" + ns + "/web/app", partialToken);
    HttpResponse<String> missing =
        get(server, "/containerLogs/" + ns + "/nothere/app", partialToken);
    assertEquals(403, existing.statusCode());
    assertEquals(403, missing.statusCode());
    assertEquals(existing.body(), missing.body());
  }

  @Test
  void theReviewCarriesTheTokensUidAndExtra() throws Exception {
    assertEquals(200, get(server, "/containerLogs/" + ns + "/web/app", readerToken).statusCode());
    String user = "system:serviceaccount:" + ns + ":log-reader";
    JsonObject spec =
        reviews.stream()
            .map(body -> JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("spec"))
            .filter(s -> s.get("user").getAsString().equals(user))
            .filter(s -> s.has("resourceAttributes"))
            .findFirst()
            .orElseThrow();
    assertEquals(readerUid, spec.get("uid").getAsString());
    assertEquals(
        "debugger",
        spec.getAsJsonObject("extra")
            .getAsJsonArray("authentication.kubernetes.io/pod-name")
            .get(0)
            .getAsString());
    assertEquals(
        "proxy", spec.getAsJsonObject("resourceAttributes").get("subresource").getAsString());
    assertEquals("nodes", spec.getAsJsonObject("resourceAttributes").get("resource").getAsString());
  }

  @Test
  void aCertificateOfTheClientCaAuthenticatesItsCommonName() throws Exception {
    HttpResponse<String> response =
        get(server, "/containerLogs/" + ns + "/web/app?tailLines=1", certificateUserClient(), null);
    assertEquals(200, response.statusCode());
    assertEquals("two", response.body().strip());
  }

  @Test
  void aCertificateOfAnUnknownCaIsUnauthorized() throws Exception {
    TestCertificates unknown = TestCertificates.newCa("some-public-ca");
    HttpClient mallory = client(unknown.client("CN=" + certificateUser + ",O=system:masters"));
    assertEquals(401, get(server, "/containerLogs/" + ns + "/web/app", mallory, null).statusCode());
    // Without a readable client CA not even a certificate of the cluster's CA gets in.
    assertEquals(
        401, get(withoutCa, "/containerLogs/" + ns + "/web/app", mallory, null).statusCode());
    assertEquals(
        401,
        get(withoutCa, "/containerLogs/" + ns + "/web/app", certificateUserClient(), null)
            .statusCode());
    // Tokens still work there.
    assertEquals(
        200, get(withoutCa, "/containerLogs/" + ns + "/web/app", readerToken).statusCode());
  }

  @Test
  void theClusterClientCaIsReadFromTheConfigMap() throws Exception {
    ClientCertificates certificates = ClientCertificates.none();
    try (ClusterClientCa ignored = ClusterClientCa.start(new CoreV1Api(admin), certificates)) {
      await().until(certificates::hasCa);
    }
  }

  @Test
  void repeatedBadTokensAreRefusedWith429WithoutMoreTokenReviews() throws Exception {
    KubeletAuthenticator authenticator =
        new KubeletAuthenticator(
            new AuthenticationV1Api(
                recording(path -> limitedTokenReviews.incrementAndGet(), new ArrayList<>())),
            ClientCertificates.none(),
            Clock.systemUTC(),
            3,
            Duration.ofHours(1));
    KubeletServer limited =
        start(
            new KubeletServer(
                "127.0.0.1",
                0,
                serving,
                List.of(NODE),
                this::locate,
                authenticator,
                new KubeletAuthorizer(new AuthorizationV1Api(admin), Clock.systemUTC())));
    for (int i = 0; i < 3; i++) {
      assertEquals(
          401, get(limited, "/containerLogs/" + ns + "/web/app", randomToken()).statusCode());
    }
    assertEquals(3, authenticator.tokenReviews());
    assertEquals(3, limitedTokenReviews.get());
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> refused =
          get(limited, "/containerLogs/" + ns + "/web/app", randomToken());
      assertEquals(429, refused.statusCode());
      assertTrue(refused.headers().firstValue("Retry-After").isPresent());
    }
    assertEquals(3, authenticator.tokenReviews());
    assertEquals(3, limitedTokenReviews.get(), "TokenReviews the API server received");
  }

  @Test
  void metricsNeedATokenAllowedToGetTheUrl() throws Exception {
    URI url = URI.create("http://127.0.0.1:" + metrics.port() + "/metrics");
    HttpClient plain = HttpClient.newHttpClient();
    assertEquals(401, send(plain, url, null).statusCode());
    assertEquals(403, send(plain, url, strangerToken).statusCode());
    assertEquals(403, send(plain, url, readerToken).statusCode(), "nodes/proxy is not /metrics");
    HttpResponse<String> allowed = send(plain, url, scraperToken);
    assertEquals(200, allowed.statusCode());
    assertTrue(allowed.body().contains("kubelet_it_scrapes_total"), allowed.body());
    URI healthz = URI.create("http://127.0.0.1:" + metrics.port() + "/healthz");
    assertEquals(200, send(plain, healthz, null).statusCode(), "probes carry no token");
  }

  @Test
  void followStreamsNewLinesUntilThePodEnds() throws Exception {
    List<String> received = follow();
    await().untilAsserted(() -> assertEquals(List.of("one", "two"), received));
    provider.setLog(ref, "app", "one\ntwo\nthree\n");
    await().untilAsserted(() -> assertEquals(List.of("one", "two", "three"), received));
    terminated.set(true);
    await()
        .atMost(ContainerLogsHandler.QUIET_POLL.plusSeconds(10))
        .untilAsserted(() -> assertTrue(received.contains("end"), "the stream ends"));
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
      await()
          .atMost(ContainerLogsHandler.QUIET_POLL.plusSeconds(10))
          .untilAsserted(() -> assertTrue(received.contains("end"), "the stream ends"));
    } finally {
      terminated.set(false);
      provider.setLogWindow(Integer.MAX_VALUE);
      provider.setLog(ref, "app", "one\ntwo\n");
    }
  }

  /** Follows the log of web/app; the returned list fills as lines arrive, then gets "end". */
  private List<String> follow() throws Exception {
    HttpResponse<InputStream> response = follow(server, readerToken);
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

  @Test
  void aFullServerAnswers503() throws Exception {
    AtomicBoolean ended = new AtomicBoolean();
    KubeletServer busy =
        start(
            new KubeletServer(
                "127.0.0.1",
                0,
                serving,
                List.of(NODE),
                (namespace, name) ->
                    Optional.of(new PodLocator.LocatedPod(provider, ref, ended.get())),
                new KubeletAuthenticator(
                    new AuthenticationV1Api(admin), ClientCertificates.none(), Clock.systemUTC()),
                new KubeletAuthorizer(new AuthorizationV1Api(admin), Clock.systemUTC()),
                1,
                1));
    // One follow holds the only thread; more wait in the one-place queue or are turned away.
    HttpResponse<InputStream> holding = follow(busy, readerToken);
    assertEquals(200, holding.statusCode());
    List<CompletableFuture<HttpResponse<Void>>> more = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      more.add(
          http.sendAsync(
              HttpRequest.newBuilder(url(busy, "/containerLogs/" + ns + "/web/app"))
                  .header("Authorization", "Bearer " + readerToken)
                  .build(),
              HttpResponse.BodyHandlers.discarding()));
    }
    await()
        .until(
            () ->
                more.stream()
                    .anyMatch(
                        f ->
                            f.isDone()
                                && !f.isCompletedExceptionally()
                                && f.join().statusCode() == 503));
    ended.set(true);
    holding.body().close();
  }

  private Optional<PodLocator.LocatedPod> locate(String namespace, String name) {
    return namespace.equals(ns) && name.equals("web")
        ? Optional.of(new PodLocator.LocatedPod(provider, ref, terminated.get()))
        : Optional.empty();
  }

  private KubeletServer start(KubeletServer s) {
    s.start();
    closing.add(0, s);
    return s;
  }

  private HttpResponse<InputStream> follow(KubeletServer target, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(url(target, "/containerLogs/" + ns + "/web/app?follow=true"))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }

  private HttpClient certificateUserClient() throws Exception {
    return client(clientCa.client("CN=" + certificateUser + ",O=kubelet-it"));
  }

  private HttpClient client(TestCertificates.Client certificate) throws Exception {
    TrustManager[] trust = TrustedCertificates.trustManagers(serving.certificatePem(), false);
    SSLContext context;
    if (certificate == null) {
      context = SSLContext.getInstance("TLS");
      context.init(null, trust, null);
    } else {
      context = certificate.context(trust);
    }
    return HttpClient.newBuilder().sslContext(context).build();
  }

  private HttpResponse<String> get(KubeletServer target, String path, String token)
      throws Exception {
    return get(target, path, http, token);
  }

  private HttpResponse<String> get(
      KubeletServer target, String path, HttpClient client, String token) throws Exception {
    return send(client, url(target, path), token);
  }

  private static HttpResponse<String> send(HttpClient client, URI url, String token)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(url);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI url(KubeletServer target, String path) {
    return URI.create("https://127.0.0.1:" + target.port() + path);
  }

  private static String randomToken() {
    return "bad-" + UUID.randomUUID();
  }

  /** The admin client, telling {@code tokenReviews} of each TokenReview and keeping SARs. */
  private static ApiClient recording(
      java.util.function.Consumer<String> tokenReviews, List<String> accessReviews) {
    ApiClient client = TestCluster.admin();
    client.setHttpClient(
        client
            .getHttpClient()
            .newBuilder()
            .addInterceptor(
                chain -> {
                  String path = chain.request().url().encodedPath();
                  if (path.endsWith("/tokenreviews")) {
                    tokenReviews.accept(path);
                  } else if (path.endsWith("/subjectaccessreviews")) {
                    Buffer body = new Buffer();
                    chain.request().body().writeTo(body);
                    accessReviews.add(body.readUtf8());
                  }
                  return chain.proceed(chain.request());
                })
            .build());
    return client;
  }

  /** A client of the API server that authenticates with {@code token} only. */
  private static ApiClient tokenClient(String token) {
    ApiClient client = TestCluster.admin();
    client.setHttpClient(
        client
            .getHttpClient()
            .newBuilder()
            .sslSocketFactory(
                TrustedCertificates.clientContext(
                        new String(TestCluster.caCertificate(), StandardCharsets.US_ASCII), false)
                    .getSocketFactory(),
                (javax.net.ssl.X509TrustManager)
                    TrustedCertificates.trustManagers(
                        new String(TestCluster.caCertificate(), StandardCharsets.US_ASCII), false)[
                        0])
            .addInterceptor(
                chain ->
                    chain.proceed(
                        chain
                            .request()
                            .newBuilder()
                            .header("Authorization", "Bearer " + token)
                            .build()))
            .build());
    return client;
  }

  private String clusterRole(String name, V1PolicyRule rule) throws Exception {
    String role = "kubelet-it-" + name + "-" + suffix;
    new RbacAuthorizationV1Api(admin)
        .createClusterRole(
            new V1ClusterRole().metadata(new V1ObjectMeta().name(role)).rules(List.of(rule)))
        .execute();
    clusterRoles.add(role);
    return role;
  }

  private void bind(String role, RbacV1Subject subject) throws Exception {
    RbacAuthorizationV1Api rbac = new RbacAuthorizationV1Api(admin);
    V1ClusterRoleBinding binding;
    try {
      binding = rbac.readClusterRoleBinding(role).execute();
      binding.getSubjects().add(subject);
      rbac.replaceClusterRoleBinding(role, binding).execute();
    } catch (io.kubernetes.client.openapi.ApiException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      rbac.createClusterRoleBinding(
              new V1ClusterRoleBinding()
                  .metadata(new V1ObjectMeta().name(role))
                  .roleRef(
                      new V1RoleRef()
                          .apiGroup("rbac.authorization.k8s.io")
                          .kind("ClusterRole")
                          .name(role))
                  .subjects(new ArrayList<>(List.of(subject))))
          .execute();
    }
  }

  /**
   * A token of a new ServiceAccount bound to {@code role} (none when null); when {@code podBound},
   * bound to a pod {@code debugger}, so its TokenReview has extra (the pod's name).
   */
  private String serviceAccountToken(String name, String role, boolean podBound) throws Exception {
    CoreV1Api core = new CoreV1Api(admin);
    core.createNamespacedServiceAccount(
            ns, new V1ServiceAccount().metadata(new V1ObjectMeta().name(name)))
        .execute();
    if (role != null) {
      bind(role, new RbacV1Subject().kind("ServiceAccount").name(name).namespace(ns));
    }
    V1TokenRequestSpec spec = new V1TokenRequestSpec().audiences(List.of());
    if (podBound) {
      V1Pod pod =
          core.createNamespacedPod(
                  ns,
                  new V1Pod()
                      .metadata(new V1ObjectMeta().name("debugger"))
                      .spec(
                          new V1PodSpec()
                              .serviceAccountName(name)
                              .automountServiceAccountToken(false)
                              .nodeName("kubelet-it-nowhere-" + suffix)
                              .addContainersItem(new V1Container().name("c").image("x"))
                              // client-java's empty overhead map is refused without a RuntimeClass
                              .overhead(null)))
              .execute();
      spec.boundObjectRef(
          new V1BoundObjectReference()
              .apiVersion("v1")
              .kind("Pod")
              .name("debugger")
              .uid(pod.getMetadata().getUid()));
    }
    AuthenticationV1TokenRequest token =
        core.createNamespacedServiceAccountToken(
                name, ns, new AuthenticationV1TokenRequest().spec(spec))
            .execute();
    return token.getStatus().getToken();
  }
}
