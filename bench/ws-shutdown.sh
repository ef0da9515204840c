#!/usr/bin/env bash
# WebSocket shutdown at scale: N clients of the npm ws package (one Node process) on one LedgerLens instance
# (a child JVM from the shaded jar, the simulated source at one ledger a second, all clients on `ledgers`);
# push latency while connected, then SIGTERM and what every client got: server_shutdown, close 1001, a completed
# close handshake, and when. Prints the client-side summary (JSON) and the service's shutdown phase lines.
# Usage: bench/ws-shutdown.sh [clients=10000] [measureSeconds=20] [pace=5s] [heap=1g]
# pace: one simulated ledger (one event to every client) per pace; Stellar's public network closes one every ~5 s.
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-10000}
measure=${2:-20}
pace=${3:-5s}
heap=${4:-1g}
# One descriptor per connection on each side (service and clients are separate processes).
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -gt $((clients + 1000)) ] || { echo "ulimit -n $(ulimit -n) is too low for $clients clients" >&2; exit 1; }
[ -f target/ledgerlens.jar ] || mvn -B -ntp -q -DskipTests package
if [ ! -f target/node-clients/node_modules/ws/package.json ]; then
  mkdir -p target/node-clients
  cp src/test/node/package.json src/test/node/package-lock.json target/node-clients/
  (cd target/node-clients && npm ci --no-audit --no-fund >/dev/null)
fi

work=$(mktemp -d /tmp/ledgerlens-ws-shutdown.XXXXXX)
handed="$work/ports"; : > "$handed"
# shellcheck source=../scripts/free-port.sh
. scripts/free-port.sh
app=$(free_port); admin=$(free_port); redis_port=$(free_port)
redis_pid=""
if command -v redis-server >/dev/null; then
  redis-server --port "$redis_port" --save '' --appendonly no --daemonize no >"$work/redis.log" 2>&1 &
  redis_pid=$!
fi
cleanup() { [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null; true; }
trap cleanup EXIT

LEDGERLENS_DB="$work/ledgerlens.db" REDIS_URL="redis://127.0.0.1:$redis_port" SIMULATED_PACE="$pace" \
  java "-Xmx$heap" -Ddw.server.applicationConnectors[0].port="$app" -Ddw.server.adminConnectors[0].port="$admin" \
  -jar target/ledgerlens.jar server config.yml >"$work/service.log" 2>&1 &
service=$!
for _ in $(seq 120); do grep -q "ledgerlens ready" "$work/service.log" && break; sleep 1; done
grep -q "ledgerlens ready" "$work/service.log" || { echo "service not ready; see $work/service.log" >&2; exit 1; }

echo "clients=$clients measure=${measure}s pace=$pace heap=$heap ulimit -n=$(ulimit -n) nproc=$(nproc) $(java -version 2>&1 | sed -n 1p) node $(node --version)"
NODE_PATH=target/node-clients/node_modules node src/test/node/ws-shutdown-bench.cjs \
  "ws://127.0.0.1:$app/ws?channels=ledgers" "$clients" "$measure" "$service" "$work/close-times"
set +e
wait "$service"
echo "service exit code: $?"
set -e
grep -E "shutdown phase=(drain|websockets)|shutdown (finished|complete)|outcome=" "$work/service.log" \
  | sed -E 's/^INFO +\[[^]]*\] [^:]*: //' | grep -E "phase=(drain|websockets)|total" || true
# Within the budget: closed (notice, 1001, clean) before the websockets phase's start (SIGTERM + signal + drain
# phases, from the log) plus its budget.
before=$(sed -nE 's/.*shutdown phase=(signal|drain) outcome=[a-z_]+ durationMs=([0-9]+).*/\2/p' "$work/service.log" \
  | paste -sd+ | bc)
budget=$(sed -nE 's/.*shutdown phase=websockets outcome=[a-z_]+ durationMs=[0-9]+ budgetMs=([0-9]+).*/\1/p' \
  "$work/service.log")
within=$(awk -v limit="$((before + budget))" '$1 != "" && $1 <= limit { n++ } END { print n + 0 }' "$work/close-times")
echo "notice + close 1001 + clean close within the websockets budget (SIGTERM + ${before} ms + ${budget} ms): $within of $clients"
echo "service log: $work/service.log"
