#!/usr/bin/env bash
# Memory per element of one big list and one big sorted set, kvserver vs a real redis-server: both
# loaded by the same redis-cli --pipe stream (RPUSH of ELEMENTS elements of ELEMENT_SIZE bytes, in
# commands of 1,000; ZADD of ELEMENTS members of ELEMENT_SIZE bytes with scores 0..ELEMENTS-1), then
#   redis:    INFO memory used_memory after the load minus used_memory before it;
#   kvserver: JVM heap used after a full GC, minus the same before the load; and the process RSS.
# Prints bytes per element for each and the ratio (issue 13's row: at most 1.5x Redis's used_memory).
#
#   bench/memory-collections.sh              # ELEMENTS=1000000 ELEMENT_SIZE=16
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ELEMENTS=${ELEMENTS:-1000000}
ELEMENT_SIZE=${ELEMENT_SIZE:-16}
BATCH=1000
bench_time_limit "${MAX_SECONDS:-900}"
bench_require_redis
BENCH_JAR=$(bench_jar)
KV_PORT=$(bench_free_port)
REDIS_PORT=$(bench_free_port)
bench_start_kvserver kvserver "$KV_PORT"
kv_pid=${BENCH_PIDS[-1]}
bench_start_redis redis "$REDIS_PORT"

heap_after_gc() { # used heap in bytes after a full GC
  "$BENCH_JDK/bin/jcmd" "$kv_pid" GC.run >/dev/null
  "$BENCH_JDK/bin/jcmd" "$kv_pid" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | tr -dc '0-9' | awk '{ print $1 * 1024 }'
}
rss() { awk '/VmRSS/ { print $2 * 1024 }' "/proc/$kv_pid/status"; }
redis_used() { redis-cli -p "$REDIS_PORT" info memory | tr -d '\r' | awk -F: '/^used_memory:/ { print $2 + 0 }'; }

# The load as RESP on stdout: KIND list (RPUSH biglist e...) or zset (ZADD bigzset score member ...);
# element i is its number, zero-padded to ELEMENT_SIZE bytes, so every element is distinct.
requests() {
  awk -v kind="$1" -v n="$ELEMENTS" -v size="$ELEMENT_SIZE" -v batch="$BATCH" 'BEGIN {
    fmt = "%0" size "d"
    for (start = 0; start < n; start += batch) {
      count = (n - start < batch) ? n - start : batch
      if (kind == "list") {
        printf "*%d\r\n$5\r\nRPUSH\r\n$7\r\nbiglist\r\n", count + 2
        for (i = start; i < start + count; i++) printf "$%d\r\n" fmt "\r\n", size, i
      } else {
        printf "*%d\r\n$4\r\nZADD\r\n$7\r\nbigzset\r\n", 2 * count + 2
        for (i = start; i < start + count; i++) printf "$%d\r\n%d\r\n$%d\r\n" fmt "\r\n", length(i ""), i, size, i
      }
    }
  }'
}

load() { # KIND PORT
  requests "$1" | redis-cli -p "$2" --pipe >/dev/null
}

measure() { # KIND LENGTH-COMMAND KEY: one row per server
  local kind=$1 len=$2 key=$3 kv_heap_before kv_rss_before redis_before kv_n redis_n kv_heap kv_rss redis_mem
  kv_heap_before=$(heap_after_gc); kv_rss_before=$(rss); redis_before=$(redis_used)
  load "$kind" "$KV_PORT"; load "$kind" "$REDIS_PORT"
  kv_n=$(redis-cli -p "$KV_PORT" "$len" "$key"); redis_n=$(redis-cli -p "$REDIS_PORT" "$len" "$key")
  [ "$kv_n" = "$ELEMENTS" ] && [ "$redis_n" = "$ELEMENTS" ] \
    || bench_fail "$kind: kvserver holds $kv_n elements, redis $redis_n; expected $ELEMENTS"
  kv_heap=$(( $(heap_after_gc) - kv_heap_before )); kv_rss=$(( $(rss) - kv_rss_before ))
  redis_mem=$(( $(redis_used) - redis_before ))
  echo "| $kind | redis 7.0 ($(redis-cli -p "$REDIS_PORT" object encoding "$key")) | used_memory growth | $redis_mem | $((redis_mem / ELEMENTS)) | |"
  echo "| $kind | kvserver ($(redis-cli -p "$KV_PORT" object encoding "$key")) | heap after full GC, growth | $kv_heap | $((kv_heap / ELEMENTS)) |" \
    "$(awk -v k="$kv_heap" -v r="$redis_mem" 'BEGIN { printf "%.2f", k / r }') |"
  echo "| $kind | kvserver | process RSS growth | $kv_rss | $((kv_rss / ELEMENTS)) | |"
  # Emptied so the next kind's growth is its own.
  redis-cli -p "$KV_PORT" del "$key" >/dev/null; redis-cli -p "$REDIS_PORT" del "$key" >/dev/null
}

echo
echo "One list and one sorted set of $ELEMENTS elements of $ELEMENT_SIZE bytes each (sorted set: integer scores)."
echo
echo "| type | server | measure | bytes | bytes per element | kvserver/redis |"
echo "|---|---|---|---:|---:|---:|"
measure list llen biglist
measure zset zcard bigzset
