package io.burstlet.config;

/**
 * The kubelet HTTPS API that {@code kubectl logs} reaches through the API server. It serves a
 * self-signed certificate for the node address, as the API server does not verify kubelet serving
 * certificates unless told to.
 *
 * @param clientCaFile PEM bundle of the CA that signs the API server's client certificate; null:
 *     read {@code client-ca-file} from the {@code kube-system/extension-apiserver-authentication}
 *     ConfigMap at start
 */
public record KubeletConfig(String clientCaFile) {}
