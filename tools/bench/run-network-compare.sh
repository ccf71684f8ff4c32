#!/usr/bin/env bash
# Issue 7, over the network on loopback: our policy-service's HTTP and gRPC check against Cerbos's HTTP and gRPC check,
# same run, same machine, same question sample — at saturation and at fixed rates — written to
# tools/bench/target/results/network-compare.csv (one row per run) for the report step.
#
#   tools/bench/run-network-compare.sh
#
# What it does: a private suite (deploy/local/iam, its own ports, state dir, databases and topic namespace; only
# policy-service kept running), seeded with the medium Dataset preset (NetworkCompareSeeder: the relays' records, waited
# for until policy-service applied them all), which also writes the sample twice — questions.tsv for ours and
# cerbos-checks.tsv for Cerbos, the same questions line by line, with our verdicts — and measures what assembling a
# Cerbos request costs the caller; a Cerbos PDP on loopback (tools/bench/cerbos/cerbos.sh: policies generated from the
# role catalogue); then per protocol, ours and Cerbos one after the other:
#   gRPC  NetworkCompare (grpc-java async stub): closed loop at BENCH_CONCURRENCY in flight (saturation), then open
#         loop at BENCH_RATES (latency from the intended send time, HdrHistogram)
#   HTTP  wrk (policy-check.lua / cerbos/cerbos-check.lua) at BENCH_WRK_CONNECTIONS (saturation), then NetworkCompare's
#         Vert.x client in open loop at BENCH_RATES (wrk 4.1 cannot hold a rate)
# Every answer of the Java clients is compared with our in-process verdict (a wrong one aborts the run); wrk's answers
# are checked in aggregate (see the Lua scripts). The load generators share the machine's cores with the servers.
#
# Settings (environment):
#   BENCH_BUILD=bench|all|none       bench (default): build tools/bench; all: also the four services; none: nothing
#   BENCH_SERVICES_FROM=DIR          a tree whose services are built (default: this one)
#   BENCH_PRESET=medium  BENCH_QUESTIONS=20000           Dataset preset and sample size
#   BENCH_SECONDS=10  BENCH_WARMUP_SECONDS=2             measured window (the longest) and warm-up of every run
#   BENCH_SATURATION_SECONDS=5       measured window of the saturation runs (gRPC closed loop, wrk): tens of thousands of
#                                    answers per second, so 5 s hold over 100,000 latencies
#   BENCH_RATE_SAMPLES=50000         measured window of a fixed-rate run: long enough for this many checks at its rate,
#                                    at least 3 s, at most BENCH_SECONDS (1,000/s and 5,000/s: 10 s; 10,000/s: 5 s;
#                                    0: BENCH_SECONDS for every rate)
#   BENCH_INITIAL_WARMUP_CHECKS=100000  BENCH_INITIAL_WARMUP_SECONDS=30
#                                    before a Java client's first run: closed loop until this many checks are answered
#                                    and the answer rate has stopped rising (two 1 s windows in a row under 1.03x the
#                                    best before them), or for at most this long (the JIT of the server and of the
#                                    client: a fixed 10 s under-warmed ours on a slow machine, 6 s on a quick one)
#   BENCH_CERBOS_WARMUP_CHECKS=20000 ... the checks before Cerbos's first run: a Go server, compiled ahead of time, so
#                                    only the client's JIT and the connections warm up (with 100,000 a slow machine's
#                                    Cerbos used the whole 30 s, its rate flat after a few)
#   BENCH_WRK_WARMUP_SECONDS=10      wrk's warm-up before the HTTP saturation runs
#   BENCH_CONCURRENCY=64                                 gRPC closed-loop runs (checks in flight)
#   BENCH_RATES=1000,5000,10000                          gRPC and HTTP open-loop runs (checks per second)
#   BENCH_WRK_CONNECTIONS=64  BENCH_WRK_THREADS=2        HTTP saturation runs with wrk
#   BENCH_GRPC_CHANNELS=2  BENCH_HTTP_CONNECTIONS=64     connections of the Java clients
#   BENCH_SERVICE_JAVA_OPTS=-Xmx2g  BENCH_JAVA_OPTS=-Xmx1g   policy-service's and the load clients' JVM options
#   BENCH_STATE_DIR              default tools/bench/target/network-suite (IAM_STATE_DIR of the private suite)
#   PG_PORT                      PostgreSQL on 127.0.0.1 (default 5432)
#   BENCH_ATTACH_DIR=DIR         no suite of its own: measure the caller's running, seeded suite, named by the exported
#                                IAM_STATE_DIR and IAM_POLICY_PORT (its policy-service's options: IAM_SERVICE_JAVA_OPTS);
#                                DIR holds NetworkCompareSeeder's output (questions.tsv, cerbos-checks.tsv, assembly.csv).
#                                run-pipeline.sh does this (BENCH_NETWORK_AT), so that run-peers.sh seeds one suite for
#                                both instead of two
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="$REPO/tools/bench"
WORK="$BENCH/target/network-compare"
RESULTS="$BENCH/target/results"

BENCH_BUILD="${BENCH_BUILD:-bench}"
BENCH_SERVICES_FROM="${BENCH_SERVICES_FROM:-$REPO}"
BENCH_PRESET="${BENCH_PRESET:-medium}"
BENCH_QUESTIONS="${BENCH_QUESTIONS:-20000}"
BENCH_SECONDS="${BENCH_SECONDS:-10}"
BENCH_WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-2}"
BENCH_SATURATION_SECONDS="${BENCH_SATURATION_SECONDS:-5}"
BENCH_RATE_SAMPLES="${BENCH_RATE_SAMPLES:-50000}"
BENCH_INITIAL_WARMUP_SECONDS="${BENCH_INITIAL_WARMUP_SECONDS:-30}"
BENCH_WRK_WARMUP_SECONDS="${BENCH_WRK_WARMUP_SECONDS:-10}"
BENCH_INITIAL_WARMUP_CHECKS="${BENCH_INITIAL_WARMUP_CHECKS:-100000}"
BENCH_CERBOS_WARMUP_CHECKS="${BENCH_CERBOS_WARMUP_CHECKS:-20000}"
BENCH_CONCURRENCY="${BENCH_CONCURRENCY-64}"
BENCH_RATES="${BENCH_RATES-1000,5000,10000}"
BENCH_WRK_CONNECTIONS="${BENCH_WRK_CONNECTIONS-64}"
BENCH_WRK_THREADS="${BENCH_WRK_THREADS:-2}"
BENCH_GRPC_CHANNELS="${BENCH_GRPC_CHANNELS:-2}"
BENCH_HTTP_CONNECTIONS="${BENCH_HTTP_CONNECTIONS:-64}"
BENCH_SERVICE_JAVA_OPTS="${BENCH_SERVICE_JAVA_OPTS:--Xmx2g}"
BENCH_ATTACH_DIR="${BENCH_ATTACH_DIR:-}"
if [[ -n "$BENCH_ATTACH_DIR" ]]; then
  BENCH_SERVICE_JAVA_OPTS="${IAM_SERVICE_JAVA_OPTS:-}"
fi
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx1g}"
PG_PORT="${PG_PORT:-5432}"

STARTED=$(date +%s)
RUN_ID="$(date -u +%Y%m%dT%H%M%SZ)"
phase() { printf '\n\033[1m==> [%s +%ss] %s\033[0m\n' "$(date +%H:%M:%S)" "$(( $(date +%s) - STARTED ))" "$*"; }
info() { printf '    %s\n' "$*"; }
die() { printf 'run-network-compare: %s\n' "$*" >&2; exit 1; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

command -v java >/dev/null || die "java is not on the PATH"
command -v ss >/dev/null || die "ss (iproute2) is needed to find free ports"
command -v curl >/dev/null || die "curl is needed"
command -v wrk >/dev/null || die "wrk is needed for the HTTP saturation runs: apt-get install -y wrk"

# ---------------------------------------------------------------------------------------------------- build
phase "build ($BENCH_BUILD) and cerbos $(sed -n 's/.*VERSION = "\(.*\)";/\1/p' "$BENCH/src/main/java/io/iamsuite/bench/peers/cerbos/CerbosServer.java")"
cd "$REPO"
# shellcheck source=tools/bench/lib/suite.sh
source "$BENCH/lib/suite.sh"
bench_build "$BENCH_BUILD"
CERBOS_BINARY="$("$BENCH/cerbos/install.sh")"
export CERBOS_BINARY
info "cerbos: $CERBOS_BINARY"

# The services and the bench classpath run from a private copy, so that a build by someone else in the shared tree
# cannot change the jars under the running suite.
SNAPSHOT="$WORK/artifacts"
rm -rf "$WORK"
mkdir -p "$RESULTS"
# attached: the caller's suite runs from the caller's copy of the services; only the bench jars are copied here
bench_snapshot "$SNAPSHOT" "$([[ -z "$BENCH_ATTACH_DIR" ]] && echo "$BENCH_SERVICES_FROM")"
cp "$BENCH/policy-check.lua" "$BENCH/cerbos/cerbos-check.lua" "$SNAPSHOT/"
# ---------------------------------------------------------------------------------------------------- ports
if [[ -z "$BENCH_ATTACH_DIR" ]]; then
  SUITE_ID="$(printf '%04x%04x' "$RANDOM" "$RANDOM")"
  export IAM_STATE_DIR="${BENCH_STATE_DIR:-$BENCH/target/network-suite}"
  alloc_suite_ports
  export PG_PORT
  export IAM_DB_PREFIX="iam_netcmp_$SUITE_ID"
  export IAM_KAFKA_NAMESPACE="netcmp$SUITE_ID"
  export IAM_SKIP_BUILD=1
  export IAM_SERVICE_JAVA_OPTS="$BENCH_SERVICE_JAVA_OPTS"
  # Four Quarkus services starting at once on a busy 2-core machine can take longer than deploy/local/iam's 120 s.
  export IAM_HEALTH_TIMEOUT="${IAM_HEALTH_TIMEOUT:-300}"
  # No projection snapshot during the runs: one an hour at most, none by event count.
  export IAM_SNAPSHOT_INTERVAL=1h
  export IAM_SNAPSHOT_EVERY_EVENTS=1000000000
else
  [[ -n "${IAM_STATE_DIR:-}" && -n "${IAM_POLICY_PORT:-}" ]] || die "BENCH_ATTACH_DIR needs IAM_STATE_DIR and IAM_POLICY_PORT"
  for f in questions.tsv cerbos-checks.tsv assembly.csv; do
    [[ -f "$BENCH_ATTACH_DIR/$f" ]] || die "BENCH_ATTACH_DIR has no $f (NetworkCompareSeeder's --out-dir)"
  done
fi
bench_kafka_libs
IAM="$REPO/deploy/local/iam"
POLICY="127.0.0.1:$IAM_POLICY_PORT"
POLICY_MANAGEMENT="http://127.0.0.1:$((IAM_POLICY_PORT + 1000))"
SECRET_FILE="$IAM_STATE_DIR/operator-secret"
SEEDED="${BENCH_ATTACH_DIR:-$WORK}"
QUESTIONS="$SEEDED/questions.tsv"
CERBOS_CHECKS="$SEEDED/cerbos-checks.tsv"
CERBOS_DIR="$WORK/cerbos"
CSV="$RESULTS/network-compare-$RUN_ID.csv"

SUITE_UP=0
CERBOS_UP=0
cleanup() {
  local status=$?
  if [[ "$CERBOS_UP" == 1 ]]; then
    phase "stopping Cerbos"
    BENCH_CLASSPATH="$CLASSPATH_BENCH" "$BENCH/cerbos/cerbos.sh" stop "$CERBOS_DIR" || true
  fi
  if [[ "$SUITE_UP" == 1 ]]; then
    phase "stopping the private suite (down --purge-db)"
    "$IAM" down --purge-db || true
  fi
  if [[ $status -ne 0 ]]; then
    printf '\nrun-network-compare: FAILED (exit %s)\n' "$status" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# ---------------------------------------------------------------------------------------------------- suite
LOAD_BEFORE_ALL="$(loadavg)"
if [[ -z "$BENCH_ATTACH_DIR" ]]; then
  phase "a private suite: policy-service $POLICY, Kafka :$KAFKA_PORT, databases ${IAM_DB_PREFIX}_* (load average $LOAD_BEFORE_ALL)"
  SUITE_UP=1
  "$IAM" up --no-build
  phase "stopping identity-, resource- and token-service (policy-service alone answers; Kafka stays)"
  stop_writers
fi
POLICY_PID="$(suite_pid policy-service)" || die "policy-service is not running"

# ---------------------------------------------------------------------------------------------------- seed
if [[ -z "$BENCH_ATTACH_DIR" ]]; then
  phase "NetworkCompareSeeder: the $BENCH_PRESET Dataset to ${IAM_KAFKA_NAMESPACE}.*.events.v1, then the sample of $BENCH_QUESTIONS"
  bench_java -Xmx3g io.iamsuite.bench.load.NetworkCompareSeeder --bootstrap "127.0.0.1:$KAFKA_PORT" \
    --namespace "$IAM_KAFKA_NAMESPACE" --policy-url "http://$POLICY" --management-url "$POLICY_MANAGEMENT" \
    --operator-secret-file "$SECRET_FILE" --preset "$BENCH_PRESET" --questions "$BENCH_QUESTIONS" --out-dir "$WORK"
else
  phase "attached to the suite of $IAM_STATE_DIR (policy-service $POLICY, pid $POLICY_PID), seeded: $BENCH_ATTACH_DIR"
  BENCH_QUESTIONS="$(( $(wc -l < "$QUESTIONS") ))"
fi
cp "$SEEDED/assembly.csv" "$RESULTS/network-compare-$RUN_ID.assembly.csv"

# ---------------------------------------------------------------------------------------------------- Cerbos
phase "Cerbos: policies from the catalogue, HTTP and gRPC on loopback"
BENCH_CLASSPATH="$CLASSPATH_BENCH" "$BENCH/cerbos/cerbos.sh" start "$CERBOS_DIR" > "$WORK/cerbos-start.txt"
CERBOS_UP=1
# shellcheck disable=SC1091
source "$CERBOS_DIR/cerbos.env"
info "Cerbos $CERBOS_VERSION: HTTP $CERBOS_HTTP, gRPC $CERBOS_GRPC, pid $CERBOS_PID"

# ---------------------------------------------------------------------------------------------------- runs
compare() { # compare TARGET ADDRESS SERVER_PID CONCURRENCY RATES INITIAL_WARMUP_CHECKS
  bench_java "$BENCH_JAVA_OPTS" io.iamsuite.bench.load.NetworkCompare --target "$1" --address "$2" \
    --questions "$QUESTIONS" --cerbos-checks "$CERBOS_CHECKS" --operator-secret-file "$SECRET_FILE" \
    --channels "$BENCH_GRPC_CHANNELS" --connections "$BENCH_HTTP_CONNECTIONS" --server-pid "$3" \
    --concurrency "$4" --rates "$5" --seconds "$BENCH_SECONDS" --closed-seconds "$BENCH_SATURATION_SECONDS" \
    --rate-samples "$BENCH_RATE_SAMPLES" --warmup-seconds "$BENCH_WARMUP_SECONDS" \
    --initial-warmup-checks "$6" --initial-warmup-seconds "$BENCH_INITIAL_WARMUP_SECONDS" --csv "$CSV" \
    --run-id "$RUN_ID" --report-dir "$WORK/reports"
}

# wrk_saturation TARGET URL SCRIPT SERVER_PID SCRIPT_ARGS...: one row per connection count in the CSV
wrk_saturation() {
  local target=$1 url=$2 script=$3 pid=$4; shift 4
  WRK_CONNECTIONS=32 wrk -t"$BENCH_WRK_THREADS" -c32 -d"${BENCH_WRK_WARMUP_SECONDS}s" -s "$script" "$url" -- "$@" \
    > "$WORK/wrk-$target-warmup.txt" 2>&1 || true
  local c out result wall server0 machine0 server1 machine1 t0 t1 before
  IFS=',' read -r -a connections <<< "$BENCH_WRK_CONNECTIONS"
  for c in "${connections[@]}"; do
    WRK_CONNECTIONS=$c wrk -t"$BENCH_WRK_THREADS" -c"$c" -d"${BENCH_WARMUP_SECONDS}s" -s "$script" "$url" -- "$@" \
      > /dev/null 2>&1 || true
    before="$(loadavg)"
    read -r server0 machine0 < <(cpu_ticks "$pid")
    t0=$(date +%s%N)
    out="$( ( WRK_CONNECTIONS=$c wrk -t"$BENCH_WRK_THREADS" -c"$c" -d"${BENCH_SATURATION_SECONDS}s" -s "$script" "$url" -- "$@" 2>&1
             read -r -a stat < "/proc/$BASHPID/stat"          # this subshell: cutime + cstime of the reaped wrk
             echo "WRK_CPU_TICKS $((stat[15] + stat[16]))" ) )"
    t1=$(date +%s%N)
    read -r server1 machine1 < <(cpu_ticks "$pid")
    echo "$out" > "$WORK/wrk-$target-c$c.txt"
    result="$(grep '^RESULT ' <<< "$out" || true)"
    [[ -n "$result" ]] || { info "wrk $target -c$c printed no result:"; sed 's/^/      /' <<< "$out"; return 1; }
    declare -A r=()
    for kv in ${result#RESULT }; do r[${kv%%=*}]="${kv#*=}"; done
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {print (b - a) / 1e9}')
    awk -v run="$RUN_ID" -v target="$target" -v c="$c" -v threads="$BENCH_WRK_THREADS" -v rps="${r[rps]}" \
        -v secs="${r[seconds]}" -v n="${r[requests]}" -v ok="${r[verified]}" -v errors="${r[errors]}" \
        -v p50="${r[p50_us]}" -v p90="${r[p90_us]}" -v p99="${r[p99_us]}" -v p999="${r[p999_us]}" -v max="${r[max_us]}" \
        -v wrk="$(awk '/^WRK_CPU_TICKS/ {print $2}' <<< "$out")" -v s0="$server0" -v s1="$server1" -v m0="$machine0" \
        -v m1="$machine1" -v wall="$wall" -v before="$before" -v cerbos="cerbos $CERBOS_VERSION" 'BEGIN {
          server = (s1 - s0) / 100 / wall
          protocol = target ~ /grpc$/ ? "grpc" : "http"
          name = target ~ /^cerbos/ ? cerbos : "policy-service"
          note = (ok == "yes" && errors == 0) ? "" : "answers not verified or socket errors: see wrk-" target "-c" c ".txt"
          printf "%s,%s,%s,%s,\"wrk -t%s, %s connections\",closed,%s,%.1f,%d,%.1f,%s,%d,%d,%d,%d,%d,%.2f,%.2f,%.2f,%.1f,\"%s\",\"%s\"\n",
            run, target, name, protocol, threads, c, c, secs, n, rps, (note == "" ? "true" : "false"), p50, p90, p99, p999, max,
            wrk / 100 / secs, server, (m1 - m0) / 100 / wall, (rps > 0 ? server * 1e6 / rps : 0), before, note
        }' >> "$CSV" || return 1
    info "wrk $target -c$c: ${r[rps]} requests/s, p50 ${r[p50_us]} µs, p99 ${r[p99_us]} µs, p99.9 ${r[p999_us]} µs, verified ${r[verified]}"
    [[ "${r[verified]}" == yes && "${r[errors]}" == 0 ]] || return 1
    unset r
  done
}

status=0
phase "gRPC, ours: closed loop ${BENCH_CONCURRENCY:-none}, open loop ${BENCH_RATES:-none}"
compare ours-grpc "$POLICY" "$POLICY_PID" "$BENCH_CONCURRENCY" "$BENCH_RATES" "$BENCH_INITIAL_WARMUP_CHECKS" || status=1
phase "gRPC, Cerbos: closed loop ${BENCH_CONCURRENCY:-none}, open loop ${BENCH_RATES:-none}"
compare cerbos-grpc "$CERBOS_GRPC" "$CERBOS_PID" "$BENCH_CONCURRENCY" "$BENCH_RATES" "$BENCH_CERBOS_WARMUP_CHECKS" || status=1
if [[ -n "$BENCH_WRK_CONNECTIONS" ]]; then
  phase "HTTP saturation, ours: wrk -t$BENCH_WRK_THREADS -c$BENCH_WRK_CONNECTIONS"
  wrk_saturation ours-http "http://$POLICY/policy/v1/check" "$SNAPSHOT/policy-check.lua" "$POLICY_PID" \
    "$QUESTIONS" "$SECRET_FILE" || status=1
  phase "HTTP saturation, Cerbos: wrk -t$BENCH_WRK_THREADS -c$BENCH_WRK_CONNECTIONS"
  wrk_saturation cerbos-http "http://$CERBOS_HTTP/api/check/resources" "$SNAPSHOT/cerbos-check.lua" "$CERBOS_PID" \
    "$CERBOS_CHECKS" || status=1
fi
if [[ -n "$BENCH_RATES" ]]; then
  phase "HTTP fixed rates, ours: Vert.x client, open loop $BENCH_RATES"
  compare ours-http "$POLICY" "$POLICY_PID" "" "$BENCH_RATES" "$BENCH_INITIAL_WARMUP_CHECKS" || status=1
  phase "HTTP fixed rates, Cerbos: Vert.x client, open loop $BENCH_RATES"
  compare cerbos-http "$CERBOS_HTTP" "$CERBOS_PID" "" "$BENCH_RATES" "$BENCH_CERBOS_WARMUP_CHECKS" || status=1
fi

# ---------------------------------------------------------------------------------------------------- results
phase "results"
cp "$CSV" "$RESULTS/network-compare.csv"
cp "$RESULTS/network-compare-$RUN_ID.assembly.csv" "$RESULTS/network-compare.assembly.csv"
cat > "$RESULTS/network-compare.meta.json" <<JSON
{"run_id": "$RUN_ID", "commit": "$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')",
 "preset": "$BENCH_PRESET", "suite": "${BENCH_ATTACH_DIR:+attached: }${IAM_STATE_DIR}", "questions": $BENCH_QUESTIONS, "seconds": $BENCH_SECONDS, "saturation_seconds": $BENCH_SATURATION_SECONDS, "rate_samples": $BENCH_RATE_SAMPLES, "warmup_seconds": $BENCH_WARMUP_SECONDS,
 "initial_warmup_seconds": $BENCH_INITIAL_WARMUP_SECONDS, "wrk_warmup_seconds": $BENCH_WRK_WARMUP_SECONDS, "initial_warmup_checks": $BENCH_INITIAL_WARMUP_CHECKS, "cerbos_warmup_checks": $BENCH_CERBOS_WARMUP_CHECKS, "concurrency": "$BENCH_CONCURRENCY", "rates": "$BENCH_RATES",
 "wrk_connections": "$BENCH_WRK_CONNECTIONS", "wrk_threads": $BENCH_WRK_THREADS, "grpc_channels": $BENCH_GRPC_CHANNELS,
 "http_connections": $BENCH_HTTP_CONNECTIONS, "cerbos_version": "$CERBOS_VERSION",
 "policy_service_java_opts": "$BENCH_SERVICE_JAVA_OPTS", "client_java_opts": "$BENCH_JAVA_OPTS",
 "cpu": "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')", "nproc": $(nproc),
 "java": "$(java -version 2>&1 | head -n1 | sed 's/"/\\"/g')", "wrk": "$(wrk -v 2>&1 | head -n1 | awk '{print $2}')",
 "load_average_before": "$LOAD_BEFORE_ALL", "load_average_after": "$(loadavg)", "seconds_total": $(( $(date +%s) - STARTED ))}
JSON
cp "$RESULTS/network-compare.meta.json" "$RESULTS/network-compare-$RUN_ID.meta.json"
{
  printf '%-12s %-7s %-7s %12s %9s %9s %9s %9s %8s %8s\n' target mode level "answers/s" "p50 ms" "p99 ms" "p99.9 ms" "kept up" "CPU srv" "µs/check"
  awk -F, 'NR > 1 {
      # the quoted client field holds a comma: fields are re-split on the quotes
      n = split($0, q, "\""); split(q[3], t, ",");
      printf "%-12s %-7s %-7s %12.0f %9.2f %9.2f %9.2f %9s %8s %8s\n", $2, t[2], t[3], t[6], t[8] / 1000, t[10] / 1000, t[11] / 1000, t[7], t[14], t[16]
    }' "$CSV"
} | tee "$RESULTS/network-compare.txt"
cat "$RESULTS/network-compare.assembly.csv"
info "rows: $RESULTS/network-compare.csv (this run: network-compare-$RUN_ID.*); raw outputs in ${WORK#"$REPO"/}"
[[ $status -eq 0 ]] || die "a run failed or could not verify its answers (see above)"
