#!/usr/bin/env bash
# Two instances on one PostgreSQL and one Redis (both started here, on free ports; PostgreSQL as the postgres
# user): commit-to-push WebSocket latency on the leader and on the other instance, and handover times at SIGTERM
# and after kill -9. Usage: bench/replicas.sh [samples=60] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/ledgerlens.jar ] && [ -f target/test-classes/io/ledgerlens/e2e/ReplicasBench.class ] \
  || mvn -B -ntp -q -DskipTests package test-compile
java -Xmx256m -cp target/ledgerlens.jar:target/test-classes io.ledgerlens.e2e.ReplicasBench "${1:-60}" "${2:-3}"
