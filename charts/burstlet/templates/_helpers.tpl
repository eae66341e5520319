{{- define "burstlet.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "burstlet.serviceAccountName" -}}
{{- default (include "burstlet.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "burstlet.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "burstlet.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "burstlet.clusterName" -}}
{{- required "clusterName is required and has no default: set a name unique to this cluster (a DNS label, e.g. --set clusterName=prod-weu). It tags every container group, and adoption and orphan garbage collection key on it, so two clusters sharing a resource group (ACI) or region (ECI) under the same name would garbage-collect each other's container groups." .Values.clusterName -}}
{{- end -}}

{{/*
The PodDisruptionBudget API the cluster serves: policy/v1 (Kubernetes 1.21+, the only one from
1.25), else policy/v1beta1. An install or upgrade sees the cluster's API resources. Client-side
rendering (helm template) knows only group versions, without kinds, unless given
--api-versions; it then goes by --kube-version.
*/}}
{{- define "burstlet.pdbApiVersion" -}}
{{- if .Capabilities.APIVersions.Has "policy/v1/PodDisruptionBudget" -}}
policy/v1
{{- else if and (not (.Capabilities.APIVersions.Has "policy/v1beta1/PodDisruptionBudget")) (semverCompare ">=1.21-0" .Capabilities.KubeVersion.Version) -}}
policy/v1
{{- else -}}
policy/v1beta1
{{- end -}}
{{- end -}}

{{/*
The agent pod's affinity: the user's, with "type NotIn [virtual-kubelet]" required. Node selector
terms are ORed, so the expression is ANDed into every term the user gave (or is the one term).
*/}}
{{- define "burstlet.affinity" -}}
{{- $affinity := deepCopy (.Values.affinity | default dict) -}}
{{- $nodeAffinity := get $affinity "nodeAffinity" | default dict -}}
{{- $required := get $nodeAffinity "requiredDuringSchedulingIgnoredDuringExecution" | default dict -}}
{{- $notVirtual := dict "key" "type" "operator" "NotIn" "values" (list "virtual-kubelet") -}}
{{- $terms := list -}}
{{- range $term := get $required "nodeSelectorTerms" | default list -}}
{{- $expressions := get $term "matchExpressions" | default list -}}
{{- $terms = append $terms (set $term "matchExpressions" (append $expressions $notVirtual)) -}}
{{- end -}}
{{- if not $terms -}}
{{- $terms = list (dict "matchExpressions" (list $notVirtual)) -}}
{{- end -}}
{{- $_ := set $required "nodeSelectorTerms" $terms -}}
{{- $_ := set $nodeAffinity "requiredDuringSchedulingIgnoredDuringExecution" $required -}}
{{- $_ := set $affinity "nodeAffinity" $nodeAffinity -}}
{{- toYaml $affinity -}}
{{- end -}}

{{/*
The virtual nodes' names as a JSON list, computed as the agent computes them:
<nodeNamePrefix>-<provider name>-<zone>, lower-cased. The RBAC rules on nodes and Leases name
exactly these.
*/}}
{{- define "burstlet.nodeNames" -}}
{{- $names := list -}}
{{- range $p := .Values.providers -}}
{{- range $z := $p.zones -}}
{{- $names = append $names (printf "%s-%s-%s" $.Values.nodeNamePrefix $p.name (toString $z.zone) | lower) -}}
{{- end -}}
{{- end -}}
{{- toJson $names -}}
{{- end -}}

{{/*
What the agent does with the pods bound to its nodes and with what they reference: granted by the
ClusterRole in cluster mode, by a Role in each of watchNamespaces in namespace mode. RBAC cannot
select pods by spec.nodeName, so within its scope (the cluster, or those namespaces) each rule
covers every pod, not only those on the virtual nodes.
*/}}
{{- define "burstlet.workloadRules" -}}
# The pod informers list and watch with the field selector spec.nodeName=<virtual node>; RBAC
# cannot filter by nodeName, so in scope this reads every pod. get re-reads a pod before a status
# write and confirms a pod is gone before its orphaned container group is deleted.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
# Finishes the deletion of a pod on a virtual node once its container group is gone (what a
# kubelet does). Not limited to pods on the virtual nodes: RBAC cannot select by spec.nodeName.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["delete"]
# Reports phase, conditions, IPs and container states of pods on the virtual nodes; same limit.
- apiGroups: [""]
  resources: ["pods/status"]
  verbs: ["patch"]
# Reads only what a pod names (env, envFrom, volumes, imagePullSecrets, kube-root-ca.crt), one
# object at a time by name: no list or watch.
- apiGroups: [""]
  resources: ["secrets", "configmaps"]
  verbs: ["get"]
# The pod's ServiceAccount, for its token volume and automount setting.
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["get"]
# Mints the pod's projected service-account token (TokenRequest), as a kubelet does. RBAC cannot
# limit this to the ServiceAccounts of pods on the virtual nodes: in scope the agent can mint a
# token for any ServiceAccount. This is the widest right the agent holds; namespace mode
# (watchNamespaces) confines it to the listed namespaces.
- apiGroups: [""]
  resources: ["serviceaccounts/token"]
  verbs: ["create"]
# Pod events (created, failed, refused; repeats patch or update the count).
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch", "update"]
{{- end -}}
