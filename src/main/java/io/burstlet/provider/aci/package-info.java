/**
 * The Azure Container Instances provider: pods become ACI container groups through the Azure SDK
 * ({@code azure-resourcemanager-containerinstance}, ARM api-version 2023-05-01).
 *
 * <p>Responsibilities, one class each: {@link io.burstlet.provider.aci.AciProvider} (the SPI,
 * idempotent create/delete, logs, exec, health), {@link io.burstlet.provider.aci.AciTranslator}
 * (pod → container group, with {@code AciEnv}, {@code AciResources}, {@code AciProbes}, {@code
 * AciVolumes}, {@code AciDns}, {@code AciDownwardApi} and the refusals in {@code AciPodValidator}),
 * {@link io.burstlet.provider.aci.AciStatusMapper} (container group → pod status), {@code
 * AciStatusSweep} (one list per interval, GETs only where needed), {@code AciErrors} (SDK failures
 * → typed SPI exceptions, without secrets), {@code AciConnection} (endpoint, TLS, credential,
 * retries) and {@link io.burstlet.provider.aci.AciNames} (names and identity tags).
 *
 * <p>Choices where ACI and Kubernetes differ, each documented on its class:
 *
 * <ul>
 *   <li>Defaults: 1 CPU / 1.5 GB per container without requests (the AKS virtual node's); requests
 *       rounded up to 0.01 CPU / 0.1 GB (GiB); limits clamped to the group's total.
 *   <li>Refused, never dropped: args without command, tcpSocket/gRPC/startup probes, host
 *       namespaces and ports, hostPath and PVC volumes, privileged and other security settings ACI
 *       cannot apply, nested paths in Secret/ConfigMap volumes, env from {@code status.podIP}, and
 *       more — see {@code AciPodValidator}.
 *   <li>Tags are {@code burstlet.io.<key>} because ARM refuses '/' in tag names.
 *   <li>A zone without a subnet exposes the pod's ports on a public IP, as the AKS virtual node
 *       does; give every zone a {@code subnetId} to keep pods private.
 * </ul>
 *
 * <p>Tests: golden files under {@code src/test/resources/aci/golden} (regenerate with {@code
 * -Dburstlet.golden.update=true}, refused when {@code CI} is set), the official ARM examples from
 * the repository's copy of the ARM reference ({@code src/test/resources/reference}), and unit tests
 * of every class. Wire tests against the ACI emulator construct {@code new AciProvider(config,
 * agent)} with an https loopback endpoint and its CA file.
 */
package io.burstlet.provider.aci;
