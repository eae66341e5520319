package io.burstlet.pod;

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
import java.util.stream.Stream;
import okhttp3.Call;
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

  private final List<SharedInformerFactory> factories = new ArrayList<>();
  private final Map<String, List<SharedIndexInformer<V1Pod>>> informers = new LinkedHashMap<>();
  private volatile boolean closed;

  /**
   * @param client the controller's client; watches use a copy without read timeout
   * @param namespaces the only namespaces to watch; empty for all
   */
  PodInformers(ApiClient client, Collection<String> nodeNames, List<String> namespaces) {
    ApiClient watchClient = watchClient(client);
    CoreV1Api api = new CoreV1Api(watchClient);
    for (String node : nodeNames) {
      List<SharedIndexInformer<V1Pod>> ofNode = new ArrayList<>();
      if (namespaces.isEmpty()) {
        ofNode.add(informer(watchClient, node, params -> allNamespaces(api, node, params)));
      }
      for (String namespace : namespaces) {
        ofNode.add(
            informer(watchClient, node, params -> inNamespace(api, namespace, node, params)));
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

  private static Call allNamespaces(CoreV1Api api, String node, CallGeneratorParams params)
      throws ApiException {
    return api.listPodForAllNamespaces()
        .fieldSelector("spec.nodeName=" + node)
        .resourceVersion(params.resourceVersion)
        .timeoutSeconds(params.timeoutSeconds)
        .watch(params.watch)
        .buildCall(null);
  }

  private static Call inNamespace(
      CoreV1Api api, String namespace, String node, CallGeneratorParams params)
      throws ApiException {
    return api.listNamespacedPod(namespace)
        .fieldSelector("spec.nodeName=" + node)
        .resourceVersion(params.resourceVersion)
        .timeoutSeconds(params.timeoutSeconds)
        .watch(params.watch)
        .buildCall(null);
  }

  /**
   * A copy of {@code client} whose reads never time out, as watches need (the informer factory
   * refuses anything else), and whose connections are pinged every {@link #WATCH_PING}; requests
   * keep the original's TLS, credentials and JSON.
   */
  static ApiClient watchClient(ApiClient client) {
    ApiClient copy =
        new ApiClient(
            client
                .getHttpClient()
                .newBuilder()
                .readTimeout(Duration.ZERO)
                .pingInterval(WATCH_PING)
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
