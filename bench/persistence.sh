#!/usr/bin/env bash
# Persistence side by side with a real redis-server, both on loopback, same settings (issue 17):
#   1. appendonly yes, appendfsync everysec and always: redis-benchmark -t set,incr at -c 50 -P 1 and
#      -P 16, kvserver and redis alternating over ROUNDS rounds (medians and per-round ratios);
#   2. KEYS keys (SET key:<n> of VALUE_SIZE bytes): dump.rdb size, and the startup load of that
#      dump and of an AOF holding the same keys as commands (each server's own log line "DB loaded
#      from disk" / "DB loaded from append only file", seconds);
#   3. BGSAVE of those keys under redis-benchmark load (-c 50 SET/GET): p99 without and with a BGSAVE
#      running, and the extra memory during the snapshot (peak RSS of the server and its children,
#      Redis's fork included, sampled every 50 ms, minus the RSS before).
# Prints Markdown tables and keeps them with the raw results in OUT.
#
#   bench/persistence.sh                               # the real sitting: 1,000,000 keys, 3 rounds
#   KEYS=20000 REQUESTS=5000 ROUNDS=1 bench/persistence.sh   # a quick check that it runs
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS=${ROUNDS:-3}
REQUESTS=${REQUESTS:-100000}     # per redis-benchmark run of part 1 (ten times that at -P 16)
KEYS=${KEYS:-1000000}            # keys of parts 2 and 3
VALUE_SIZE=${VALUE_SIZE:-32}
LOAD_SECONDS=${LOAD_SECONDS:-20} # part 3: length of each redis-benchmark run
OUT=${OUT:-$BENCH_ROOT/bench/results/persistence-$(date +%Y%m%d-%H%M%S)}
MAX_SECONDS=${MAX_SECONDS:-$((1800 + ROUNDS * 600))}

bench_time_limit "$MAX_SECONDS"
bench_raise_nofile 4096
bench_require_redis
BENCH_JAR=$(bench_jar)
mkdir -p "$OUT"
results="$OUT/results.txt"
: >"$results"
echo "redis-server $(redis-server --version | grep -o 'v=[0-9.]*' | cut -c3-), kvserver $BENCH_JAR;" \
  "$ROUNDS rounds, $KEYS keys; results in $OUT" >&2

# stop_servers: ends every server started so far (the time-limit watchdog stays).
stop_servers() {
  local keep=() pid
  for pid in "${BENCH_PIDS[@]}"; do
    if ps -o cmd= -p "$pid" 2>/dev/null | grep -q -e redis-server -e kvserver; then
      redis-cli -p "$(ps -o cmd= -p "$pid" | grep -o -e '--port [0-9]*' -e '--kvserver.port=[0-9]*' | grep -o '[0-9]*$')" \
        shutdown nosave >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    else
      keep+=("$pid")
    fi
  done
  BENCH_PIDS=("${keep[@]}")
}

# fill PORT: KEYS SETs through redis-cli --pipe.
fill() {
  python3 - "$KEYS" "$VALUE_SIZE" <<'EOF' | redis-cli -p "$1" --pipe >/dev/null
import sys
keys, size = int(sys.argv[1]), int(sys.argv[2])
out = sys.stdout.buffer
for n in range(keys):
    key = b"key:%d" % n
    value = (b"%d:" % n).ljust(size, b"x")
    out.write(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(key), key, len(value), value))
EOF
}

# loaded_seconds LOG: the seconds in the server's "DB loaded from ..." line.
loaded_seconds() {
  grep -o 'DB loaded from [a-z ]*: [0-9.]* seconds' "$1" | tail -1 | grep -o '[0-9.]* seconds' | cut -d' ' -f1
}

# rss_tree PID: resident kB of the process and its children (Redis's fork child while it saves).
rss_tree() {
  local total=0 pid
  for pid in $1 $(pgrep -P "$1" || true); do
    total=$((total + $(ps -o rss= -p "$pid" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

start() { # start NAME PORT DIR [args...]: kvserver or redis-server by NAME, persisting into DIR
  local name=$1 port=$2 dir=$3; shift 3
  mkdir -p "$dir"
  if [ "$name" = kvserver ]; then
    bench_start_kvserver "$name" "$port" --kvserver.dir="$dir" --kvserver.save= "$@"
  else
    bench_start_redis "$name" "$port" --dir "$dir" "$@"
  fi
}

# --- 1. throughput with appendonly yes
for fsync in everysec always; do
  for round in $(seq 1 "$ROUNDS"); do
    for name in kvserver redis; do
      port=$(bench_free_port)
      dir="$OUT/aof-$fsync-$name"
      rm -rf "$dir"
      if [ "$name" = kvserver ]; then
        start kvserver "$port" "$dir" --kvserver.appendonly=true --kvserver.appendfsync="$fsync"
      else
        start redis "$port" "$dir" --appendonly yes --appendfsync "$fsync"
      fi
      timeout 300 redis-benchmark -p "$port" -q -n "$REQUESTS" -c 50 -P 16 -t set,incr >/dev/null # warm-up
      bench_redis_benchmark "$results" "aof $fsync c50 P1" "$name" "$port" -n "$REQUESTS" -r 100000 -c 50 -P 1 -t set,incr
      bench_redis_benchmark "$results" "aof $fsync c50 P16" "$name" "$port" -n $((REQUESTS * 10)) -r 100000 -c 50 -P 16 \
        -t set,incr
      stop_servers
    done
    echo "appendfsync $fsync: round $round/$ROUNDS done" >&2
  done
done

# --- 2. dump size and startup load, RDB and AOF
sizes="$OUT/load.txt"
: >"$sizes"
for name in kvserver redis; do
  port=$(bench_free_port)
  dir="$OUT/load-$name"
  rm -rf "$dir"
  if [ "$name" = kvserver ]; then
    start kvserver "$port" "$dir" --kvserver.appendonly=true --kvserver.appendfsync=everysec
  else
    start redis "$port" "$dir" --appendonly yes --appendfsync everysec
  fi
  fill "$port"
  redis-cli -p "$port" save >/dev/null
  echo "$name dump.rdb bytes $(stat -c %s "$dir/dump.rdb")" >>"$sizes"
  echo "$name appendonlydir bytes $(du -sb "$dir/appendonlydir" | cut -f1)" >>"$sizes"
  stop_servers
  for source in rdb aof; do
    for round in $(seq 1 "$ROUNDS"); do
      port=$(bench_free_port)
      if [ "$name" = kvserver ]; then
        start kvserver "$port" "$dir" --kvserver.appendonly=$([ $source = aof ] && echo true || echo false)
      else
        start redis "$port" "$dir" --appendonly $([ $source = aof ] && echo yes || echo no)
      fi
      echo "$name load $source seconds $(loaded_seconds "$BENCH_ROOT/target/bench-$name.log")" >>"$sizes"
      stop_servers
    done
  done
done

# --- 3. BGSAVE under load: p99 and extra memory
bgsave="$OUT/bgsave.txt"
: >"$bgsave"
for name in kvserver redis; do
  port=$(bench_free_port)
  dir="$OUT/bgsave-$name"
  rm -rf "$dir"
  start "$name" "$port" "$dir"
  pid=${BENCH_PIDS[-1]}
  fill "$port"
  requests=$((LOAD_SECONDS * 20000))
  for phase in quiet bgsave; do
    for round in $(seq 1 "$ROUNDS"); do
      before=$(rss_tree "$pid")
      peak=$before
      redis-benchmark -p "$port" --csv -n "$requests" -r "$KEYS" -c 50 -t set,get >"$OUT/bench-$name-$phase.csv" 2>/dev/null &
      load=$!
      sleep 1
      [ "$phase" = bgsave ] && redis-cli -p "$port" bgsave >/dev/null
      while kill -0 "$load" 2>/dev/null; do
        now=$(rss_tree "$pid")
        [ "$now" -gt "$peak" ] && peak=$now
        sleep 0.05
      done
      wait "$load" || bench_fail "redis-benchmark against $name failed"
      awk -F',' -v n="$name" -v p="$phase" -v extra=$((peak - before)) \
        'NR>1 { gsub(/"/, ""); print n "|" p "|" $1 "|ops/s " $2 "|p50 " $5 "|p99 " $7 "|extra RSS kB " extra }' \
        "$OUT/bench-$name-$phase.csv" >>"$bgsave"
      while redis-cli -p "$port" info persistence | grep -q 'rdb_bgsave_in_progress:1'; do sleep 0.2; done
    done
  done
  stop_servers
done

{
  echo "## appendonly yes: redis-benchmark -t set,incr, median of $ROUNDS rounds"
  python3 "$BENCH_ROOT/bench/summarize.py" "$results" --targets kvserver,redis --base redis
  echo
  echo "## $KEYS keys of $VALUE_SIZE bytes: file sizes and startup load (seconds, each round)"
  cat "$sizes"
  echo
  echo "## BGSAVE of $KEYS keys under redis-benchmark -c 50 -t set,get: each round"
  cat "$bgsave"
} | tee "$OUT/summary.md"
