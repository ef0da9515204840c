#!/usr/bin/env bash
# The Compose stack as users run it, built and run for real (run by .ci/run after the tests):
#   1. the local base images (docker/base-images.sh, once per machine) and the image from docker/Dockerfile, with
#      the jar from `mvn package` and the local JRE as its base; tagged twice, as the running and the next version
#   2. docker-compose.yml + docker-compose.local-images.yml up with random passwords and tokens in an env file;
#      three replicas healthy
#   3. a drain through the admin task turns a replica's Docker health unhealthy; undrain makes it healthy again
#   4. `drill --during docker/roll.sh` through HAProxy: REST, WebSocket and webhook load while every replica is
#      replaced by one of the next version; 0 client-visible errors, every WebSocket client resumed without a gap,
#      every webhook event delivered, every old replica exited 0 within its grace period
#   5. `docker kill` (SIGKILL) one replica, `docker start` it: healthy again, its unclean exit reported
#   6. the whole stack stopped: every container exited 0 within its grace period; every report in PostgreSQL
#      clean except the killed run's (failed, unclean)
#   7. one container on SQLite with a named /data volume: the files on it belong to the image's user (uid 10001),
#      `docker stop` exits 0 and the next start finds the previous report clean
# Usage: docker/test-compose.sh [work-dir]      Exit 0 only if every check held. Needs root, docker.io,
# docker-compose, debootstrap, curl and target/ledgerlens.jar (mvn -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(realpath -m "${1:-target/compose-test}")
mkdir -p "$work"
jar=target/ledgerlens.jar
[ -f "$jar" ] || { echo "test-compose: $jar missing (mvn -DskipTests package)" >&2; exit 2; }
export DOCKER_BUILDKIT=1
if [ -x /usr/bin/docker ]; then docker() { /usr/bin/docker "$@"; }; fi

now_ms() { date +%s%3N; }
step() { echo "== $(date +%T) $*"; }
failures=()
check() { # check NAME CONDITION-RESULT(0/1) DETAIL
  if [ "$2" = 0 ]; then echo "   ok    $1: $3"; else echo "   FAIL  $1: $3"; failures+=("$1"); fi
}
fail_now() { echo "   FAIL  $*" >&2; exit 1; }

# The daemon: started here when none answers (as CI's fresh machine has none), with the vfs driver, which needs
# no kernel support beyond what any container host has.
if ! docker info >/dev/null 2>&1; then
  step "starting dockerd (log: $work/dockerd.log)"
  nohup dockerd --storage-driver=vfs >"$work/dockerd.log" 2>&1 &
  for _ in $(seq 1 120); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { tail -20 "$work/dockerd.log"; fail_now "dockerd did not answer within 60 s"; }
fi

step "base images"
docker/base-images.sh
step "the image"
t0=$(now_ms)
docker build -q -f docker/Dockerfile --build-arg RUNTIME_IMAGE=ledgerlens-local/jre:17 --build-arg JAR_FROM=prebuilt \
  -t ledgerlens:ci-1 . >/dev/null
docker tag ledgerlens:ci-1 ledgerlens:ci-2
echo "   built in $(( $(now_ms) - t0 )) ms: $(docker image ls ledgerlens:ci-1 --format '{{.Size}}')"

project=llci$$
net=${project}_default
env_file=$work/compose.env
secret() { head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
admin_token=$(secret)
webhooks_token=$(secret)
cat >"$env_file" <<EOF
POSTGRES_PASSWORD=$(secret)
WEBHOOKS_API_TOKEN=$webhooks_token
ADMIN_TOKEN=$admin_token
WEBHOOKS_SECRETS_KEY=ci:$(head -c 32 /dev/urandom | base64)
WEBHOOKS_ALLOW_PRIVATE_TARGETS=true
LEDGERLENS_VERSION=ci-1
LEDGERLENS_HTTP_PORT=127.0.0.1:
HAPROXY_STATS_PORT=
EOF
chmod 600 "$env_file"
compose=(docker-compose -p "$project" --env-file "$env_file" -f docker/docker-compose.yml
  -f docker/docker-compose.local-images.yml)
solo=${project}-solo
cleanup() {
  set +e
  "${compose[@]}" logs --no-color >"$work/compose.log" 2>&1
  "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1
  docker rm -f "$solo" >/dev/null 2>&1
  docker volume rm "$solo-data" >/dev/null 2>&1
}
trap cleanup EXIT

replicas() { "${compose[@]}" ps -q ledgerlens; }
health() { docker inspect -f '{{.State.Health.Status}}' "$1"; }
wait_health() { # wait_health CONTAINER STATUS SECONDS -> prints ms waited, fails when the deadline passes
  local start; start=$(now_ms)
  until [ "$(health "$1")" = "$2" ]; do
    [ $(( $(now_ms) - start )) -lt $(( $3 * 1000 )) ] || return 1
    sleep 0.2
  done
  echo $(( $(now_ms) - start ))
}
admin() { # admin CONTAINER PATH: POST to an admin task inside the container (the admin port is loopback-only)
  docker exec "$1" curl -fsS -X POST -H "Authorization: Bearer $admin_token" "http://127.0.0.1:8081$2"
}

step "stack up: $project"
t0=$(now_ms)
"${compose[@]}" up -d >"$work/up.log" 2>&1 || { cat "$work/up.log"; fail_now "compose up"; }
for c in $(replicas); do
  wait_health "$c" healthy 180 >/dev/null || fail_now "replica ${c:0:12} not healthy within 180 s"
done
check "three replicas healthy" "$([ "$(replicas | wc -l)" = 3 ] && echo 0 || echo 1)" \
  "$(replicas | wc -l) after $(( $(now_ms) - t0 )) ms"
port=$("${compose[@]}" port haproxy 8080 | sed 's/.*://')
target=http://127.0.0.1:$port
until curl -fsS -o /dev/null "$target/health-check" 2>/dev/null; do sleep 0.2; done

step "drain and undrain one replica"
first=$(replicas | sed -n 1p)
admin "$first" /tasks/drain >/dev/null
waited=$(wait_health "$first" unhealthy 15) && code=0 || { code=1; waited=">15000"; }
check "unhealthy at the start of a drain" $code "${first:0:12} unhealthy $waited ms after /tasks/drain (checks every 2 s, 2 retries)"
admin "$first" /tasks/undrain >/dev/null
waited=$(wait_health "$first" healthy 15) && code=0 || { code=1; waited=">15000"; }
check "healthy again after undrain" $code "$waited ms"

step "roll every replica onto the next version under load"
sed -i 's/^LEDGERLENS_VERSION=.*/LEDGERLENS_VERSION=ci-2/' "$env_file"
gateway=$(docker network inspect "$net" -f '{{(index .IPAM.Config 0).Gateway}}')
old=$(replicas | sort)
roll="docker/roll.sh --report $work/roll.tsv -- ${compose[*]}"
set +e
WEBHOOKS_API_TOKEN=$webhooks_token java -jar "$jar" drill --target "$target" --during "$roll" \
  --receiver-host "$gateway" --rps 50 --websockets 5 --before 3 --during-timeout 10m >"$work/drill.log" 2>&1
code=$?
set -e
sed 's/^/   | /' "$work/drill.log" | tail -40
check "drill through HAProxy during the roll" $code "exit $code (log: $work/drill.log)"
while IFS=$'\t' read -r container exit stop_ms new ready_ms; do
  check "old replica $container stopped" "$([ "$exit" = 0 ] && [ "$stop_ms" -lt 35000 ] && echo 0 || echo 1)" \
    "exit $exit after $stop_ms ms (grace 35 s); $new healthy after $ready_ms ms"
done <"$work/roll.tsv"
check "every replica replaced" "$([ "$(wc -l <"$work/roll.tsv")" = 3 ] && [ -z "$(comm -12 <(echo "$old") <(replicas | sort))" ] && echo 0 || echo 1)" \
  "$(wc -l <"$work/roll.tsv") rolled; images now: $(for c in $(replicas); do docker inspect -f '{{.Config.Image}}' "$c"; done | sort | uniq -c | xargs)"

step "SIGKILL one replica, start it again"
victim=$(replicas | sed -n 1p)
instance=$(docker inspect -f '{{.Config.Hostname}}' "$victim")
docker kill "$victim" >/dev/null
docker wait "$victim" >/dev/null
t0=$(now_ms)
docker start "$victim" >/dev/null
waited=$(wait_health "$victim" healthy 180) && code=0 || { code=1; waited=">180000"; }
check "back after docker kill" $code "${victim:0:12} healthy $waited ms after docker start"
latest=$(admin "$victim" "/tasks/shutdown-report?instance=$instance&limit=1")
echo "$latest" >"$work/killed-report.json"
check "the killed run reported unclean" \
  "$(echo "$latest" | grep -q '"unclean":true' && echo "$latest" | grep -q '"outcome":"failed"' && echo 0 || echo 1)" \
  "$(echo "$latest" | grep -o '"outcome":"[a-z]*"' | head -1), $(echo "$latest" | grep -o '"unclean":[a-z]*' | head -1)"

step "stop the whole stack"
running=$("${compose[@]}" ps -q)
t0=$(now_ms)
# The replicas first (docker-compose stops them together, each with its stop_grace_period), while PostgreSQL is
# still up to take their reports; then the rest.
"${compose[@]}" stop ledgerlens >/dev/null 2>&1
replicas_ms=$(( $(now_ms) - t0 ))
pg=$("${compose[@]}" ps -q postgres)
docker exec "$pg" psql -U ledgerlens -d ledgerlens -At -F ' ' \
  -c "SELECT instance_id, outcome, report_json::json->>'unclean' FROM lifecycle_runs ORDER BY started_at" \
  >"$work/reports.txt"
sed 's/^/   | /' "$work/reports.txt"
runs=$(wc -l <"$work/reports.txt")
clean=$(awk '$2 == "clean" && $3 == "false"' "$work/reports.txt" | wc -l)
killed=$(awk -v i="$instance" '$1 == i && $2 == "failed" && $3 == "true"' "$work/reports.txt" | wc -l)
check "every shutdown report clean but the killed run's" "$([ "$runs" = 7 ] && [ $((clean + killed)) = "$runs" ] && [ "$killed" = 1 ] && echo 0 || echo 1)" \
  "$runs runs: $clean clean, $killed failed (the SIGKILL)"
plain=$(docker exec "$pg" psql -U ledgerlens -d ledgerlens -At \
  -c "SELECT count(*) FROM webhook_subscriptions WHERE secret <> 'sealed' OR sealed_secret IS NULL
      OR sealed_secret NOT LIKE 'sealed:ci:%'")
sealed=$(docker exec "$pg" psql -U ledgerlens -d ledgerlens -At -c "SELECT count(*) FROM webhook_subscriptions")
check "signing secrets sealed at rest" "$([ "$plain" = 0 ] && [ "$sealed" -gt 0 ] && echo 0 || echo 1)" \
  "$sealed subscription(s), $plain not sealed with the stack's key"
"${compose[@]}" stop >/dev/null 2>&1
for c in $running; do
  read -r name code started finished <<<"$(docker inspect -f '{{.Name}} {{.State.ExitCode}} {{.State.StartedAt}} {{.State.FinishedAt}}' "$c")"
  check "exit code of ${name#/}" "$([ "$code" = 0 ] && echo 0 || echo 1)" "$code"
done
check "replicas stopped within their grace period" "$([ "$replicas_ms" -lt 35000 ] && echo 0 || echo 1)" \
  "all three exited $replicas_ms ms after their SIGTERM (stop_grace_period 35 s)"

step "one container on SQLite with a named volume"
docker run -d --name "$solo" -v "$solo-data:/data" --read-only --tmpfs /tmp:exec,size=64m --cap-drop ALL \
  --security-opt no-new-privileges:true -e ADMIN_TOKEN="$admin_token" ledgerlens:ci-1 >/dev/null
waited=$(wait_health "$solo" healthy 180) && code=0 || { code=1; waited=">180000"; }
check "single container healthy" $code "$waited ms after docker run"
t0=$(now_ms)
docker stop -t 35 "$solo" >/dev/null
check "single container stopped" "$([ "$(docker inspect -f '{{.State.ExitCode}}' "$solo")" = 0 ] && echo 0 || echo 1)" \
  "exit $(docker inspect -f '{{.State.ExitCode}}' "$solo") after $(( $(now_ms) - t0 )) ms"
owners=$(docker run --rm -v "$solo-data:/data" --entrypoint find ledgerlens:ci-1 /data -mindepth 1 -printf '%u:%U %m %P\n')
echo "$owners" | sed 's/^/   | /'
token_mode=$(echo "$owners" | awk '$3 == "api-token" {print $2}')
check "the API token made at first start, readable by its user only" "$([ "$token_mode" = 600 ] && echo 0 || echo 1)" \
  "/data/api-token mode ${token_mode:-missing}"
check "the volume written by the non-root user" \
  "$([ -n "$owners" ] && ! echo "$owners" | grep -qv '^ledgerlens:10001 ' && echo 0 || echo 1)" \
  "$(echo "$owners" | wc -l) files, all ledgerlens:10001"
docker start "$solo" >/dev/null
wait_health "$solo" healthy 180 >/dev/null || true
previous=$(admin "$solo" "/tasks/shutdown-report?limit=2")
check "the single container's report clean" \
  "$(echo "$previous" | grep -q '"outcome":"clean"' && ! echo "$previous" | grep -q '"unclean":true' && echo 0 || echo 1)" \
  "$(echo "$previous" | grep -o '"outcome":"[a-z]*"' | xargs)"
docker stop -t 35 "$solo" >/dev/null

if [ ${#failures[@]} -gt 0 ]; then
  echo "test-compose: FAILED: ${failures[*]}"
  exit 1
fi
echo "test-compose: all checks held"
