package io.burstlet.provider.eci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.provider.CloudUnavailableException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EciPagesTest {
  record Page(String nextToken) implements EciPages.Page {}

  private final List<String> requested = new ArrayList<>();

  @Test
  void walksEveryPageInOrder() throws Exception {
    List<String> pages = new ArrayList<>();
    EciPages.forEach(
        "List",
        "",
        token -> {
          requested.add(token);
          return new Page(token.length() < 3 ? token + "x" : null);
        },
        (request, token) -> token,
        page -> pages.add(String.valueOf(page.nextToken())));
    assertEquals(List.of("", "x", "xx", "xxx"), requested);
    assertEquals(List.of("x", "xx", "xxx", "null"), pages);
  }

  @Test
  void aRepeatedNextTokenEndsTheWalkWithARetryableError() {
    CloudUnavailableException e =
        assertThrows(
            CloudUnavailableException.class,
            () ->
                EciPages.forEach(
                    "DescribeContainerGroups",
                    "",
                    token -> {
                      requested.add(token);
                      return new Page("same");
                    },
                    (request, token) -> token,
                    page -> {}));
    assertEquals(2, requested.size(), "stops at the first repeat");
    assertTrue(e.getMessage().contains("same NextToken twice"), e.getMessage());
    assertTrue(e.isRetryable());
  }

  @Test
  void aListingThatNeverEndsStopsAtTheCap() {
    assertThrows(
        CloudUnavailableException.class,
        () ->
            EciPages.forEach(
                "DescribeContainerGroups",
                0,
                n -> {
                  requested.add(String.valueOf(n));
                  return new Page(String.valueOf(n + 1));
                },
                (request, token) -> Integer.parseInt(token),
                page -> {}));
    assertEquals(EciPages.MAX_PAGES, requested.size());
  }
}
