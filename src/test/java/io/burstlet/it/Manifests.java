package io.burstlet.it;

import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.util.Yaml;

/** Test objects written as YAML, the way users write them. */
public final class Manifests {
  private Manifests() {}

  public static V1Pod pod(String yaml) {
    V1Pod pod = Yaml.loadAs(yaml, V1Pod.class);
    clean(pod.getSpec());
    return pod;
  }

  public static V1Deployment deployment(String yaml) {
    V1Deployment deployment = Yaml.loadAs(yaml, V1Deployment.class);
    clean(deployment.getSpec().getTemplate().getSpec());
    return deployment;
  }

  /**
   * client-java sends its unset maps as {@code {}}; a 1.20 API server refuses an empty {@code
   * overhead} without a RuntimeClass.
   */
  private static void clean(V1PodSpec spec) {
    spec.setOverhead(null);
  }
}
