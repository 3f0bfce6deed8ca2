#!/usr/bin/env bash
# Compares Spring Integration's two server connection-factory styles (blocking I/O on virtual
# threads vs NIO) side by side with a real redis-server, using redis-benchmark on loopback.
# Runs alternate (net, nio, redis, net, nio, redis, ...) so drift in the machine hits all alike;
# the table shows the median of ROUNDS runs.
#
#   bench/transports.sh            # ROUNDS=3 REQUESTS=200000
#   ROUNDS=5 REQUESTS=500000 bench/transports.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/find-jdk >/dev/null

ROUNDS=${ROUNDS:-3}
REQUESTS=${REQUESTS:-200000}
NET_PORT=${NET_PORT:-16380}
NIO_PORT=${NIO_PORT:-16381}
REDIS_PORT=${REDIS_PORT:-16382}
JAR=$(ls target/kvserver-*.jar 2>/dev/null | grep -v '\.original$' | head -1 || true)
if [ -z "$JAR" ]; then
  ./mvnw -B -q -DskipTests package
  JAR=$(ls target/kvserver-*.jar | grep -v '\.original$' | head -1)
fi
command -v redis-benchmark >/dev/null && command -v redis-server >/dev/null \
  || { echo "needs redis-server and redis-benchmark: apt-get install redis-server redis-tools" >&2; exit 1; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

start_kvserver() { # $1 transport, $2 port
  "$JAVA_HOME/bin/java" ${KV_JAVA_OPTS:-} -jar "$JAR" --kvserver.transport="$1" --kvserver.port="$2" \
    --kvserver.bind=127.0.0.1 --server.port=0 >"target/bench-$1.log" 2>&1 &
  pids+=($!)
}
start_kvserver net "$NET_PORT"
start_kvserver nio "$NIO_PORT"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >target/bench-redis.log 2>&1 &
pids+=($!)
for port in "$NET_PORT" "$NIO_PORT" "$REDIS_PORT"; do
  for _ in $(seq 1 120); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.5; done
  redis-cli -p "$port" ping >/dev/null || { echo "server on port $port did not start" >&2; exit 1; }
done

# workload name | redis-benchmark arguments
workloads=(
  "c50 P1|-c 50 -P 1 -t set,get,incr"
  "c50 P16|-c 50 -P 16 -t set,get"
  "c1000 P1|-c 1000 -P 1 -t get"
)
targets=("net:$NET_PORT" "nio:$NIO_PORT" "redis:$REDIS_PORT")
results=$(mktemp)

# Warm-up: JIT compilation on the JVM side, page faults on both.
for t in "${targets[@]}"; do
  redis-benchmark -p "${t#*:}" -q -n 100000 -c 50 -P 16 -t set,get,incr >/dev/null
  redis-benchmark -p "${t#*:}" -q -n 100000 -c 50 -t set,get,incr >/dev/null
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
echo "| workload | command | net ops/s | nio ops/s | redis ops/s | net/redis | nio/redis | p50 ms net / nio / redis | p99 ms net / nio / redis |"
echo "|---|---|---:|---:|---:|---:|---:|---|---|"
python3 - "$results" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(lambda: collections.defaultdict(list))
order = []
for line in open(sys.argv[1]):
    wl, cmd, target, rps, p50, p99 = line.strip().split("|")
    key = (wl, cmd)
    if key not in order:
        order.append(key)
    rows[key][target].append((float(rps), float(p50), float(p99)))
def med(vals, i):
    return statistics.median(v[i] for v in vals)
for key in order:
    r = rows[key]
    n, o, d = (r[t] for t in ("net", "nio", "redis"))
    print(f"| {key[0]} | {key[1]} | {med(n,0):,.0f} | {med(o,0):,.0f} | {med(d,0):,.0f} | "
          f"{med(n,0)/med(d,0):.2f} | {med(o,0)/med(d,0):.2f} | "
          f"{med(n,1):.3f} / {med(o,1):.3f} / {med(d,1):.3f} | {med(n,2):.3f} / {med(o,2):.3f} / {med(d,2):.3f} |")
PY
rm -f "$results"
