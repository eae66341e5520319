package io.burstlet.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {

  private static final String CREATE = "PUT containerGroups";
  private final FaultInjector faults = new FaultInjector();

  @Test
  void onceFiresForTheNextMatchingCallOnly() {
    Fault throttle = new Fault.Throttle(Duration.ofSeconds(3));
    faults.once(CREATE, throttle);

    assertEquals(Optional.empty(), faults.next("GET containerGroups"));
    assertEquals(Optional.of(throttle), faults.next(CREATE));
    assertEquals(Optional.empty(), faults.next(CREATE));
    assertEquals(0, faults.pendingRules());
  }

  @Test
  void timesFiresExactlyNTimes() {
    faults.inject(CREATE, new Fault.ServerError(503), 2);

    assertTrue(faults.next(CREATE).isPresent());
    assertTrue(faults.next(CREATE).isPresent());
    assertTrue(faults.next(CREATE).isEmpty());
  }

  @Test
  void alwaysFiresUntilCleared() {
    faults.always(FaultInjector.ANY, new Fault.Drop());

    for (int i = 0; i < 5; i++) {
      assertEquals(Optional.of(new Fault.Drop()), faults.next("op" + i));
    }
    faults.clear();
    assertTrue(faults.next(CREATE).isEmpty());
  }

  @Test
  void rulesFireInInsertionOrder() {
    faults.once(FaultInjector.ANY, new Fault.Delay(Duration.ofMillis(10)));
    faults.once(CREATE, new Fault.ApplyThenFail(500));

    assertEquals(Optional.of(new Fault.Delay(Duration.ofMillis(10))), faults.next(CREATE));
    assertEquals(Optional.of(new Fault.ApplyThenFail(500)), faults.next(CREATE));
  }

  @Test
  void countsEveryCallPerOperationWithOrWithoutFault() {
    faults.once(CREATE, new Fault.Drop());
    faults.next(CREATE);
    faults.next(CREATE);
    faults.next("DELETE containerGroups");

    assertEquals(2, faults.calls(CREATE));
    assertEquals(3, faults.totalCalls());
    assertEquals(Map.of(CREATE, 2L, "DELETE containerGroups", 1L), faults.callCounts());
    faults.clear();
    assertEquals(3, faults.totalCalls());
    faults.resetCalls();
    assertEquals(0, faults.calls(CREATE));
  }

  @Test
  void concurrentCallersShareAFiniteBudgetExactly() throws Exception {
    faults.inject(CREATE, new Fault.ServerError(500), 100);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> callers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        callers.add(
            () -> {
              int fired = 0;
              for (int i = 0; i < 50; i++) {
                fired += faults.next(CREATE).isPresent() ? 1 : 0;
              }
              return fired;
            });
      }
      int total = 0;
      for (Future<Integer> result : pool.invokeAll(callers)) {
        total += result.get();
      }
      assertEquals(100, total);
      assertEquals(400, faults.calls(CREATE));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void rejectsInvalidRulesAndFaults() {
    assertThrows(IllegalArgumentException.class, () -> faults.inject(CREATE, new Fault.Drop(), 0));
    assertThrows(IllegalArgumentException.class, () -> new Fault.ServerError(404));
    assertThrows(IllegalArgumentException.class, () -> new Fault.Throttle(Duration.ofSeconds(-1)));
  }
}
