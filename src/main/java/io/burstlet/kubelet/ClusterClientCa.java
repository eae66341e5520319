package io.burstlet.kubelet;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the cluster's client CA ({@code client-ca-file} of {@code
 * kube-system/extension-apiserver-authentication}) in the background and hands it to {@link
 * ClientCertificates}. Start never waits for it: until it is read no client certificate
 * authenticates (bearer tokens do), so a failure fails closed. A failed read is retried with a
 * backoff from 1 s doubling to 5 min, whatever the cause — a 5xx at start passes, and a 403 is
 * fixed by granting the read — so the API server's client certificate works as soon as the CA can
 * be read, without a restart. Once read it is read again every 10 minutes, for CA rotation.
 */
public final class ClusterClientCa implements AutoCloseable {
  static final String NAMESPACE = "kube-system";
  static final String NAME = "extension-apiserver-authentication";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterClientCa.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_RETRY = Duration.ofMinutes(5);
  private static final Duration REFRESH = Duration.ofMinutes(10);

  private final CoreV1Api api;
  private final ClientCertificates certificates;
  private final ScheduledExecutorService thread;
  private Duration retry = FIRST_RETRY;
  private boolean warned;
  private String current;

  private ClusterClientCa(CoreV1Api api, ClientCertificates certificates) {
    this.api = api;
    this.certificates = certificates;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kubelet-client-ca");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts reading the CA into {@code certificates}; the first read happens at once. */
  public static ClusterClientCa start(CoreV1Api api, ClientCertificates certificates) {
    ClusterClientCa loader = new ClusterClientCa(api, certificates);
    loader.thread.execute(loader::read);
    return loader;
  }

  private void read() {
    String problem;
    try {
      V1ConfigMap cm = api.readNamespacedConfigMap(NAME, NAMESPACE).execute();
      String pem = cm.getData() == null ? null : cm.getData().get("client-ca-file");
      if (pem != null && !pem.isBlank()) {
        if (!pem.equals(current)) {
          certificates.trust(pem);
          current = pem;
          LOG.info("kubelet API: client certificates verified against the cluster's client CA");
        }
        warned = false;
        retry = FIRST_RETRY;
        schedule(REFRESH);
        return;
      }
      problem = "it has no client-ca-file";
    } catch (ApiException e) {
      problem = "HTTP " + e.getCode();
    } catch (IllegalArgumentException e) {
      problem = "its client-ca-file holds no usable certificate";
    } catch (RuntimeException e) {
      problem = e.getClass().getSimpleName();
    }
    if (!warned && current == null) {
      // One warning until it works; the retries are quiet.
      LOG.warn(
          "kubelet API: cannot read the client CA from {}/{} ({}): client certificates are refused,"
              + " so the API server cannot reach logs unless it can; retrying in the background."
              + " Grant get on that ConfigMap or set kubelet.clientCaFile",
          NAMESPACE,
          NAME,
          problem);
      warned = true;
    }
    schedule(current == null ? retry : REFRESH);
    retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
  }

  private void schedule(Duration delay) {
    try {
      thread.schedule(this::read, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closed.
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
