#!/usr/bin/env bash
# Runs the built cdc-relay against the local stack's endpoints (.firedrill/stack.env).
# Build first: mvn -B -ntp -pl services/cdc-relay -am package -DskipTests
# Extra Spring arguments pass through, e.g. ./run.sh --firedrill.cdc-relay.databases=firedrill_order
# JVM flags: CDC_RELAY_JAVA_OPTS replaces the defaults below.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
home="${FIREDRILL_HOME:-$root/.firedrill}"
jar="$root/services/cdc-relay/target/firedrill-cdc-relay.jar"
if [[ ! -f "$jar" ]]; then
  echo "cdc-relay is not built: run \`mvn -B -ntp -pl services/cdc-relay -am package -DskipTests\`" >&2
  exit 1
fi
if [[ ! -f "$home/stack.env" ]]; then
  echo "no $home/stack.env: start the stack first (\`make up\`)" >&2
  exit 1
fi
cd "$root"
# Heap: the engine queue (8192 records) and Kafka buffers fit easily in 256 MB; Serial GC suits 2 shared cores
# (one GC thread, minor pauses of a few ms at this heap size). Exit on OOM: offsets make a restart lose nothing.
default_opts="-Xms64m -Xmx256m -XX:MaxMetaspaceSize=160m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"
# Paths under the stack home go through the environment, not the command line: `firedrill-stack down` treats
# any process naming the stack home on its command line as a stray of the stack and stops it.
export SPRING_CONFIG_IMPORT="optional:file:$home/stack.env[.properties]"
export FIREDRILL_CDCRELAY_DATADIR="${FIREDRILL_CDCRELAY_DATADIR:-$home/cdc-relay}"
# shellcheck disable=SC2086
exec java ${CDC_RELAY_JAVA_OPTS:-$default_opts} -jar "$jar" "$@"
