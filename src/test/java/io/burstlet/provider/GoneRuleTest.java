package io.burstlet.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GoneRuleTest {
  private static final Instant LISTING = Instant.parse("2026-12-04T12:00:00Z");

  @Test
  void aGroupTooNewForTheListingIsNeverACandidate() {
    assertFalse(GoneRule.candidate(LISTING.minusSeconds(29), false, LISTING));
    assertTrue(GoneRule.candidate(LISTING.minus(GoneRule.GRACE), false, LISTING));
  }

  @Test
  void aGroupAnEarlierListingShowedIsACandidateAtOnce() {
    assertTrue(GoneRule.candidate(LISTING.minusSeconds(1), true, LISTING));
  }

  @Test
  void onlyWhatAReadByIdentityMissesIsGone() {
    List<List<String>> reads = new ArrayList<>();
    List<String> gone =
        GoneRule.confirmGone(
            List.of("a", "b", "c"),
            2,
            keys -> {
              reads.add(keys);
              return Set.of("b");
            },
            e -> {
              throw new AssertionError(e);
            });
    assertEquals(List.of("a", "c"), gone);
    assertEquals(List.of(List.of("a", "b"), List.of("c")), reads, "two reads of at most 2");
  }

  @Test
  void aFailedReadDecidesNothing() {
    List<Exception> failures = new ArrayList<>();
    List<String> gone =
        GoneRule.confirmGone(
            List.of("a", "b"),
            1,
            keys -> {
              if (keys.contains("a")) {
                throw new CloudUnavailableException("list: HTTP 503", false, null);
              }
              return Set.of();
            },
            failures::add);
    assertEquals(List.of("b"), gone);
    assertEquals(1, failures.size());
  }
}
