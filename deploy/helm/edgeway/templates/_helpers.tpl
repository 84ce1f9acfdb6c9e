{{- define "edgeway.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "edgeway.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "edgeway.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: gateway
{{- end -}}

{{- define "edgeway.natsSelectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: nats
{{- end -}}

{{- define "edgeway.natsName" -}}
{{- printf "%s-nats" (include "edgeway.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "edgeway.basicAuthSecret" -}}
{{- default (printf "%s-basic-auth" (include "edgeway.fullname" .)) .Values.basicAuth.existingSecret -}}
{{- end -}}

{{/* The URL the gateway connects to: the bundled cluster's pods, else nats.url. */}}
{{- define "edgeway.natsUrl" -}}
{{- if .Values.nats.bundled.enabled -}}
{{- $name := include "edgeway.natsName" . -}}
{{- $urls := list -}}
{{- range $i := until (int .Values.nats.bundled.replicas) -}}
{{- $urls = append $urls (printf "nats://%s-%d.%s-headless.%s.svc:4222" $name $i $name $.Release.Namespace) -}}
{{- end -}}
{{- join "," $urls -}}
{{- else -}}
{{- required "nats.url is required when nats.bundled.enabled is false" .Values.nats.url -}}
{{- end -}}
{{- end -}}

{{/* The replica count of buckets and streams; never more than the bundled cluster has nodes. */}}
{{- define "edgeway.jetStreamReplicas" -}}
{{- $replicas := int .Values.nats.jetStreamReplicas -}}
{{- if and .Values.nats.bundled.enabled (gt $replicas (int .Values.nats.bundled.replicas)) -}}
{{- fail (printf "nats.jetStreamReplicas (%d) exceeds nats.bundled.replicas (%d)" $replicas (int .Values.nats.bundled.replicas)) -}}
{{- end -}}
{{- $replicas -}}
{{- end -}}
