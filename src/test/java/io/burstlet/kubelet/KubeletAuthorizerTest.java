package io.burstlet.kubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1NonResourceAttributes;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SubjectAccessReview carries everything the authenticator said about the user. */
class KubeletAuthorizerTest {
  private static final KubeletUser TOKEN_USER =
      new KubeletUser(
          "system:serviceaccount:ops:log-reader",
          "6a1f0c3e-0000-4000-8000-000000000001",
          List.of("system:serviceaccounts", "system:serviceaccounts:ops", "system:authenticated"),
          Map.of(
              "authentication.kubernetes.io/pod-name", List.of("debugger"),
              "authentication.kubernetes.io/pod-uid", List.of("pod-uid-1")));

  @Test
  void aResourceReviewCarriesUserUidGroupsAndExtra() {
    V1SubjectAccessReviewSpec spec =
        KubeletAuthorizer.review(
                TOKEN_USER,
                RequestAttributes.of("GET", "/containerLogs/a/b/c").get().on("n1"),
                null)
            .getSpec();
    assertEquals("system:serviceaccount:ops:log-reader", spec.getUser());
    assertEquals("6a1f0c3e-0000-4000-8000-000000000001", spec.getUid());
    assertEquals(TOKEN_USER.groups(), spec.getGroups());
    assertEquals(
        Map.of(
            "authentication.kubernetes.io/pod-name", List.of("debugger"),
            "authentication.kubernetes.io/pod-uid", List.of("pod-uid-1")),
        spec.getExtra());
    assertEquals("nodes", spec.getResourceAttributes().getResource());
    assertEquals("proxy", spec.getResourceAttributes().getSubresource());
    assertEquals("n1", spec.getResourceAttributes().getName());
    assertNull(spec.getNonResourceAttributes());
  }

  @Test
  void aNonResourceReviewAsksForThePath() {
    V1SubjectAccessReviewSpec spec =
        KubeletAuthorizer.review(
                TOKEN_USER, null, new V1NonResourceAttributes().verb("get").path("/metrics"))
            .getSpec();
    assertEquals(
        new V1NonResourceAttributes().verb("get").path("/metrics"),
        spec.getNonResourceAttributes());
    assertNull(spec.getResourceAttributes());
    assertEquals(TOKEN_USER.extra(), spec.getExtra());
  }

  @Test
  void aCertificateUserHasNeitherUidNorExtra() {
    V1SubjectAccessReviewSpec spec =
        KubeletAuthorizer.review(
                new KubeletUser("kube-apiserver", "", List.of("system:authenticated")),
                RequestAttributes.of("GET", "/containerLogs/a/b/c").get().on("n1"),
                null)
            .getSpec();
    assertNull(spec.getUid());
    assertTrue(
        spec.getExtra() == null || spec.getExtra().isEmpty(), String.valueOf(spec.getExtra()));
  }
}
