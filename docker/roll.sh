#!/usr/bin/env bash
# Rolls the replicas of a Compose stack onto the image its file (and .env) now names, one at a time, the way a
# Kubernetes Deployment with maxSurge 1 / maxUnavailable 0 does: start one new replica, wait until Docker says it is
# healthy, then stop one old replica (SIGTERM; Docker's SIGKILL only after the grace period) and remove it. Capacity
# never drops below the replica count, and HAProxy takes each stopping replica out at its first 503.
#
# Usage: docker/roll.sh [--service NAME] [--grace SECONDS] [--report FILE] [-- COMPOSE COMMAND...]
#   The compose command defaults to: docker compose -f docker/docker-compose.yml   (or docker-compose if that is
#   what is installed). Pass your own -p/-f/--env-file after "--".
# Prints one line per replica; with --report, also writes them as tab-separated values
#   old-container  exit-code  stop-ms  new-container  new-healthy-ms
# Exits 0 when every old replica exited 0 within the grace period and every new one became healthy; 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
service=ledgerlens
grace=35
report=
while [ $# -gt 0 ]; do
  case "$1" in
    --service) service=$2; shift 2 ;;
    --grace) grace=$2; shift 2 ;;
    --report) report=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 [--service NAME] [--grace SECONDS] [--report FILE] [-- COMPOSE COMMAND...]" >&2; exit 2 ;;
  esac
done
if [ $# -gt 0 ]; then
  compose=("$@")
elif docker compose version >/dev/null 2>&1; then
  compose=(docker compose -f docker/docker-compose.yml)
else
  compose=(docker-compose -f docker/docker-compose.yml)
fi
[ -n "$report" ] && : > "$report"

now_ms() { date +%s%3N; }

old=($("${compose[@]}" ps -q "$service"))
count=${#old[@]}
[ "$count" -gt 0 ] || { echo "roll: no running $service containers" >&2; exit 2; }
echo "roll: $count replica(s) of $service, one at a time"
failed=0
for container in "${old[@]}"; do
  before=$("${compose[@]}" ps -q "$service" | sort)
  t0=$(now_ms)
  "${compose[@]}" up -d --no-deps --no-recreate --scale "$service=$((count + 1))" "$service" >/dev/null 2>&1
  new=$(comm -13 <(echo "$before") <("${compose[@]}" ps -q "$service" | sort) | head -1)
  [ -n "$new" ] || { echo "roll: no new replica was started" >&2; exit 1; }
  health=starting
  while [ "$health" != healthy ]; do
    health=$(docker inspect -f '{{.State.Health.Status}}' "$new")
    if [ "$health" = unhealthy ] || [ $(( $(now_ms) - t0 )) -gt 180000 ]; then
      echo "roll: new replica ${new:0:12} is $health after $(( $(now_ms) - t0 )) ms; stopping the roll" >&2
      exit 1
    fi
    [ "$health" = healthy ] || sleep 0.5
  done
  ready_ms=$(( $(now_ms) - t0 ))
  t1=$(now_ms)
  docker stop -t "$grace" "$container" >/dev/null
  stop_ms=$(( $(now_ms) - t1 ))
  code=$(docker inspect -f '{{.State.ExitCode}}' "$container")
  verdict=ok
  if [ "$code" != 0 ] || [ "$stop_ms" -gt $(( grace * 1000 )) ]; then verdict=FAILED; failed=1; fi
  # A report kept on /data because PostgreSQL was unreachable at the stop must not go with the volume.
  kept=$(docker cp "$container:/data/pending-shutdown-reports" - 2>/dev/null | tar -t 2>/dev/null | grep -vc '/$' || true)
  if [ "${kept:-0}" -gt 0 ]; then
    docker rm "$container" >/dev/null
    echo "roll: ${container:0:12} kept $kept shutdown report(s) on its /data volume; the volume is left in place" >&2
  else
    docker rm -v "$container" >/dev/null
  fi
  echo "roll: ${new:0:12} healthy after $ready_ms ms; ${container:0:12} exited $code after $stop_ms ms (grace ${grace}s): $verdict"
  [ -n "$report" ] && printf '%s\t%s\t%s\t%s\t%s\n' "${container:0:12}" "$code" "$stop_ms" "${new:0:12}" "$ready_ms" >> "$report"
done
exit $failed
