# Shared by the bench scripts (sourced, not run): the built jar, servers started on loopback and
# checked to be the process we started, the open-files limit, a time bound, and cleanup on exit.
# shellcheck shell=bash

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_PIDS=()

bench_fail() {
  echo "error: $*" >&2
  exit 1
}

# The JDK the build selects (pom.xml: maven-toolchains-plugin, execution jdk-home), so the servers and
# tools run on the JDK the tests ran on, whatever java is on PATH. Maven's errors (no JDK 21+: what
# to install) go to stderr.
bench_jdk_home() {
  local out
  if ! out=$(cd "$BENCH_ROOT" && ./mvnw -B -q validate exec:exec@jdk-home 2>/dev/null); then
    echo "$out" >&2
    bench_fail "./mvnw could not select a JDK 21 or newer (above)"
  fi
  echo "$out" | tail -1
}
BENCH_JDK=$(bench_jdk_home)

bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${BENCH_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  BENCH_PIDS=()
}
trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Ends the script (and, through the EXIT trap, everything it started) after $1 seconds at most.
bench_time_limit() {
  local seconds=$1 script=$$
  (
    # stopped early (the usual case), the watchdog takes its sleep along
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep "$seconds" &
    sleeper=$!
    wait "$sleeper" || exit 0
    echo "error: time limit of $seconds s reached, stopping" >&2
    kill -TERM "$script"
  ) &
  BENCH_PIDS+=($!)
}

# The executable jar, built first when it is missing or older than the sources.
bench_jar() {
  local jar
  jar=$(ls "$BENCH_ROOT"/target/kvserver-*.jar 2>/dev/null | grep -v '\.original$' | head -1 || true)
  if [ -z "$jar" ] || [ -n "$(find "$BENCH_ROOT/src/main" "$BENCH_ROOT/pom.xml" -newer "$jar" -print -quit)" ]; then
    echo "building the jar (./mvnw package -DskipTests)..." >&2
    (cd "$BENCH_ROOT" && ./mvnw -B -q -DskipTests package >&2)
    jar=$(ls "$BENCH_ROOT"/target/kvserver-*.jar | grep -v '\.original$' | head -1)
  fi
  echo "$jar"
}

# A loopback port nobody listens on right now (the machine may be shared: fixed ports collide).
bench_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Raises this shell's open-files limit to at least $1 (every connection is a descriptor on both
# ends), or fails saying so: connects failing for want of descriptors would pass for server errors.
bench_raise_nofile() {
  local need=$1
  if [ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge "$need" ]; then return 0; fi
  if ulimit -n "$need" 2>/dev/null; then return 0; fi
  if ulimit -Hn "$need" 2>/dev/null && ulimit -n "$need" 2>/dev/null; then return 0; fi
  bench_fail "cannot raise the open-files limit to $need (soft $(ulimit -n), hard $(ulimit -Hn));" \
    "raise it as root (ulimit -Hn $need, or nofile in /etc/security/limits.conf) or use fewer connections"
}

bench_require_redis() {
  local tool missing=()
  for tool in redis-server redis-benchmark redis-cli; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing Debian's redis-server and redis-tools (missing: ${missing[*]})..." >&2
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server redis-tools >/dev/null \
    || bench_fail "could not install redis-server and redis-tools; install them with apt-get"
}

# The server's JVM flags as pom.xml defines them for ./mvnw spring-boot:run (docs/performance.md, "JVM flags"),
# unless KV_JAVA_OPTS is set (empty for the JVM's defaults).
bench_jvm_flags() {
  sed -n 's:.*<kvserver.jvm.flags>\(.*\)</kvserver.jvm.flags>.*:\1:p' "$BENCH_ROOT/pom.xml"
}
KV_JAVA_OPTS=${KV_JAVA_OPTS-$(bench_jvm_flags)}

# bench_start_kvserver NAME PORT [--kvserver.x=y | -XX:jvm-option ...]: the jar on 127.0.0.1:PORT,
# log in target/bench-NAME.log. Arguments starting with a single '-' are JVM options (after
# KV_JAVA_OPTS, so they win), the others the server's.
bench_start_kvserver() {
  local name=$1 port=$2 arg jvm=() app=(); shift 2
  for arg in "$@"; do
    if [[ $arg == --* ]]; then app+=("$arg"); else jvm+=("$arg"); fi
  done
  # shellcheck disable=SC2086
  "$BENCH_JDK/bin/java" ${KV_JAVA_OPTS:-} "${jvm[@]}" -jar "$BENCH_JAR" --kvserver.port="$port" --kvserver.bind=127.0.0.1 \
    --server.port=0 "${app[@]}" >"$BENCH_ROOT/target/bench-$name.log" 2>&1 &
  BENCH_PIDS+=($!)
  bench_await_server "$name" "$port" $!
}

# bench_start_configs "NAME:arg,arg NAME:arg ...": one kvserver per configuration, then a
# redis-server named redis, each on a free port. Sets BENCH_TARGETS ("name:port" each), BENCH_NAMES
# (the kvserver names) and BENCH_PID_OF (name -> pid, redis included).
declare -A BENCH_PID_OF
bench_start_configs() {
  local config name port args
  BENCH_TARGETS=()
  BENCH_NAMES=()
  for config in $1; do
    name=${config%%:*}
    port=$(bench_free_port)
    IFS=',' read -r -a args <<<"${config#*:}"
    bench_start_kvserver "$name" "$port" "${args[@]}"
    BENCH_PID_OF[$name]=${BENCH_PIDS[-1]}
    BENCH_TARGETS+=("$name:$port")
    BENCH_NAMES+=("$name")
  done
  port=$(bench_free_port)
  bench_start_redis redis "$port"
  BENCH_PID_OF[redis]=${BENCH_PIDS[-1]}
  BENCH_TARGETS+=("redis:$port")
}

# bench_start_redis NAME PORT [redis-server options...]: a throw-away redis-server, persisting nothing.
bench_start_redis() {
  local name=$1 port=$2; shift 2
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$BENCH_ROOT/target" "$@" \
    >"$BENCH_ROOT/target/bench-$name.log" 2>&1 &
  BENCH_PIDS+=($!)
  bench_await_server "$name" "$port" $!
}

# Waits until PORT answers and INFO names PID as its process: on a shared machine a port can be
# someone else's, and benchmarking their server would be wrong twice over.
bench_await_server() {
  local name=$1 port=$2 pid=$3 i
  for i in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null \
      || bench_fail "$name exited before answering on port $port; see target/bench-$name.log: $(tail -3 "$BENCH_ROOT/target/bench-$name.log")"
    if redis-cli -p "$port" info server 2>/dev/null | tr -d '\r' | grep -qx "process_id:$pid"; then
      return 0
    fi
    sleep 0.5
  done
  bench_fail "$name (pid $pid) did not answer on port $port within 60 s; see target/bench-$name.log"
}

# bench_redis_benchmark RESULTS WORKLOAD TARGET PORT [redis-benchmark args...]: one redis-benchmark
# run, appended to RESULTS as summarize.py lines (workload|command|target|ops/s|p50|p99).
bench_redis_benchmark() {
  local results=$1 workload=$2 target=$3 port=$4; shift 4
  timeout "${BENCH_STEP_TIMEOUT:-300}" redis-benchmark -p "$port" --csv "$@" 2>/dev/null \
    | awk -F',' -v target="$target" -v wl="$workload" \
      'NR>1 { gsub(/"/, ""); print wl "|" $1 "|" target "|" $2 "|" $5 "|" $7 }' \
    >>"$results" || bench_fail "redis-benchmark $* against $target failed or timed out"
}

# The scripts set BENCH_TARGETS ("name:port" each) and BENCH_WORKLOADS ("name|redis-benchmark args").

# Warm-up of every target: JIT compilation on the JVM side, page faults on both.
bench_warm_up() {
  local t
  for t in "${BENCH_TARGETS[@]}"; do
    timeout "${BENCH_STEP_TIMEOUT:-300}" redis-benchmark -p "${t#*:}" -q -n 100000 -c 50 -P 16 -t set,get,incr >/dev/null
    timeout "${BENCH_STEP_TIMEOUT:-300}" redis-benchmark -p "${t#*:}" -q -n 100000 -c 50 -t set,get,incr >/dev/null
  done
}

# Scripting rows (issue 15): EVALSHA of a one-redis.call script unpipelined and at -P 16, and an EVAL
# whose script makes ten redis.calls. Scripts contain blanks, so they cannot be BENCH_WORKLOADS words;
# the ten-call one has no comma either, since redis-benchmark's CSV names a test by its command line.
BENCH_INCR_SCRIPT="return redis.call('incr', KEYS[1])"
BENCH_TEN_CALLS_SCRIPT="local n = 0 while n < 10 do n = n + 1 redis.call(unpack({'incr'; KEYS[1]})) end return n"

# bench_script_round RESULTS REQUESTS: the scripting rows against every target in turn.
bench_script_round() {
  local results=$1 requests=$2 t sha
  for t in "${BENCH_TARGETS[@]}"; do
    sha=$(redis-cli -p "${t#*:}" script load "$BENCH_INCR_SCRIPT") || bench_fail "SCRIPT LOAD on ${t%%:*} failed"
    bench_redis_benchmark "$results" "c50 P1" "${t%%:*}" "${t#*:}" -n "$requests" -r 100000 -c 50 -P 1 \
      evalsha "$sha" 1 "key:__rand_int__"
    bench_redis_benchmark "$results" "c50 P16" "${t%%:*}" "${t#*:}" -n $((requests * 10)) -r 100000 -c 50 -P 16 \
      evalsha "$sha" 1 "key:__rand_int__"
    bench_redis_benchmark "$results" "c50 P1" "${t%%:*}" "${t#*:}" -n "$requests" -r 100000 -c 50 -P 1 \
      eval "$BENCH_TEN_CALLS_SCRIPT" 1 "key:__rand_int__"
  done
}

# bench_benchmark_round RESULTS REQUESTS: every workload against every target in turn.
bench_benchmark_round() {
  local results=$1 requests=$2 w t
  for w in "${BENCH_WORKLOADS[@]}"; do
    for t in "${BENCH_TARGETS[@]}"; do
      # shellcheck disable=SC2086
      bench_redis_benchmark "$results" "${w%%|*}" "${t%%:*}" "${t#*:}" -n "$requests" -r 100000 ${w#*|}
    done
  done
}
