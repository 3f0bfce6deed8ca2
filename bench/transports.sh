#!/usr/bin/env bash
# Compares Spring Integration's two server connection-factory styles (blocking I/O on virtual
# threads vs NIO) side by side with a real redis-server, using redis-benchmark on loopback.
# Runs alternate (net, nio, redis, net, nio, redis, ...) so drift in the machine hits all alike;
# the table shows the median of ROUNDS runs.
#
#   bench/transports.sh            # ROUNDS=3 REQUESTS=200000
#   ROUNDS=5 REQUESTS=500000 bench/transports.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS=${ROUNDS:-3}
REQUESTS=${REQUESTS:-200000}
NET_PORT=${NET_PORT:-$(bench_free_port)}
NIO_PORT=${NIO_PORT:-$(bench_free_port)}
REDIS_PORT=${REDIS_PORT:-$(bench_free_port)}
bench_time_limit "${MAX_SECONDS:-1800}"
bench_require_redis
bench_raise_nofile 4096
BENCH_JAR=$(bench_jar)

bench_start_kvserver net "$NET_PORT" --kvserver.transport=net
bench_start_kvserver nio "$NIO_PORT" --kvserver.transport=nio
bench_start_redis redis "$REDIS_PORT"

# workload name | redis-benchmark arguments
BENCH_WORKLOADS=(
  "c50 P1|-c 50 -P 1 -t set,get,incr"
  "c50 P16|-c 50 -P 16 -t set,get"
  "c1000 P1|-c 1000 -P 1 -t get"
)
BENCH_TARGETS=("net:$NET_PORT" "nio:$NIO_PORT" "redis:$REDIS_PORT")
results=$(mktemp)

bench_warm_up

for round in $(seq 1 "$ROUNDS"); do
  bench_benchmark_round "$results" "$REQUESTS"
  echo "round $round/$ROUNDS done" >&2
done

echo
echo "Median of $ROUNDS alternating runs, $REQUESTS requests each, redis-benchmark -r 100000 on 127.0.0.1 ($(nproc) cores)."
echo
python3 "$BENCH_ROOT/bench/summarize.py" "$results" --targets net,nio,redis --base redis
rm -f "$results"
