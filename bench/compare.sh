#!/usr/bin/env bash
# LedgerLens against a plain Dropwizard 5.0.1 service (bench/baseline), measured side by side in one run on this
# machine, and written to docs/benchmarks.md. Machines are noisy: runs of the two services alternate, and the
# report gives medians of several runs and ratios to the baseline of the same run.
#
# Measured (details in docs/benchmarks.md, which this script writes):
#   lifecycle   start-to-ready and idle SIGTERM-to-exit (LedgerLens with its drain waits set to zero)
#   cds         start-to-ready again, both services with an application class-data archive (-XX:SharedArchiveFile)
#   image       start-to-ready of LedgerLens's Docker image (with the AppCDS archive its build makes) against the
#               baseline's plain java -jar, alternating; needs a Docker daemon (docker/base-images.sh, BuildKit)
#   stop        SIGTERM under load: requests sent before the signal that failed; WebSocket clients closed with 1001
#   rolling     a rolling restart of two nodes behind HAProxy under a fixed request rate (RollingLoad): client-visible
#               errors with their times and kinds, latency p50/p99/max, the stopped nodes' exit times (baseline with
#               Dropwizard's delayed-shutdown handler at LedgerLens's worst-case drain, and without)
#   throughput  wrk: LedgerLens's cached GET against the baseline's fast endpoint; resident memory after it
#   ingest      ledgers/s and payments/s into SQLite and PostgreSQL (bench/ingest-throughput.sh's harness, default batch)
#   webhooks    deliveries/s to a local receiver, one instance on SQLite, one and three on PostgreSQL
#               (bench/webhook-throughput.sh's harness, default concurrency)
#
# Needs java 17, maven, redis-server, haproxy, wrk, curl (apt-get install -y redis-server haproxy wrk curl).
# Usage: bench/compare.sh [--runs N] [--quick] [--out FILE] [--work DIR] [--only section,...] [--jar FILE]
#   --runs N   runs per measurement (default 5 for lifecycle and stop, 3 for rolling and throughput)
#   --quick    one run of each, shorter load: checks that the harness works, the numbers mean little
#   --out      where the report goes (default docs/benchmarks.md; --quick writes to the work dir unless given)
#   --jar      the LedgerLens jar to measure instead of the one built from this checkout (e.g. an older build)
#   ROLL_RPS, ROLL_CONNECTIONS   the rolling restart's load (default 50 requests/s over at most 16 connections)
# Exits 0 when every measurement ran and LedgerLens's rolling restarts had no client-visible error; 1 otherwise
# (the report is written first). Other targets missed are reported, not an error.
set -euo pipefail

# All of it in one function: bash reads the whole body before running it, so editing this file during a run (15
# minutes) cannot change what the run does.
main() {
cd "$(dirname "$0")/.."
root=$(pwd)
cmdline="bench/compare.sh${*:+ $*}"

runs=""; quick=0; out=""; work=""; jar=""; only="lifecycle,cds,image,stop,rolling,throughput,ingest,webhooks"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    --out) out=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --jar) jar=$(realpath "$2"); shift 2 ;;
    *) sed -n '2,26p' "$0"; exit 2 ;;
  esac
done
for tool in java mvn redis-server haproxy wrk curl; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install -y redis-server haproxy wrk curl)"; exit 2; }
done
if [ $quick -eq 1 ]; then
  r_short=${runs:-1}; r_long=${runs:-1}; wrk_secs=3; warm_secs=2; rolling_load=1
else
  r_short=${runs:-5}; r_long=${runs:-3}; wrk_secs=10; warm_secs=15; rolling_load=2
fi
work=${work:-$(mktemp -d /tmp/ledgerlens-compare.XXXXXX)}
mkdir -p "$work"
[ -n "$out" ] || { [ $quick -eq 1 ] && out="$work/benchmarks.md" || out="docs/benchmarks.md"; }
java_opts=${BENCH_JAVA_OPTS:--Xmx512m}
uptime > "$work/load-start.txt"
date -u +'%Y-%m-%d %H:%M UTC' > "$work/date.txt"
echo "work dir: $work; report: $out; runs: $r_short/$r_long; java options for both services: $java_opts"

echo "building target/ledgerlens.jar (with the bench classes) and bench/baseline/target/baseline.jar"
mvn -B -ntp -q -DskipTests package test-compile
mvn -B -ntp -q -f bench/baseline/pom.xml package
# The run uses copies: a rebuild while it runs must not change what it measures.
mkdir -p "$work/jars"
cp "${jar:-target/ledgerlens.jar}" "$work/jars/ledgerlens.jar"
cp bench/baseline/target/baseline.jar "$work/jars/"
cp -r target/test-classes "$work/jars/"
ll_jar=$work/jars/ledgerlens.jar
bl_jar=$work/jars/baseline.jar
probe_cp="$ll_jar:$work/jars/test-classes"

children=()
cleanup() {
  for p in "${children[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

handed="$work/ports.txt"
: > "$handed"
. scripts/free-port.sh
now_ms() { date +%s%3N; }
field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" "$1"; }   # file key -> value from a StopProbe line
section() { [[ ",$only," == *",$1,"* ]]; }

redis_port=$(free_port)
redis-server --port "$redis_port" --save '' --appendonly no > "$work/redis.log" 2>&1 &
children+=($!)
redis_url=redis://127.0.0.1:$redis_port

# start SERVICE NAME PORT ADMIN [VAR=value ...]: launches in the background, sets $pid, returns once ready
# (GET /health-check answers 200 on the application port); sets $ready_ms, from launch to that 200.
start() {
  local service=$1 name=$2 port=$3 admin=$4; shift 4
  local t0; t0=$(now_ms)
  if [ "$service" = ledgerlens ]; then
    env REDIS_URL="$redis_url" LEDGERLENS_DB="$work/$name.db" PORT="$port" ADMIN_PORT="$admin" "$@" \
      java $java_opts -jar "$ll_jar" server "$root/config.yml" >> "$work/$name.log" 2>&1 &
  else
    env PORT="$port" ADMIN_PORT="$admin" "$@" \
      java $java_opts -jar "$bl_jar" server "$root/bench/baseline/config.yml" >> "$work/$name.log" 2>&1 &
  fi
  pid=$!
  children+=("$pid")
  local deadline=$(( t0 + 180000 ))   # generous: a start took 146 s at load average 40
  until curl -fs -o /dev/null "http://127.0.0.1:$port/health-check"; do
    kill -0 "$pid" 2>/dev/null || { echo "$name died while starting; see $work/$name.log"; tail -20 "$work/$name.log"; exit 1; }
    [ "$(now_ms)" -lt "$deadline" ] || { echo "$name not ready in 180 s"; exit 1; }
    sleep 0.02
  done
  ready_ms=$(( $(now_ms) - t0 ))
}
# stop PID: SIGTERM, waits for the exit; sets $exit_ms (signal to exit) and $exit_code.
stop() {
  local t0; t0=$(now_ms)
  kill -TERM "$1"
  set +e; wait "$1"; exit_code=$?; set -e
  exit_ms=$(( $(now_ms) - t0 ))
}
# Environments. LedgerLens's idle stop runs with its drain waits at zero (the issue's condition); under load and in
# the rolling restart it runs with its shipped defaults and the rolling settings of test_graceful_shutdown.sh.
ll_idle=(SHUTDOWN_DRAIN_MIN_WAIT=0s SHUTDOWN_DRAIN_QUIET_PERIOD=0s)
worst_wait=10s
ll_rolling=(SHUTDOWN_DRAIN_MIN_WAIT=1s SHUTDOWN_DRAIN_QUIET_PERIOD=300ms SHUTDOWN_DRAIN_MAX_WAIT=$worst_wait
  SHUTDOWN_GRACEFUL_TIMEOUT=5s)
bl_delayed=(DELAYED_SHUTDOWN=true SHUTDOWN_WAIT_PERIOD=$worst_wait)
ll_paths="/api/ledgers/latest,/api/ledgers?limit=50"
bl_paths="/fast,/slow?ms=200"
load_rps=200
# The rolling restart's load: a rate the 2-core machine sustains while one node serves and the other starts, over
# a bounded pool of connections (bench/README.md, "Rolling restart: what the harness measured").
roll_rps=${ROLL_RPS:-50} roll_conns=${ROLL_CONNECTIONS:-16}
rolling_errors=0

if section lifecycle; then
  echo "== lifecycle: start-to-ready, idle SIGTERM-to-exit ($r_short runs, alternating; one unmeasured start each first)"
  p=$(free_port); a=$(free_port)
  start baseline bl-lifecycle "$p" "$a"; stop "$pid"
  start ledgerlens ll-lifecycle "$p" "$a" "${ll_idle[@]}"; stop "$pid"
  : > "$work/bl-ready.txt"; : > "$work/bl-stop.txt"; : > "$work/ll-ready.txt"; : > "$work/ll-stop.txt"
  for i in $(seq 1 "$r_short"); do
    order="baseline ledgerlens"; [ $((i % 2)) -eq 0 ] && order="ledgerlens baseline"
    for s in $order; do
      if [ "$s" = baseline ]; then start baseline bl-lifecycle "$p" "$a"; k=bl
      else start ledgerlens ll-lifecycle "$p" "$a" "${ll_idle[@]}"; k=ll; fi
      # Idle: nothing sent but the readiness probe; two seconds for the start's own work to settle.
      sleep 2
      stop "$pid"
      echo "$ready_ms" >> "$work/$k-ready.txt"; echo "$exit_ms" >> "$work/$k-stop.txt"
      echo "  run $i $s: start-to-ready $ready_ms ms, idle SIGTERM-to-exit $exit_ms ms (exit code $exit_code)"
    done
  done
fi

if section cds; then
  echo "== start-to-ready with an AppCDS archive for each service ($r_short runs, alternating)"
  # One training run each writes the archive (classes loaded up to readiness and an idle stop); then both start
  # with their archive. Same JVM, same options otherwise.
  p=$(free_port); a=$(free_port)
  java_opts_plain=$java_opts
  java_opts="$java_opts_plain -XX:ArchiveClassesAtExit=$work/baseline.jsa"; start baseline bl-cds "$p" "$a"; stop "$pid"
  java_opts="$java_opts_plain -XX:ArchiveClassesAtExit=$work/ledgerlens.jsa"
  start ledgerlens ll-cds "$p" "$a" "${ll_idle[@]}"; stop "$pid"
  : > "$work/bl-cds-ready.txt"; : > "$work/ll-cds-ready.txt"
  for i in $(seq 1 "$r_short"); do
    order="baseline ledgerlens"; [ $((i % 2)) -eq 0 ] && order="ledgerlens baseline"
    for s in $order; do
      if [ "$s" = baseline ]; then java_opts="$java_opts_plain -XX:SharedArchiveFile=$work/baseline.jsa"
        start baseline bl-cds "$p" "$a"; k=bl
      else java_opts="$java_opts_plain -XX:SharedArchiveFile=$work/ledgerlens.jsa"
        start ledgerlens ll-cds "$p" "$a" "${ll_idle[@]}"; k=ll; fi
      stop "$pid"
      echo "$ready_ms" >> "$work/$k-cds-ready.txt"
      echo "  run $i $s: start-to-ready $ready_ms ms with its archive"
    done
  done
  java_opts=$java_opts_plain
fi

if section image; then
  echo "== start-to-ready of the Docker image against the baseline's java -jar ($r_short runs, alternating)"
  # The image as docker/test-compose.sh builds it (this jar, the local JRE base unless BENCH_RUNTIME_IMAGE names
  # another), run as Compose runs a replica: 1 GiB memory limit, read-only root, /data on a volume kept across runs.
  # Host networking, so the container reaches this run's Redis and is probed on 127.0.0.1 like the java -jar starts.
  # Timed from `docker start` of a created container (docker create copies the image's layers first, which is
  # storage-driver work, not the service's) to the first 200 from /health-check.
  docker_cmd=docker; [ -x /usr/bin/docker ] && docker_cmd=/usr/bin/docker
  "$docker_cmd" info >/dev/null 2>&1 || { echo "image: no Docker daemon answers (dockerd --storage-driver=vfs)"; exit 1; }
  runtime_image=${BENCH_RUNTIME_IMAGE:-ledgerlens-local/jre:17}
  [ -n "${BENCH_RUNTIME_IMAGE:-}" ] || docker/base-images.sh >/dev/null
  image=ledgerlens:bench
  DOCKER_BUILDKIT=1 "$docker_cmd" build -q -f docker/Dockerfile --build-arg RUNTIME_IMAGE="$runtime_image" \
    --build-arg JAR_FROM=prebuilt -t "$image" . >/dev/null
  p=$(free_port); a=$(free_port)
  volume=ledgerlens-bench-$$
  container=ledgerlens-bench-$$
  cleanups_image() { "$docker_cmd" rm -f "$container" >/dev/null 2>&1; "$docker_cmd" volume rm "$volume" >/dev/null 2>&1; }
  trap 'cleanups_image; cleanup' EXIT
  # start_image: sets $ready_ms (docker start to ready) and $create_ms (docker create).
  start_image() {
    local t0; t0=$(now_ms)
    "$docker_cmd" create --name "$container" --network host --memory 1g --read-only --tmpfs /tmp:exec,size=64m \
      -v "$volume:/data" -e REDIS_URL="$redis_url" -e PORT="$p" -e ADMIN_PORT="$a" \
      -e SHUTDOWN_DRAIN_MIN_WAIT=0s -e SHUTDOWN_DRAIN_QUIET_PERIOD=0s "$image" >/dev/null
    create_ms=$(( $(now_ms) - t0 ))
    t0=$(now_ms)
    "$docker_cmd" start "$container" >/dev/null
    local deadline=$(( t0 + 180000 ))
    # The JVM's host pid, asked once: a `docker inspect` in the loop would cost a process and a daemon call every
    # 20 ms, taking CPU from the start it measures (about 0.3 s of start-to-ready on this machine).
    local jvm; jvm=$("$docker_cmd" inspect -f '{{.State.Pid}}' "$container")
    until curl -fs -o /dev/null "http://127.0.0.1:$p/health-check"; do
      kill -0 "$jvm" 2>/dev/null \
        || { echo "the image died while starting"; "$docker_cmd" logs "$container" | tail -20; exit 1; }
      [ "$(now_ms)" -lt "$deadline" ] || { echo "the image was not ready in 180 s"; exit 1; }
      sleep 0.02
    done
    ready_ms=$(( $(now_ms) - t0 ))
  }
  stop_image() {
    "$docker_cmd" stop -t 35 "$container" >/dev/null
    "$docker_cmd" logs "$container" >> "$work/image.log" 2>&1
    image_exit=$("$docker_cmd" inspect -f '{{.State.ExitCode}}' "$container")
    "$docker_cmd" rm "$container" >/dev/null
  }
  # One unmeasured start of each first: the volume's database is created and migrated, the page cache warm.
  start_image; stop_image
  start baseline bl-image "$p" "$a"; stop "$pid"
  : > "$work/bl-image-ready.txt"; : > "$work/ll-image-ready.txt"; : > "$work/ll-image-create.txt"
  for i in $(seq 1 "$r_short"); do
    order="baseline image"; [ $((i % 2)) -eq 0 ] && order="image baseline"
    for s in $order; do
      if [ "$s" = baseline ]; then
        start baseline bl-image "$p" "$a"; stop "$pid"; echo "$ready_ms" >> "$work/bl-image-ready.txt"
        echo "  run $i baseline (java -jar, no archive): start-to-ready $ready_ms ms"
      else
        start_image; stop_image
        echo "$ready_ms" >> "$work/ll-image-ready.txt"; echo "$create_ms" >> "$work/ll-image-create.txt"
        echo "  run $i image: docker create $create_ms ms, docker start to ready $ready_ms ms (exit code $image_exit)"
        [ "$image_exit" = 0 ] || { echo "the image exited $image_exit at docker stop"; exit 1; }
      fi
    done
  done
  cleanups_image
  trap cleanup EXIT
fi

if section stop; then
  echo "== stop under load: $load_rps requests/s and 20 WebSocket clients, SIGTERM after 3 s ($r_short runs each)"
  : > "$work/stop-bl.txt"; : > "$work/stop-ll.txt"
  for i in $(seq 1 "$r_short"); do
    for s in baseline ledgerlens; do
      p=$(free_port); a=$(free_port)
      if [ "$s" = baseline ]; then
        start baseline "bl-stop-$i" "$p" "$a"; k=bl; paths=$bl_paths; ws="ws://127.0.0.1:$p/ws"
      else
        start ledgerlens "ll-stop-$i" "$p" "$a"; k=ll; paths=$ll_paths; ws="ws://127.0.0.1:$p/ws?channels=ledgers"
      fi
      java -cp "$probe_cp" io.ledgerlens.bench.StopProbe "http://127.0.0.1:$p" "$paths" "$load_rps" 3 0 "$pid" \
        "$ws" 20 > "$work/probe-$k-$i.txt" 2> "$work/probe-$k-$i.err" &
      probe=$!
      set +e; wait "$pid"; code=$?; set -e
      t_exit=$(now_ms)
      wait "$probe"
      signal=$(field "$work/probe-$k-$i.txt" signal_epoch_ms)
      echo "$(cat "$work/probe-$k-$i.txt") exit_ms=$((t_exit - signal)) exit_code=$code" >> "$work/stop-$k.txt"
      echo "  run $i $s: $(tail -1 "$work/stop-$k.txt")"
    done
  done
fi

if section rolling; then
  echo "== rolling restart of two nodes behind HAProxy ($r_long runs per variant; $roll_rps requests/s over at most $roll_conns connections)"
  # rolling VARIANT SERVICE RUN [VAR=value ...]: both nodes stopped and restarted in turn under load through
  # HAProxy; appends "errors sent exit0 exit1 p50 p99 max" to $work/rolling-VARIANT.txt.
  rolling() {
    local variant=$1 service=$2 run=$3; shift 3
    local dir="$work/rolling-$variant-$run"; mkdir -p "$dir"
    local lb stats; lb=$(free_port); stats=$(free_port)
    local -a app adm node
    local paths=$ll_paths; [ "$service" = baseline ] && paths=$bl_paths
    for i in 0 1; do
      app[$i]=$(free_port); adm[$i]=$(free_port)
      start "$service" "rolling-$variant-$run-node$i" "${app[$i]}" "${adm[$i]}" "$@"; node[$i]=$pid
    done
    # The same HAProxy settings for every variant: a health check every 200 ms that takes a node out at the first
    # failure (a 503, or no answer within 2 s); retries only where HAProxy's default allows them (a connection
    # that could not be made). Without "timeout check" a check's timeout is its 200 ms interval, and on a loaded
    # 2-core machine a starting node then flaps in and out of rotation whatever it runs. maxconn 1000 is far above
    # the $roll_conns connections RollingLoad holds: HAProxy never refuses a connection of this harness (with
    # a client that opened a connection per concurrent request, 1000 were reached and connects timed out).
    cat > "$dir/haproxy.cfg" <<EOF
global
    maxconn 1000
defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    timeout check 2s
    retries 3
    option redispatch
listen stats
    bind 127.0.0.1:$stats
    stats enable
    stats uri /stats
frontend api
    bind 127.0.0.1:$lb
    default_backend nodes
backend nodes
    balance roundrobin
    option httpchk GET /health-check
    http-check expect status 200
    default-server inter 200ms fall 1 rise 2
    server node0 127.0.0.1:${app[0]} check
    server node1 127.0.0.1:${app[1]} check
EOF
    haproxy -db -f "$dir/haproxy.cfg" > "$dir/haproxy.log" 2>&1 &
    local hap=$!; children+=("$hap")
    both_up() {
      local deadline=$(( $(date +%s) + 60 ))
      until [ "$(curl -fs "http://127.0.0.1:$stats/stats;csv" | awk -F, '$1=="nodes" && $2 ~ /^node/ && $18=="UP"' | wc -l)" -eq 2 ]; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "HAProxy does not see both nodes up; see $dir"; exit 1; }
        sleep 0.1
      done
    }
    both_up
    rm -f "$dir/done"
    local t_roll; t_roll=$(now_ms)
    event() { printf '%8.3fs %s\n' "$(( $(now_ms) - t_roll ))e-3" "$1" >> "$dir/events.txt"; }
    : > "$dir/events.txt"
    java -cp "$probe_cp" io.ledgerlens.bench.RollingLoad "http://127.0.0.1:$lb" "$paths" "$roll_rps" "$roll_conns" \
      "$dir/done" "$t_roll" > "$dir/probe.txt" 2> "$dir/probe.err" &
    local probe=$!; children+=("$probe")
    sleep "$rolling_load"   # load before the first stop
    local exits=""
    for i in 0 1; do
      event "node$i: SIGTERM"
      stop "${node[$i]}"; exits="$exits $exit_ms"
      event "node$i: exited (code $exit_code); starting it again"
      start "$service" "rolling-$variant-$run-node$i" "${app[$i]}" "${adm[$i]}" "$@"; node[$i]=$pid
      event "node$i: ready"
      both_up
      event "node$i: up in HAProxy"
    done
    sleep "$rolling_load"   # load after the last node is back
    touch "$dir/done"; set +e; wait "$probe"; set -e
    local errors; errors=$(field "$dir/probe.txt" failed)
    echo "$errors $(field "$dir/probe.txt" requests)$exits $(field "$dir/probe.txt" p50_ms) $(field "$dir/probe.txt" p99_ms) $(field "$dir/probe.txt" max_ms)" \
      >> "$work/rolling-$variant.txt"
    echo "  run $run $variant: client-visible errors ${errors:-?} of $(field "$dir/probe.txt" requests) ($(field "$dir/probe.txt" failures)); latency p50/p99/max $(field "$dir/probe.txt" p50_ms)/$(field "$dir/probe.txt" p99_ms)/$(field "$dir/probe.txt" max_ms) ms (sent to answered: $(field "$dir/probe.txt" answer_ms) ms); SIGTERM-to-exit node0/node1:$exits ms"
    if [ "${errors:-1}" != 0 ]; then
      echo "    failures (seconds after the roll's start, kind), against the events:"
      sed 's/^/      /' "$dir/events.txt"
      sed -n '2,21p' "$dir/probe.txt" | sed 's/^/      /'
      [ "$(sed -n '2,$p' "$dir/probe.txt" | wc -l)" -le 20 ] || echo "      ... (all in $dir/probe.txt)"
      [ "$variant" != ledgerlens ] || rolling_errors=$((rolling_errors + ${errors:-1}))
    fi
    for i in 0 1; do stop "${node[$i]}"; done
    kill -TERM "$hap"; wait "$hap" 2>/dev/null || true
  }
  for v in ledgerlens baseline-delayed baseline-plain; do : > "$work/rolling-$v.txt"; done
  for run in $(seq 1 "$r_long"); do
    rolling ledgerlens ledgerlens "$run" "${ll_rolling[@]}"
    rolling baseline-delayed baseline "$run" "${bl_delayed[@]}"
    rolling baseline-plain baseline "$run"
  done
fi

if section throughput; then
  echo "== GET throughput with wrk ($r_long runs of ${wrk_secs} s each, alternating) and resident memory after it"
  p_ll=$(free_port); a_ll=$(free_port); p_bl=$(free_port); a_bl=$(free_port)
  # 300 stored ledgers, genesis in the past, one new ledger an hour: the data does not change under wrk.
  start ledgerlens ll-throughput "$p_ll" "$a_ll" SIMULATED_PACE=1h INGEST_START=1 \
    SIMULATED_GENESIS_TIME="$(date -u -d '-299 hours' +%Y-%m-%dT%H:00:00Z)"
  ll_pid=$pid
  until curl -fs -o /dev/null "http://127.0.0.1:$p_ll/api/ledgers/300"; do sleep 0.1; done
  start baseline bl-throughput "$p_bl" "$a_bl"; bl_pid=$pid
  ll_url="http://127.0.0.1:$p_ll/api/ledgers/latest"; bl_url="http://127.0.0.1:$p_bl/fast"
  # JIT warm-up and cache fill; with 3 s, both services still gained 50% from one measured run to the next.
  wrk -t2 -c16 -d"${warm_secs}s" "$ll_url" > /dev/null; wrk -t2 -c16 -d"${warm_secs}s" "$bl_url" > /dev/null
  : > "$work/wrk-ll.txt"; : > "$work/wrk-bl.txt"
  for i in $(seq 1 "$r_long"); do
    for k in ll bl; do
      url=$ll_url; [ $k = bl ] && url=$bl_url
      wrk -t2 -c16 -d"${wrk_secs}s" "$url" > "$work/wrk-$k-$i.txt"
      if grep -q "Non-2xx" "$work/wrk-$k-$i.txt"; then echo "non-2xx answers from $url; see $work/wrk-$k-$i.txt"; exit 1; fi
      awk '/Requests\/sec/ {print $2}' "$work/wrk-$k-$i.txt" >> "$work/wrk-$k.txt"
      echo "  run $i $k: $(tail -1 "$work/wrk-$k.txt") requests/s"
    done
  done
  rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$1/status"; }
  rss_ll=$(rss "$ll_pid"); rss_bl=$(rss "$bl_pid")
  echo "resident memory after the runs: ledgerlens $rss_ll MiB, baseline $rss_bl MiB" | tee "$work/rss.txt"
  stop "$ll_pid"; stop "$bl_pid"
fi

if section ingest; then
  echo "== ingestion into SQLite and PostgreSQL (default batch 10)"
  n=5000; [ $quick -eq 1 ] && n=1000
  java $java_opts -cp "$probe_cp" io.ledgerlens.bench.IngestThroughput "$n" "$r_long" 10 sqlite,postgres \
    | tee "$work/ingest.txt"
fi

if section webhooks; then
  echo "== webhook deliveries to a local receiver (1 subscription, default concurrency 16; SQLite, PostgreSQL x1, x3)"
  n=20000; [ $quick -eq 1 ] && n=2000
  java -Xmx1g -cp "$probe_cp" io.ledgerlens.bench.WebhookThroughput "$n" "$r_long" 1x16,1x16@pg1,1x16@pg3 \
    | tee "$work/webhooks.txt"
fi

uptime > "$work/load-end.txt"
bench/write-report.sh "$work" "$out" "$r_short" "$r_long" "$wrk_secs" "$java_opts" "$cmdline" "$only" "$warm_secs" \
  "$roll_rps" "$roll_conns"
echo "report written to $out"
if [ "$rolling_errors" -ne 0 ]; then
  echo "FAIL: LedgerLens's rolling restarts had $rolling_errors client-visible error(s); see the failures above"
  exit 1
fi
}

# exit on the same line: bash reads no further, so a file edited during the run cannot add a syntax error at its end
# (it did: "line 353: syntax error", exit 2, after a run whose LedgerLens roll had no error).
main "$@"; exit
