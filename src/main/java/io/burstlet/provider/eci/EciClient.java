package io.burstlet.provider.eci;

import io.burstlet.provider.CloudAuthException;
import io.burstlet.provider.CloudRejectedException;
import io.burstlet.provider.CloudThrottledException;
import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.ProviderException;

/**
 * The ECI OpenAPI (2018-08-08) actions Burstlet uses, and nothing else. Requests and responses are
 * plain records, so the provider never sees an SDK type; moving from the generic tea runtime
 * ({@link TeaEciClient}) to the generated {@code com.aliyun:eci20180808} SDK means writing a second
 * implementation of this interface.
 *
 * <p>Every method throws only {@link ProviderException} subtypes, with messages that never carry a
 * secret: {@link CloudThrottledException} ({@code Throttling*}), {@link CloudAuthException} (bad
 * key, signature, permission), {@link CloudRejectedException} (any other 4xx, with the ECI error
 * code), {@link CloudUnavailableException} (5xx, I/O, timeouts; ambiguous for the mutating actions
 * {@code CreateContainerGroup} and {@code DeleteContainerGroup}). Implementations are thread-safe.
 */
public interface EciClient extends AutoCloseable {

  /** Starts creating a group; ECI creates it asynchronously and answers with its id. */
  CreateContainerGroupResponse createContainerGroup(CreateContainerGroupRequest request)
      throws ProviderException;

  /** One page of groups with their containers, tags and recent events. */
  DescribeContainerGroupsResponse describeContainerGroups(DescribeContainerGroupsRequest request)
      throws ProviderException;

  /** One page of Kubernetes-style group statuses, optionally only recently changed ones. */
  DescribeContainerGroupStatusResponse describeContainerGroupStatus(
      DescribeContainerGroupStatusRequest request) throws ProviderException;

  /** Deletes a group. An unknown id fails with ECI's not-found code (a rejection). */
  void deleteContainerGroup(DeleteContainerGroupRequest request) throws ProviderException;

  /** A container's log text. */
  DescribeContainerLogResponse describeContainerLog(DescribeContainerLogRequest request)
      throws ProviderException;

  /** Opens an exec session and returns its WebSocket URI. */
  ExecContainerCommandResponse execContainerCommand(ExecContainerCommandRequest request)
      throws ProviderException;

  /** One page of events, grouped by container group. */
  DescribeContainerGroupEventsResponse describeContainerGroupEvents(
      DescribeContainerGroupEventsRequest request) throws ProviderException;

  /** Releases connections; the client is unusable afterwards. */
  @Override
  default void close() {}
}
