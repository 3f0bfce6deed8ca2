#!/usr/bin/env bash
# TLS throughput side by side: kvserver's TLS port and redis-server's (Debian's is built with TLS), both
# on loopback with the same certificate, made here with openssl (a CA and a server certificate; clients
# are not asked for one, tls-auth-clients no). redis-benchmark --tls SET and GET at 50 clients,
# unpipelined and -P 16, in alternation (kvserver, redis, ...) for ROUNDS rounds; prints the medians and
# kvserver/redis as bench/compare.sh does.
#
#   bench/tls.sh                                     # 3 short rounds, a few minutes
#   ROUNDS=5 REQUESTS=200000 bench/tls.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS=${ROUNDS:-3}
REQUESTS=${REQUESTS:-100000}
KV_PORT=${KV_PORT:-$(bench_free_port)}
KV_TLS_PORT=${KV_TLS_PORT:-$(bench_free_port)}
REDIS_PORT=${REDIS_PORT:-$(bench_free_port)}
REDIS_TLS_PORT=${REDIS_TLS_PORT:-$(bench_free_port)}
OUT=${OUT:-$BENCH_ROOT/bench/results/tls-$(date +%Y%m%d-%H%M%S)}
bench_time_limit "${MAX_SECONDS:-$((600 + ROUNDS * 600))}"
bench_require_redis
command -v openssl >/dev/null || bench_fail "openssl is needed to make the test certificate: apt-get install openssl"
BENCH_JAR=$(bench_jar)
mkdir -p "$OUT/certs"

certs=$OUT/certs
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=bench CA" \
  -keyout "$certs/ca.key" -out "$certs/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$certs/server.key" -out "$certs/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$certs/san.ext"
openssl x509 -req -in "$certs/server.csr" -CA "$certs/ca.crt" -CAkey "$certs/ca.key" -CAcreateserial -days 2 \
  -extfile "$certs/san.ext" -out "$certs/server.crt" 2>/dev/null

bench_start_kvserver kvserver "$KV_PORT" --kvserver.tls-port="$KV_TLS_PORT" \
  --kvserver.tls-cert-file="$certs/server.crt" --kvserver.tls-key-file="$certs/server.key" \
  --kvserver.tls-auth-clients=no
bench_start_redis redis "$REDIS_PORT" --tls-port "$REDIS_TLS_PORT" --tls-cert-file "$certs/server.crt" \
  --tls-key-file "$certs/server.key" --tls-auth-clients no
BENCH_TARGETS=("kvserver:$KV_TLS_PORT" "redis:$REDIS_TLS_PORT")
echo "kvserver TLS on :$KV_TLS_PORT, redis-server TLS on :$REDIS_TLS_PORT; $ROUNDS rounds; results in $OUT" >&2

tls=(--tls --cacert "$certs/ca.crt")
BENCH_WORKLOADS=(
  "tls c50 P1|${tls[*]} -c 50 -P 1 -t set,get"
  "tls c50 P16|${tls[*]} -c 50 -P 16 -t set,get -n $((REQUESTS * 10))"
)
results="$OUT/results.txt"
: >"$results"
for t in "${BENCH_TARGETS[@]}"; do # warm-up: the JIT, and TLS session setup on both sides
  timeout 300 redis-benchmark "${tls[@]}" -p "${t#*:}" -q -n 50000 -c 50 -P 16 -t set,get >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  bench_benchmark_round "$results" "$REQUESTS"
  echo "round $round/$ROUNDS done" >&2
done
{
  echo "Median of $ROUNDS alternating rounds on 127.0.0.1 ($(nproc) cores), redis-benchmark --tls -n $REQUESTS -r 100000:"
  echo
  python3 "$BENCH_ROOT/bench/summarize.py" "$results" --targets kvserver,redis --base redis
} | tee "$OUT/tls.md"
