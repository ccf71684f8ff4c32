#!/usr/bin/env bash
# policy-service under load at benchmark scale (issue 6): HTTP and gRPC check throughput and p99 at saturation, fixed-rate
# latency, and the restart from a snapshot, on a private suite seeded with the PolicyDataset (1,000 workspaces, 1.07 M
# events).
#
#   tools/bench/run-policy-load.sh     build, start a private suite on free ports, seed it, run the gRPC and HTTP loads,
#                                      kill -9 and restart policy-service, stop the suite, and rewrite the policy-load
#                                      section of docs/benchmarks.md
#
# Settings (environment):
#   BENCH_BUILD=all|bench|none   all (default): bench + the four services and what they need, offline;
#                                bench: only tools/bench (the services' existing jars are used); none: build nothing
#   BENCH_WORKSPACES=1000  BENCH_QUESTIONS=20000         dataset size and check sample
#   BENCH_SECONDS=20  BENCH_WARMUP_SECONDS=5             measured window and warm-up of every run
#   BENCH_CONCURRENCY=8,32,64                            gRPC closed-loop runs (checks in flight)
#   BENCH_RATES=1000,5000,10000                          gRPC and HTTP open-loop runs (checks per second)
#   BENCH_WRK_CONNECTIONS=8,32,64  BENCH_WRK_THREADS=2   HTTP saturation runs with wrk
#   BENCH_GRPC_CHANNELS=2  BENCH_HTTP_CONNECTIONS=64     connections of the Java clients
#   BENCH_SERVICE_JAVA_OPTS=-Xmx2g                       IAM_SERVICE_JAVA_OPTS of the suite (the projection is ~200 MiB)
#   BENCH_SNAPSHOT_INTERVAL=30s                          IAM_SNAPSHOT_INTERVAL (and no every-events trigger, see below)
#   BENCH_STOP_OTHERS=1          stop identity-, resource- and token-service after `up` (0: leave them running)
#   BENCH_UPDATE_DOC=1           0: print the section only, leave docs/benchmarks.md alone
#   BENCH_JAVA_OPTS=-Xmx1g       JVM options of the load clients (the seeder gets -Xmx2g)
#   BENCH_STATE_DIR              default tools/bench/target/policy-suite (IAM_STATE_DIR of the private suite)
#   PG_PORT                      PostgreSQL on 127.0.0.1 (default 5432), shared with whatever else runs there
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="$REPO/tools/bench"
DOC="$REPO/docs/benchmarks.md"
RESULTS="$BENCH/target/policy-load"
COMMAND="tools/bench/run-policy-load.sh"
for v in BENCH_BUILD BENCH_WORKSPACES BENCH_QUESTIONS BENCH_SECONDS BENCH_WARMUP_SECONDS BENCH_CONCURRENCY BENCH_RATES \
         BENCH_WRK_CONNECTIONS BENCH_WRK_THREADS BENCH_GRPC_CHANNELS BENCH_HTTP_CONNECTIONS BENCH_SERVICE_JAVA_OPTS \
         BENCH_SNAPSHOT_INTERVAL BENCH_STOP_OTHERS BENCH_JAVA_OPTS; do
  if [[ -n "${!v+x}" ]]; then COMMAND="$v=${!v} $COMMAND"; fi
done

BENCH_BUILD="${BENCH_BUILD:-all}"
BENCH_WORKSPACES="${BENCH_WORKSPACES:-1000}"
BENCH_QUESTIONS="${BENCH_QUESTIONS:-20000}"
BENCH_SECONDS="${BENCH_SECONDS:-20}"
BENCH_WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-5}"
BENCH_CONCURRENCY="${BENCH_CONCURRENCY-8,32,64}"
BENCH_RATES="${BENCH_RATES-1000,5000,10000}"
BENCH_WRK_CONNECTIONS="${BENCH_WRK_CONNECTIONS-8,32,64}"
BENCH_WRK_THREADS="${BENCH_WRK_THREADS:-2}"
BENCH_GRPC_CHANNELS="${BENCH_GRPC_CHANNELS:-2}"
BENCH_HTTP_CONNECTIONS="${BENCH_HTTP_CONNECTIONS:-64}"
BENCH_SERVICE_JAVA_OPTS="${BENCH_SERVICE_JAVA_OPTS:--Xmx2g}"
BENCH_SNAPSHOT_INTERVAL="${BENCH_SNAPSHOT_INTERVAL:-30s}"
BENCH_STOP_OTHERS="${BENCH_STOP_OTHERS:-1}"
BENCH_UPDATE_DOC="${BENCH_UPDATE_DOC:-1}"
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx1g}"
PG_PORT="${PG_PORT:-5432}"
AIM_RATE=20000
AIM_P99_MS=5
AIM_RESTART_S=10

STARTED=$(date +%s)
phase() { printf '\n\033[1m==> [%s +%ss] %s\033[0m\n' "$(date +%H:%M:%S)" "$(( $(date +%s) - STARTED ))" "$*"; }
info() { printf '    %s\n' "$*"; }
die() { printf 'run-policy-load: %s\n' "$*" >&2; exit 1; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
commas() { # 12345.6 -> 12,346
  awk -v x="$1" 'BEGIN { s = sprintf("%.0f", x); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); print s }'; }
msf() { # microseconds as milliseconds, two decimals under 10 ms
  awk -v us="$1" 'BEGIN { ms = us / 1000; if (ms < 10) printf "%.2f ms", ms; else if (ms < 100) printf "%.1f ms", ms; else printf "%.0f ms", ms }'; }

command -v java >/dev/null || die "java is not on the PATH"
command -v ss >/dev/null || die "ss (iproute2) is needed to find free ports"
command -v curl >/dev/null || die "curl is needed"
command -v wrk >/dev/null || die "wrk is needed for the HTTP saturation runs: apt-get install -y wrk"

# ---------------------------------------------------------------------------------------------------- build
# Build and artifact copy as in run-foundation.sh: the services and the bench classpath run from a private copy, so that
# a build by someone else in the shared tree cannot change the jars under the running suite.
phase "build ($BENCH_BUILD)"
cd "$REPO"
# shellcheck source=tools/bench/lib/suite.sh
source "$BENCH/lib/suite.sh"
bench_build "$BENCH_BUILD"

SNAPSHOT="$BENCH/target/policy-load-artifacts"
phase "copy of the built artifacts in ${SNAPSHOT#"$REPO"/}"
rm -rf "$SNAPSHOT"
bench_snapshot "$SNAPSHOT" "$REPO"
cp "$BENCH/policy-check.lua" "$SNAPSHOT/"
info "services and $(ls "$SNAPSHOT/lib" | wc -l) reactor jars copied ($(du -sh "$SNAPSHOT" | cut -f1))"
# ---------------------------------------------------------------------------------------------------- ports
RUN_ID="$(printf '%04x%04x' "$RANDOM" "$RANDOM")"
export IAM_STATE_DIR="${BENCH_STATE_DIR:-$BENCH/target/policy-suite}"
alloc_suite_ports
export PG_PORT
export IAM_DB_PREFIX="iam_bench_$RUN_ID"
export IAM_KAFKA_NAMESPACE="bench$RUN_ID"
export IAM_SKIP_BUILD=1
# readiness waits of deploy/local/iam (up, restart): long enough for a start on a saturated machine, so that the
# restart is measured however long it takes instead of aborting the run
export IAM_HEALTH_TIMEOUT="${IAM_HEALTH_TIMEOUT:-600}"
export IAM_SERVICE_JAVA_OPTS="$BENCH_SERVICE_JAVA_OPTS"
# Snapshots by time only: with the default trigger (every 100,000 events) the consumer would pause for a snapshot ten
# times while the dataset streams in; every 30 s one covers the whole dataset soon after seeding, and none is taken
# during the check load (nothing is applied then).
export IAM_SNAPSHOT_INTERVAL="$BENCH_SNAPSHOT_INTERVAL"
export IAM_SNAPSHOT_EVERY_EVENTS=1000000000
bench_kafka_libs
IAM="$REPO/deploy/local/iam"
LOG_DIR="$IAM_STATE_DIR/logs"
POLICY="127.0.0.1:$IAM_POLICY_PORT"
POLICY_MANAGEMENT="http://127.0.0.1:$((IAM_POLICY_PORT + 1000))"
SECRET_FILE="$IAM_STATE_DIR/operator-secret"
QUESTIONS="$RESULTS/questions.tsv"

SUITE_UP=0
cleanup() {
  local status=$?
  if [[ "$SUITE_UP" == 1 ]]; then
    phase "stopping the private suite (down --purge-db)"
    "$IAM" down --purge-db || true
  fi
  if [[ $status -ne 0 ]]; then
    printf '\nrun-policy-load: FAILED (exit %s); docs/benchmarks.md was not changed\n' "$status" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------------- suite
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
phase "starting a private suite: policy-service 127.0.0.1:$IAM_POLICY_PORT, Kafka :$KAFKA_PORT, databases ${IAM_DB_PREFIX}_*, state $IAM_STATE_DIR"
LOAD_BEFORE_ALL="$(loadavg)"
info "load average before: $LOAD_BEFORE_ALL; services $IAM_SERVICE_JAVA_OPTS; IAM_SNAPSHOT_INTERVAL=$IAM_SNAPSHOT_INTERVAL"
SUITE_UP=1
"$IAM" up --no-build

if [[ "$BENCH_STOP_OTHERS" == 1 ]]; then
  # deploy/local/iam has no per-service stop: SIGTERM to the pids it recorded (only this suite's, checked above).
  phase "stopping identity-, resource- and token-service (policy-service is measured alone; Kafka stays)"
  stop_writers
fi
POLICY_PID="$(suite_pid policy-service)" || die "policy-service is not running"

# ---------------------------------------------------------------------------------------------------- seed
phase "DatasetSeeder: $BENCH_WORKSPACES workspaces to ${IAM_KAFKA_NAMESPACE}.*.events.v1, then wait for policy-service"
SEED_LOAD="$(loadavg)"
bench_java -Xmx2g io.iamsuite.bench.load.DatasetSeeder --bootstrap "127.0.0.1:$KAFKA_PORT" \
  --namespace "$IAM_KAFKA_NAMESPACE" --policy-url "http://$POLICY" --management-url "$POLICY_MANAGEMENT" \
  --operator-secret-file "$SECRET_FILE" --workspaces "$BENCH_WORKSPACES" --questions "$BENCH_QUESTIONS" \
  --questions-out "$QUESTIONS" --report-dir "$RESULTS"
APPLIED="$(curl -sf "$POLICY_MANAGEMENT/q/metrics" | awk '/^iam_projection_applied_events[ {]/ {printf "%d", $NF}')"
info "policy-service applied $APPLIED events (load average before seeding: $SEED_LOAD)"

phase "waiting for a snapshot covering all $APPLIED events (every $IAM_SNAPSHOT_INTERVAL)"
SNAPSHOT_LINE=""
for _ in $(seq 1 240); do
  SNAPSHOT_LINE="$(grep 'Projection snapshot #[0-9]* taken' "$LOG_DIR/policy-service.log" \
    | awk -v want="$APPLIED" '{ for (i = 1; i < NF; i++) if ($(i+1) == "events" && $(i+2) == "applied,") { n = $i; gsub(",", "", n); if (n + 0 >= want + 0) print } }' \
    | tail -n1)"
  [[ -n "$SNAPSHOT_LINE" ]] && break
  sleep 0.5
done
[[ -n "$SNAPSHOT_LINE" ]] || die "no snapshot of all $APPLIED events within 120 s (log: $LOG_DIR/policy-service.log)"
SNAPSHOT_TAKEN="$(sed 's/.*\(Projection snapshot #.*\)/\1/' <<< "$SNAPSHOT_LINE")"
info "$SNAPSHOT_TAKEN"
sleep 3   # let the writer thread's gzip finish before the load starts

# ---------------------------------------------------------------------------------------------------- gRPC
phase "gRPC: GrpcCheckLoad against $POLICY (closed loop ${BENCH_CONCURRENCY:-none}, open loop ${BENCH_RATES:-none})"
grpc_status=0
bench_java "$BENCH_JAVA_OPTS" io.iamsuite.bench.load.GrpcCheckLoad --target "$POLICY" \
  --channels "$BENCH_GRPC_CHANNELS" --questions "$QUESTIONS" --operator-secret-file "$SECRET_FILE" \
  --concurrency "$BENCH_CONCURRENCY" --rates "$BENCH_RATES" --seconds "$BENCH_SECONDS" \
  --warmup-seconds "$BENCH_WARMUP_SECONDS" --server-pid "$POLICY_PID" --aim-rate "$AIM_RATE" \
  --aim-p99-ms "$AIM_P99_MS" --report-dir "$RESULTS" || grpc_status=$?

# ---------------------------------------------------------------------------------------------------- HTTP: wrk
WRK_ROWS="$RESULTS/wrk.rows.md"
WRK_DETAILS="$RESULTS/wrk.details.md"
: > "$WRK_ROWS"
wrk_status=0
if [[ -n "$BENCH_WRK_CONNECTIONS" ]]; then
  phase "HTTP saturation: wrk -t$BENCH_WRK_THREADS, connections $BENCH_WRK_CONNECTIONS, against http://$POLICY/policy/v1/check"
  WRK_URL="http://$POLICY/policy/v1/check"
  WRK_SCRIPT="$SNAPSHOT/policy-check.lua"
  info "warm-up: wrk -t$BENCH_WRK_THREADS -c32 -d30s (not recorded)"
  WRK_CONNECTIONS=32 wrk -t"$BENCH_WRK_THREADS" -c32 -d30s -s "$WRK_SCRIPT" "$WRK_URL" -- "$QUESTIONS" "$SECRET_FILE" \
    > "$RESULTS/wrk-warmup.txt" 2>&1 || true
  {
    echo "**HTTP at saturation** (\`wrk -t$BENCH_WRK_THREADS -c<connections> -d${BENCH_SECONDS}s -s tools/bench/policy-check.lua\`, wrk $(wrk -v 2>&1 | head -n1 | awk '{print $2}'), after ${BENCH_WARMUP_SECONDS} s at the same connections and 30 s at 32 before the first run, not recorded; HTTP/1.1 keep-alive straight to policy-service's port, one check per request, the sample's bodies in turn, bearer operator secret; answers checked in aggregate per thread, see the script):"
    echo
    echo "| connections | requests/s | p50 | p90 | p99 | p99.9 | max | socket errors / bad answers | verified | CPU wrk | CPU server | CPU machine | server CPU per check | load avg before |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  } > "$WRK_DETAILS"
  best_rps=0; best_line=""
  IFS=',' read -r -a wrk_connections <<< "$BENCH_WRK_CONNECTIONS"
  for c in "${wrk_connections[@]}"; do
    WRK_CONNECTIONS=$c wrk -t"$BENCH_WRK_THREADS" -c"$c" -d"${BENCH_WARMUP_SECONDS}s" -s "$WRK_SCRIPT" "$WRK_URL" \
      -- "$QUESTIONS" "$SECRET_FILE" > /dev/null 2>&1 || true
    before_load="$(loadavg)"
    read -r server0 machine0 < <(cpu_ticks "$POLICY_PID")
    t0=$(date +%s%N)
    # wrk runs in a subshell whose children's CPU (cutime + cstime) is read after wrk has exited
    out="$( ( WRK_CONNECTIONS=$c wrk -t"$BENCH_WRK_THREADS" -c"$c" -d"${BENCH_SECONDS}s" -s "$WRK_SCRIPT" "$WRK_URL" \
               -- "$QUESTIONS" "$SECRET_FILE" 2>&1
             read -r -a stat < "/proc/$BASHPID/stat"          # this subshell: cutime + cstime of the reaped wrk
             echo "WRK_CPU_TICKS $((stat[15] + stat[16]))" ) )"
    t1=$(date +%s%N)
    read -r server1 machine1 < <(cpu_ticks "$POLICY_PID")
    echo "$out" > "$RESULTS/wrk-c$c.txt"
    result="$(grep '^RESULT ' <<< "$out" || true)"
    if [[ -z "$result" ]]; then
      info "wrk -c$c printed no result:"; echo "$out" | sed 's/^/      /'; wrk_status=1; continue
    fi
    declare -A r=()
    for kv in ${result#RESULT }; do r[${kv%%=*}]="${kv#*=}"; done
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {print (b - a) / 1e9}')
    wrk_ticks="$(awk '/^WRK_CPU_TICKS/ {print $2}' <<< "$out")"
    cpu_wrk=$(awk -v t="$wrk_ticks" -v s="${r[seconds]}" 'BEGIN {printf "%.2f", t / 100 / s}')
    cpu_server=$(awk -v a="$server0" -v b="$server1" -v w="$wall" 'BEGIN {printf "%.2f", (b - a) / 100 / w}')
    cpu_machine=$(awk -v a="$machine0" -v b="$machine1" -v w="$wall" 'BEGIN {printf "%.2f", (b - a) / 100 / w}')
    rps_fmt="$(commas "${r[rps]}")"
    per_check=$(awk -v c="$cpu_server" -v r="${r[rps]}" 'BEGIN {if (r > 0) printf "%.0f µs", c * 1e6 / r; else print "–"}')
    printf '| %s | %s | %s | %s | %s | %s | %s | %s / %s | %s | %s | %s | %s | %s | %s |\n' "$c" "$rps_fmt" \
      "$(msf "${r[p50_us]}")" "$(msf "${r[p90_us]}")" "$(msf "${r[p99_us]}")" "$(msf "${r[p999_us]}")" "$(msf "${r[max_us]}")" \
      "${r[errors]}" "${r[bad]}" "${r[verified]}" "$cpu_wrk" "$cpu_server" "$cpu_machine" "$per_check" "$before_load" >> "$WRK_DETAILS"
    info "wrk -c$c: $rps_fmt requests/s, p50 $(msf "${r[p50_us]}"), p99 $(msf "${r[p99_us]}"), p99.9 $(msf "${r[p999_us]}"), verified ${r[verified]}; CPU wrk $cpu_wrk, server $cpu_server, machine $cpu_machine"
    if [[ "${r[verified]}" != yes || "${r[errors]}" != 0 ]]; then
      info "wrk -c$c: answers NOT verified or socket errors:"; grep -E '^(RESULT|FIRST_BAD)' <<< "$out" | sed 's/^/      /'
      wrk_status=1
    fi
    if awk -v a="${r[rps]}" -v b="$best_rps" 'BEGIN {exit !(a > b)}'; then
      best_rps="${r[rps]}"
      best_line="$c|$rps_fmt|${r[p99_us]}"
    fi
    unset r
  done
  echo >> "$WRK_DETAILS"
  if [[ -n "$best_line" ]]; then
    IFS='|' read -r best_c best_fmt best_p99 <<< "$best_line"
    missed=()
    awk -v a="$best_rps" -v aim="$AIM_RATE" 'BEGIN {exit !(a < aim)}' && missed+=(rate)
    awk -v p="$best_p99" -v aim="$AIM_P99_MS" 'BEGIN {exit !(p / 1000 >= aim)}' && missed+=(p99)
    case "${#missed[@]}" in
      0) verdict="met" ;;
      1) verdict="**not met** (${missed[0]})" ;;
      *) verdict="**not met** (rate and p99)" ;;
    esac
    echo "| HTTP check at saturation (wrk, best of $BENCH_WRK_CONNECTIONS connections) | **$best_fmt checks/s** at $best_c connections, p99 $(msf "$best_p99") | ≥ $(commas "$AIM_RATE") checks/s with p99 < $AIM_P99_MS ms | $verdict |" >> "$WRK_ROWS"
  fi
fi

# ---------------------------------------------------------------------------------------------------- HTTP: open loop
http_status=0
if [[ -n "$BENCH_RATES" ]]; then
  phase "HTTP fixed rates: HttpCheckLoad against $POLICY (open loop $BENCH_RATES; every answer verified)"
  bench_java "$BENCH_JAVA_OPTS" io.iamsuite.bench.load.HttpCheckLoad --target "$POLICY" \
    --connections "$BENCH_HTTP_CONNECTIONS" --questions "$QUESTIONS" --operator-secret-file "$SECRET_FILE" \
    --concurrency "" --rates "$BENCH_RATES" --seconds "$BENCH_SECONDS" --warmup-seconds "$BENCH_WARMUP_SECONDS" \
    --initial-warmup-seconds 20 --server-pid "$POLICY_PID" --aim-rate "$AIM_RATE" --aim-p99-ms "$AIM_P99_MS" \
    --report-dir "$RESULTS" || http_status=$?
fi

# ---------------------------------------------------------------------------------------------------- restart
phase "restart at scale: kill -9 policy-service (pid $POLICY_PID), then deploy/local/iam restart policy-service"
RESTART_LOAD="$(loadavg)"
kill -9 "$POLICY_PID"
killed=$(date +%s%N)
# kill -9 returns before the kernel has reaped the process and closed its listening sockets: a restart that
# starts at once finds the port still taken (deploy/local/iam refuses), so wait for the process to be gone.
for _ in $(seq 1 500); do kill -0 "$POLICY_PID" 2>/dev/null || break; sleep 0.01; done
"$IAM" restart policy-service > "$RESULTS/restart.txt" 2>&1 &
restart_pid=$!
ready=""
while [[ -z "$ready" ]]; do
  if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$POLICY_MANAGEMENT/q/health/ready" || true)" == 200 ]]; then
    ready=$(date +%s%N)
  elif ! kill -0 "$restart_pid" 2>/dev/null; then
    cat "$RESULTS/restart.txt" >&2; die "deploy/local/iam restart policy-service ended before policy-service was ready"
  else
    sleep 0.05
  fi
done
wait "$restart_pid" || die "deploy/local/iam restart policy-service failed (see $RESULTS/restart.txt)"
RESTART_S=$(awk -v a="$killed" -v b="$ready" 'BEGIN {printf "%.1f", (b - a) / 1e9}')
POLICY_PID="$(suite_pid policy-service)" || die "policy-service is not running after the restart"
LOG="$LOG_DIR/policy-service.log"
BOOT="$(grep -o 'started in [0-9.]*s' "$LOG" | tail -n1 | awk '{print $3}' | tr -d s)"
LOADED="$(grep -o 'Loaded projection snapshot #.*' "$LOG" | tail -n1)"
LOADING="$(grep -o 'Loading projection snapshot #.*' "$LOG" | tail -n1)"
CAUGHT="$(grep -o 'Projection caught up: .*' "$LOG" | tail -n1)"
LOAD_MS="$(sed -n 's/.* in \([0-9]*\) ms.*/\1/p' <<< "$LOADED")"
RSS_MB="$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$POLICY_PID/status" 2>/dev/null || echo '?')"
info "kill -9 -> ready: $RESTART_S s (Quarkus ${BOOT:-?}; ${LOADED:-no snapshot loaded}; ${CAUGHT:-?}); RSS $RSS_MB MiB"
[[ -n "$LOADED" ]] || die "policy-service did not load a snapshot after the restart (log: $LOG)"

phase "after the restart: HttpCheckLoad at 1,000 checks/s for 5 s, every answer verified"
verify_status=0
bench_java "$BENCH_JAVA_OPTS" io.iamsuite.bench.load.HttpCheckLoad --target "$POLICY" --questions "$QUESTIONS" \
  --operator-secret-file "$SECRET_FILE" --concurrency "" --rates 1000 --seconds 5 --warmup-seconds 1 \
  --initial-warmup-seconds 0 > "$RESULTS/after-restart.txt" 2>&1 || verify_status=$?
grep -E 'open 1000|ABORTED' "$RESULTS/after-restart.txt" | sed 's/^/    /' || true
AFTER_RESTART="$(grep -c 'ABORTED' "$RESULTS/after-restart.txt" || true)"
verdict="met"; awk -v s="$RESTART_S" -v aim="$AIM_RESTART_S" 'BEGIN {exit !(s >= aim)}' && verdict="**not met**"
{
  echo "| Restart at scale: \`kill -9\` → ready (snapshot of the whole dataset loaded) | **$RESTART_S s** (Quarkus boot ${BOOT:-?} s, snapshot loaded in ${LOAD_MS:-?} ms) | < $AIM_RESTART_S s | $verdict |"
} > "$RESULTS/restart.rows.md"
{
  echo "**Restart at scale** (load avg before: $RESTART_LOAD): \`kill -9\` of policy-service, then \`deploy/local/iam restart policy-service\` (services \`$IAM_SERVICE_JAVA_OPTS\`); kill → \`/q/health/ready\` answering 200 (polled every 50 ms) took **$RESTART_S s**. From its log:"
  echo
  echo "- snapshot written before the kill: \`$SNAPSHOT_TAKEN\`"
  echo "- \`${LOADING:-?}\`"
  echo "- \`${LOADED:-?}\`"
  echo "- \`${CAUGHT:-?}\`; Quarkus \`started in ${BOOT:-?}s\`; RSS after start $RSS_MB MiB"
  if [[ "$verify_status" == 0 && "$AFTER_RESTART" == 0 ]]; then
    echo "- afterwards, 5 s of checks at 1,000/s over HTTP: every answer right"
  elif [[ "$verify_status" == 1 ]]; then
    echo "- afterwards, 5 s of checks at 1,000/s over HTTP: **FAILED**: $(grep -o 'ABORTED: .*' "$RESULTS/after-restart.txt" | head -n1 | sed 's/^ABORTED: //')"
  else
    echo "- afterwards, 5 s of checks at 1,000/s over HTTP: no wrong answer, but **not all answered**: $(grep -o 'ABORTED: .*' "$RESULTS/after-restart.txt" | head -n1 | sed 's/^ABORTED: //')"
  fi
} > "$RESULTS/restart.details.md"

LOAD_AFTER="$(loadavg)"

# ---------------------------------------------------------------------------------------------------- report
phase "report"
SECTION="$RESULTS/policy-load.md"
{
  echo "<!-- policy-load:start -->"
  echo "<!-- written by tools/bench/run-policy-load.sh; edit the script, not this section -->"
  echo "#### Policy under load: HTTP and gRPC checks at saturation, restart at scale"
  echo
  echo "Run on $(date -u '+%Y-%m-%d %H:%M UTC') (commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet HEAD -- policy-service platform 2>/dev/null || echo ', with uncommitted changes in policy-service or platform')) with:"
  echo
  echo '```bash'
  echo "$COMMAND"
  echo '```'
  echo
  echo "A private suite (\`deploy/local/iam up\`, its own ports, state dir, databases and topic namespace); after \`up\`," \
       "$([[ "$BENCH_STOP_OTHERS" == 1 ]] && echo "identity-, resource- and token-service were stopped, so policy-service, Kafka, PostgreSQL and the load client had the machine;" || echo "all four services kept running;")" \
       "the load clients talk to policy-service's port directly (not through the nginx gateway)." \
       "**The load generator shares the $(nproc) cores with the server**: every number below is client and server together on one small machine."
  echo
  echo "| Measure | Result | Aim | Verdict |"
  echo "|---|---|---|---|"
  cat "$RESULTS/seed.rows.md" "$RESULTS/gRPC.rows.md" "$WRK_ROWS" "$RESULTS/HTTP.rows.md" "$RESULTS/restart.rows.md" 2>/dev/null || true
  echo
  cat "$RESULTS/seed.details.md" 2>/dev/null || true
  echo
  cat "$RESULTS/gRPC.details.md" 2>/dev/null || true
  echo
  cat "$WRK_DETAILS" 2>/dev/null || true
  cat "$RESULTS/HTTP.details.md" 2>/dev/null || true
  echo
  cat "$RESULTS/restart.details.md" 2>/dev/null || true
  echo
  echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), \`nproc\` = $(nproc)," \
       "$(free -g | awk '/^Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -n1); kernel $(uname -r);" \
       "PostgreSQL $(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atc 'show server_version' 2>/dev/null | cut -d' ' -f1 || echo '?')" \
       "(shared); Kafka 4.1.2, one broker (\`${IAM_KAFKA_JAVA_OPTS:--Xmx512m}\`); policy-service \`$IAM_SERVICE_JAVA_OPTS\`" \
       "(default G1), \`IAM_SNAPSHOT_INTERVAL=$IAM_SNAPSHOT_INTERVAL\` (no every-events trigger); load clients \`$BENCH_JAVA_OPTS\`," \
       "seeder \`-Xmx2g\`. Load average (1/5/15 min) at the start: $LOAD_BEFORE_ALL; at the end: $LOAD_AFTER. Other engineers'" \
       "builds and tests may have run on the same cores; the load average before each run is in its row."
  echo "<!-- policy-load:end -->"
} > "$SECTION.tmp"
mv "$SECTION.tmp" "$SECTION"
cat "$SECTION"

# A wrong answer or a failed call anywhere (the Java clients' exit status 1, wrk's aggregate check) fails the run;
# checks left unanswered a minute after a run on a saturated machine (status 3) are reported in the section only.
if [[ $grpc_status -eq 1 || $http_status -eq 1 || $verify_status -eq 1 || $wrk_status -ne 0 ]]; then
  die "a load run failed (gRPC exit $grpc_status, wrk $wrk_status, HTTP $http_status, after the restart $verify_status); section left in $SECTION"
fi

if [[ "$BENCH_UPDATE_DOC" == 1 ]]; then
  [[ -f "$DOC" ]] || die "$DOC is missing"
  grep -q '^<!-- policy-load:start -->$' "$DOC" && grep -q '^<!-- policy-load:end -->$' "$DOC" \
    || die "$DOC lacks the markers <!-- policy-load:start --> / <!-- policy-load:end -->"
  awk -v section="$SECTION" '
    /^<!-- policy-load:start -->$/ { while ((getline line < section) > 0) print line; skipping = 1; next }
    /^<!-- policy-load:end -->$/   { skipping = 0; next }
    !skipping                      { print }
  ' "$DOC" > "$DOC.tmp"
  mv "$DOC.tmp" "$DOC"
  phase "docs/benchmarks.md updated (policy-load section)"
else
  phase "BENCH_UPDATE_DOC=0: docs/benchmarks.md left alone; the section is in $SECTION"
fi
