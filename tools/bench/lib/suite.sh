# shellcheck shell=bash
# Shared by the benchmark scripts that run a private suite (run-network-compare.sh, run-pipeline.sh): a private copy
# of the built artifacts, the bench classpath, free ports, the pids of the suite's services. Source it after REPO,
# BENCH and die() are set.

# bench_snapshot DIR [SERVICES_ROOT]: copies the four services (when SERVICES_ROOT is given) and the bench jars under
# DIR, so that a build by someone else in the shared tree cannot change the jars under a running suite; sets
# CLASSPATH_BENCH (the bench classpath, the tree's own jars replaced by their copies) and exports IAM_SERVICES_ROOT.
bench_snapshot() {
  local dir=$1 services_from=${2:-} jar entry svc
  jar="$(compgen -G "$BENCH/target/iam-bench-*.jar" || true)"
  [[ -n "$jar" && -f "$BENCH/target/bench.classpath" ]] || die "tools/bench is not built (run with BENCH_BUILD=bench)"
  mkdir -p "$dir/lib"
  if [[ -n "$services_from" ]]; then
    for svc in identity-service resource-service token-service policy-service; do
      [[ -f "$services_from/$svc/target/quarkus-app/quarkus-run.jar" ]] \
        || die "$svc is not built in $services_from (run with BENCH_BUILD=all)"
      mkdir -p "$dir/$svc/target"
      cp -a "$services_from/$svc/target/quarkus-app" "$dir/$svc/target/"
    done
    export IAM_SERVICES_ROOT="$dir"
  fi
  CLASSPATH_BENCH=""
  local entries
  IFS=':' read -r -a entries <<< "$jar:$(cat "$BENCH/target/bench.classpath")"
  for entry in "${entries[@]}"; do
    if [[ "$entry" == "$REPO"/* ]]; then
      cp -a "$entry" "$dir/lib/"
      entry="$dir/lib/$(basename "$entry")"
    fi
    CLASSPATH_BENCH="${CLASSPATH_BENCH:+$CLASSPATH_BENCH:}$entry"
  done
}

# bench_java <heap options> <main class> args...: a bench main on CLASSPATH_BENCH
bench_java() {
  local heap=$1; shift # shellcheck disable=SC2086
  java $heap -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CLASSPATH_BENCH" "$@"
}

# alloc_port VAR: the next port from a random base that nothing listens on (nor on it + 1000, the management port),
# exported as VAR
declare -A BENCH_TAKEN_PORTS=()
while read -r port; do BENCH_TAKEN_PORTS[$port]=1; done < <(ss -Htln | awk '{print $4}' | sed 's/.*://' | sort -u)
bench_next_port=$(( 20000 + (RANDOM % 200) * 100 ))
alloc_port() {
  while [[ -n "${BENCH_TAKEN_PORTS[$bench_next_port]:-}" || -n "${BENCH_TAKEN_PORTS[$((bench_next_port + 1000))]:-}" ]]; do
    bench_next_port=$((bench_next_port + 1))
  done
  BENCH_TAKEN_PORTS[$bench_next_port]=1
  printf -v "$1" '%s' "$bench_next_port"
  export "${1?}"
}

# alloc_suite_ports: every port deploy/local/iam needs, allocated and exported
alloc_suite_ports() {
  local var
  for var in IAM_GATEWAY_PORT IAM_GATEWAY_GRPC_PORT IAM_IDENTITY_PORT IAM_RESOURCE_PORT IAM_TOKEN_PORT IAM_POLICY_PORT \
             KAFKA_PORT KAFKA_CONTROLLER_PORT; do
    alloc_port "$var"
  done
}

# suite_pid SERVICE: the pid of a service of this suite (deploy/local/iam's pid file, checked against the process'
# command line, so that a stale pid file never names another process)
suite_pid() {
  local pid
  pid="$(tr -dc '0-9' < "$IAM_STATE_DIR/run/$1.pid" 2>/dev/null)" || return 1
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "-Ddeploy.iam.state-dir=$IAM_STATE_DIR " || return 1
  echo "$pid"
}

# stop_writers: SIGTERM to identity-, resource- and token-service of this suite at once, then up to 20 s for each to go
stop_writers() {
  local svc pid pids=()
  # all three at once: each takes a few seconds to shut down, one after the other they took ~18 s
  for svc in identity-service resource-service token-service; do
    if pid="$(suite_pid "$svc")"; then
      kill -TERM "$pid"
      pids+=("$pid")
    fi
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do [[ -r "/proc/$pid/stat" ]] || break; sleep 0.2; done
  done
}

# bench_kafka_libs: IAM_KAFKA_LIBS_DIR, unless set: the Kafka jars of the default local suite when they are complete,
# else a cache under tools/bench/target (deploy/local/iam downloads them there once)
bench_kafka_libs() {
  if [[ -z "${IAM_KAFKA_LIBS_DIR:-}" ]]; then
    if [[ -f "$REPO/deploy/local/.state/kafka/libs/.complete" ]]; then
      export IAM_KAFKA_LIBS_DIR="$REPO/deploy/local/.state/kafka/libs"
    else
      export IAM_KAFKA_LIBS_DIR="$BENCH/target/kafka-libs"
    fi
  fi
}

# cpu_ticks PID: CPU used so far, "<process ticks> <machine busy ticks>" (100 ticks per second)
cpu_ticks() {
  local pid=$1 proc=0
  [[ -r "/proc/$pid/stat" ]] && proc="$(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')"
  echo "$proc $(awk 'NR == 1 {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat)"
}

# bench_build MODE: all (tools/bench and the four services, with what they need), bench (tools/bench only) or none;
# offline, from the repository's root
bench_build() {
  local modules
  case "$1" in
    all)   modules="tools/bench,identity-service,resource-service,token-service,policy-service" ;;
    bench) modules="tools/bench" ;;
    none)  return 0 ;;
    *)     die "BENCH_BUILD must be all, bench or none" ;;
  esac
  printf '    %s\n' "./mvnw -B -q -o package -DskipTests -pl $modules -am"
  (cd "$REPO" && ./mvnw -B -q -o package -DskipTests -pl "$modules" -am)
}
