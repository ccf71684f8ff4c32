#!/usr/bin/env bash
# The foundation benchmarks (issue 2): relay throughput and write-to-visible latency, on an isolated copy of the suite.
#
#   tools/bench/run-foundation.sh            build, start a private suite on free ports, run both benches, stop it,
#                                            and rewrite the foundation section of docs/benchmarks.md
#
# Settings (environment):
#   BENCH_BUILD=all|bench|none   all (default): bench + the four services and what they need, offline;
#                                bench: only tools/bench (the services' existing jars are used); none: build nothing
#   BENCH_EVENTS=100000  BENCH_WORKSPACES=100  BENCH_RUNS=3  BENCH_BATCH_SIZE=1000  BENCH_SWEEP=250,5000 (empty skips)
#   BENCH_STEADY_SECONDS=20  BENCH_WRITERS=2  BENCH_EVENTS_PER_COMMIT=1,10  BENCH_PROFILE_EVENTS=50000 (0 skips)
#   BENCH_ITERATIONS=1000  BENCH_WARMUP=100
#   BENCH_UPDATE_DOC=1           0: print the section only, leave docs/benchmarks.md alone
#   BENCH_JAVA_OPTS=-Xmx1g       JVM options of the benchmark processes
#   BENCH_STATE_DIR              default tools/bench/target/suite (IAM_STATE_DIR of the private suite)
#   PG_PORT                      PostgreSQL on 127.0.0.1 (default 5432), shared with whatever else runs there
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="$REPO/tools/bench"
DOC="$REPO/docs/benchmarks.md"
RESULTS="$BENCH/target/results"
COMMAND="tools/bench/run-foundation.sh"
for v in BENCH_BUILD BENCH_EVENTS BENCH_WORKSPACES BENCH_RUNS BENCH_BATCH_SIZE BENCH_SWEEP BENCH_STEADY_SECONDS \
         BENCH_WRITERS BENCH_EVENTS_PER_COMMIT BENCH_PROFILE_EVENTS BENCH_ITERATIONS BENCH_WARMUP BENCH_JAVA_OPTS; do
  if [[ -n "${!v+x}" ]]; then COMMAND="$v=${!v} $COMMAND"; fi
done

BENCH_BUILD="${BENCH_BUILD:-all}"
BENCH_EVENTS="${BENCH_EVENTS:-100000}"
BENCH_WORKSPACES="${BENCH_WORKSPACES:-100}"
BENCH_RUNS="${BENCH_RUNS:-3}"
BENCH_BATCH_SIZE="${BENCH_BATCH_SIZE:-1000}"
BENCH_SWEEP="${BENCH_SWEEP-250,5000}"
BENCH_STEADY_SECONDS="${BENCH_STEADY_SECONDS:-20}"
BENCH_WRITERS="${BENCH_WRITERS:-2}"
BENCH_EVENTS_PER_COMMIT="${BENCH_EVENTS_PER_COMMIT:-1,10}"
BENCH_PROFILE_EVENTS="${BENCH_PROFILE_EVENTS:-50000}"
BENCH_ITERATIONS="${BENCH_ITERATIONS:-1000}"
BENCH_WARMUP="${BENCH_WARMUP:-100}"
BENCH_UPDATE_DOC="${BENCH_UPDATE_DOC:-1}"
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx1g}"
PG_PORT="${PG_PORT:-5432}"

STARTED=$(date +%s)
phase() { printf '\n\033[1m==> [%s +%ss] %s\033[0m\n' "$(date +%H:%M:%S)" "$(( $(date +%s) - STARTED ))" "$*"; }
info() { printf '    %s\n' "$*"; }
die() { printf 'run-foundation: %s\n' "$*" >&2; exit 1; }

command -v java >/dev/null || die "java is not on the PATH"
command -v ss >/dev/null || die "ss (iproute2) is needed to find free ports"

# ---------------------------------------------------------------------------------------------------- build
phase "build ($BENCH_BUILD)"
cd "$REPO"
case "$BENCH_BUILD" in
  all)   modules="tools/bench,identity-service,resource-service,token-service,policy-service" ;;
  bench) modules="tools/bench" ;;
  none)  modules="" ;;
  *)     die "BENCH_BUILD must be all, bench or none" ;;
esac
if [[ -n "$modules" ]]; then
  info "./mvnw -B -q -o package -DskipTests -pl $modules -am"
  ./mvnw -B -q -o package -DskipTests -pl "$modules" -am
fi
JAR="$(compgen -G "$BENCH/target/iam-bench-*.jar" || true)"
[[ -n "$JAR" && -f "$BENCH/target/bench.classpath" ]] || die "tools/bench is not built (run with BENCH_BUILD=bench)"

# The working tree is shared: a build by someone else during the run would rewrite the jars underneath the running
# services and the benchmark JVM (NoClassDefFoundError, NoSuchFileException). So everything built here runs from a
# private copy: the services' quarkus-app directories (IAM_SERVICES_ROOT) and the reactor jars on the bench classpath.
SNAPSHOT="$BENCH/target/snapshot"
phase "snapshot of the built artifacts in ${SNAPSHOT#"$REPO"/}"
rm -rf "$SNAPSHOT"
mkdir -p "$SNAPSHOT/lib"
for svc in identity-service resource-service token-service policy-service; do
  [[ -f "$REPO/$svc/target/quarkus-app/quarkus-run.jar" ]] \
    || die "$svc is not built: $svc/target/quarkus-app/quarkus-run.jar is missing (run with BENCH_BUILD=all)"
  mkdir -p "$SNAPSHOT/$svc/target"
  cp -a "$REPO/$svc/target/quarkus-app" "$SNAPSHOT/$svc/target/"
done
export IAM_SERVICES_ROOT="$SNAPSHOT"
CLASSPATH_BENCH=""
IFS=':' read -r -a entries <<< "$JAR:$(cat "$BENCH/target/bench.classpath")"
for entry in "${entries[@]}"; do
  if [[ "$entry" == "$REPO"/* ]]; then
    cp -a "$entry" "$SNAPSHOT/lib/"
    entry="$SNAPSHOT/lib/$(basename "$entry")"
  fi
  CLASSPATH_BENCH="${CLASSPATH_BENCH:+$CLASSPATH_BENCH:}$entry"
done
info "services and $(ls "$SNAPSHOT/lib" | wc -l) reactor jars copied ($(du -sh "$SNAPSHOT" | cut -f1))"
bench_java() { # shellcheck disable=SC2086
  java $BENCH_JAVA_OPTS -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CLASSPATH_BENCH" "$@"; }

# ---------------------------------------------------------------------------------------------------- ports
declare -A TAKEN=()
while read -r port; do TAKEN[$port]=1; done < <(ss -Htln | awk '{print $4}' | sed 's/.*://' | sort -u)
next_port=$(( 20000 + (RANDOM % 200) * 100 ))
alloc_port() { # alloc_port VAR: the next port from a random base that nothing listens on, exported as VAR
  while [[ -n "${TAKEN[$next_port]:-}" ]]; do next_port=$((next_port + 1)); done
  TAKEN[$next_port]=1
  printf -v "$1" '%s' "$next_port"
  export "${1?}"
}
RUN_ID="$(printf '%04x%04x' "$RANDOM" "$RANDOM")"
export IAM_STATE_DIR="${BENCH_STATE_DIR:-$BENCH/target/suite}"
for var in IAM_GATEWAY_PORT IAM_GATEWAY_GRPC_PORT IAM_IDENTITY_PORT IAM_RESOURCE_PORT IAM_TOKEN_PORT IAM_POLICY_PORT \
           KAFKA_PORT KAFKA_CONTROLLER_PORT; do
  alloc_port "$var"
done
export PG_PORT
export IAM_DB_PREFIX="iam_bench_$RUN_ID"
export IAM_KAFKA_NAMESPACE="bench$RUN_ID"
export IAM_SKIP_BUILD=1
# the broker jars: share the default suite's copy when it is complete (documented in docs/operations.md)
if [[ -z "${IAM_KAFKA_LIBS_DIR:-}" ]]; then
  if [[ -f "$REPO/deploy/local/.state/kafka/libs/.complete" ]]; then
    export IAM_KAFKA_LIBS_DIR="$REPO/deploy/local/.state/kafka/libs"
  else
    export IAM_KAFKA_LIBS_DIR="$BENCH/target/kafka-libs"
  fi
fi

SUITE_UP=0
cleanup() {
  local status=$?
  if [[ "$SUITE_UP" == 1 ]]; then
    phase "stopping the private suite (down --purge-db)"
    "$REPO/deploy/local/iam" down --purge-db || true
  fi
  if [[ $status -ne 0 ]]; then
    printf '\nrun-foundation: FAILED (exit %s); docs/benchmarks.md was not changed\n' "$status" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------------- suite
phase "starting a private suite: gateway :$IAM_GATEWAY_PORT, Kafka :$KAFKA_PORT, databases ${IAM_DB_PREFIX}_*, state $IAM_STATE_DIR"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
info "load average before: $LOAD_BEFORE"
SUITE_UP=1
"$REPO/deploy/local/iam" up --no-build

rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# ---------------------------------------------------------------------------------------------------- benches
phase "RelayThroughputBench (Kafka 127.0.0.1:$KAFKA_PORT, PostgreSQL 127.0.0.1:$PG_PORT)"
relay_args=(--bootstrap "127.0.0.1:$KAFKA_PORT" --pg-port "$PG_PORT" --events "$BENCH_EVENTS"
            --workspaces "$BENCH_WORKSPACES" --runs "$BENCH_RUNS" --batch-size "$BENCH_BATCH_SIZE"
            --steady-seconds "$BENCH_STEADY_SECONDS" --writers "$BENCH_WRITERS"
            --events-per-commit "$BENCH_EVENTS_PER_COMMIT" --profile-events "$BENCH_PROFILE_EVENTS"
            --report-dir "$RESULTS")
[[ -n "$BENCH_SWEEP" ]] && relay_args+=(--sweep "$BENCH_SWEEP")
relay_status=0
bench_java io.iamsuite.bench.RelayThroughputBench "${relay_args[@]}" || relay_status=$?

phase "WriteToVisibleBench (gateway http://127.0.0.1:$IAM_GATEWAY_PORT)"
visible_status=0
bench_java io.iamsuite.bench.WriteToVisibleBench --base-url "http://127.0.0.1:$IAM_GATEWAY_PORT" \
  --iterations "$BENCH_ITERATIONS" --warmup "$BENCH_WARMUP" --report-dir "$RESULTS" \
  --operator-secret-file "$IAM_STATE_DIR/operator-secret" || visible_status=$?

LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------------------------------------------- report
phase "report"
SECTION="$RESULTS/foundation.md"
{
  echo "<!-- foundation:start -->"
  echo "<!-- written by tools/bench/run-foundation.sh; edit the script, not this section -->"
  echo "## Foundation benchmarks"
  echo
  echo "Run on $(date -u '+%Y-%m-%d %H:%M UTC') with:"
  echo
  echo '```bash'
  echo "$COMMAND"
  echo '```'
  echo
  echo "| Measure | Result | Aim | Verdict |"
  echo "|---|---|---|---|"
  cat "$RESULTS/relay.rows.md" "$RESULTS/visible.rows.md" 2>/dev/null || true
  echo
  cat "$RESULTS/relay.details.md" 2>/dev/null || true
  echo
  cat "$RESULTS/visible.details.md" 2>/dev/null || true
  echo
  echo "### Machine"
  echo
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), \`nproc\` = $(nproc)"
  echo "- Memory (\`free -h\`):"
  echo
  echo '```'
  free -h
  echo '```'
  echo
  echo "- Java (\`java -version\`):"
  echo
  echo '```'
  java -version 2>&1
  echo '```'
  echo
  echo "- Kernel $(uname -r); PostgreSQL: $(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atc 'show server_version' 2>/dev/null || echo '?')" \
       "(shared server, \`synchronous_commit\` $(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atc 'show synchronous_commit' 2>/dev/null || echo '?'));" \
       "Kafka 4.1.2, one broker, and the four services started by \`deploy/local/iam up\`" \
       "(broker \`${IAM_KAFKA_JAVA_OPTS:--Xmx512m}\`, services \`${IAM_SERVICE_JAVA_OPTS:--Xmx384m}\`, benchmark JVM \`$BENCH_JAVA_OPTS\`)"
  echo "- Load average (1/5/15 min) before: $LOAD_BEFORE; after: $LOAD_AFTER. Everything (PostgreSQL, Kafka, the four"
  echo "  services, nginx, the benchmark JVM) shares these $(nproc) cores with whatever else ran on the machine."
  echo "<!-- foundation:end -->"
} > "$SECTION.tmp" 2>&1 || true
mv "$SECTION.tmp" "$SECTION"
cat "$SECTION"

if [[ $relay_status -ne 0 || $visible_status -ne 0 ]]; then
  die "a benchmark failed (relay exit $relay_status, write-to-visible exit $visible_status); section left in $SECTION"
fi

if [[ "$BENCH_UPDATE_DOC" == 1 ]]; then
  [[ -f "$DOC" ]] || die "$DOC is missing"
  grep -q '^<!-- foundation:start -->$' "$DOC" && grep -q '^<!-- foundation:end -->$' "$DOC" \
    || die "$DOC lacks the markers <!-- foundation:start --> / <!-- foundation:end -->"
  awk -v section="$SECTION" '
    /^<!-- foundation:start -->$/ { while ((getline line < section) > 0) print line; skipping = 1; next }
    /^<!-- foundation:end -->$/   { skipping = 0; next }
    !skipping                     { print }
  ' "$DOC" > "$DOC.tmp"
  mv "$DOC.tmp" "$DOC"
  phase "docs/benchmarks.md updated (foundation section)"
else
  phase "BENCH_UPDATE_DOC=0: docs/benchmarks.md left alone; the section is in $SECTION"
fi
