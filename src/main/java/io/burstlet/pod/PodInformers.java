package io.burstlet.pod;

import io.burstlet.health.Progress;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.auth.ApiKeyAuth;
import io.kubernetes.client.openapi.auth.Authentication;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.CallGenerator;
import io.kubernetes.client.util.CallGeneratorParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod informer per virtual node, each watching only {@code spec.nodeName=<node>}, so the agent
 * never caches pods of other nodes. In namespace mode ({@code pods.namespaces}) each node has one
 * informer per namespace, listing only there: the agent's rights on pods are granted only in those
 * namespaces, and a pod elsewhere is never seen. A {@link SharedInformerFactory} holds one informer
 * per type, hence one factory per informer. Every informer is indexed by pod UID, the work queue's
 * key.
 */
final class PodInformers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PodInformers.class);
  static final String UID_INDEX = "uid";

  /**
   * How often an idle watch connection is pinged (HTTP/2 PING). A watch has no read timeout, since
   * it may rightly stay silent for minutes; without a ping a half-open connection — the API server
   * or a load balancer gone without a FIN — would stop pod intake forever. A ping unanswered within
   * the interval fails the connection, and the informer lists and watches again.
   */
  static final Duration WATCH_PING = Duration.ofSeconds(30);

  private static final String FIELD_SELECTOR_PREFIX = "spec.nodeName=";

  private final List<SharedInformerFactory> factories = new ArrayList<>();
  private final Map<String, List<SharedIndexInformer<V1Pod>>> informers = new LinkedHashMap<>();

  /**
   * Per watch (namespace, or "" for all, and node): the last time the API server answered its list
   * or watch.
   */
  private final Map<String, Progress> answers = new LinkedHashMap<>();

  private volatile boolean closed;

  /**
   * @param client the controller's client; watches use a copy without read timeout
   * @param namespaces the only namespaces to watch; empty for all
   * @param watchTimeout how long the API server keeps one watch open before the informer watches
   *     again from where it was; each new watch is an answer that proves the path alive
   */
  PodInformers(
      ApiClient client,
      Collection<String> nodeNames,
      List<String> namespaces,
      Duration watchTimeout) {
    ApiClient watchClient = watchClient(client, this::answered);
    CoreV1Api api = new CoreV1Api(watchClient);
    for (String node : nodeNames) {
      List<SharedIndexInformer<V1Pod>> ofNode = new ArrayList<>();
      if (namespaces.isEmpty()) {
        answers.put(watchKey("", node), new Progress());
        ofNode.add(
            informer(watchClient, node, params -> allNamespaces(api, node, params, watchTimeout)));
      }
      for (String namespace : namespaces) {
        answers.put(watchKey(namespace, node), new Progress());
        ofNode.add(
            informer(
                watchClient,
                node,
                params -> inNamespace(api, namespace, node, params, watchTimeout)));
      }
      informers.put(node, List.copyOf(ofNode));
    }
  }

  private SharedIndexInformer<V1Pod> informer(
      ApiClient watchClient, String node, CallGenerator list) {
    SharedInformerFactory factory = new SharedInformerFactory(watchClient);
    SharedIndexInformer<V1Pod> informer =
        factory.sharedIndexInformerFor(
            list, V1Pod.class, V1PodList.class, 0, (type, error) -> watchFailed(node, error));
    informer.addIndexers(Map.of(UID_INDEX, PodInformers::uid));
    factories.add(factory);
    return informer;
  }

  private static Call allNamespaces(
      CoreV1Api api, String node, CallGeneratorParams params, Duration watchTimeout)
      throws ApiException {
    return api.listPodForAllNamespaces()
        .fieldSelector(FIELD_SELECTOR_PREFIX + node)
        .resourceVersion(params.resourceVersion)
        .timeoutSeconds(params.watch ? watchSeconds(params.timeoutSeconds, watchTimeout) : null)
        .watch(params.watch)
        .buildCall(null);
  }

  private static Call inNamespace(
      CoreV1Api api,
      String namespace,
      String node,
      CallGeneratorParams params,
      Duration watchTimeout)
      throws ApiException {
    return api.listNamespacedPod(namespace)
        .fieldSelector(FIELD_SELECTOR_PREFIX + node)
        .resourceVersion(params.resourceVersion)
        .timeoutSeconds(params.watch ? watchSeconds(params.timeoutSeconds, watchTimeout) : null)
        .watch(params.watch)
        .buildCall(null);
  }

  /** The informer's own watch timeout (5–10 min, or none), cut to {@code limit}. */
  static int watchSeconds(Integer asked, Duration limit) {
    int most = (int) Math.max(1, limit.toSeconds());
    return asked == null ? most : Math.min(asked, most);
  }

  private static String watchKey(String namespace, String node) {
    return namespace + "/" + node;
  }

  /**
   * How long since the API server last answered a list or watch of this node's pods (the longest of
   * its watches, in namespace mode). A healthy watch is answered anew every watch timeout; a
   * stalled one — a proxy or load balancer that stopped forwarding — never again.
   */
  Duration sinceAnswer(String nodeName) {
    Duration longest = Duration.ZERO;
    for (Map.Entry<String, Progress> e : answers.entrySet()) {
      if (e.getKey().endsWith("/" + nodeName)) {
        Duration age = e.getValue().age();
        longest = age.compareTo(longest) > 0 ? age : longest;
      }
    }
    return longest;
  }

  private void answered(HttpUrl url) {
    String selector = url.queryParameter("fieldSelector");
    if (selector == null || !selector.startsWith(FIELD_SELECTOR_PREFIX)) {
      return;
    }
    List<String> path = url.pathSegments();
    int at = path.indexOf("namespaces");
    String namespace = at >= 0 && at + 1 < path.size() ? path.get(at + 1) : "";
    Progress progress =
        answers.get(watchKey(namespace, selector.substring(FIELD_SELECTOR_PREFIX.length())));
    if (progress != null) {
      progress.mark();
    }
  }

  /**
   * A copy of {@code client} whose reads never time out, as watches need (the informer factory
   * refuses anything else), and whose connections are pinged every {@link #WATCH_PING}; requests
   * keep the original's TLS, credentials and JSON. {@code answered} sees the URL of every
   * successful answer.
   */
  static ApiClient watchClient(ApiClient client, Consumer<HttpUrl> answered) {
    ApiClient copy =
        new ApiClient(
            client
                .getHttpClient()
                .newBuilder()
                .readTimeout(Duration.ZERO)
                .pingInterval(WATCH_PING)
                .addInterceptor(
                    chain -> {
                      Response response = chain.proceed(chain.request());
                      if (response.isSuccessful()) {
                        answered.accept(response.request().url());
                      }
                      return response;
                    })
                .build());
    copy.setBasePath(client.getBasePath());
    copy.setJSON(client.getJSON());
    for (Map.Entry<String, Authentication> e : client.getAuthentications().entrySet()) {
      if (e.getValue() instanceof ApiKeyAuth from
          && copy.getAuthentication(e.getKey()) instanceof ApiKeyAuth to) {
        to.setApiKey(from.getApiKey());
        to.setApiKeyPrefix(from.getApiKeyPrefix());
      }
    }
    return copy;
  }

  /** Adds a handler to every node's informer; call before {@link #start}. */
  void addEventHandler(ResourceEventHandler<V1Pod> handler) {
    all().forEach(i -> i.addEventHandler(handler));
  }

  void start() {
    factories.forEach(SharedInformerFactory::startAllRegisteredInformers);
  }

  boolean hasSynced() {
    return all().allMatch(SharedIndexInformer::hasSynced);
  }

  private Stream<SharedIndexInformer<V1Pod>> all() {
    return informers.values().stream().flatMap(List::stream);
  }

  /** The cached pod with this UID on this node, or null. Never modify it. */
  V1Pod get(String nodeName, String uid) {
    for (SharedIndexInformer<V1Pod> informer : informers.getOrDefault(nodeName, List.of())) {
      List<V1Pod> pods = informer.getIndexer().byIndex(UID_INDEX, uid);
      if (!pods.isEmpty()) {
        return pods.get(0);
      }
    }
    return null;
  }

  /** The cached pod with this namespace and name on any of our nodes. Never modify it. */
  Optional<V1Pod> find(String namespace, String name) {
    return all()
        .map(i -> new Lister<>(i.getIndexer()).namespace(namespace).get(name))
        .filter(Objects::nonNull)
        .findFirst();
  }

  /** Every cached pod on this node. Never modify them. */
  List<V1Pod> list(String nodeName) {
    return informers.getOrDefault(nodeName, List.of()).stream()
        .flatMap(i -> new Lister<>(i.getIndexer()).list().stream())
        .toList();
  }

  /**
   * Stops the watches. client-java ends an informer's threads by interrupting them and logs that as
   * an error with a stack trace; simplelogger.properties silences those two loggers.
   */
  @Override
  public void close() {
    closed = true;
    factories.forEach(SharedInformerFactory::stopAllRegisteredInformers);
  }

  /** A watch that fails while running is retried; one that ends because we close is not news. */
  private void watchFailed(String node, Throwable error) {
    if (closed) {
      log.debug("pod watch for node {} ended: {}", node, error.toString());
    } else {
      log.warn("pod watch for node {} failed, retrying: {}", node, error.toString());
    }
  }

  /** The index key; never fails, as an indexer that throws would stop the informer's loop. */
  private static List<String> uid(V1Pod pod) {
    return pod.getMetadata() == null || pod.getMetadata().getUid() == null
        ? List.of()
        : List.of(pod.getMetadata().getUid());
  }
}
