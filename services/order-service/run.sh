#!/usr/bin/env bash
# Runs the built order-service against the local stack's endpoints (.firedrill/stack.env).
# Build first: mvn -B -ntp -pl services/order-service -am package -DskipTests
# Extra Spring arguments pass through, e.g. ./run.sh --firedrill.order.read-consistency=primary
# JVM flags: ORDER_SERVICE_JAVA_OPTS replaces the defaults below.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
home="${FIREDRILL_HOME:-$root/.firedrill}"
jar="$root/services/order-service/target/firedrill-order-service.jar"
if [[ ! -f "$jar" ]]; then
  echo "order-service is not built: run \`mvn -B -ntp -pl services/order-service -am package -DskipTests\`" >&2
  exit 1
fi
if [[ ! -f "$home/stack.env" ]]; then
  echo "no $home/stack.env: start the stack first (\`make up\`)" >&2
  exit 1
fi
cd "$root"
# Sized for 2 shared cores: 256 MB heap, one GC thread, C1 only (fast start, small code cache), small stacks.
default_opts="-Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:MaxMetaspaceSize=192m -XX:+ExitOnOutOfMemoryError"
# The stack home goes through the environment, not the command line: `firedrill-stack down` treats any process
# naming the stack home on its command line as a stray of the stack and stops it.
export SPRING_CONFIG_IMPORT="optional:file:$home/stack.env[.properties]"
# shellcheck disable=SC2086
exec java ${ORDER_SERVICE_JAVA_OPTS:-$default_opts} -jar "$jar" "$@"
