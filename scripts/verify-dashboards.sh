#!/usr/bin/env bash
# make verify-dashboards: run every Grafana panel query (dashboards/json) and every loaded rule expression
# (alerting/rules) against the stack's live Prometheus while bounded synthetic traffic runs, and fail on a parse error
# or an empty result where data must exist (dashboards/verify/VerifyDashboards.java; allow-list with reasons in
# dashboards/verify-allow-empty.txt). Needs the stack and the services up (`make services-up`).
#   VERIFY_RATE (checkouts/s, default 5), VERIFY_WARMUP (s of traffic before the checks, default 40)
set -euo pipefail
cd "$(dirname "$0")/.."
base=${FIREDRILL_PORT_BASE:-17000}
rate=${VERIFY_RATE:-5}
warmup=${VERIFY_WARMUP:-40}
out=.firedrill/verify-dashboards
mkdir -p "$out"

# The checker reads the dashboards with the chaos module's Dashboards (one reader of the Grafana JSON).
if [[ ! -f chaos/target/firedrill-chaos.jar || ! -d chaos/target/lib ]]; then
  echo "verify-dashboards: the chaos runner is not built (chaos/target/firedrill-chaos.jar); run \`make build\` first" >&2
  exit 2
fi
if [[ ! -f .firedrill/stack.env ]]; then
  echo "verify-dashboards: the stack is not up (no .firedrill/stack.env); run \`make services-up\` first" >&2
  exit 2
fi
# A health probe can time out on a loaded machine: warn and go on, the checks themselves show what has no data.
if ! bin/firedrill-stack status >/dev/null 2>&1; then
  echo "verify-dashboards: warning: \`bin/firedrill-stack status\` reports a component unhealthy; checking anyway" >&2
fi

# Traffic for the warm-up plus the checks (a minute on an idle machine, up to 8 under load); stopped when the checks
# end, whatever happens.
synthetic-data/bin/firedrill-traffic run --profile constant --rate "$rate" --duration "$((warmup + 600))s" --seed 42 \
  --metrics-port 0 --progress plain -o "$out/traffic" > "$out/traffic.log" 2>&1 &
traffic=$!
trap 'kill "$traffic" 2>/dev/null || true; wait "$traffic" 2>/dev/null || true' EXIT
echo "verify-dashboards: traffic at $rate/s (pid $traffic, log $out/traffic.log), checking in ${warmup}s"
sleep "$warmup"
if ! kill -0 "$traffic" 2>/dev/null; then
  echo "verify-dashboards: the traffic generator stopped early:" >&2
  tail -5 "$out/traffic.log" >&2
  exit 2
fi
java -cp "chaos/target/firedrill-chaos.jar:chaos/target/lib/*" dashboards/verify/VerifyDashboards.java --prometheus "http://127.0.0.1:$((base + 90))" --report "$out/report.txt" --reload yes
