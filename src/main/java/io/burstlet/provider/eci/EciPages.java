package io.burstlet.provider.eci;

import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.ProviderException;
import java.util.HashSet;
import java.util.Set;

/**
 * Bounded walks over ECI's {@code NextToken} pages. A token the cloud hands out twice, or more
 * pages than a region can hold, ends the walk with a retryable error instead of a loop that never
 * ends.
 */
final class EciPages {
  /** 1 000 pages of up to 100 groups: ten times ECI's default quota of groups per region. */
  static final int MAX_PAGES = 1000;

  /** One page of a listing. */
  interface Page {
    /** Token of the next page; null or empty on the last page. */
    String nextToken();

    default boolean hasNextPage() {
      return nextToken() != null && !nextToken().isEmpty();
    }
  }

  interface Fetch<Q, P> {
    P page(Q request) throws ProviderException;
  }

  interface Next<Q> {
    Q withNextToken(Q request, String token);
  }

  interface Each<P> {
    void accept(P page) throws ProviderException;
  }

  private EciPages() {}

  /** Every group of a DescribeContainerGroups listing, page after page. */
  static void forEachGroup(
      EciClient client, DescribeContainerGroupsRequest first, Each<ContainerGroup> each)
      throws ProviderException {
    forEach(
        "DescribeContainerGroups",
        first,
        client::describeContainerGroups,
        DescribeContainerGroupsRequest::withNextToken,
        page -> {
          for (ContainerGroup g : page.containerGroups()) {
            each.accept(g);
          }
        });
  }

  /** Fetches {@code first} and every following page, handing each to {@code each} in order. */
  static <Q, P extends Page> void forEach(
      String action, Q first, Fetch<Q, P> fetch, Next<Q> next, Each<P> each)
      throws ProviderException {
    Set<String> tokens = new HashSet<>();
    Q request = first;
    for (int pages = 1; ; pages++) {
      P page = fetch.page(request);
      each.accept(page);
      if (!page.hasNextPage()) {
        return;
      }
      if (!tokens.add(page.nextToken())) {
        throw new CloudUnavailableException(
            action + " returned the same NextToken twice; the listing stopped at page " + pages,
            false,
            null);
      }
      if (pages >= MAX_PAGES) {
        throw new CloudUnavailableException(
            action + " has more than " + MAX_PAGES + " pages; the listing stopped", false, null);
      }
      request = next.withNextToken(request, page.nextToken());
    }
  }
}
