#!/usr/bin/env bash
# Installs what Firedrill needs from Debian when it is missing: the MariaDB server and client, Prometheus
# (with promtool) and Alertmanager (with amtool), Chromium (headless report checks) and wrk (benchmarks). Maven dependencies are fetched by `make build`.
# Never starts the system services: firedrill-stack runs private instances.
set -euo pipefail

need_cmd() { command -v "$1" >/dev/null 2>&1 || [[ -x "/usr/sbin/$1" ]]; }

missing=()
need_cmd mariadbd || missing+=(mariadb-server)
need_cmd mariadb || missing+=(mariadb-client)
need_cmd prometheus || missing+=(prometheus)
need_cmd promtool || missing+=(prometheus)
need_cmd prometheus-alertmanager || need_cmd alertmanager || missing+=(prometheus-alertmanager)
need_cmd amtool || missing+=(prometheus-alertmanager)
need_cmd setsid || missing+=(util-linux)
need_cmd java || missing+=(openjdk-17-jdk-headless)
need_cmd mvn || missing+=(maven)
need_cmd chromium || missing+=(chromium fonts-liberation)   # headless check of the traffic HTML report (tests)
need_cmd wrk || missing+=(wrk)                              # make bench-traffic
need_cmd python3 || missing+=(python3)                      # bench-traffic script

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup: all system packages present"
  exit 0
fi
# De-duplicate while keeping order.
packages=$(printf '%s\n' "${missing[@]}" | awk '!seen[$0]++' | tr '\n' ' ')

if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  echo "setup: these Debian packages are missing and installing them needs root:" >&2
  echo "  sudo apt-get install -y --no-install-recommends $packages" >&2
  exit 1
fi

echo "setup: installing $packages"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
# --no-install-recommends keeps node-exporter and friends out; policy-rc.d in containers keeps services down.
"${sudo[@]}" apt-get install -y -qq --no-install-recommends $packages
echo "setup: done"
