#!/usr/bin/env bash
# Issue 7's one command: conformance of every peer against our evaluator, then ours and the peers side by side
# (JMH in process, network on loopback, cost against dataset size), then docs/benchmarks.md's peers section and the
# plots in docs/img rewritten from the results.
#
#   tools/bench/run-peers.sh
#
# Settings (environment):
#   BENCH_PRESET=medium            dataset of the side-by-side run (small, medium, large)
#   BENCH_ENGINES="..."            in-process engines (default: ours and every peer encoding)
#   BENCH_SCALING_PRESETS="small medium large"   sizes of the cost-against-size run (ours; peers at small and medium)
#   BENCH_JMH="-wi 2 -w 1 -r 1"                  JMH iteration settings; the measured iterations' count comes from
#                                   PeerBench (2, and 3 for batch100 and whatCanSee, whose calls take milliseconds):
#                                   an -i here would set it for all
#   BENCH_JMH_JVM="-XX:+UseTransparentHugePages -XX:MaxNewSize=1g"
#                                   JVM options of every engine's fork and of the conformance run, after the heap (the
#                                   same for all). Huge pages: policy-service runs with them too (deploy/local/iam's
#                                   IAM_POLICY_JAVA_OPTS). The young generation capped at 1 GiB: on these virtual
#                                   machines a page of fresh memory is slow to touch (an 8 GiB heap pre-touched: 10 s,
#                                   5 s with huge pages), and G1 otherwise grows its young generation through gigabytes
#                                   of it while an engine loads: 1-2.5 s more per fork, the same answers and latencies
#   BENCH_NETWORK=1                 also run tools/bench/run-network-compare.sh (ours vs Cerbos on loopback)
#   BENCH_PIPELINE=1                also run tools/bench/run-pipeline.sh (our pipeline: in process at small, medium
#                                   and large; on a running suite at BENCH_SUITE_PRESETS, default the run's preset)
#   BENCH_BUILD=1                   build first: tools/bench, and the four services when the network comparison or
#                                   the pipeline runs (0: use what is built)
#   BENCH_UPDATE_DOC=1              rewrite docs/benchmarks.md and docs/img (0: results only)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PRESET=${BENCH_PRESET:-medium}
ENGINES=${BENCH_ENGINES:-"ours jcasbin-domain-rbac jcasbin-role-graph jcasbin-cached cedar-templates cedar-role-entities"}
SCALING=${BENCH_SCALING_PRESETS:-"small medium large"}
JMH_OPTS=${BENCH_JMH:-"-wi 2 -w 1 -r 1"}
JMH_JVM=${BENCH_JMH_JVM-"-XX:+UseTransparentHugePages -XX:MaxNewSize=1g"}
RESULTS=$ROOT/tools/bench/target/results
mkdir -p "$RESULTS"
# PeerBench's ours fork leaves the questions our evaluator allows and denies here; the peers' forks take them instead
# of loading ours again (emptied first: the answers belong to this build)
export BENCH_QUESTION_CACHE="$RESULTS/questions"
rm -rf "$BENCH_QUESTION_CACHE"
started=$(date +%s)
say() { echo "[peers $(( $(date +%s) - started ))s] $*" >&2; }

if [[ ${BENCH_BUILD:-1} == 1 ]]; then
  modules=tools/bench
  if [[ ${BENCH_NETWORK:-1} == 1 || ${BENCH_PIPELINE:-1} == 1 ]]; then
    modules="tools/bench,identity-service,resource-service,token-service,policy-service"
  fi
  say "building $modules"
  # two threads: the services build side by side once the platform is built (~20 s less than one after the other)
  ./mvnw -B -q -o package -DskipTests -T 2 -pl "$modules" -am
fi
CP="$ROOT/tools/bench/target/classes:$(cat "$ROOT/tools/bench/target/bench.classpath")"
JAVA=${JAVA:-java}

{
  echo "Run on $(date -u '+%Y-%m-%d %H:%M UTC') at commit $(git rev-parse --short HEAD) with \`tools/bench/run-peers.sh\`"
  echo "(preset $PRESET). Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB, $("$JAVA" -version 2>&1 | head -1); load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "JVM options of every engine's JMH fork: heap \`-Xms8g -Xmx8g\` (\`-Xms14g -Xmx14g\` at large)${JMH_JVM:+ and \`$JMH_JVM\`}"
  echo "(transparent huge pages: kernel mode $(sed -n 's/.*\[\(.*\)\].*/\1/p' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo unknown))."
  echo "The machine is shared and has 2 cores: compare ratios measured in this run, not absolute times across runs."
} > "$RESULTS/machine.md"
# how fast the machine serves memory and computes, before and after the in-process part (a few seconds each): our
# check waits on memory, the peers' mostly compute (docs/benchmarks.md compares machines by these figures)
probe() {
  local line
  # shellcheck disable=SC2086  # JMH_JVM is a list of options
  line=$("$JAVA" -Xms1g -Xmx1g $JMH_JVM -cp "$CP" io.iamsuite.bench.MachineProbe "$1") \
    || line="Machine probe ($1): failed (a diagnostic only; the run goes on)."
  say "$line"
  printf '\n%s\n' "$line" >> "$RESULTS/machine.md"
}

# 1. Conformance: every peer against ours on 10,000 questions of the dataset; only agreeing engines are measured.
peers=()
for e in $ENGINES; do [[ $e == ours ]] || peers+=("$e"); done
# Cerbos answers over the network (section 4); its conformance runs here with the others, through both of its APIs.
if [[ ${BENCH_NETWORK:-1} == 1 ]]; then
  CERBOS_BINARY="$(tools/bench/cerbos/install.sh)"
  export CERBOS_BINARY
  peers+=(cerbos-grpc cerbos-http)
fi
agreeing="ours"
if (( ${#peers[@]} )); then
  say "conformance of ${peers[*]} on $PRESET (10,000 questions)"
  set +e
  # shellcheck disable=SC2086  # JMH_JVM is a list of options
  "$JAVA" -Xms8g -Xmx8g $JMH_JVM -cp "$CP" io.iamsuite.bench.peers.Conformance --preset "$PRESET" --questions 10000 "${peers[@]}" \
    > "$RESULTS/conformance.txt" 2> "$RESULTS/conformance.log"
  set -e
  cat "$RESULTS/conformance.txt" >&2
  for e in "${peers[@]}"; do
    if grep -q "^$e agrees" "$RESULTS/conformance.txt"; then agreeing="$agreeing,$e"; fi
  done
fi
say "measuring: $agreeing"

# 2. In process, side by side (JMH, one fork per engine and measure). Only the measures that mean something for an
# engine run (a fork's set-up loads the whole dataset, so each fork costs): ours everything, including the two HashMap
# floors (the answers to every question of the dataset, built only in that fork, and the 4,096 answers asked); the
# uncached peers the checks, batch, what-can-see and change costs; the cached jCasbin its own workload (half
# the checks first seen, writes invalidating) and a plain check.
jmh() { # jmh NAME REGEX ENGINES PRESET
  [[ -n "$3" ]] || return 0
  # shellcheck disable=SC2086  # JMH_OPTS is a list of options
  "$JAVA" -cp "$CP" org.openjdk.jmh.Main "$2" -p engine="$3" -p preset="$4" $JMH_OPTS \
    -jvmArgs "${JMH_HEAP:--Xms8g -Xmx8g}${JMH_JVM:+ $JMH_JVM}" -rf json -rff "$RESULTS/$1.json" > "$RESULTS/$1.log" 2>&1 \
    || { tail -40 "$RESULTS/$1.log" >&2; exit 1; }
  # JMH exits 0 when a benchmark's set-up or iteration fails; its log says <failure>
  if grep -q '<failure>' "$RESULTS/$1.log"; then
    grep -m1 -A3 '<failure>' "$RESULTS/$1.log" >&2
    echo "run-peers: a JMH benchmark failed (see $RESULTS/$1.log)" >&2
    exit 1
  fi
}
uncached=$(echo "$agreeing" | tr ',' '\n' | grep -v '^ours$' | grep -v cached | grep -v '^cerbos' | paste -sd, - || true)
cached=$(echo "$agreeing" | tr ',' '\n' | grep cached | paste -sd, - || true)
probe "before the in-process part"
say "in process at $PRESET: ours"
jmh peer-jmh-ours 'PeerBench' ours "$PRESET"
say "in process at $PRESET: ${uncached:-no uncached peer}"
jmh peer-jmh-peers 'PeerBench\.(checkAllowed|checkDenied|batch100|whatCanSee|addToGroupThenCheck|assignLabelThenCheck)$' \
  "$uncached" "$PRESET"
say "in process at $PRESET: ${cached:-no cached peer}"
jmh peer-jmh-cached 'PeerBench\.(checkAllowed|halfNewWithWrites)$' "$cached" "$PRESET"
parts=()
for f in peer-jmh-ours peer-jmh-peers peer-jmh-cached; do [[ -f "$RESULTS/$f.json" ]] && parts+=("$RESULTS/$f.json"); done
"$JAVA" -cp "$CP" io.iamsuite.bench.report.MergeJson "$RESULTS/peer-jmh.json" "${parts[@]}"
say "in-process run done"

# 3. Cost against dataset size: ours at every size, the uncached peers at the sizes up to medium; the run's own preset
# is already measured above.
scaling_json=("$RESULTS/peer-jmh.json")
for preset in $SCALING; do
  [[ $preset == "$PRESET" ]] && continue
  engines=ours
  if [[ $preset != large && -n $uncached ]]; then engines="ours,$uncached"; fi
  say "scaling: checkAllowed at $preset ($engines)"
  JMH_HEAP=$([[ $preset == large ]] && echo "-Xms14g -Xmx14g" || echo "-Xms8g -Xmx8g") \
    jmh "scaling-$preset" 'PeerBench.checkAllowed$' "$engines" "$preset"
  scaling_json+=("$RESULTS/scaling-$preset.json")
done
"$JAVA" -cp "$CP" io.iamsuite.bench.report.MergeJson "$RESULTS/scaling-jmh.json" "${scaling_json[@]}"
probe "after the in-process part"

# 4. Over the network (ours vs Cerbos), and 4b. our own pipeline at several sizes (writes per service, Kafka ->
# projection, write -> visible, replay, snapshot, restart, heap per grant; its pipeline.md goes into the section below).
# Both need the dataset seeded into a suite through Kafka (about a minute at medium): when both run and the pipeline's
# suite is of the run's preset, the network comparison runs on that suite, once it is seeded (BENCH_NETWORK_AT), instead
# of seeding one of its own.
rm -f "$RESULTS/pipeline.md" "$RESULTS/pipeline-inprocess.tsv" "$RESULTS/pipeline-suite.tsv" "$RESULTS/pipeline-writes.tsv"
# the suite part at the run's preset only (run-pipeline.sh on its own does small and medium): a suite per size costs
# about 3-4 minutes, and the in-process part already shows the growth over all three sizes
SUITE_PRESETS="${BENCH_SUITE_PRESETS:-$PRESET}"
# the first run of each Java network client warms the JIT up until the answer rate stops rising (at most
# BENCH_INITIAL_WARMUP_SECONDS, run-network-compare.sh's default 30 s): a fixed 6 s left ours at 11.5-12.6 k checks/s
# at saturation (108-128 µs of server CPU per check) against 21-31 k with 10 s, and 10 s was not enough on a slow machine
network_at=""
if [[ ${BENCH_NETWORK:-1} == 1 ]]; then
  if [[ ${BENCH_PIPELINE:-1} == 1 && " $SUITE_PRESETS " == *" $PRESET "* ]]; then
    network_at=$PRESET
  else
    say "network comparison"
    BENCH_BUILD=none BENCH_PRESET="$PRESET" tools/bench/run-network-compare.sh
  fi
fi
if [[ ${BENCH_PIPELINE:-1} == 1 ]]; then
  say "pipeline at several sizes${network_at:+, with the network comparison on its $network_at suite}"
  BENCH_BUILD=none BENCH_RESULTS="$RESULTS" BENCH_SUITE_PRESETS="$SUITE_PRESETS" BENCH_NETWORK_AT="$network_at" \
    tools/bench/run-pipeline.sh
fi

# 5. Tables and plots.
if [[ ${BENCH_UPDATE_DOC:-1} == 1 ]]; then
  "$JAVA" -Djava.awt.headless=true -cp "$CP" io.iamsuite.bench.report.PeerReport --results "$RESULTS" \
    --doc docs/benchmarks.md --img docs/img
fi
say "done in $(( $(date +%s) - started )) s; results in $RESULTS"
