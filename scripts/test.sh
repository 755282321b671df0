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

# Always runs. A `down` that leaves processes behind fails the run: with the exit code of the failure before it
# if there was one (a test failure stays the reported cause), else 1.
stop_stack() {
  local status=$?
  echo "== stack down"
  if ! bin/firedrill-stack down; then
    echo "test.sh: processes left behind: \`bin/firedrill-stack down\` could not stop every process of the stack (see above)" >&2
    if [[ $status -eq 0 ]]; then
      status=1
    fi
  fi
  exit "$status"
}
trap stop_stack EXIT

echo "== stack up"
bin/firedrill-stack up

echo "== tests (every module, against the running stack)"
"${MVN[@]}" verify

echo "== smoke"
bin/firedrill-stack smoke
