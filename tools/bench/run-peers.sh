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
#   BENCH_JMH="-wi 2 -i 3 -w 1 -r 1"             JMH iteration settings
#   BENCH_NETWORK=1                 also run tools/bench/run-network-compare.sh when it exists
#   BENCH_BUILD=1                   build tools/bench first (0: use what is built)
#   BENCH_UPDATE_DOC=1              rewrite docs/benchmarks.md and docs/img (0: results only)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PRESET=${BENCH_PRESET:-medium}
ENGINES=${BENCH_ENGINES:-"ours jcasbin-domain-rbac jcasbin-role-graph jcasbin-cached cedar-templates cedar-role-entities"}
SCALING=${BENCH_SCALING_PRESETS:-"small medium large"}
JMH_OPTS=${BENCH_JMH:-"-wi 2 -i 3 -w 1 -r 1"}
RESULTS=$ROOT/tools/bench/target/results
mkdir -p "$RESULTS"
started=$(date +%s)
say() { echo "[peers $(( $(date +%s) - started ))s] $*" >&2; }

if [[ ${BENCH_BUILD:-1} == 1 ]]; then
  say "building tools/bench"
  ./mvnw -B -q -o package -DskipTests -pl tools/bench -am
fi
CP="$ROOT/tools/bench/target/classes:$(cat "$ROOT/tools/bench/target/bench.classpath")"
JAVA=${JAVA:-java}

{
  echo "Run on $(date -u '+%Y-%m-%d %H:%M UTC') at commit $(git rev-parse --short HEAD) with \`tools/bench/run-peers.sh\`"
  echo "(preset $PRESET). Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB, $("$JAVA" -version 2>&1 | head -1); load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "The machine is shared and has 2 cores: compare ratios measured in this run, not absolute times across runs."
} > "$RESULTS/machine.md"

# 1. Conformance: every peer against ours on 10,000 questions of the dataset; only agreeing engines are measured.
peers=()
for e in $ENGINES; do [[ $e == ours ]] || peers+=("$e"); done
agreeing="ours"
if (( ${#peers[@]} )); then
  say "conformance of ${peers[*]} on $PRESET (10,000 questions)"
  set +e
  "$JAVA" -Xms8g -Xmx8g -cp "$CP" io.iamsuite.bench.peers.Conformance --preset "$PRESET" --questions 10000 "${peers[@]}" \
    > "$RESULTS/conformance.txt" 2> "$RESULTS/conformance.log"
  set -e
  cat "$RESULTS/conformance.txt" >&2
  for e in "${peers[@]}"; do
    if grep -q "^$e agrees" "$RESULTS/conformance.txt"; then agreeing="$agreeing,$e"; fi
  done
fi
say "measuring: $agreeing"

# 2. In process, side by side (JMH, one fork per engine and measure).
# shellcheck disable=SC2086  # JMH_OPTS is a list of options
"$JAVA" -cp "$CP" org.openjdk.jmh.Main PeerBench -p engine="$agreeing" -p preset="$PRESET" $JMH_OPTS \
  -jvmArgs "-Xms8g -Xmx8g" -rf json -rff "$RESULTS/peer-jmh.json" > "$RESULTS/peer-jmh.log" 2>&1 \
  || { tail -40 "$RESULTS/peer-jmh.log" >&2; exit 1; }
say "in-process run done"

# 3. Cost against dataset size: ours at every size, peers at the sizes up to medium.
small_peers=$(echo "$agreeing" | tr ',' '\n' | grep -v '^ours$' | grep -v cached | paste -sd, - || true)
scaling_json=()
for preset in $SCALING; do
  engines=ours
  if [[ $preset != large && -n $small_peers ]]; then engines="ours,$small_peers"; fi
  say "scaling: checkAllowed at $preset ($engines)"
  # shellcheck disable=SC2086
  "$JAVA" -cp "$CP" org.openjdk.jmh.Main 'PeerBench.checkAllowed' -p engine="$engines" -p preset="$preset" $JMH_OPTS \
    -jvmArgs "-Xms12g -Xmx12g" -rf json -rff "$RESULTS/scaling-$preset.json" > "$RESULTS/scaling-$preset.log" 2>&1 \
    || { tail -40 "$RESULTS/scaling-$preset.log" >&2; exit 1; }
  scaling_json+=("$RESULTS/scaling-$preset.json")
done
"$JAVA" -cp "$CP" io.iamsuite.bench.report.MergeJson "$RESULTS/scaling-jmh.json" "${scaling_json[@]}"

# 4. Over the network (ours vs Cerbos), when the comparison is built.
if [[ ${BENCH_NETWORK:-1} == 1 && -x tools/bench/run-network-compare.sh ]]; then
  say "network comparison"
  tools/bench/run-network-compare.sh
fi

# 5. Tables and plots.
if [[ ${BENCH_UPDATE_DOC:-1} == 1 ]]; then
  "$JAVA" -Djava.awt.headless=true -cp "$CP" io.iamsuite.bench.report.PeerReport --results "$RESULTS" \
    --doc docs/benchmarks.md --img docs/img
fi
say "done in $(( $(date +%s) - started )) s; results in $RESULTS"
