#!/usr/bin/env bash
# Static checks of the alerting configuration: rule syntax, rule unit tests (fires AND stays silent),
# and the Alertmanager config as rendered for the local stack.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/alerting"

promtool check rules rules/*.yml
promtool test rules tests/*.test.yml

rendered="$(mktemp -d)"
trap 'rm -rf "$rendered"' EXIT
sed -e 's/\${FIREDRILL_ALERT_SINK}/127.0.0.1:17095/g' alertmanager.yml > "$rendered/alertmanager.yml"
amtool check-config "$rendered/alertmanager.yml"
