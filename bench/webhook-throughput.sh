#!/usr/bin/env bash
# Webhook deliveries/s from the SQLite outbox to a local receiver through the real dispatcher, for a few
# subscription counts and concurrency limits; medians of N runs. Usage: bench/webhook-throughput.sh [events=20000] [runs=3] [shapes, e.g. 1x16,1x16@pg3: see WebhookThroughput]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/ledgerlens.jar ] && [ -f target/test-classes/io/ledgerlens/bench/WebhookThroughput.class ] \
  || mvn -B -ntp -q -DskipTests package test-compile
java -Xmx512m -cp target/ledgerlens.jar:target/test-classes io.ledgerlens.bench.WebhookThroughput "${1:-20000}" "${2:-3}" ${3:+"$3"}
