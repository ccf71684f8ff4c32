#!/usr/bin/env bash
# Issue 7, point 5: our own pipeline at several dataset sizes, so that the growth is visible. Results go to
# tools/bench/target/results (pipeline-inprocess.tsv, pipeline-suite.tsv, pipeline.md); run-peers.sh's report step puts
# pipeline.md into docs/benchmarks.md.
#
#   tools/bench/run-pipeline.sh
#
# 1. In process, at every preset of BENCH_PIPELINE_PRESETS (PipelineScaling): replay rate (the relay's record values
#    decoded and folded; the decode and the fold each timed), projection heap per grant, snapshot write / size / load.
# 2. On a private suite per preset of BENCH_SUITE_PRESETS (deploy/local/iam up on free ports, own state dir, databases
#    and topic namespace; torn down after each preset):
#    - writes (on the fresh suite): WriteLoad, BENCH_WRITERS closed-loop writers per writer service through the gateway
#      for BENCH_SECONDS: writes/s, latency, and how long after the burst's last answer policy-service had applied all
#      of it (relay → Kafka → projection); then WriteToVisibleBench, BENCH_VISIBLE_ROUNDS sequential writes each
#      followed by a check with its consistency token;
#    - the writer services stopped (they would ingest the whole dataset into their read models, for minutes);
#    - seed: the preset's Dataset published to Kafka as the relays publish (NetworkCompareSeeder); policy-service's
#      apply rate (its applied-events counter sampled every 200 ms: first rise → all applied), with its access-change
#      feed and audit trail;
#      (no timed snapshots meanwhile: IAM_SNAPSHOT_INTERVAL=1h);
#    - a snapshot of everything, asked for (POST /policy/v1/admin/snapshot, answered once stored);
#    - heap: policy-service's used heap after a full GC (jcmd GC.run), per grant of the dataset;
#    - with BENCH_NETWORK_AT this preset: run-network-compare.sh on this suite, as it stands;
#    - restart: kill -9 of policy-service and deploy/local/iam restart: kill → ready;
#      then kill -9 again and a restart with snapshots off: kill → ready after replaying the whole log from Kafka, and
#      the replay's rate (its "Projection caught up" log line: events / time reading records).
#
# Settings (environment):
#   BENCH_BUILD=bench|all|none          bench (default): build tools/bench; all: also the four services; none: nothing
#   BENCH_PIPELINE_PRESETS="small medium large"   in-process sizes
#   BENCH_SUITE_PRESETS="small medium"            suite sizes (large: 10 M events through one broker; add it with time)
#   BENCH_WRITERS=8  BENCH_SECONDS=10  BENCH_WARMUP_SECONDS=3  BENCH_VISIBLE_ROUNDS=300
#   BENCH_SERVICE_JAVA_OPTS=-Xmx3g      the suite's services (IAM_SERVICE_JAVA_OPTS)
#   BENCH_INPROCESS_HEAP=-Xmx14g        PipelineScaling's heap (large needs ~10 GiB)
#   BENCH_INPROCESS_JVM="-XX:+UseTransparentHugePages -XX:MaxNewSize=2g"   its other JVM options: fresh memory is slow to
#                                        touch on these machines, and a young generation growing through gigabytes of it
#                                        during a measured replay made the medium size's rate swing (51 k to 135 k
#                                        events/s between two runs); capped, the young generation reuses its pages
#   PG_PORT                              PostgreSQL on 127.0.0.1 (default 5432)
#   BENCH_NETWORK_AT=PRESET             also run run-network-compare.sh on this preset's suite once it is seeded and
#                                        snapshotted (before the restarts), instead of that script seeding a suite of
#                                        its own; the seeder then writes BENCH_NETWORK_QUESTIONS (20000) questions.
#                                        run-peers.sh sets it: one seed of the dataset instead of two
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="$REPO/tools/bench"
WORK="$BENCH/target/pipeline"
RESULTS="${BENCH_RESULTS:-$BENCH/target/results}"
BENCH_BUILD="${BENCH_BUILD:-bench}"
BENCH_PIPELINE_PRESETS="${BENCH_PIPELINE_PRESETS-small medium large}"
BENCH_SUITE_PRESETS="${BENCH_SUITE_PRESETS-small medium}"
BENCH_WRITERS="${BENCH_WRITERS:-8}"
BENCH_SECONDS="${BENCH_SECONDS:-10}"
BENCH_WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-3}"
BENCH_VISIBLE_ROUNDS="${BENCH_VISIBLE_ROUNDS:-300}"
BENCH_SERVICE_JAVA_OPTS="${BENCH_SERVICE_JAVA_OPTS:--Xmx3g}"
BENCH_INPROCESS_HEAP="${BENCH_INPROCESS_HEAP:--Xmx14g}"
BENCH_INPROCESS_JVM="${BENCH_INPROCESS_JVM--XX:+UseTransparentHugePages -XX:MaxNewSize=2g}"
PG_PORT="${PG_PORT:-5432}"
BENCH_NETWORK_AT="${BENCH_NETWORK_AT:-}"
BENCH_NETWORK_QUESTIONS="${BENCH_NETWORK_QUESTIONS:-20000}"

STARTED=$(date +%s)
phase() { printf '\n\033[1m==> [%s +%ss] %s\033[0m\n' "$(date +%H:%M:%S)" "$(( $(date +%s) - STARTED ))" "$*"; }
info() { printf '    %s\n' "$*"; }
die() { printf 'run-pipeline: %s\n' "$*" >&2; exit 1; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

command -v java >/dev/null || die "java is not on the PATH"
command -v ss >/dev/null || die "ss (iproute2) is needed to find free ports"
command -v curl >/dev/null || die "curl is needed"

# ---------------------------------------------------------------------------------------------------- build
phase "build ($BENCH_BUILD)"
cd "$REPO"
# shellcheck source=tools/bench/lib/suite.sh
source "$BENCH/lib/suite.sh"
bench_build "$BENCH_BUILD"
# A private copy of the services and the bench classpath: a build in the shared tree cannot change the jars under a
# running suite.
SNAPSHOT="$WORK/artifacts"
rm -rf "$WORK"
mkdir -p "$RESULTS"
bench_snapshot "$SNAPSHOT" "$([[ -n "$BENCH_SUITE_PRESETS" ]] && echo "$REPO")"

# ---------------------------------------------------------------------------------------------------- in process
INPROCESS="$RESULTS/pipeline-inprocess.tsv"
rm -f "$INPROCESS"
if [[ -n "$BENCH_PIPELINE_PRESETS" ]]; then
  phase "in process: PipelineScaling at ${BENCH_PIPELINE_PRESETS// /, } (load average $(loadavg))"
  bench_java "-Xms${BENCH_INPROCESS_HEAP#-Xmx} $BENCH_INPROCESS_HEAP $BENCH_INPROCESS_JVM" io.iamsuite.bench.policy.PipelineScaling \
    --presets "$(tr ' ' ',' <<< "$BENCH_PIPELINE_PRESETS")" --out "$INPROCESS" > "$WORK/inprocess.txt"
fi

# ---------------------------------------------------------------------------------------------------- suites
SUITE="$RESULTS/pipeline-suite.tsv"
WRITES="$RESULTS/pipeline-writes.tsv"
rm -f "$SUITE" "$WRITES"
printf 'preset\tevents\tgrants\tseed_publish_s\tkafka_to_projection_s\tkafka_to_projection_events_per_s\tvisible_p50_ms\tvisible_p99_ms\theap_bytes\theap_bytes_per_grant\trestart_s\tsnapshot_load_ms\treplay_restart_s\treplay_events_per_s\tload_before\n' > "$SUITE"
export IAM_SKIP_BUILD=1
export IAM_SERVICE_JAVA_OPTS="$BENCH_SERVICE_JAVA_OPTS"
export IAM_HEALTH_TIMEOUT="${IAM_HEALTH_TIMEOUT:-300}"
# No timed snapshot (one an hour at most, none by event count): the seed's apply rate is policy-service's own, not
# shared with snapshot writes, and once everything is applied the script asks for one (POST /policy/v1/admin/snapshot)
# and measures its restart from that.
export IAM_SNAPSHOT_INTERVAL=1h
export IAM_SNAPSHOT_EVERY_EVENTS=1000000000
export PG_PORT
bench_kafka_libs
IAM="$REPO/deploy/local/iam"

SUITE_UP=0
cleanup() {
  local status=$?
  if [[ "$SUITE_UP" == 1 ]]; then
    phase "stopping the private suite (down --purge-db)"
    "$IAM" down --purge-db || true
  fi
  if [[ $status -ne 0 ]]; then printf '\nrun-pipeline: FAILED (exit %s)\n' "$status" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

metric() { curl -sf "$POLICY_MANAGEMENT/q/metrics" | awk -v m="$1" '$1 == m || index($1, m "{") == 1 {s += $NF} END {printf "%d", s}'; }

for preset in $BENCH_SUITE_PRESETS; do
  SUITE_ID="$(printf '%04x%04x' "$RANDOM" "$RANDOM")"
  export IAM_STATE_DIR="$WORK/suite-$preset"
  alloc_suite_ports
  export IAM_DB_PREFIX="iam_pipe_$SUITE_ID"
  export IAM_KAFKA_NAMESPACE="pipe$SUITE_ID"
  POLICY="http://127.0.0.1:$IAM_POLICY_PORT"
  POLICY_MANAGEMENT="http://127.0.0.1:$((IAM_POLICY_PORT + 1000))"
  GATEWAY="http://127.0.0.1:$IAM_GATEWAY_PORT"
  SECRET_FILE="$IAM_STATE_DIR/operator-secret"
  LOG="$IAM_STATE_DIR/logs/policy-service.log"
  OUT="$WORK/$preset"
  mkdir -p "$OUT"
  LOAD_BEFORE="$(loadavg)"

  phase "$preset: a private suite (gateway $GATEWAY, policy-service $POLICY, Kafka :$KAFKA_PORT; load average $LOAD_BEFORE)"
  SUITE_UP=1
  "$IAM" up --no-build > "$OUT/up.txt" 2>&1 || { tail -30 "$OUT/up.txt" >&2; die "deploy/local/iam up failed"; }

  phase "$preset: WriteLoad, $BENCH_WRITERS writers per writer service for ${BENCH_SECONDS}s each"
  bench_java -Xmx1g io.iamsuite.bench.load.WriteLoad --base-url "$GATEWAY" --operator-secret-file "$SECRET_FILE" \
    --writers "$BENCH_WRITERS" --seconds "$BENCH_SECONDS" --warmup-seconds "$BENCH_WARMUP_SECONDS" --label "$preset" \
    --out "$WRITES" 2>&1 | tee "$OUT/writes.txt" | sed 's/^/    /'
  [[ ${PIPESTATUS[0]} == 0 ]] || die "WriteLoad failed"

  phase "$preset: WriteToVisibleBench, $BENCH_VISIBLE_ROUNDS rounds"
  bench_java -Xmx1g io.iamsuite.bench.WriteToVisibleBench --base-url "$GATEWAY" --operator-secret-file "$SECRET_FILE" \
    --iterations "$BENCH_VISIBLE_ROUNDS" --warmup 50 --baseline 0 --report-dir "$OUT" > "$OUT/visible.txt" 2>&1 \
    || { tail -20 "$OUT/visible.txt" >&2; die "WriteToVisibleBench failed"; }
  VISIBLE_P50="$(grep 'write → visible (check with token)' "$OUT/visible.details.md" | awk -F'|' '{print $3}' | xargs)"
  VISIBLE_P99="$(grep 'write → visible (check with token)' "$OUT/visible.details.md" | awk -F'|' '{print $5}' | xargs)"
  info "write → visible: p50 $VISIBLE_P50, p99 $VISIBLE_P99"

  # The writer services consume every event of the dataset into their own read models (workspaces, members,
  # resources), as slowly as PostgreSQL takes the rows: a seeded suite would keep them busy for minutes. So the writes
  # are measured first, on the fresh suite (a write's cost depends on its workspace, not on the suite's total), and the
  # writers are stopped before the seed, so that policy-service's apply rate is its own.
  phase "$preset: stopping identity-, resource- and token-service before the seed"
  stop_writers

  phase "$preset: seed the Dataset through Kafka, wait until policy-service applied it"
  # policy-service's own apply rate while the records arrive: its applied-events counter sampled every 200 ms, from
  # the first sample above the start to the first that has them all (the seeder's own timing includes its set-up).
  BASE="$(metric iam_projection_applied_events)"
  ( while true; do echo "$(date +%s%N) $(metric iam_projection_applied_events)"; sleep 0.2; done ) > "$OUT/applied.txt" &
  POLLER=$!
  # the seeder stands in for the relays: huge pages and a capped young generation keep its fresh-memory faults (slow
  # on these machines) from taking the cores policy-service applies on
  bench_java "-Xmx6g -XX:+UseTransparentHugePages -XX:MaxNewSize=1g" io.iamsuite.bench.load.NetworkCompareSeeder --bootstrap "127.0.0.1:$KAFKA_PORT" \
    --namespace "$IAM_KAFKA_NAMESPACE" --policy-url "$POLICY" --management-url "$POLICY_MANAGEMENT" \
    --operator-secret-file "$SECRET_FILE" --preset "$preset" --questions "$([[ $preset == "$BENCH_NETWORK_AT" ]] && echo "$BENCH_NETWORK_QUESTIONS" || echo 1000)" \
    --out-dir "$OUT" 2> "$OUT/seed.txt" \
    || { kill "$POLLER"; tail -20 "$OUT/seed.txt" >&2; die "seeding $preset failed"; }
  kill "$POLLER" 2>/dev/null || true
  wait "$POLLER" 2>/dev/null || true
  EVENTS="$(sed -n 's/.*published \([0-9,]*\) events in \([0-9.]*\) s.*/\1/p' "$OUT/seed.txt" | tail -n1 | tr -d ,)"
  PUBLISH_S="$(sed -n 's/.*published [0-9,]* events in \([0-9.]*\) s.*/\1/p' "$OUT/seed.txt" | tail -n1)"
  GRANTS="$(sed -n 's/.* \([0-9,]*\) grants.*/\1/p' "$OUT/seed.txt" | head -n1 | tr -d ,)"
  APPLY_S="$(awk -v base="$BASE" -v want="$EVENTS" 'NF == 2 && $2 != "" {
      if (t0 == "" && $2 > base) t0 = $1
      if (t1 == "" && $2 >= base + want) t1 = $1 }
    END { if (t0 != "" && t1 != "") printf "%.1f", (t1 - t0) / 1e9 }' "$OUT/applied.txt")"
  [[ -n "$APPLY_S" ]] || die "could not time policy-service's apply from $OUT/applied.txt"
  APPLY_RATE="$(awk -v e="$EVENTS" -v s="$APPLY_S" 'BEGIN {printf "%.0f", (s > 0 ? e / s : 0)}')"
  info "$EVENTS events published in $PUBLISH_S s; policy-service applied them in $APPLY_S s ($APPLY_RATE events/s)"

  APPLIED="$(metric iam_projection_applied_events)"
  phase "$preset: a snapshot of all $APPLIED events, now (POST /policy/v1/admin/snapshot, waits until stored)"
  curl -sf -X POST -H "Authorization: Bearer $(cat "$SECRET_FILE")" \
    "$POLICY/policy/v1/admin/snapshot?waitSeconds=300" > "$OUT/snapshot.json" \
    || die "policy-service did not store a snapshot (POST /policy/v1/admin/snapshot; log: $LOG)"
  SNAPSHOT_EVENTS="$(sed -n 's/.*"eventsApplied":\([0-9]*\).*/\1/p' "$OUT/snapshot.json")"
  [[ -n "$SNAPSHOT_EVENTS" && "$SNAPSHOT_EVENTS" -ge "$APPLIED" ]] \
    || die "the snapshot holds ${SNAPSHOT_EVENTS:-no} events, not all $APPLIED: $(cat "$OUT/snapshot.json")"
  info "$(grep 'Projection snapshot #[0-9]* taken' "$LOG" | tail -n1 | sed 's/.*\(Projection snapshot\)/\1/')"

  POLICY_PID="$(suite_pid policy-service)" || die "policy-service is not running"
  # after the snapshot: while one is being written its buffers (~250 MB at medium) are live on the heap too
  phase "$preset: policy-service heap after a full GC"
  jcmd "$POLICY_PID" GC.run > /dev/null
  sleep 1
  HEAP="$(curl -sf "$POLICY_MANAGEMENT/q/metrics" | awk '/^jvm_memory_used_bytes\{/ && /area="heap"/ {s += $NF} END {printf "%d", s}')"
  [[ "$HEAP" -gt 0 ]] || die "no jvm_memory_used_bytes{area=\"heap\"} in policy-service's metrics"
  HEAP_PER_GRANT="$(awk -v h="$HEAP" -v g="$GRANTS" 'BEGIN {printf "%.0f", (g > 0 ? h / g : 0)}')"
  info "heap used $(( HEAP >> 20 )) MiB ($HEAP_PER_GRANT bytes per grant of the dataset, the JVM's own share included)"

  if [[ "$preset" == "$BENCH_NETWORK_AT" ]]; then
    # The seeded suite as it stands: nothing more is written, so no snapshot is taken during the runs.
    phase "$preset: the network comparison on this suite (run-network-compare.sh, attached)"
    BENCH_BUILD=none BENCH_ATTACH_DIR="$OUT" BENCH_PRESET="$preset" "$BENCH/run-network-compare.sh" \
      || die "the network comparison failed"
  fi

  phase "$preset: kill -9 policy-service (pid $POLICY_PID), restart, until ready"
  kill -9 "$POLICY_PID"
  killed=$(date +%s%N)
  # kill -9 returns before the kernel has reaped the process and closed its listening sockets: a restart that
  # starts at once finds the port still taken (deploy/local/iam refuses), so wait for the process to be gone.
  for _ in $(seq 1 500); do kill -0 "$POLICY_PID" 2>/dev/null || break; sleep 0.01; done
  "$IAM" restart policy-service > "$OUT/restart.txt" 2>&1 &
  restart_pid=$!
  ready=""
  while [[ -z "$ready" ]]; do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$POLICY_MANAGEMENT/q/health/ready" || true)" == 200 ]]; then
      ready=$(date +%s%N)
    elif ! kill -0 "$restart_pid" 2>/dev/null; then
      cat "$OUT/restart.txt" >&2; die "deploy/local/iam restart policy-service ended before policy-service was ready"
    else
      sleep 0.05
    fi
  done
  wait "$restart_pid" || die "deploy/local/iam restart policy-service failed (see $OUT/restart.txt)"
  RESTART_S=$(awk -v a="$killed" -v b="$ready" 'BEGIN {printf "%.1f", (b - a) / 1e9}')
  LOADED="$(grep -o 'Loaded projection snapshot #.*' "$LOG" | tail -n1)"
  [[ -n "$LOADED" ]] || die "policy-service did not load a snapshot after the restart (log: $LOG)"
  LOAD_MS="$(sed -n 's/.* in \([0-9]*\) ms.*/\1/p' <<< "$LOADED")"
  info "kill -9 → ready: $RESTART_S s ($LOADED)"

  phase "$preset: kill -9 again, restart with snapshots off (IAM_SNAPSHOT_ENABLED=false): a full replay from Kafka"
  POLICY_PID="$(suite_pid policy-service)" || die "policy-service is not running"
  kill -9 "$POLICY_PID"
  for _ in $(seq 1 500); do kill -0 "$POLICY_PID" 2>/dev/null || break; sleep 0.01; done
  killed=$(date +%s%N)
  IAM_SNAPSHOT_ENABLED=false "$IAM" restart policy-service > "$OUT/replay.txt" 2>&1 \
    || { cat "$OUT/replay.txt" >&2; die "deploy/local/iam restart policy-service (snapshots off) failed"; }
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$POLICY_MANAGEMENT/q/health/ready" || true)" == 200 ]]; do
    sleep 0.05
  done
  REPLAY_S=$(awk -v a="$killed" -v b="$(date +%s%N)" 'BEGIN {printf "%.1f", (b - a) / 1e9}')
  CAUGHT="$(grep -o 'Projection caught up: .*' "$LOG" | tail -n1)"
  RECORDS_MS="$(sed -n 's/.*records \([0-9]*\) ms).*/\1/p' <<< "$CAUGHT")"
  REPLAYED="$(sed -n 's/Projection caught up: \([0-9]*\) events applied.*/\1/p' <<< "$CAUGHT")"
  REPLAY_RATE="$(awk -v e="${REPLAYED:-0}" -v ms="${RECORDS_MS:-0}" 'BEGIN {printf "%.0f", (ms > 0 ? e * 1000 / ms : 0)}')"
  info "kill -9 → ready with a full replay: $REPLAY_S s; $CAUGHT ($REPLAY_RATE events/s while reading records)"

  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$preset" "$EVENTS" "$GRANTS" "$PUBLISH_S" "$APPLY_S" \
    "$APPLY_RATE" "$VISIBLE_P50" "$VISIBLE_P99" "$HEAP" "$HEAP_PER_GRANT" "$RESTART_S" "${LOAD_MS:-}" "$REPLAY_S" \
    "$REPLAY_RATE" "$LOAD_BEFORE" >> "$SUITE"

  phase "$preset: stopping the suite"
  "$IAM" down --purge-db > "$OUT/down.txt" 2>&1 || true
  SUITE_UP=0
done

# ---------------------------------------------------------------------------------------------------- report
phase "report: $RESULTS/pipeline.md"
bench_java -Xmx256m io.iamsuite.bench.report.PipelineReport --results "$RESULTS"
cat "$RESULTS/pipeline.md"
phase "done in $(( $(date +%s) - STARTED )) s"
