#!/usr/bin/env bash
# Server CPU time per request (user and system, from /proc/<pid>/stat), for kvserver configurations
# side by side with a real redis-server: a cost too small for ops/s to resolve on a shared 2-core
# machine (metrics on vs off, say) still shows here. Runs alternate; the table shows medians.
#
#   bench/cpu-per-request.sh                      # metrics on vs off, ROUNDS=5 REQUESTS=1000000, -c 50 GET
#   CONFIGS="a: b:--kvserver.transport=net" WORKLOAD="-c 50 -t set" bench/cpu-per-request.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS=${ROUNDS:-5}
REQUESTS=${REQUESTS:-1000000}
CONFIGS=${CONFIGS:-"on:--kvserver.metrics.latency.enabled=true off:--kvserver.metrics.latency.enabled=false"}
WORKLOAD=${WORKLOAD:-"-c 50 -t get"}
bench_time_limit "${MAX_SECONDS:-1800}"
bench_require_redis
BENCH_JAR=$(bench_jar)
HZ=$(getconf CLK_TCK)

bench_start_configs "$CONFIGS"
BENCH_WORKLOADS=("warm-up|$WORKLOAD")
bench_warm_up

# user and system clock ticks the process has used so far
cpu_ticks() { awk '{ print $14, $15 }' "/proc/$1/stat"; }

results=$(mktemp)
for round in $(seq 1 "$ROUNDS"); do
  # each round starts with the next server, so no server always runs first or after the same one
  count=${#BENCH_TARGETS[@]}
  order=("${BENCH_TARGETS[@]:$(( (round - 1) % count ))}" "${BENCH_TARGETS[@]:0:$(( (round - 1) % count ))}")
  for t in "${order[@]}"; do
    name=${t%%:*}
    read -r user0 sys0 < <(cpu_ticks "${BENCH_PID_OF[$name]}")
    # shellcheck disable=SC2086
    ops=$(timeout "${BENCH_STEP_TIMEOUT:-300}" redis-benchmark -p "${t#*:}" --csv -n "$REQUESTS" -r 100000 $WORKLOAD \
      | awk -F',' 'NR == 2 { gsub(/"/, ""); print $2 }')
    read -r user1 sys1 < <(cpu_ticks "${BENCH_PID_OF[$name]}")
    echo "$name $ops $((user1 - user0)) $((sys1 - sys0))" >>"$results"
  done
  echo "round $round/$ROUNDS done" >&2
done

echo
echo "Median of $ROUNDS alternating runs, redis-benchmark $WORKLOAD -n $REQUESTS -r 100000 on 127.0.0.1 ($(nproc) cores)."
echo "Configurations: $CONFIGS"
echo
python3 - "$results" "$REQUESTS" "$HZ" "${BENCH_TARGETS[@]%%:*}" <<'PY'
import statistics, sys
results, requests, hz, names = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
runs = {n: [] for n in names}
for line in open(results):
    name, ops, user, system = line.split()
    runs[name].append((float(ops), int(user), int(system)))
us = lambda ticks: ticks / hz / requests * 1e6
print("| server | ops/s | user µs per request | system µs per request | total µs per request |")
print("|---|---:|---:|---:|---:|")
for n in names:
    r = runs[n]
    ops = statistics.median(x[0] for x in r)
    user = statistics.median(us(x[1]) for x in r)
    system = statistics.median(us(x[2]) for x in r)
    total = statistics.median(us(x[1] + x[2]) for x in r)
    print(f"| {n} | {ops:,.0f} | {user:.2f} | {system:.2f} | {total:.2f} |")
PY
rm -f "$results"
