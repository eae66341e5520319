/**
 * Alibaba Cloud Elastic Container Instance (ECI) provider: pods become ECI container groups, one
 * virtual node per configured zone.
 *
 * <h2>Layers</h2>
 *
 * <ul>
 *   <li>{@link io.burstlet.provider.eci.EciClient} — the seven ECI OpenAPI (2018-08-08) actions
 *       used, with plain request/response records. {@link io.burstlet.provider.eci.TeaEciClient}
 *       implements it on the generic tea runtime ({@code com.aliyun:tea-openapi}, {@code callApi},
 *       RPC style, {@code POST /}, parameters in the signed form body and never in the URL,
 *       ACS3-HMAC-SHA256); moving to the generated {@code com.aliyun:eci20180808} SDK is a second
 *       implementation of the same interface. {@code EciRpcParams} flattens records to the
 *       parameter names of {@code openapi-meta}, {@code EciResponseParser} reads bodies with their
 *       exact key casing, {@code EciErrorMapper} maps tea's exceptions to the SPI's typed
 *       exceptions without ever carrying request data.
 *   <li>{@link io.burstlet.provider.eci.EciTranslator} — pod → {@code CreateContainerGroupRequest}
 *       (with {@code EciContainerTranslator}, {@code EciVolumeTranslator}, {@code EciEnvResolver},
 *       {@code EciSizing}/{@code EciSpecTable}, {@code EciAnnotations}); deterministic, pinned by
 *       golden files.
 *   <li>{@code EciStatusMapper} — ECI group state → pod status; {@code EciStatusSweeper} — status
 *       deltas per zone and interval, full listings to adopt and detect gone groups.
 *   <li>{@link io.burstlet.provider.eci.EciProvider} — the SPI.
 * </ul>
 *
 * <h2>Decisions</h2>
 *
 * <ul>
 *   <li><b>Size.</b> vCPU/memory snap up to ECI's published specification table (all regions, plus
 *       the extended table in the regions that offer it and never for spot); see {@code
 *       EciSpecTable}. {@code k8s.aliyun.com/eci-use-specs} replaces the computed size.
 *   <li><b>ScheduleFailed</b> maps to phase Failed (reason {@code ScheduleFailed}, message from
 *       ECI's latest Warning event): ECI does not retry such a group, so Pending would hang
 *       forever, while Failed lets the pod's owner replace it. <b>Expired</b> (spot reclaimed) maps
 *       to Failed with reason {@code Expired}.
 *   <li><b>TLS.</b> A configured {@code caFile} is passed to tea as {@code RuntimeOptions.ca}; tea
 *       then trusts exactly those certificates with standard hostname verification. {@code
 *       ignoreSSL} is never used.
 *   <li><b>Refusals.</b> Security settings ECI cannot enforce (dropped capabilities, {@code
 *       allowPrivilegeEscalation: false}, seccomp/AppArmor/SELinux, fsGroup) are refused rather
 *       than dropped, since running with more privilege than asked is never acceptable.
 *   <li><b>Tea logging.</b> tea 1.4 logs only TeaModel type-cast events (at INFO, with the value);
 *       request data is passed as plain string maps, never through a TeaModel, so nothing of it can
 *       reach those logs.
 * </ul>
 */
package io.burstlet.provider.eci;
