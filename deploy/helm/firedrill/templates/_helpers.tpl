{{/* Names and labels shared by every template. */}}

{{- define "firedrill.fullname" -}}
{{- if not (has .Values.relay (list "embedded" "kafka-connect")) -}}
{{- fail (printf "relay must be embedded or kafka-connect, not %q" .Values.relay) -}}
{{- end -}}
{{- if not (has .Values.alertProfile (list "demo" "production")) -}}
{{- fail (printf "alertProfile must be demo or production, not %q" .Values.alertProfile) -}}
{{- end -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{- define "firedrill.labels" -}}
app.kubernetes.io/part-of: firedrill
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The Secret holding the admin token, the database and S3 credentials: yours (credentials.existingSecret) or the chart's. */}}
{{- define "firedrill.secretName" -}}
{{ default (printf "%s-credentials" (include "firedrill.fullname" .)) .Values.credentials.existingSecret }}
{{- end -}}

{{- define "firedrill.image" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}
{{- printf "%s/firedrill-%s:%s" $root.Values.image.registry $name (default $root.Chart.AppVersion $root.Values.image.tag) -}}
{{- end -}}

{{- define "firedrill.kafkaBootstrap" -}}
{{ include "firedrill.fullname" . }}-kafka-kafka-bootstrap:9092
{{- end -}}

{{- define "firedrill.mariadbName" -}}
{{ include "firedrill.fullname" . }}-mariadb
{{- end -}}

{{/* mariadb-operator's Services of a replicated MariaDB: <name>-primary and <name>-secondary. */}}
{{- define "firedrill.mariadbPrimaryHost" -}}
{{ include "firedrill.mariadbName" . }}-primary
{{- end -}}
{{- define "firedrill.mariadbReplicaHost" -}}
{{ include "firedrill.mariadbName" . }}-secondary
{{- end -}}

{{- define "firedrill.jdbcOptions" -}}
useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true
{{- end -}}

{{/* The databases of the services with an outbox: service name -> schema. */}}
{{- define "firedrill.outboxDatabases" -}}
order-service: firedrill_order
inventory-service: firedrill_inventory
payment-service: firedrill_payment
shipment-service: firedrill_shipment
notification-service: firedrill_notification
{{- end -}}

{{/*
Every topic the saga uses (platform/contracts Topics.allWithDeadLetters()) and the relay's own dead-letter topic;
RenderedChartTest fails when this list and the contracts disagree.
*/}}
{{- define "firedrill.topics" -}}
- inventory.commands
- inventory.commands.dlq
- inventory.events
- inventory.events.dlq
- notification.events
- notification.events.dlq
- order.events
- order.events.dlq
- payment.commands
- payment.commands.dlq
- payment.events
- payment.events.dlq
- shipment.commands
- shipment.commands.dlq
- shipment.events
- shipment.events.dlq
- cdc-relay.dlq
{{- end -}}

{{- define "firedrill.kafkaName" -}}
{{ include "firedrill.fullname" . }}-kafka
{{- end -}}
