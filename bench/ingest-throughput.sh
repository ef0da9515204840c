#!/usr/bin/env bash
# Ledger ingestion throughput into SQLite and PostgreSQL (started here, durable defaults) from the simulated source: ledgers/s and payments/s per batch size,
# medians of N runs. Usage: bench/ingest-throughput.sh [ledgers=5000] [runs=3] [batches=1,10,50,200] [stores=sqlite,postgres]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/ledgerlens.jar ] && [ -d target/test-classes/io/ledgerlens/bench ] \
  || mvn -B -ntp -q -DskipTests package test-compile
java -Xmx512m -cp target/ledgerlens.jar:target/test-classes io.ledgerlens.bench.IngestThroughput "${1:-5000}" "${2:-3}" "${3:-1,10,50,200}" "${4:-sqlite,postgres}"
