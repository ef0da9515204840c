#!/usr/bin/env bash
# Start-to-ready of several LedgerLens jars against the plain Dropwizard baseline, interleaved in one run: each round
# starts the baseline and every jar once (in an order that rotates from round to round), and reports each jar's
# ratio to the baseline of the same round, then the median of those ratios. For comparing changes to the start on
# a shared, noisy machine: compare ratios of one run, not times of different runs.
#
# Start-to-ready as compare.sh measures it: from launching `java -Xmx512m -jar JAR server config.yml` to the first
# 200 from GET /health-check. Each jar has its own SQLite file, kept across its runs (a restart: migrations already
# applied); one unmeasured start of each comes first. A redis-server on a free port is started for LedgerLens.
# Also printed: the CPU time the process had used when it was ready (user + system, from /proc/PID/stat), the work
# of the start, which other load on the machine changes less than the wall time.
#
# Usage: bench/start-variants.sh ROUNDS NAME=JAR [NAME=JAR ...]
#   e.g. bench/start-variants.sh 8 main=/tmp/main.jar branch=target/ledgerlens.jar
# Env: BASELINE_JAR (default bench/baseline/target/baseline.jar, built if missing), BENCH_JAVA_OPTS (-Xmx512m),
#      WORK (a work directory to keep; default a temporary one, removed at the end).
set -euo pipefail

main() {
cd "$(dirname "$0")/.."
root=$(pwd)
[ $# -ge 2 ] || { sed -n '2,15p' "$0"; exit 2; }
rounds=$1; shift
names=(); jars=()
for arg in "$@"; do
  [[ "$arg" == *=* ]] || { echo "not NAME=JAR: $arg"; exit 2; }
  names+=("${arg%%=*}"); jars+=("$(realpath "${arg#*=}")")
done
bl_jar=${BASELINE_JAR:-bench/baseline/target/baseline.jar}
[ -f "$bl_jar" ] || mvn -B -ntp -q -f bench/baseline/pom.xml package
bl_jar=$(realpath "$bl_jar")
java_opts=${BENCH_JAVA_OPTS:--Xmx512m}
keep=1
[ -n "${WORK:-}" ] || { WORK=$(mktemp -d /tmp/ledgerlens-start.XXXXXX); keep=0; }
work=$WORK; mkdir -p "$work"

children=()
cleanup() {
  for p in "${children[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ "$keep" -eq 1 ] || rm -rf "$work"
}
trap cleanup EXIT
handed="$work/ports.txt"; : > "$handed"
. scripts/free-port.sh
now_ms() { date +%s%3N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

redis_port=$(free_port)
redis-server --port "$redis_port" --save '' --appendonly no > "$work/redis.log" 2>&1 &
children+=($!)

# start INDEX: -1 for the baseline, else the jar's index; sets $ready_ms and $cpu_ms, then stops the process.
start() {
  local i=$1 p a t0 pid name
  p=$(free_port); a=$(free_port)
  t0=$(now_ms)
  if [ "$i" -lt 0 ]; then
    name=baseline
    env PORT="$p" ADMIN_PORT="$a" java $java_opts -jar "$bl_jar" server "$root/bench/baseline/config.yml" \
      >> "$work/$name.log" 2>&1 &
  else
    name=${names[$i]}
    env REDIS_URL="redis://127.0.0.1:$redis_port" LEDGERLENS_DB="$work/$name.db" PORT="$p" ADMIN_PORT="$a" \
      SHUTDOWN_DRAIN_MIN_WAIT=0s SHUTDOWN_DRAIN_QUIET_PERIOD=0s SHUTDOWN_PENDING_REPORTS_DIR="$work/$name-pending" \
      java $java_opts -jar "${jars[$i]}" server "$root/config.yml" >> "$work/$name.log" 2>&1 &
  fi
  pid=$!
  children+=("$pid")
  until curl -fs -o /dev/null "http://127.0.0.1:$p/health-check"; do
    kill -0 "$pid" 2>/dev/null || { echo "$name died while starting; see $work/$name.log"; tail -20 "$work/$name.log"; exit 1; }
    [ $(( $(now_ms) - t0 )) -lt 180000 ] || { echo "$name not ready in 180 s"; exit 1; }
    sleep 0.02
  done
  ready_ms=$(( $(now_ms) - t0 ))
  cpu_ms=$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$pid/stat")
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
}

echo "start-to-ready, $rounds rounds; java options: $java_opts; load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
start -1
for i in "${!jars[@]}"; do start "$i"; done
n=${#jars[@]}
header="round | load | baseline ms, cpu ms"
for name in "${names[@]}"; do header="$header | $name ms (ratio), cpu ms (ratio)"; done
echo "$header"
for r in $(seq 1 "$rounds"); do
  # The order rotates: round r starts with entry r mod (n+1), the baseline being entry 0.
  declare -A ms=() cpu=()
  for k in $(seq 0 "$n"); do
    e=$(( (k + r) % (n + 1) ))
    start $(( e - 1 )); ms[$e]=$ready_ms; cpu[$e]=$cpu_ms
  done
  load=$(cut -d' ' -f1 /proc/loadavg)
  line="$(printf '%5d | %4s | %d, %d' "$r" "$load" "${ms[0]}" "${cpu[0]}")"
  echo "${ms[0]}" >> "$work/baseline.txt"; echo "${cpu[0]}" >> "$work/baseline.cpu"
  for i in "${!jars[@]}"; do
    ratio=$(awk -v a="${ms[$((i + 1))]}" -v b="${ms[0]}" 'BEGIN {printf "%.2f", a / b}')
    cratio=$(awk -v a="${cpu[$((i + 1))]}" -v b="${cpu[0]}" 'BEGIN {printf "%.2f", a / b}')
    echo "$ratio" >> "$work/${names[$i]}.ratios"; echo "${ms[$((i + 1))]}" >> "$work/${names[$i]}.ms"
    echo "$cratio" >> "$work/${names[$i]}.cratios"; echo "${cpu[$((i + 1))]}" >> "$work/${names[$i]}.cpu"
    line="$line | ${ms[$((i + 1))]} ($ratio), ${cpu[$((i + 1))]} ($cratio)"
  done
  echo "$line"
  unset ms cpu
done
line="median | | $(median < "$work/baseline.txt"), $(median < "$work/baseline.cpu")"
for name in "${names[@]}"; do
  line="$line | $(median < "$work/$name.ms") (ratio $(median < "$work/$name.ratios")), $(median < "$work/$name.cpu") (ratio $(median < "$work/$name.cratios"))"
done
echo "$line"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
}

main "$@"; exit
