package io.burstlet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.openapi.models.V1Taint;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeRegistrarTest {
  private static final V1Taint OURS =
      new V1Taint().key("virtual-kubelet.io/provider").value("azure").effect("NoSchedule");

  @Test
  void othersTaintsSurviveAndOursIsAdded() {
    V1Taint notReady = new V1Taint().key("node.kubernetes.io/not-ready").effect("NoExecute");
    V1Taint ops = new V1Taint().key("ops/maintenance").value("true").effect("PreferNoSchedule");
    assertEquals(
        List.of(notReady, ops, OURS), NodeRegistrar.mergeTaints(List.of(notReady, ops), OURS));
  }

  @Test
  void ourTaintWithAnOldValueIsReplacedNotDuplicated() {
    V1Taint old =
        new V1Taint().key("virtual-kubelet.io/provider").value("aci").effect("NoSchedule");
    V1Taint other = new V1Taint().key("x").effect("NoSchedule");
    assertEquals(List.of(other, OURS), NodeRegistrar.mergeTaints(List.of(old, other), OURS));
  }

  @Test
  void anUpToDateListIsLeftAsItIs() {
    V1Taint other = new V1Taint().key("x").effect("NoSchedule");
    V1Taint same =
        new V1Taint().key("virtual-kubelet.io/provider").value("azure").effect("NoSchedule");
    List<V1Taint> current = List.of(same, other);
    assertEquals(current, NodeRegistrar.mergeTaints(current, OURS));
  }
}
