#!/usr/bin/env bash
# What the hot-path metrics cost: the same jar with per-command latency timing on and off
# (kvserver.metrics.latency.enabled), and optionally other builds, e.g. one from before the
# metrics (EXTRA="name=path/to/kvserver.jar ..."), side by side under redis-benchmark on loopback.
# Runs alternate (on, off, extras, on, off, ...) so drift in the machine hits all alike; the table
# shows the median of ROUNDS runs and the ratio of "on" to each other target.
#
#   bench/metrics-overhead.sh                                   # ROUNDS=5 REQUESTS=200000
#   EXTRA="baseline=/tmp/old/kvserver.jar" ROUNDS=7 bench/metrics-overhead.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/find-jdk >/dev/null

ROUNDS=${ROUNDS:-5}
REQUESTS=${REQUESTS:-200000}
ON_PORT=${ON_PORT:-16580}
OFF_PORT=${OFF_PORT:-16581}
EXTRA_PORT=${EXTRA_PORT:-16582}
JAR=$(ls target/kvserver-*.jar 2>/dev/null | grep -v '\.original$' | head -1 || true)
if [ -z "$JAR" ]; then
  ./mvnw -B -q -DskipTests package
  JAR=$(ls target/kvserver-*.jar | grep -v '\.original$' | head -1)
fi
command -v redis-benchmark >/dev/null || { echo "needs redis-benchmark: apt-get install redis-tools" >&2; exit 1; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

start() { # $1 name, $2 jar, $3 port, $4... extra arguments
  local name=$1 jar=$2 port=$3; shift 3
  "$JAVA_HOME/bin/java" -jar "$jar" --kvserver.port="$port" --kvserver.bind=127.0.0.1 --server.port=0 "$@" \
    >"target/bench-$name.log" 2>&1 &
  pids+=($!)
}
targets=("on:$ON_PORT" "off:$OFF_PORT")
start on "$JAR" "$ON_PORT" --kvserver.metrics.latency.enabled=true
start off "$JAR" "$OFF_PORT" --kvserver.metrics.latency.enabled=false
port=$EXTRA_PORT
for extra in ${EXTRA:-}; do
  start "${extra%%=*}" "${extra#*=}" "$port"
  targets+=("${extra%%=*}:$port")
  port=$((port + 1))
done
for t in "${targets[@]}"; do
  for _ in $(seq 1 120); do redis-cli -p "${t#*:}" ping >/dev/null 2>&1 && break; sleep 0.5; done
  redis-cli -p "${t#*:}" ping >/dev/null || { echo "server ${t%%:*} did not start" >&2; exit 1; }
done

workloads=(
  "c50 P1|-c 50 -P 1 -t set,get"
  "c50 P16|-c 50 -P 16 -t set,get"
)
results=$(mktemp)

# Warm-up: JIT compilation.
for t in "${targets[@]}"; do
  redis-benchmark -p "${t#*:}" -q -n 100000 -c 50 -P 16 -t set,get >/dev/null
  redis-benchmark -p "${t#*:}" -q -n 100000 -c 50 -t set,get >/dev/null
done

for round in $(seq 1 "$ROUNDS"); do
  for w in "${workloads[@]}"; do
    name=${w%%|*}; args=${w#*|}
    for t in "${targets[@]}"; do
      # shellcheck disable=SC2086
      redis-benchmark -p "${t#*:}" -n "$REQUESTS" -r 100000 --csv $args 2>/dev/null \
        | awk -F',' -v target="${t%%:*}" -v wl="$name" 'NR>1 { gsub(/"/, ""); print wl "|" $1 "|" target "|" $2 "|" $5 "|" $7 }' \
        >>"$results"
    done
  done
  echo "round $round/$ROUNDS done" >&2
done

echo
echo "Median of $ROUNDS alternating runs, $REQUESTS requests each, redis-benchmark -r 100000 on 127.0.0.1 ($(nproc) cores)."
echo
python3 - "$results" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(lambda: collections.defaultdict(list))
order, names = [], []
for line in open(sys.argv[1]):
    wl, cmd, target, rps, p50, p99 = line.strip().split("|")
    if (wl, cmd) not in order:
        order.append((wl, cmd))
    if target not in names:
        names.append(target)
    rows[(wl, cmd)][target].append((float(rps), float(p50), float(p99)))
med = lambda vals, i: statistics.median(v[i] for v in vals)
others = [n for n in names if n != "on"]
print("| workload | command | " + " | ".join(f"{n} ops/s" for n in names) + " | "
      + " | ".join(f"on/{n}" for n in others) + " | p99 ms " + " / ".join(names) + " |")
print("|---|---|" + "---:|" * (len(names) + len(others)) + "---|")
for key in order:
    r = rows[key]
    print(f"| {key[0]} | {key[1]} | " + " | ".join(f"{med(r[n],0):,.0f}" for n in names) + " | "
          + " | ".join(f"{med(r['on'],0)/med(r[n],0):.3f}" for n in others) + " | "
          + " / ".join(f"{med(r[n],2):.3f}" for n in names) + " |")
PY
rm -f "$results"
