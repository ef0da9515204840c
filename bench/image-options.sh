#!/usr/bin/env bash
# Start-to-ready of the LedgerLens image with and without extra JVM options, alternating, to see what an option does
# to a container's start. Each start: docker create (untimed; 1 GiB limit, read-only root, /data on a volume kept
# across the starts, host networking), then docker start to the first 200 from /health-check; one unmeasured start
# first. Usage: bench/image-options.sh "JAVA OPTIONS" [rounds=5]     IMG (default ledgerlens:bench, which
# bench/compare.sh --only image builds), REDIS (default an unreachable URL), PORT (default 18480).
set -u
extra=${1:?usage: bench/image-options.sh "JAVA OPTIONS" [rounds]}
rounds=${2:-5}
img=${IMG:-ledgerlens:bench}
port=${PORT:-18480}
if [ -x /usr/bin/docker ]; then docker() { /usr/bin/docker "$@"; }; fi
name=ledgerlens-options-$$
docker volume create "$name" >/dev/null
trap 'docker rm -f "$name" >/dev/null 2>&1; docker volume rm "$name" >/dev/null 2>&1' EXIT
start() { # start [JAVA_TOOL_OPTIONS]: prints docker start to ready, ms
  docker create --name "$name" --network host --memory 1g --read-only --tmpfs /tmp:exec,size=64m \
    -v "$name:/data" -e PORT="$port" -e ADMIN_PORT=$((port + 1)) -e REDIS_URL="${REDIS:-redis://127.0.0.1:1}" \
    -e SHUTDOWN_DRAIN_MIN_WAIT=0s -e SHUTDOWN_DRAIN_QUIET_PERIOD=0s ${1:+-e JAVA_TOOL_OPTIONS="$1"} "$img" >/dev/null
  local t0; t0=$(date +%s%3N)
  docker start "$name" >/dev/null
  until curl -fs -o /dev/null "http://127.0.0.1:$port/health-check"; do sleep 0.02; done
  echo $(( $(date +%s%3N) - t0 ))
  docker stop -t 35 "$name" >/dev/null
  docker rm "$name" >/dev/null
}
start "" >/dev/null
for i in $(seq 1 "$rounds"); do
  a=$(start "")
  b=$(start "$extra")
  echo "round $i: as built $a ms, with [$extra] $b ms"
done
