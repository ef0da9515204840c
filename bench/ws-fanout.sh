#!/usr/bin/env bash
# WebSocket fan-out: events/s delivered to N clients of one channel by the real service in-process (Jetty, the
# hub's dispatcher, SQLite's event log), clients in the same JVM; medians of R runs.
# Usage: bench/ws-fanout.sh [events=20000] [runs=3] [clients=1,10,100] [sendQueueLimit=256]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/ledgerlens.jar ] && [ -f target/test-classes/io/ledgerlens/bench/WebSocketFanout.class ] \
  || mvn -B -ntp -q -DskipTests package test-compile
java -Xmx1g -cp target/ledgerlens.jar:target/test-classes io.ledgerlens.bench.WebSocketFanout \
  "${1:-20000}" "${2:-3}" "${3:-1,10,100}" "${4:-256}"
