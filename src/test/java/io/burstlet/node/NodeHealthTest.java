package io.burstlet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NodeHealthTest {
  @Test
  void startsNotReadyUntilTheFirstSuccessfulCheck() {
    NodeHealth health = new NodeHealth(3);
    assertFalse(health.ready());
    assertFalse(health.failure("down"), "still NotReady: no change");
    assertTrue(health.success());
    assertTrue(health.ready());
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
    assertTrue(health.ready());
    assertTrue(health.failure("HTTP 503"), "the third failure in a row turns NotReady");
    assertFalse(health.ready());
    assertEquals("HTTP 503", health.lastError());
    assertFalse(health.failure("HTTP 503"), "further failures are no new transition");
    assertTrue(health.success());
    assertEquals("", health.lastError());
  }
}
