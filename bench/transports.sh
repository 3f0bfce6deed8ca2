#!/usr/bin/env bash
# Compares kvserver's transports (or any kvserver settings) side by side with a real redis-server,
# using redis-benchmark on loopback. Runs alternate (loop, net, nio, redis, loop, ...) so drift in
# the machine hits all alike; the table shows the median of ROUNDS runs and of the single rounds' ratios.
#
#   bench/transports.sh                       # ROUNDS=3 REQUESTS=200000, the three transports
#   ROUNDS=5 REQUESTS=500000 bench/transports.sh
#   CONFIGS="loop1:--kvserver.transport=loop,--kvserver.event-loops=1 loop2:--kvserver.transport=loop,--kvserver.event-loops=2" \
#     bench/transports.sh                     # NAME:comma-separated server arguments, one per configuration
#   WORKLOADS="c50 P1|-c 50 -t get" bench/transports.sh   # ';'-separated NAME|redis-benchmark arguments
#   BASE=loop bench/transports.sh             # ratios against another configuration than redis
# Every configuration starts with the JVM flags of pom.xml (KV_JAVA_OPTS, see lib.sh); to compare
# garbage collectors, clear them: KV_JAVA_OPTS= CONFIGS="g1:-XX:+UseG1GC zgc:-XX:+UseZGC" ...
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS=${ROUNDS:-3}
REQUESTS=${REQUESTS:-200000}
CONFIGS=${CONFIGS:-"loop:--kvserver.transport=loop net:--kvserver.transport=net nio:--kvserver.transport=nio"}
WORKLOADS=${WORKLOADS:-"c50 P1|-c 50 -P 1 -t set,get,incr;c50 P16|-c 50 -P 16 -t set,get;c1000 P1|-c 1000 -P 1 -t get"}
bench_time_limit "${MAX_SECONDS:-1800}"
bench_require_redis
bench_raise_nofile 4096
BENCH_JAR=$(bench_jar)

bench_start_configs "$CONFIGS"

IFS=';' read -r -a BENCH_WORKLOADS <<<"$WORKLOADS"
results=$(mktemp)

bench_warm_up

for round in $(seq 1 "$ROUNDS"); do
  bench_benchmark_round "$results" "$REQUESTS"
  echo "round $round/$ROUNDS done" >&2
done

echo
echo "Median of $ROUNDS alternating runs, $REQUESTS requests each, redis-benchmark -r 100000 on 127.0.0.1 ($(nproc) cores)."
echo "Configurations: $CONFIGS"
echo
python3 "$BENCH_ROOT/bench/summarize.py" "$results" --targets "$(IFS=,; echo "${BENCH_NAMES[*]}"),redis" --base "${BASE:-redis}"
rm -f "$results"
