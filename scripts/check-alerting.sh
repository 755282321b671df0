#!/usr/bin/env bash
# Static checks of the alerting configuration (`make check-alerting`; `make test` runs it first):
#  1. the generated rules are up to date: regenerate into a temporary folder and diff with alerting/rules/<profile>/;
#  2. promtool check rules on every rule file, promtool test rules for the stack and for every profile;
#  3. AlertLint: severity, summary, description, runbook_url and dashboard on every alert, every runbook_url anchor
#     exists in its file, every dashboard's uid and viewPanel id exist in dashboards/json, every alert has a
#     promtool case where it fires and one where it stays silent; and AlertLint rejects a copy of the rules with a
#     missing, an unknown-uid and an unknown-panel dashboard annotation (so that check cannot go quietly blind);
#  4. the Prometheus config rendered for every profile passes promtool check config (which also loads its rules);
#  5. amtool check-config on the Alertmanager config rendered for every profile, without the Slack/e-mail variables
#     (the default) and with them, plus amtool routing tests (which receivers a page, ticket, info and Watchdog reach).
# The rendering mirrors PrometheusServer / AlertmanagerServer in platform/stack: FIREDRILL_* placeholders from
# alerting/profiles.properties and the stack's ports, and `# @if VAR...` / `# @end` blocks kept only when every
# named variable is set.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

profiles=$(sed -n 's/^\([a-z][a-z0-9_-]*\)\.time_factor=.*/\1/p' alerting/profiles.properties)

# The two Java checkers compile once, together, into a cache keyed by their source (single-file launch would
# compile each on every run).
sources=(alerting/generator/SloRules.java alerting/generator/AlertLint.java)
classes="${XDG_CACHE_HOME:-$HOME/.cache}/firedrill/alerting-$(cat "${sources[@]}" | sha1sum | cut -c1-12)"
if [[ ! -f "$classes/AlertLint.class" || ! -f "$classes/SloRules.class" ]]; then
  mkdir -p "$(dirname "$classes")" 2>/dev/null || classes="$tmp/classes"   # no writable cache: compile per run
  javac -d "$classes.$$" "${sources[@]}"
  mv -T "$classes.$$" "$classes" 2>/dev/null || rm -rf "$classes.$$"   # a concurrent run may have won the race
fi

echo "-- generated rules are up to date (java alerting/generator/SloRules.java)"
java -cp "$classes" SloRules --out "$tmp/rules" >/dev/null
stale=0
for dir in "$tmp"/rules/*/ alerting/rules/*/; do
  profile="$(basename "$dir")"
  if ! diff -ru "alerting/rules/$profile" "$tmp/rules/$profile" >"$tmp/diff" 2>&1; then
    cat "$tmp/diff"
    stale=1
  fi
done
if [[ $stale == 1 ]]; then
  echo "generated rules differ from their sources: run \`java alerting/generator/SloRules.java\` and commit" >&2
  exit 1
fi

echo "-- promtool check rules"
promtool check rules alerting/rules/*.yml alerting/rules/*/*.yml >"$tmp/check.log" 2>&1 || { cat "$tmp/check.log"; exit 1; }
grep -c SUCCESS "$tmp/check.log" | xargs printf '   %s rule files OK\n'

echo "-- promtool test rules (stack and each profile in parallel)"
pids=()
for set in alerting/tests alerting/tests/*/; do
  log="$tmp/test-$(basename "$set").log"
  promtool test rules "${set%/}"/*.test.yml >"$log" 2>&1 &
  pids+=("$!")
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
if [[ $failed == 1 ]]; then
  grep -l FAILED "$tmp"/test-*.log | xargs cat
  exit 1
fi
cat "$tmp"/test-*.log | grep -c SUCCESS | xargs printf '   %s test files OK\n'

echo "-- alert lint: annotations, runbook anchors, dashboard panels, a firing and a silent case per alert"
java -cp "$classes" AlertLint "$root"

# The lint must catch a broken dashboard annotation: break three in a scratch copy and expect exactly those errors.
lintcase="$tmp/lint-broken"
mkdir -p "$lintcase/alerting" "$lintcase/dashboards"
cp -r alerting/rules alerting/tests "$lintcase/alerting/"
cp -r runbooks "$lintcase/"
cp -r dashboards/json "$lintcase/dashboards/"
sed -i '/- alert: ServiceDown/,/dashboard:/{/dashboard:/d}' "$lintcase/alerting/rules/demo/services.yml"
sed -i '/- alert: InventoryOversold$/,/dashboard:/s|dashboard: .*|dashboard: d/no-such-dashboard?viewPanel=5|' \
  "$lintcase/alerting/rules/production/saga.yml"
sed -i '/- alert: CdcRelayDown/,/dashboard:/s|viewPanel=[0-9]*|viewPanel=999|' "$lintcase/alerting/rules/demo/messaging.yml"
if java -cp "$classes" AlertLint "$lintcase" >/dev/null 2>"$tmp/lint-broken.log"; then
  echo "AlertLint passed rules with broken dashboard annotations; it must reject them" >&2
  exit 1
fi
for expected in \
  'alerting/rules/demo/services.yml: ServiceDown: missing annotation dashboard' \
  'alerting/rules/production/saga.yml: InventoryOversold: dashboard d/no-such-dashboard?viewPanel=5: no dashboard with uid no-such-dashboard' \
  'alerting/rules/demo/messaging.yml: CdcRelayDown: dashboard d/firedrill-infra?viewPanel=999: dashboards/json/infra.json has no panel with id 999' \
  'AlertLint: 3 problem(s)'; do
  if ! grep -qF "$expected" "$tmp/lint-broken.log"; then
    echo "AlertLint on broken dashboard annotations: expected the line '$expected', got:" >&2
    cat "$tmp/lint-broken.log" >&2
    exit 1
  fi
done
echo "   AlertLint rejects a missing dashboard, an unknown uid and an unknown panel"

# render TEMPLATE OUT PROFILE: placeholders of the profile and the default ports, # @if blocks from the environment.
render() {
  local template="$1" out="$2" profile="$3"
  {
    sed -n "s/^${profile}\.\([a-z_]*\)=\(.*\)$/\1 \2/p" alerting/profiles.properties |
      while read -r key value; do
        printf 's|${FIREDRILL_%s}|%s|g\n' "${key^^}" "$value"
      done
    printf 's|${FIREDRILL_ALERT_PROFILE}|%s|g\n' "$profile"
    printf 's|${FIREDRILL_PROMETHEUS}|127.0.0.1:17090|g\n'
    printf 's|${FIREDRILL_ALERTMANAGER}|127.0.0.1:17094|g\n'
    printf 's|${FIREDRILL_ALERT_SINK}|127.0.0.1:17095|g\n'
    printf 's|${FIREDRILL_RULES_DIR}|%s|g\n' "$root/alerting/rules"
    printf 's|${FIREDRILL_TARGETS_DIR}|%s|g\n' "$tmp/targets"
    printf 's|${FIREDRILL_SLACK_WEBHOOK_URL_FILE}|%s|g\n' "$tmp/secrets/slack-webhook-url"
    printf 's|${FIREDRILL_SMTP_PASSWORD_FILE}|%s|g\n' "$tmp/secrets/smtp-password"
    printf 's|${FIREDRILL_SMTP_FROM}|%s|g\n' "${FIREDRILL_SMTP_FROM:-firedrill-alertmanager@localhost}"
    printf 's|${FIREDRILL_SMTP_REQUIRE_TLS}|%s|g\n' "${FIREDRILL_SMTP_REQUIRE_TLS:-true}"
    for name in FIREDRILL_SMTP_SMARTHOST FIREDRILL_SMTP_TO FIREDRILL_SMTP_USERNAME; do
      if [[ -n "${!name:-}" ]]; then printf 's|${%s}|%s|g\n' "$name" "${!name}"; fi
    done
  } >"$tmp/render.sed"
  awk '
    /^[ \t]*# @if / { ok = 1; for (i = 3; i <= NF; i++) if (ENVIRON[$i] == "") ok = 0; stack[++depth] = ok; next }
    /^[ \t]*# @end[ \t]*$/ { if (depth == 0) { print FILENAME ": # @end without # @if" > "/dev/stderr"; exit 2 } depth--; next }
    { for (i = 1; i <= depth; i++) if (!stack[i]) next; print }
    END { if (depth != 0) { print FILENAME ": # @if without # @end" > "/dev/stderr"; exit 2 } }
  ' "$template" | sed -f "$tmp/render.sed" >"$out"
  if grep -n '\${FIREDRILL_' "$out" >&2; then
    echo "$template: unknown placeholder in the rendering for profile $profile" >&2
    exit 1
  fi
}

# routes CONFIG EXPECTED LABELS...: the receivers an alert with these labels reaches, in order.
routes() {
  local config="$1" expected="$2"
  shift 2
  local got
  # stderr only carries the warning that --config.file overrides --alertmanager.url, or the error.
  got="$(amtool config routes test --config.file="$config" "$@" 2>"$tmp/routes.err")" || true
  if [[ "$got" != "$expected" ]]; then
    echo "routing $* in $config: expected '$expected', got '$got'" >&2
    cat "$tmp/routes.err" >&2
    exit 1
  fi
}

mkdir -p "$tmp/targets" "$tmp/secrets"
printf 'https://hooks.slack.com/services/T000/B000/XXXX' >"$tmp/secrets/slack-webhook-url"
printf 'not-a-password' >"$tmp/secrets/smtp-password"
for profile in $profiles; do
  echo "-- profile $profile: promtool check config, amtool check-config and routes (default, with Slack and e-mail)"
  render alerting/prometheus.yml "$tmp/prometheus-$profile.yml" "$profile"
  promtool check config "$tmp/prometheus-$profile.yml" >"$tmp/config.log" 2>&1 || { cat "$tmp/config.log"; exit 1; }

  # Default: none of the optional variables, whatever the caller's environment holds.
  (
    unset FIREDRILL_SLACK_WEBHOOK_URL FIREDRILL_SMTP_SMARTHOST FIREDRILL_SMTP_TO FIREDRILL_SMTP_FROM \
      FIREDRILL_SMTP_USERNAME FIREDRILL_SMTP_PASSWORD FIREDRILL_SMTP_REQUIRE_TLS
    render alerting/alertmanager.yml "$tmp/am-$profile.yml" "$profile"
  )
  amtool check-config "$tmp/am-$profile.yml" >"$tmp/am.log" 2>&1 || { cat "$tmp/am.log"; exit 1; }
  if grep -q 'slack\|email' "$tmp/am-$profile.yml"; then
    echo "the default Alertmanager rendering ($profile) must not configure Slack or e-mail" >&2
    exit 1
  fi
  routes "$tmp/am-$profile.yml" alert-sink severity=page alertname=ServiceDown service=order-service
  routes "$tmp/am-$profile.yml" alert-sink severity=ticket alertname=ReplicaLagHigh
  routes "$tmp/am-$profile.yml" alert-sink severity=info alertname=StackSmokeSignal
  routes "$tmp/am-$profile.yml" alert-sink severity=none alertname=Watchdog

  (
    export FIREDRILL_SLACK_WEBHOOK_URL=set FIREDRILL_SMTP_SMARTHOST=smtp.example.com:587 \
      FIREDRILL_SMTP_TO=oncall@example.com FIREDRILL_SMTP_USERNAME=firedrill FIREDRILL_SMTP_PASSWORD=set
    render alerting/alertmanager.yml "$tmp/am-$profile-notify.yml" "$profile"
  )
  amtool check-config "$tmp/am-$profile-notify.yml" >"$tmp/am.log" 2>&1 || { cat "$tmp/am.log"; exit 1; }
  routes "$tmp/am-$profile-notify.yml" slack,email,alert-sink severity=page alertname=ServiceDown service=order-service
  routes "$tmp/am-$profile-notify.yml" slack,alert-sink severity=ticket alertname=ReplicaLagHigh
  routes "$tmp/am-$profile-notify.yml" alert-sink severity=info alertname=StackSmokeSignal
  routes "$tmp/am-$profile-notify.yml" alert-sink severity=none alertname=Watchdog

  (
    unset FIREDRILL_SMTP_USERNAME FIREDRILL_SMTP_PASSWORD FIREDRILL_SLACK_WEBHOOK_URL
    export FIREDRILL_SMTP_SMARTHOST=127.0.0.1:1025 FIREDRILL_SMTP_TO=oncall@example.com FIREDRILL_SMTP_REQUIRE_TLS=false
    render alerting/alertmanager.yml "$tmp/am-$profile-mail.yml" "$profile"
  )
  amtool check-config "$tmp/am-$profile-mail.yml" >"$tmp/am.log" 2>&1 || { cat "$tmp/am.log"; exit 1; }
  routes "$tmp/am-$profile-mail.yml" email,alert-sink severity=page alertname=SagaStuck service=order-service
done
echo "alerting: OK"
