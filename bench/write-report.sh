#!/usr/bin/env bash
# Writes the markdown report of one bench/compare.sh run from the files it left in its work directory.
# Usage: bench/write-report.sh WORK OUT RUNS_SHORT RUNS_LONG WRK_SECS JAVA_OPTS COMMAND SECTIONS WARM_SECS ROLL_RPS
#        ROLL_CONNECTIONS
set -euo pipefail
cd "$(dirname "$0")/.."
work=$1 out=$2 r_short=$3 r_long=$4 wrk_secs=$5 java_opts=$6 cmdline=$7 only=$8 warm_secs=$9
roll_rps=${10:-50} roll_conns=${11:-16}

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
sum() { awk '{s+=$1} END {print s+0}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b == "n/a" || a == "n/a" || b+0 == 0) print "n/a"; else printf "%.2f", a/b}'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "n/a") print "n/a"; else print (a+0 <= b+0 ? "yes" : "**no**")}'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "n/a") print "n/a"; else print (a+0 >= b+0 ? "yes" : "**no**")}'; }
col() { [ -s "$1" ] && awk -v c="$2" '{print $c}' "$1" || true; }          # column c of a file, one value a line
key() { [ -s "$1" ] && sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" "$1" || true; }  # key=value of each line
runs() { tr '\n' ' ' | sed 's/ $//; s/ /, /g'; }
section() { [[ ",$only," == *",$1,"* ]]; }
have() { [ -s "$work/$1" ]; }

rows=()
row() { rows+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }
details=()
detail() { details+=("$1"); }

if section lifecycle && have ll-ready.txt; then
  ll_r=$(median < "$work/ll-ready.txt"); bl_r=$(median < "$work/bl-ready.txt")
  ll_s=$(median < "$work/ll-stop.txt"); bl_s=$(median < "$work/bl-stop.txt")
  q=$(ratio "$ll_r" "$bl_r"); row "start-to-ready, median of $r_short" "$ll_r ms" "$bl_r ms" "$q" "≤ 1.3" "$(le "$q" 1.3)"
  q=$(ratio "$ll_s" "$bl_s"); row "idle SIGTERM-to-exit, median of $r_short (LedgerLens drain waits 0)" "$ll_s ms" "$bl_s ms" "$q" "≤ 1.5" "$(le "$q" 1.5)"
  detail "### Start and idle stop

From launching \`java $java_opts -jar ... server config.yml\` to the first 200 from \`GET /health-check\` on the
application port (LedgerLens's readiness servlet; the baseline's Dropwizard health module), then two idle seconds,
then \`kill -TERM\` to the process's exit. LedgerLens runs with \`SHUTDOWN_DRAIN_MIN_WAIT=0s\` and
\`SHUTDOWN_DRAIN_QUIET_PERIOD=0s\`, on a database file kept across its runs (a restart: migrations already
applied). The two services alternate; one unmeasured start of each comes first.

| run | LedgerLens start-to-ready ms | baseline start-to-ready ms | LedgerLens stop ms | baseline stop ms |
|---|---|---|---|---|
$(paste -d' ' "$work/ll-ready.txt" "$work/bl-ready.txt" "$work/ll-stop.txt" "$work/bl-stop.txt" | awk '{printf "| %d | %s | %s | %s | %s |\n", NR, $1, $2, $3, $4}')"
fi

if section cds && have ll-cds-ready.txt; then
  ll_c=$(median < "$work/ll-cds-ready.txt"); bl_c=$(median < "$work/bl-cds-ready.txt")
  q=$(ratio "$ll_c" "$bl_c")
  row "start-to-ready, both with an AppCDS archive, median of $r_short" "$ll_c ms" "$bl_c ms" "$q" "none set" ""
  if section lifecycle && have bl-ready.txt; then
    q=$(ratio "$ll_c" "$(median < "$work/bl-ready.txt")")
    row "start-to-ready, LedgerLens with an AppCDS archive against the baseline without" "$ll_c ms" "$(median < "$work/bl-ready.txt") ms" "$q" "none set" ""
  fi
  detail "### Start with an application class-data archive

The same start-to-ready measurement with \`-XX:SharedArchiveFile\` for both services: one training run each
(\`-XX:ArchiveClassesAtExit\`, start, ready, idle SIGTERM) writes an archive of the classes loaded, and the measured
runs map it instead of loading and verifying those classes from the jar. This is a JVM option an operator can add
to either service; it is reported apart from the default-settings rows above.

| run | LedgerLens ms | baseline ms |
|---|---|---|
$(paste -d' ' "$work/ll-cds-ready.txt" "$work/bl-cds-ready.txt" | awk '{printf "| %d | %s | %s |\n", NR, $1, $2}')"
fi

if section image && have ll-image-ready.txt; then
  ll_i=$(median < "$work/ll-image-ready.txt"); bl_i=$(median < "$work/bl-image-ready.txt")
  q=$(ratio "$ll_i" "$bl_i")
  row "start-to-ready, the Docker image (its AppCDS archive) against the baseline's java -jar, median of $r_short" "$ll_i ms" "$bl_i ms" "$q" "≤ 1.0" "$(le "$q" 1.0)"
  detail "### Start-to-ready of the Docker image

LedgerLens's image from \`docker/Dockerfile\` (this jar; the AppCDS archive its build's training run made; the
entrypoint's options, G1 and 50 % of a 1 GiB limit for the heap), created as Compose creates a replica (read-only
root, \`/tmp\` a tmpfs, \`/data\` a volume kept across runs, host networking), timed from \`docker start\` to the
first 200 from \`/health-check\`. Against it, in the same run and alternating, the baseline started the ordinary
way: \`java $java_opts -jar baseline.jar\`, no archive. \`docker create\` (copying the image's layers, which with
the vfs storage driver is a full copy) is shown apart: it is the storage driver's work, done before the JVM starts.

| run | image: docker create ms | image: docker start to ready ms | baseline java -jar ms |
|---|---|---|---|
$(paste -d' ' "$work/ll-image-create.txt" "$work/ll-image-ready.txt" "$work/bl-image-ready.txt" | awk '{printf "| %d | %s | %s | %s |\n", NR, $1, $2, $3}')"
fi

if section stop && have stop-ll.txt; then
  ll_fb=$(key "$work/stop-ll.txt" failed_before | sum); ll_sb=$(key "$work/stop-ll.txt" sent_before | sum)
  bl_fb=$(key "$work/stop-bl.txt" failed_before | sum); bl_sb=$(key "$work/stop-bl.txt" sent_before | sum)
  ll_ws=$(key "$work/stop-ll.txt" ws_clients | sum); bl_ws=$(key "$work/stop-bl.txt" ws_clients | sum)
  ll_wn=$(key "$work/stop-ll.txt" ws_notice_and_close1001 | sum); bl_wn=$(key "$work/stop-bl.txt" ws_notice_and_close1001 | sum)
  ll_wc=$(key "$work/stop-ll.txt" ws_close1001 | sum); bl_wc=$(key "$work/stop-bl.txt" ws_close1001 | sum)
  row "requests sent before SIGTERM under load that failed, $r_short runs" "$ll_fb of $ll_sb" "$bl_fb of $bl_sb" "" "0" \
    "$([ "$ll_fb" -eq 0 ] && echo yes || echo '**no**')"
  row "WebSocket clients closed with 1001 after a \`server_shutdown\` notice" "$ll_wn of $ll_ws" "$bl_wn of $bl_ws (close 1001 without notice: $bl_wc)" "" "100%" \
    "$([ "$ll_wn" -eq "$ll_ws" ] && [ "$ll_ws" -gt 0 ] && echo yes || echo '**no**')"
  detail "### SIGTERM under load

\`bench/StopProbe\` (src/test/java/io/ledgerlens/bench/StopProbe.java) opens 20 WebSocket clients, sends 200
GET requests/s over keep-alive connections (LedgerLens: \`/api/ledgers/latest\` and \`/api/ledgers?limit=50\` in
turn; baseline: \`/fast\` and \`/slow?ms=200\` in turn), sends SIGTERM after 3 s and keeps sending until the process
has exited. A request counts as sent before the signal if it was handed to the HTTP client before
the signal went out; it failed if its answer was not a 2xx (connection errors included). LedgerLens runs on its
shipped defaults (drain: quiet period 1 s, at most 5 s), so it goes on serving while it drains; requests sent after
the signal (until the exit) are listed for information: a direct client of a stopping instance has no other node
to go to, and the rolling restart below is the measurement that matters for them.

| run | service | sent before | failed before | failures before | sent after | failed after | failures after | WebSocket: notice + 1001 / clients | other closes | SIGTERM-to-exit ms | exit code |
|---|---|---|---|---|---|---|---|---|---|---|---|
$(for k in ll bl; do n=0; while read -r line; do n=$((n+1)); f() { echo "$line" | sed -n "s/.*\b$1=\([^ ]*\).*/\1/p"; }
  printf '| %d | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s | %s | %s |\n' "$n" "$([ $k = ll ] && echo LedgerLens || echo baseline)" \
    "$(f sent_before)" "$(f failed_before)" "$(f failures_before)" "$(f sent_after)" "$(f failed_after)" "$(f failures_after)" \
    "$(f ws_notice_and_close1001)" "$(f ws_clients)" "$(f ws_other)" "$(f exit_ms)" "$(f exit_code)"; done < "$work/stop-$k.txt"; done)"
fi

if section rolling && have rolling-ledgerlens.txt; then
  e_ll=$(col "$work/rolling-ledgerlens.txt" 1 | sum); s_ll=$(col "$work/rolling-ledgerlens.txt" 2 | sum)
  e_bd=$(col "$work/rolling-baseline-delayed.txt" 1 | sum); s_bd=$(col "$work/rolling-baseline-delayed.txt" 2 | sum)
  e_bp=$(col "$work/rolling-baseline-plain.txt" 1 | sum); s_bp=$(col "$work/rolling-baseline-plain.txt" 2 | sum)
  x_ll=$( (col "$work/rolling-ledgerlens.txt" 3; col "$work/rolling-ledgerlens.txt" 4) | median)
  x_bd=$( (col "$work/rolling-baseline-delayed.txt" 3; col "$work/rolling-baseline-delayed.txt" 4) | median)
  x_bp=$( (col "$work/rolling-baseline-plain.txt" 3; col "$work/rolling-baseline-plain.txt" 4) | median)
  row "rolling restart behind HAProxy: client-visible errors, $r_long runs" "$e_ll of $s_ll" "delayed shutdown: $e_bd of $s_bd; plain: $e_bp of $s_bp" "" "0" \
    "$([ "$e_ll" -eq 0 ] && echo yes || echo '**no**')"
  maxof() { sort -n | tail -1; }
  row "rolling restart: latency p50 / p99 / max, worst run" \
    "$(col "$work/rolling-ledgerlens.txt" 5 | maxof) / $(col "$work/rolling-ledgerlens.txt" 6 | maxof) / $(col "$work/rolling-ledgerlens.txt" 7 | maxof) ms" \
    "delayed: $(col "$work/rolling-baseline-delayed.txt" 5 | maxof) / $(col "$work/rolling-baseline-delayed.txt" 6 | maxof) / $(col "$work/rolling-baseline-delayed.txt" 7 | maxof) ms" \
    "" "none set" ""
  q=$(ratio "$x_ll" "$x_bd")
  row "rolling restart: stopped node's SIGTERM-to-exit, median of $((2 * r_long)) stops" "$x_ll ms" "delayed shutdown (10 s wait): $x_bd ms; plain: $x_bp ms" "$q of the delayed baseline" "≤ 0.5" "$(le "$q" 0.5)"
  detail "### Rolling restart behind HAProxy

Two nodes of one kind behind HAProxy (\`option httpchk GET /health-check\`, a check every 200 ms, out at the
first failure (a 503, or no answer within \`timeout check 2s\`), back after two passes, \`retries 3\` with \`option redispatch\` and HAProxy's default retry policy:
only a connection that could not be made is retried). \`bench/RollingLoad\` sends $roll_rps requests/s through
HAProxy on a fixed schedule over at most $roll_conns keep-alive connections (a request that finds them all busy
waits for one); latency runs from when a request was due, so that wait counts. node0 gets SIGTERM, is started
again once it has exited, and when HAProxy sees both nodes up node1 gets the same. Every request of the run
counts; a failure is anything but a 2xx, a connection error, or no answer within 20 s. The script fails when
LedgerLens has any. The worst-case wait is the same for both: LedgerLens drains for at least 1 s, ends
after 300 ms without traffic and at most after \`SHUTDOWN_DRAIN_MAX_WAIT=10s\`; the delayed baseline runs
Dropwizard's delayed-shutdown handler (\`health.delayedShutdownHandlerEnabled: true\`, \`shutdownWaitPeriod: 10s\`),
which turns \`/health-check\` to 503 and waits the whole period before stopping Jetty. The plain baseline stops
Jetty at once.

| variant | run | client-visible errors | requests | failures | latency p50 / p99 / max ms | node0 SIGTERM-to-exit ms | node1 SIGTERM-to-exit ms |
|---|---|---|---|---|---|---|---|
$(for v in ledgerlens baseline-delayed baseline-plain; do n=0; while read -r e s x0 x1 p50 p99 mx; do n=$((n+1));
  printf '| %s | %d | %s | %s | %s | %s / %s / %s | %s | %s |\n' "$v" "$n" "$e" "$s" "$(sed -n '1s/.*\bfailures=\([^ ]*\).*/\1/p' "$work/rolling-$v-$n/probe.txt")" "$p50" "$p99" "$mx" "$x0" "$x1"; done < "$work/rolling-$v.txt"; done)"
fi

if section throughput && have wrk-ll.txt; then
  w_ll=$(median < "$work/wrk-ll.txt"); w_bl=$(median < "$work/wrk-bl.txt")
  q=$(ratio "$w_ll" "$w_bl")
  row "GET requests/s with wrk, median of $r_long (LedgerLens cached \`/api/ledgers/latest\`; baseline \`/fast\`)" "$w_ll" "$w_bl" "$q" "≥ 0.8" "$(ge "$q" 0.8)"
  rss_ll=$(sed -n 's/.*ledgerlens \([0-9]*\) MiB.*/\1/p' "$work/rss.txt"); rss_bl=$(sed -n 's/.*baseline \([0-9]*\) MiB.*/\1/p' "$work/rss.txt")
  row "resident memory after warm-up and the wrk runs" "$rss_ll MiB" "$rss_bl MiB" "$(ratio "$rss_ll" "$rss_bl")" "none set" ""
  detail "### GET throughput and memory

Both services run at once (\`java $java_opts\`); wrk (\`wrk -t2 -c16 -d${wrk_secs}s\`, on the same 2 cores) alternates
between them after a ${warm_secs} s warm-up of each. LedgerLens serves \`/api/ledgers/latest\` from its read cache (the in-process
copy in front of Redis; Redis is started by the script on a free port) over 300 stored ledgers that do not change
during the run; the baseline serves \`/fast\`, a ledger-sized object serialised by Jackson. Resident memory is \`VmRSS\` from
\`/proc/<pid>/status\` after the last wrk run.

| run | LedgerLens requests/s | baseline requests/s |
|---|---|---|
$(paste -d' ' "$work/wrk-ll.txt" "$work/wrk-bl.txt" | awk '{printf "| %d | %s | %s |\n", NR, $1, $2}')"
fi

if section ingest && have ingest.txt; then
  for store in sqlite postgres; do
    line=$(awk -F'|' -v s="$store" '{k = $1; gsub(/ /, "", k)} k == s && $2+0 == 10' "$work/ingest.txt")
    [ -n "$line" ] || continue
    ledgers=$(echo "$line" | awk -F'|' '{gsub(/ /,"",$3); print $3}'); payments=$(echo "$line" | awk -F'|' '{gsub(/ /,"",$4); print $4}')
    row "ingestion into $store, batch 10, median of $r_long" "$ledgers ledgers/s, $payments payments/s" "no counterpart" "" "none set" ""
  done
  detail "### Ingestion

\`IngestThroughput\` (bench/ingest-throughput.sh's harness): simulated ledgers through the real \`LedgerIngestion\`
code into a fresh SQLite file with production settings (WAL, \`synchronous=NORMAL\`, IMMEDIATE transactions) and
into a fresh database on a PostgreSQL 15 the harness starts on this machine with its durable defaults (\`fsync\` and
\`synchronous_commit\` on: every transaction waits for its WAL flush, which SQLite's \`synchronous=NORMAL\` does
not), default batch of 10 ledgers per transaction.

\`\`\`
$(grep -Ev '^[0-9:.]+ \[' "$work/ingest.txt")
\`\`\`"
fi

if section webhooks && have webhooks.txt; then
  for store in sqlite "postgres x1" "postgres x3"; do
    d=$(awk -F'|' -v s="$store" '{gsub(/^ +| +$/,"",$1)} $1 == s && $2+0 == 1 && $3+0 == 16 {gsub(/ /,"",$4); print $4}' "$work/webhooks.txt")
    [ -n "$d" ] || continue
    if [ "$store" = sqlite ]; then
      row "webhook deliveries/s to a local receiver, $store, median of $r_long" "$d" "no counterpart" "" "≥ 2,000/s" "$(ge "$d" 2000)"
    else
      row "webhook deliveries/s to a local receiver, $store, median of $r_long" "$d" "no counterpart" "" "none set" ""
    fi
  done
  detail "### Webhooks

\`WebhookThroughput\` (bench/webhook-throughput.sh's harness): the real dispatcher (fan-out from the event log,
leases, signed POSTs through Jetty's client, outcomes in the store) to a receiver on 127.0.0.1 that answers 200 at
once; one subscription at the default concurrency of 16; the clock stops when the receiver has acknowledged the
last delivery, and the run fails if any delivery arrived twice. \`sqlite\`: one dispatcher on a SQLite file.
\`postgres xN\`: N dispatchers in one JVM, each with its own connection pool on one PostgreSQL database (durable
defaults), as N instances run them: one fans out, all claim and send deliveries (\`FOR UPDATE SKIP LOCKED\`).

\`\`\`
$(grep -Ev '^[0-9:.]+ \[' "$work/webhooks.txt")
\`\`\`"
fi

java_version=$(java -version 2>&1 | sed -n 1p)
# Sections measured by other harnesses (by hand) follow this line in the page and are carried over unchanged.
kept_marker='<!-- Below: measured with the harnesses each section names, not by compare.sh; kept when it rewrites this page. -->'
kept=""
if [ -f "$out" ] && grep -qxF "$kept_marker" "$out"; then
  kept=$(awk -v m="$kept_marker" 'found || $0 == m {found = 1; print}' "$out")
fi
{
  echo "# Benchmarks: LedgerLens against a plain Dropwizard service"
  echo
  echo "Written by \`$cmdline\` on $(cat "$work/date.txt" 2>/dev/null || date -u +'%Y-%m-%d %H:%M UTC'); run it again to regenerate this page, and see"
  echo "bench/README.md for the harnesses. Ratios are LedgerLens / baseline in the same run. The machine is shared and"
  echo "noisy: compare ratios and medians, not single times."
  echo
  echo "The baseline (bench/baseline/) is a plain Dropwizard 5.0.1 service on the same Jetty with Dropwizard's default"
  echo "settings: a fast JSON endpoint, a slow one, a WebSocket echo, and the health module for \`/health-check\`."
  echo
  echo "## Machine"
  echo
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores; memory $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "- Kernel: $(uname -sr); Java: $java_version; JVM options for both services: \`$java_opts\`"
  echo "- Both services: Dropwizard 5.0.1, Jetty 12.1.5. Tools: $(redis-server --version | awk '{print $1, $2, $3}'), $(haproxy -v | sed -n 1p | awk '{print $1, $2, $3}'), $(wrk -v 2>&1 | sed -n 1p | awk '{print $1, $2}')"
  echo "- Load average at the start: $(sed 's/.*load average: //' "$work/load-start.txt"); at the end: $(sed 's/.*load average: //' "$work/load-end.txt" 2>/dev/null || uptime | sed 's/.*load average: //')"
  echo
  echo "## Results"
  echo
  echo "| measurement | LedgerLens | baseline | ratio | target | met |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "## How each was measured"
  echo
  for d in "${details[@]}"; do echo "$d"; echo; done
  echo "## Commands"
  echo
  echo '```sh'
  echo "sudo apt-get install -y redis-server haproxy wrk   # once"
  echo "$cmdline    # this page; builds both jars, runs everything, about 15 minutes"
  echo "bench/compare.sh --only lifecycle,throughput       # some sections; the others are left out of the page"
  echo "bench/compare.sh --quick                           # one short run of each, report in the work directory"
  echo '```'
  if [ -n "$kept" ]; then
    echo
    printf '%s\n' "$kept"
  fi
} > "$out.new"
mv "$out.new" "$out"
