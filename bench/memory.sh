#!/usr/bin/env bash
# Memory per key, kvserver vs a real redis-server: both loaded with the same redis-benchmark run
# (KEYS keys of 16 bytes, VALUE_SIZE-byte values), then
#   redis:    INFO memory used_memory (after the load) minus used_memory before it;
#   kvserver: JVM heap used after a full GC, minus the same before the load; and the process RSS.
# Prints bytes per key for each and the ratio.
#
#   bench/memory.sh                    # KEYS=1000000 VALUE_SIZE=16
set -euo pipefail
source "$(dirname "$0")/lib.sh"

KEYS=${KEYS:-1000000}
VALUE_SIZE=${VALUE_SIZE:-16}
bench_time_limit "${MAX_SECONDS:-900}"
bench_require_redis
BENCH_JAR=$(bench_jar)
KV_PORT=$(bench_free_port)
REDIS_PORT=$(bench_free_port)
bench_start_kvserver kvserver "$KV_PORT"
bench_start_redis redis "$REDIS_PORT"
kv_pid=$(pgrep -f -- "--kvserver.port=$KV_PORT" | head -1)

heap_after_gc() { # used heap in bytes after a full GC
  "$BENCH_JDK/bin/jcmd" "$kv_pid" GC.run >/dev/null
  "$BENCH_JDK/bin/jcmd" "$kv_pid" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | tr -dc '0-9' | awk '{ print $1 * 1024 }'
}
rss() { awk '/VmRSS/ { print $2 * 1024 }' "/proc/$kv_pid/status"; }
redis_used() { redis-cli -p "$REDIS_PORT" info memory | awk -F: '/^used_memory:/ { print $2 + 0 }'; }

load() { # fills the server on port $1: keys key:000000000000 .. , as redis-benchmark -r makes them
  redis-benchmark -p "$1" -q -n "$KEYS" -r "$KEYS" -d "$VALUE_SIZE" -c 50 -P 16 -t set >/dev/null 2>&1
}

kv_heap_before=$(heap_after_gc); kv_rss_before=$(rss); redis_before=$(redis_used)
load "$KV_PORT"; load "$REDIS_PORT"
kv_keys=$(redis-cli -p "$KV_PORT" dbsize); redis_keys=$(redis-cli -p "$REDIS_PORT" dbsize)
kv_heap=$(( $(heap_after_gc) - kv_heap_before )); kv_rss=$(( $(rss) - kv_rss_before ))
redis_mem=$(( $(redis_used) - redis_before ))

echo
echo "$KEYS SETs with -r $KEYS (16-byte keys, $VALUE_SIZE-byte values): kvserver holds $kv_keys keys, redis $redis_keys."
echo
echo "| server | measure | bytes | bytes per key |"
echo "|---|---|---:|---:|"
echo "| redis 7.0 | used_memory growth | $redis_mem | $((redis_mem / redis_keys)) |"
echo "| kvserver | heap after full GC, growth | $kv_heap | $((kv_heap / kv_keys)) |"
echo "| kvserver | process RSS growth | $kv_rss | $((kv_rss / kv_keys)) |"
awk -v k="$kv_heap" -v kk="$kv_keys" -v r="$redis_mem" -v rk="$redis_keys" \
  'BEGIN { printf "\nkvserver heap per key / redis used_memory per key: %.2f\n", (k / kk) / (r / rk) }'
