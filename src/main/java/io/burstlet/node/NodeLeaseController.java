package io.burstlet.node;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's Lease in {@code kube-node-lease} renewed, the heartbeat the node lifecycle
 * controller reads. Like the kubelet it renews from the lease it last wrote and reads the server's
 * copy only after a conflict, so a healthy renewal costs one request.
 */
final class NodeLeaseController {
  static final String NAMESPACE = "kube-node-lease";
  static final int DURATION_SECONDS = 40;
  private static final Logger LOG = LoggerFactory.getLogger(NodeLeaseController.class);

  private final CoordinationV1Api api;
  private final String nodeName;
  private final Clock clock;
  private V1Lease latest;
  private String ownerUid;

  NodeLeaseController(CoordinationV1Api api, String nodeName, Clock clock) {
    this.api = api;
    this.nodeName = nodeName;
    this.clock = clock;
  }

  /** The Node's UID, so the Lease is garbage-collected with the Node. */
  synchronized void setOwner(String nodeUid) {
    this.ownerUid = nodeUid;
  }

  /** What a renewal found on the server. */
  enum Renewal {
    RENEWED,
    /** The Lease did not exist and was created (first start, or deleted with its Node). */
    CREATED
  }

  /** Creates or renews the lease. */
  synchronized Renewal renew() throws ApiException {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    if (latest != null) {
      try {
        latest = replace(latest, now);
        return Renewal.RENEWED;
      } catch (ApiException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT
            && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
          throw e;
        }
        LOG.debug("lease {} changed on the server ({}); re-reading", nodeName, e.getCode());
      }
    }
    V1Lease current;
    try {
      current = api.readNamespacedLease(nodeName, NAMESPACE).execute();
    } catch (ApiException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
      latest = api.createNamespacedLease(NAMESPACE, desired(new V1Lease(), now)).execute();
      return Renewal.CREATED;
    }
    latest = replace(current, now);
    return Renewal.RENEWED;
  }

  private V1Lease replace(V1Lease base, OffsetDateTime now) throws ApiException {
    return api.replaceNamespacedLease(nodeName, NAMESPACE, desired(base, now)).execute();
  }

  private V1Lease desired(V1Lease base, OffsetDateTime now) {
    V1ObjectMeta meta =
        base.getMetadata() == null
            ? new V1ObjectMeta().name(nodeName).namespace(NAMESPACE)
            : base.getMetadata();
    if (ownerUid != null) {
      meta.ownerReferences(
          List.of(
              new V1OwnerReference().apiVersion("v1").kind("Node").name(nodeName).uid(ownerUid)));
    }
    V1LeaseSpec spec = base.getSpec() == null ? new V1LeaseSpec() : base.getSpec();
    spec.holderIdentity(nodeName).leaseDurationSeconds(DURATION_SECONDS).renewTime(now);
    return new V1Lease()
        .apiVersion("coordination.k8s.io/v1")
        .kind("Lease")
        .metadata(meta)
        .spec(spec);
  }
}
