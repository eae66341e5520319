package io.burstlet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NodeHealthTest {
  @Test
  void startsUnreachableUntilTheFirstSuccessfulCheck() {
    NodeHealth health = new NodeHealth(3);
    assertFalse(health.reachable());
    assertFalse(health.failure("down"), "still unreachable: no change");
    assertTrue(health.success());
    assertTrue(health.reachable());
  }

  @Test
  void singleFailuresDoNotFlap() {
    NodeHealth health = new NodeHealth(3);
    health.success();
    assertFalse(health.failure("timeout"));
    assertFalse(health.failure("timeout"));
    assertFalse(health.success(), "a success resets the count without a transition");
    assertFalse(health.failure("timeout"));
    assertFalse(health.failure("timeout"));
    assertTrue(health.reachable());
    assertTrue(health.failure("HTTP 503"), "the third failure in a row turns unreachable");
    assertFalse(health.reachable());
    assertEquals("HTTP 503", health.lastError());
    assertFalse(health.failure("HTTP 503"), "further failures are no new transition");
    assertTrue(health.success());
    assertEquals("", health.lastError());
  }
}
