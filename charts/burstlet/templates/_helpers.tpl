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
