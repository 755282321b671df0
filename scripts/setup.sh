#!/usr/bin/env bash
# Installs what Firedrill needs from Debian when it is missing, in two groups:
#  - required by the stack and the build (`make demo`, `make up`): the MariaDB server and client, Prometheus (with
#    promtool), Alertmanager (with amtool), perl (perl-base, starts each server in a process group of its own), JDK 17
#    and Maven;
#  - optional, needed only by tests and benchmarks: Chromium with fonts-liberation (headless check of the traffic HTML
#    report in `make test`), wrk and python3 (`make bench-traffic`, `make bench-observability`).
# Without root (and without password-less sudo) it installs nothing: missing required packages are named with the
# apt-get line to run and fail the run; missing optional ones are only a warning. Maven dependencies are fetched by
# `make build`. Never starts the system services: firedrill-stack runs private instances.
set -euo pipefail

need_cmd() { command -v "$1" >/dev/null 2>&1 || [[ -x "/usr/sbin/$1" ]]; }
# The names HtmlReportInChromiumTest (synthetic-data) accepts.
has_browser() { need_cmd chromium || need_cmd chromium-browser || need_cmd google-chrome; }

required=()
need_cmd mariadbd || required+=(mariadb-server)
need_cmd mariadb || required+=(mariadb-client)
need_cmd prometheus || required+=(prometheus)
need_cmd promtool || required+=(prometheus)
need_cmd prometheus-alertmanager || need_cmd alertmanager || required+=(prometheus-alertmanager)
need_cmd amtool || required+=(prometheus-alertmanager)
need_cmd perl || required+=(perl-base)
need_cmd java || required+=(openjdk-17-jdk-headless)
need_cmd mvn || required+=(maven)

# One entry per need: "packages: what needs them".
optional=()
has_browser || optional+=("chromium fonts-liberation: headless browser check of the traffic HTML report (make test, HtmlReportInChromiumTest)")
need_cmd wrk || optional+=("wrk: the reference load generator of make bench-traffic")
need_cmd python3 || optional+=("python3: runs make bench-traffic and make bench-observability")

if [[ ${#required[@]} -eq 0 && ${#optional[@]} -eq 0 ]]; then
  echo "setup: all system packages present"
  exit 0
fi
# De-duplicated, in order.
packages() { printf '%s\n' "$@" | tr ' ' '\n' | awk 'NF && !seen[$0]++' | tr '\n' ' '; }
required_packages=$(packages "${required[@]}")
optional_packages=$(packages "${optional[@]%%:*}")

warn_optional() {
  echo "setup: warning: optional packages are missing; the stack and \`make demo\` work without them, these do not:" >&2
  printf '  %s\n' "${optional[@]}" >&2
  echo "  to install them: sudo apt-get install -y --no-install-recommends $optional_packages" >&2
}

if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  if [[ ${#optional[@]} -gt 0 ]]; then
    warn_optional
  fi
  if [[ ${#required[@]} -gt 0 ]]; then
    echo "setup: these Debian packages are missing and installing them needs root:" >&2
    echo "  sudo apt-get install -y --no-install-recommends $required_packages" >&2
    exit 1
  fi
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
# --no-install-recommends keeps node-exporter and friends out; policy-rc.d in containers keeps services down.
if [[ ${#required[@]} -gt 0 ]]; then
  echo "setup: installing $required_packages"
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends $required_packages
fi
if [[ ${#optional[@]} -gt 0 ]]; then
  echo "setup: installing (optional) $optional_packages"
  if ! "${sudo[@]}" apt-get install -y -qq --no-install-recommends $optional_packages; then
    warn_optional
  fi
fi
echo "setup: done"
