#!/usr/bin/env bash
# Growth of the SQLite store on the simulated network (one ledger a second), for sizing the volume.
# Starts target/ledgerlens.jar with config.yml and a fresh database in WORK, samples the database file and its WAL
# every 30 s, stops it with SIGTERM (the shutdown checkpoints the WAL into the file: the last line is the size with
# an empty WAL) and prints the rows and bytes per table (sqlite3 with the dbstat table).
# usage: [LEDGERLENS_JAR=path] bench/storage-growth.sh WORK SECONDS [-Ddw.key=value ...]
#   bench/storage-growth.sh /tmp/growth 300                                  # defaults
#   bench/storage-growth.sh /tmp/steady 540 -Ddw.retention.ledgers=2m -Ddw.retention.events=2m \
#     -Ddw.retention.snapshots=2m -Ddw.retention.corridorHours=1m -Ddw.retention.interval=10s \
#     -Ddw.websocket.maxReplay=100                                           # short retention: the file levels off
set -euo pipefail
work=${1:?usage: storage-growth.sh WORK SECONDS [-D...]}; secs=${2:?seconds}; shift 2
jar=${LEDGERLENS_JAR:-target/ledgerlens.jar}
[ -f "$jar" ] || { echo "build first: mvn -B -ntp -q -DskipTests package" >&2; exit 1; }
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
mkdir -p "$work"; rm -f "$work"/ledgerlens.db*
app=$(free_port); admin=$(free_port)
LEDGERLENS_DB="$work/ledgerlens.db" java -Xmx256m "$@" -Ddw.server.applicationConnectors[0].port="$app" \
  -Ddw.server.adminConnectors[0].port="$admin" -jar "$jar" server config.yml > "$work/log" 2>&1 &
pid=$!
size() { stat -c %s "$1" 2>/dev/null || echo 0; }
start=$(date +%s)
while [ $(( $(date +%s) - start )) -lt "$secs" ]; do
  sleep 30
  db=$(size "$work/ledgerlens.db"); wal=$(size "$work/ledgerlens.db-wal")
  echo "t=$(( $(date +%s) - start ))s db=$db wal=$wal db+wal=$((db + wal))"
done
kill -TERM "$pid"; wait "$pid" || true
echo "stopped after $(( $(date +%s) - start ))s: db=$(size "$work/ledgerlens.db") wal=$(size "$work/ledgerlens.db-wal")"
sqlite3 "$work/ledgerlens.db" "SELECT 'ledgers', COUNT(*), MIN(sequence), MAX(sequence) FROM ledgers;
  SELECT 'payments', COUNT(*) FROM payments; SELECT 'events', COUNT(*) FROM events;
  SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 12;"
