#!/usr/bin/env bash
# `make test`: the one test entry point (CI runs it through .ci/run). Builds, checks the alerting config,
# starts the real local stack, runs every module's tests against it, and always stops the stack again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
MVN=(mvn -B -ntp)

echo "== alerting: promtool + amtool"
scripts/check-alerting.sh

echo "== build"
"${MVN[@]}" -q -DskipTests package

stop_stack() {
  echo "== stack down"
  bin/firedrill-stack down || true
}
trap stop_stack EXIT

echo "== stack up"
bin/firedrill-stack up

echo "== tests (every module, against the running stack)"
"${MVN[@]}" verify

echo "== smoke"
bin/firedrill-stack smoke
