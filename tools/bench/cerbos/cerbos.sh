#!/usr/bin/env bash
# Starts and stops the Cerbos PDP of the benchmarks (CerbosServer): the policies generated from the role catalogue and
# config.yaml (src/main/resources/cerbos) written into DIR, HTTP and gRPC on free loopback ports; start prints (and
# writes to DIR/cerbos.env) CERBOS_HTTP, CERBOS_GRPC, CERBOS_PID and CERBOS_VERSION.
#
#   tools/bench/cerbos/cerbos.sh start [DIR]    default DIR: tools/bench/target/cerbos
#   tools/bench/cerbos/cerbos.sh stop [DIR]
#
# Needs tools/bench built (./mvnw -o -q -pl tools/bench package -DskipTests) and cerbos installed (install.sh, which
# this runs). BENCH_CLASSPATH overrides the classpath (run-network-compare.sh passes its private copy).
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACTION="${1:-}"
DIR="${2:-$BENCH/target/cerbos}"
case "$ACTION" in
  start|stop) ;;
  *) echo "usage: cerbos.sh start|stop [DIR]" >&2; exit 2 ;;
esac
if [[ -z "${BENCH_CLASSPATH:-}" ]]; then
  JAR="$(compgen -G "$BENCH/target/iam-bench-*.jar" || true)"
  [[ -n "$JAR" && -f "$BENCH/target/bench.classpath" ]] \
    || { echo "cerbos.sh: tools/bench is not built (./mvnw -o -q -pl tools/bench package -DskipTests)" >&2; exit 1; }
  BENCH_CLASSPATH="$JAR:$(cat "$BENCH/target/bench.classpath")"
fi
if [[ "$ACTION" == start ]]; then
  export CERBOS_BINARY="${CERBOS_BINARY:-$("$BENCH/cerbos/install.sh")}"
fi
exec java -cp "$BENCH_CLASSPATH" io.iamsuite.bench.peers.cerbos.CerbosServer "$ACTION" "$DIR"
