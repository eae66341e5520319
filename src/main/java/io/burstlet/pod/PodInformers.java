package io.burstlet.pod;

import io.burstlet.health.Progress;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.auth.ApiKeyAuth;
import io.kubernetes.client.openapi.auth.Authentication;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod informer per virtual node, each watching only {@code spec.nodeName=<node>}, so the agent
 * never caches pods of other nodes. A {@link SharedInformerFactory} holds one informer per type,
 * hence one factory per node. Every informer is indexed by pod UID, the work queue's key.
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

  private final Map<String, SharedInformerFactory> factories = new LinkedHashMap<>();

  /** Per node: the last time the API server answered its informer's list or watch. */
  private final Map<String, Progress> answers = new LinkedHashMap<>();

  private final Map<String, SharedIndexInformer<V1Pod>> informers = new LinkedHashMap<>();
  private volatile boolean closed;

  /**
   * @param client the controller's client; watches use a copy without read timeout
   * @param watchTimeout how long the API server keeps one watch open before the informer watches
   *     again from where it was; each new watch is an answer that proves the path alive
   */
  PodInformers(ApiClient client, Collection<String> nodeNames, Duration watchTimeout) {
    ApiClient watchClient = watchClient(client, this::answered);
    CoreV1Api api = new CoreV1Api(watchClient);
    for (String node : nodeNames) {
      answers.put(node, new Progress());
      SharedInformerFactory factory = new SharedInformerFactory(watchClient);
      SharedIndexInformer<V1Pod> informer =
          factory.sharedIndexInformerFor(
              params ->
                  api.listPodForAllNamespaces()
                      .fieldSelector(FIELD_SELECTOR_PREFIX + node)
                      .resourceVersion(params.resourceVersion)
                      .timeoutSeconds(
                          params.watch ? watchSeconds(params.timeoutSeconds, watchTimeout) : null)
                      .watch(params.watch)
                      .buildCall(null),
              V1Pod.class,
              V1PodList.class,
              0,
              (type, error) -> watchFailed(node, error));
      informer.addIndexers(Map.of(UID_INDEX, PodInformers::uid));
      factories.put(node, factory);
      informers.put(node, informer);
    }
  }

  /**
   * A copy of {@code client} whose reads never time out, as watches need (the informer factory
   * refuses anything else), and whose connections are pinged every {@link #WATCH_PING}; requests
   * keep the original's TLS, credentials and JSON. {@code answered} sees every successful answer's
   * field selector.
   */
  static ApiClient watchClient(ApiClient client, Consumer<String> answered) {
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
                        String selector = response.request().url().queryParameter("fieldSelector");
                        if (selector != null) {
                          answered.accept(selector);
                        }
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
    informers.values().forEach(i -> i.addEventHandler(handler));
  }

  /** The informer's own watch timeout (5–10 min, or none), cut to {@code limit}. */
  static int watchSeconds(Integer asked, Duration limit) {
    int most = (int) Math.max(1, limit.toSeconds());
    return asked == null ? most : Math.min(asked, most);
  }

  /**
   * How long since the API server last answered this node's list or watch. A healthy watch is
   * answered anew every watch timeout; a stalled one — a proxy or load balancer that stopped
   * forwarding — never again.
   */
  Duration sinceAnswer(String nodeName) {
    return answers.get(nodeName).age();
  }

  private void answered(String fieldSelector) {
    if (fieldSelector.startsWith(FIELD_SELECTOR_PREFIX)) {
      Progress progress = answers.get(fieldSelector.substring(FIELD_SELECTOR_PREFIX.length()));
      if (progress != null) {
        progress.mark();
      }
    }
  }

  void start() {
    factories.values().forEach(SharedInformerFactory::startAllRegisteredInformers);
  }

  boolean hasSynced() {
    return informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
  }

  /** The cached pod with this UID on this node, or null. Never modify it. */
  V1Pod get(String nodeName, String uid) {
    SharedIndexInformer<V1Pod> informer = informers.get(nodeName);
    if (informer == null) {
      return null;
    }
    List<V1Pod> pods = informer.getIndexer().byIndex(UID_INDEX, uid);
    return pods.isEmpty() ? null : pods.get(0);
  }

  /** The cached pod with this namespace and name on any of our nodes. Never modify it. */
  Optional<V1Pod> find(String namespace, String name) {
    for (SharedIndexInformer<V1Pod> informer : informers.values()) {
      V1Pod pod = new Lister<>(informer.getIndexer()).namespace(namespace).get(name);
      if (pod != null) {
        return Optional.of(pod);
      }
    }
    return Optional.empty();
  }

  /** Every cached pod on this node. Never modify them. */
  List<V1Pod> list(String nodeName) {
    SharedIndexInformer<V1Pod> informer = informers.get(nodeName);
    return informer == null ? List.of() : new Lister<>(informer.getIndexer()).list();
  }

  /**
   * Stops the watches. client-java ends an informer's threads by interrupting them and logs that as
   * an error with a stack trace; simplelogger.properties silences those two loggers.
   */
  @Override
  public void close() {
    closed = true;
    factories.values().forEach(SharedInformerFactory::stopAllRegisteredInformers);
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
