/**
 * A local, stateful emulator of Alibaba Cloud Elastic Container Instance, OpenAPI 2018-08-08 (RPC
 * style), built on the shared emulator core in {@code io.burstlet.emulator}. Entry point: {@link
 * io.burstlet.emulator.eci.EciEmulator}.
 *
 * <h2>Wire</h2>
 *
 * {@code POST /} (or GET), parameters in the query string, a form body or both (never the same name
 * in both; both signature versions cover the body), flattened as in {@code
 * reference/eci/2018-08-08/openapi-meta}: {@code Container.N.*}, {@code InitContainer.N.*}, {@code
 * Volume.N.*}, {@code Tag.N.Key/Value}, {@code ImageRegistryCredential.N.*}, {@code DnsConfig.*},
 * {@code HostAliase.N.*}; {@code ContainerGroupIds} and exec's {@code Command} are JSON-array
 * strings. ACS3-HMAC-SHA256 and RPC v2 HMAC-SHA1 signatures are verified exactly as {@code
 * tea-openapi} 0.3.15 computes them ({@link io.burstlet.emulator.eci.EciSignatureVerifier}).
 * Responses are shaped like {@code examples/}, key casing quirks included; errors are {@code
 * {RequestId, HostId, Code, Message, Recommend}}.
 *
 * <h2>Error codes</h2>
 *
 * From {@code errors.json}: {@code MissingParameter} 400 (naming the flattened parameter), {@code
 * InvalidParameter} 400 (also for an unknown container group, a region other than the emulator's, a
 * bad {@code NextToken}: ECI publishes no dedicated codes for those), {@code UnsupportedParameter}
 * 400 (UpdateContainerGroup fields the emulator cannot apply), {@code InvalidAction} 403, {@code
 * InvalidApi.NotFound} 404 (paths other than {@code /}), {@code InvalidAccessKeyId.NotFound} 404,
 * {@code SignatureDoesNotMatch} 400, {@code IncompleteSignature} 400, {@code
 * InvalidTimeStamp.Expired}/{@code .Format} 400, {@code Throttling} 400, {@code InternalError} 500,
 * {@code ServiceUnavailable} 503, {@code IncorrectVSwitchStatus} 400 (a vSwitch that does not exist
 * or is not in the requested zone), {@code DryRun.Success} 400. Not in that table but on the
 * Delete/RestartContainerGroup API pages: {@code IncorrectStatus} 400.
 *
 * <h2>Deliberate differences from the service</h2>
 *
 * <ul>
 *   <li>{@code SecurityGroupId} and {@code VSwitchId} are required: the emulator has no default VPC
 *       or security group to fall back on.
 *   <li>Multi-vSwitch placement is always {@code VSwitchOrdered}.
 *   <li>Exec sessions ({@code WebSocketUri}, {@code HttpUrl}) are answered but not served; {@code
 *       Sync=true} exec runs in the simulated shell.
 *   <li>Probes run in the simulated shell ({@link io.burstlet.emulator.SimulatedProbe}): an exec
 *       probe passes when its command exits 0; an httpGet or tcpSocket probe passes when the
 *       container declares the port (nothing listens in the emulator). A probe must name exactly
 *       one handler ({@code InvalidParameter} otherwise).
 *   <li>Terminal groups are kept until deleted (the service keeps them for an hour, then the last
 *       100 per region).
 *   <li>Group names, namespaces and annotations in DescribeContainerGroupStatus/Events are the
 *       group name, {@code default} and {@code {}}: no Kubernetes pod stands behind an API-created
 *       group.
 * </ul>
 */
package io.burstlet.emulator.eci;
