#!/usr/bin/env bash
# Cached vs uncached GET throughput of the REST API, measured with wrk (Debian package `wrk`) on loopback.
# Starts the service twice on the simulated source (same data: 300 ledgers, genesis in the past, no new ones):
# once with the Redis cache, once with CACHE_ENABLED=false, and runs wrk against each path for N seconds.
# Usage: bench/api-throughput.sh [seconds=10] [connections=16]   (env: REDIS_URL, default redis://127.0.0.1:6379)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}; conns=${2:-16}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 2; }
[ -f target/ledgerlens.jar ] || mvn -B -ntp -q -DskipTests package
work=$(mktemp -d); pid=
cleanup() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(( 20000 + RANDOM % 20000 )); admin=$(( port + 1 ))
paths=("/api/ledgers/latest" "/api/ledgers/150" "/api/ledgers?limit=20" "/api/corridors?limit=50")

run() { # $1 = label, $2 = CACHE_ENABLED
  # Genesis 300 ledgers in the past at a pace of one per hour: the data set does not change while wrk runs.
  CACHE_ENABLED=$2 LEDGERLENS_DB="$work/$1.db" SIMULATED_PACE=1h INGEST_START=1 \
    SIMULATED_GENESIS_TIME=$(date -u -d '-299 hours' +%Y-%m-%dT%H:00:00Z) \
    java -Xmx512m -Ddw.server.applicationConnectors[0].port=$port -Ddw.server.adminConnectors[0].port=$admin \
    -Ddw.logging.level=WARN \
    -jar target/ledgerlens.jar server config.yml > "$work/$1.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/api/ledgers/300"; do
    kill -0 "$pid" 2>/dev/null || { echo "service died:"; tail -20 "$work/$1.log"; exit 1; }
    sleep 0.1
  done
  until curl -fs "http://127.0.0.1:$port/api/status" | grep -q '"name":"sync-corridors","running":true,"units":[0-9]*,"position":"300"'; do sleep 0.1; done
  for path in "${paths[@]}"; do
    wrk -t2 -c"$conns" -d2s "http://127.0.0.1:$port$path" > /dev/null   # warm-up (JIT, cache fill)
    rps=$(wrk -t2 -c"$conns" -d"${secs}s" "http://127.0.0.1:$port$path" | awk '/Requests\/sec/ {print $2}')
    non2xx=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")
    printf '%-8s | %-26s | %10s | %s\n' "$1" "$path" "$rps" "$non2xx"
  done
  kill -TERM "$pid"; wait "$pid" || true; pid=
}

echo "wrk -t2 -c$conns -d${secs}s per path, after a 2 s warm-up; $(nproc) cores"
echo "mode     | path                       |  requests/s | status"
run cached true
run uncached false
