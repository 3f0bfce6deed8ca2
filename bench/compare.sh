#!/usr/bin/env bash
# kvserver side by side with a real redis-server, both on loopback: the built jar and Debian's
# redis-server (installed if missing) on two free ports, warmed up, then in alternation
# (kvserver, redis, kvserver, redis, ...) so drift in the machine hits both alike:
#   - redis-benchmark SET,GET,INCR,MSET at 50 clients (unpipelined and -P 16) and at 1,000 clients;
#   - EVALSHA of "return redis.call('incr', KEYS[1])" at 50 clients (-P 1 and -P 16), and an EVAL of ten
#     redis.calls (bench_script_round in lib.sh);
#   - the load-test runner's sustained sweep (bench/loadtest) against each;
#   - then, unless EXTRAS=0, bench/memory.sh (bytes per key) and bench/metrics-overhead.sh (metrics
#     on vs off), so one command gives every row of the performance table.
# Prints a Markdown table of the medians over ROUNDS rounds (ops/s, p50, p99, kvserver/redis, and the
# median and range of the single rounds' ratios) and keeps it, the raw results (results.txt), one chart
# of both servers on the same axes (kvserver-vs-redis.png: bench/loadtest chart) and each sweep's
# CSV/JSON/PNG in OUT.
#
#   bench/compare.sh                                  # the defaults below are sized to finish within 10 minutes
#   ROUNDS=5 SWEEP=500,800,1000,1200 SWEEP_DURATION=60 bench/compare.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS=${ROUNDS:-3}
REQUESTS=${REQUESTS:-100000}         # per redis-benchmark test
SWEEP=${SWEEP:-500,1000}             # connections of the sustained sweep
SWEEP_DURATION=${SWEEP_DURATION:-15} # seconds measured per sweep point, after:
SWEEP_RAMPUP=${SWEEP_RAMPUP:-2}      #   seconds over which the connections open
SWEEP_WARMUP=${SWEEP_WARMUP:-3}      #   seconds of unmeasured load
KV_PORT=${KV_PORT:-$(bench_free_port)}
REDIS_PORT=${REDIS_PORT:-$(bench_free_port)}
OUT=${OUT:-$BENCH_ROOT/bench/results/compare-$(date +%Y%m%d-%H%M%S)}

points=$(tr ',' '\n' <<<"$SWEEP" | wc -l)
sweep_timeout=$((points * (SWEEP_DURATION + SWEEP_RAMPUP + SWEEP_WARMUP + 10) + 60))
# The whole script, whatever happens: every sweep at its bound plus 5 minutes of redis-benchmark a round.
MAX_SECONDS=${MAX_SECONDS:-$((1800 + ROUNDS * (2 * sweep_timeout + 300)))}
bench_time_limit "$MAX_SECONDS"
most_connections=$(tr ',' '\n' <<<"$SWEEP,1000" | sort -n | tail -1)
# One descriptor per connection in the client and in the server, plus the JVM's own files.
bench_raise_nofile $((most_connections + 1024))
bench_require_redis
BENCH_JAR=$(bench_jar)
mkdir -p "$OUT"

bench_start_kvserver kvserver "$KV_PORT" --kvserver.maxclients=$((most_connections + 100))
bench_start_redis redis "$REDIS_PORT" --maxclients $((most_connections + 100))
BENCH_TARGETS=("kvserver:$KV_PORT" "redis:$REDIS_PORT")
echo "kvserver on :$KV_PORT, redis-server $(redis-server --version | grep -o 'v=[0-9.]*' | cut -c3-) on :$REDIS_PORT;" \
  "$ROUNDS rounds, time limit $MAX_SECONDS s; results in $OUT" >&2

BENCH_WORKLOADS=(
  "c50 P1|-c 50 -P 1 -t set,get,incr,mset"
  # Ten times the requests: at -P 16 the default would be over in a fifth of a second, so one GC
  # pause decided the run (ops/s of the same server varied 1.5x between rounds).
  "c50 P16|-c 50 -P 16 -t set,get,incr,mset -n $((REQUESTS * 10))"
  "c1000 P1|-c 1000 -P 1 -t set,get,incr,mset"
)
results="$OUT/results.txt"
: >"$results"

bench_warm_up

for round in $(seq 1 "$ROUNDS"); do
  bench_benchmark_round "$results" "$REQUESTS"
  bench_script_round "$results" "$REQUESTS"
  for t in "${BENCH_TARGETS[@]}"; do
    dir="$OUT/round$round"
    mkdir -p "$dir"
    timeout "$sweep_timeout" "$BENCH_ROOT/bench/loadtest" --port "${t#*:}" --connections "$SWEEP" \
      --duration "${SWEEP_DURATION}s" --ramp-up "${SWEEP_RAMPUP}s" --warm-up "${SWEEP_WARMUP}s" --progress 10s \
      --out "$dir" --label "${t%%:*}" >"$dir/${t%%:*}.txt" \
      || bench_fail "the sustained sweep against ${t%%:*} failed; see $dir/${t%%:*}.txt"
    # scenario,connections,...,errors(6),...,ops_per_sec(8),p50_ms(9),p90_ms,p99_ms(11)
    awk -F',' -v target="${t%%:*}" 'NR>1 { print "sustained c" $2 "|GET/SET 80/20|" target "|" $8 "|" $9 "|" $11 "|" $6 }' \
      "$dir/${t%%:*}-sustained.csv" >>"$results"
  done
  echo "round $round/$ROUNDS done" >&2
done

{
  echo "Median of $ROUNDS alternating rounds on 127.0.0.1 ($(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB):"
  echo "redis-benchmark -n $REQUESTS -r 100000; sustained sweep: bench/loadtest, ${SWEEP_DURATION} s measured per point"
  echo "after ${SWEEP_RAMPUP} s ramp-up and ${SWEEP_WARMUP} s warm-up, 80% GET / 20% SET on one key, 0-100 ms think time."
  echo
  python3 "$BENCH_ROOT/bench/summarize.py" "$results" --targets kvserver,redis --base redis
} | tee "$OUT/compare.md"
# Both servers on the same axes: the sweep's medians against connections, redis-benchmark's per command.
"$BENCH_ROOT/bench/loadtest" chart "$results" --out "$OUT/kvserver-vs-redis.png" >&2
if [ "${EXTRAS:-1}" != 0 ]; then
  bench_cleanup # the servers above stop first: the next scripts want the machine to themselves
  { echo; echo "Memory (bench/memory.sh):"; echo; "$BENCH_ROOT/bench/memory.sh"; } | tee -a "$OUT/compare.md"
  { echo; echo "Metrics on vs off (bench/metrics-overhead.sh):"; "$BENCH_ROOT/bench/metrics-overhead.sh"; } | tee -a "$OUT/compare.md"
fi
echo >&2
echo "table: $OUT/compare.md; chart: $OUT/kvserver-vs-redis.png; each sweep's own: $OUT/round*/*-sustained.png" >&2
