package io.burstlet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1ResourceAttributes;
import io.kubernetes.client.openapi.models.V1SubjectAccessReview;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewSpec;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The chart's RBAC is no broader than the agent needs: the API server's own authorizer answers for
 * the chart's ServiceAccount. (That it is enough is shown by the whole-agent tests, which run as
 * this ServiceAccount.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartRbacIT {
  private final ApiClient admin = TestCluster.admin();
  private String ns;
  private ChartRbac rbac;
  private String user;

  @BeforeAll
  void apply() throws Exception {
    ns = TestCluster.createNamespace(admin, "rbac");
    rbac = ChartRbac.apply(admin, ns);
    user = "system:serviceaccount:" + ns + ":" + rbac.serviceAccountName();
  }

  @AfterAll
  void remove() throws Exception {
    rbac.close();
    TestCluster.deleteNamespace(admin, ns);
  }

  @ParameterizedTest(name = "{0} {1}/{2} in {3}: {4}")
  @CsvSource({
    // What the agent does.
    "create, '', nodes, '', true",
    "patch, '', nodes/status, '', true",
    "update, coordination.k8s.io, leases, kube-node-lease, true",
    "watch, '', pods, '', true",
    "patch, '', pods/status, team-a, true",
    "delete, '', pods, team-a, true",
    "get, '', secrets, team-a, true",
    "create, '', serviceaccounts/token, team-a, true",
    "create, '', events, team-a, true",
    "create, authentication.k8s.io, tokenreviews, '', true",
    "get, '', configmaps, kube-system, true",
    // What it never does.
    "list, '', secrets, team-a, false",
    "create, '', secrets, team-a, false",
    "create, '', pods, team-a, false",
    "update, '', pods, team-a, false",
    "delete, '', nodes, '', false",
    "update, '', nodes, '', false",
    "delete, coordination.k8s.io, leases, kube-node-lease, false",
    "create, rbac.authorization.k8s.io, clusterrolebindings, '', false",
    "create, apps, deployments, team-a, false",
    "get, '', serviceaccounts/token, team-a, false"
  })
  void theServiceAccountMayDoExactlyWhatTheAgentDoes(
      String verb, String group, String resource, String namespace, boolean allowed)
      throws Exception {
    String[] parts = resource.split("/");
    V1ResourceAttributes attributes =
        new V1ResourceAttributes()
            .verb(verb)
            .group(group)
            .resource(parts[0])
            .subresource(parts.length > 1 ? parts[1] : null)
            .namespace(namespace.isEmpty() ? null : namespace);
    V1SubjectAccessReview review =
        new AuthorizationV1Api(admin)
            .createSubjectAccessReview(
                new V1SubjectAccessReview()
                    .spec(
                        new V1SubjectAccessReviewSpec()
                            .user(user)
                            .groups(List.of("system:serviceaccounts", "system:authenticated"))
                            .resourceAttributes(attributes)))
            .execute();
    assertEquals(allowed, review.getStatus().getAllowed());
  }
}
