{{/*
The namespaces the admission webhook never judges, comma-separated: kube-system and the release
namespace (a webhook must never judge its own pods, and the cluster must be able to recover), then
webhook.excludeNamespaces.
*/}}
{{- define "eksguard.webhookExcluded" -}}
{{- $names := concat (list "kube-system" .Release.Namespace) (.Values.webhook.excludeNamespaces | default list) | uniq -}}
{{- join ", " $names -}}
{{- end }}

{{/* The DNS names of the webhook's Service, which its serving certificate must name. */}}
{{- define "eksguard.webhookDnsNames" -}}
{{- list (printf "eksguard-webhook.%s.svc" .Release.Namespace) (printf "eksguard-webhook.%s.svc.cluster.local" .Release.Namespace) | toJson -}}
{{- end }}
