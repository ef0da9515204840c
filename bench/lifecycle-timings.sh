#!/usr/bin/env bash
# Start-to-ready and idle SIGTERM-to-exit of target/ledgerlens.jar, N runs each (default 5), medians printed.
# Start-to-ready: from launching `java -jar` to the first 200 from GET /health-check.
# Idle stop: from `kill -TERM` to the process's exit, with no traffic.
# Usage: bench/lifecycle-timings.sh [runs]     (env: any SHUTDOWN_* / REDIS_URL override, e.g. drain waits)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
jar=target/ledgerlens.jar
[ -f "$jar" ] || mvn -B -ntp -q -DskipTests package
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
port=$(( 20000 + RANDOM % 20000 )); admin=$(( port + 1 ))
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

starts=(); stops=()
for i in $(seq 1 "$runs"); do
  t0=$(now_ms)
  LEDGERLENS_DB="$work/ledgerlens.db" java \
    -Ddw.server.applicationConnectors[0].port=$port -Ddw.server.adminConnectors[0].port=$admin \
    -jar "$jar" server config.yml > "$work/run-$i.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/health-check"; do
    kill -0 "$pid" 2>/dev/null || { echo "run $i: process died; see log:"; tail -20 "$work/run-$i.log"; exit 1; }
    sleep 0.02
  done
  t1=$(now_ms)
  kill -TERM "$pid"
  set +e; wait "$pid"; code=$?; set -e
  t2=$(now_ms)
  starts+=($((t1 - t0))); stops+=($((t2 - t1)))
  echo "run $i: start-to-ready ${starts[-1]} ms, SIGTERM-to-exit ${stops[-1]} ms, exit code $code"
done
echo "median start-to-ready: $(printf '%s\n' "${starts[@]}" | median) ms over $runs runs"
echo "median idle SIGTERM-to-exit: $(printf '%s\n' "${stops[@]}" | median) ms over $runs runs"
