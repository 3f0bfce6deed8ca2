#!/usr/bin/env bash
# What the hot-path metrics cost: the same jar with per-command latency timing on and off
# (kvserver.metrics.latency.enabled), side by side under redis-benchmark on loopback, with a real
# redis-server alongside. Runs alternate (on, off, redis, on, ...) so drift in the machine hits all
# alike; the table shows the median of ROUNDS runs and each target's ratio to "off".
#
#   bench/metrics-overhead.sh                  # ROUNDS=5 REQUESTS=200000 (ten times that at -P 16)
#   ROUNDS=7 bench/metrics-overhead.sh
set -euo pipefail
ROUNDS=${ROUNDS:-5} REQUESTS=${REQUESTS:-200000} BASE=off \
  CONFIGS="on:--kvserver.metrics.latency.enabled=true off:--kvserver.metrics.latency.enabled=false" \
  WORKLOADS="c50 P1|-c 50 -P 1 -t set,get;c50 P16|-c 50 -P 16 -t set,get -n $((${REQUESTS:-200000} * 10))" \
  exec "$(dirname "$0")/transports.sh"
