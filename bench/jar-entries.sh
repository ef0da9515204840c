#!/usr/bin/env bash
# The shaded jar's entries stored against the same jar deflated: what the packaging costs a start.
#
# 1. Starts the jar once with -Xlog:class+load until it is ready, and lists the classes it read from the jar.
# 2. Loads (without initialising) those classes from each jar in a fresh JVM, ROUNDS times each, alternating, and
#    prints the time and the process's CPU (bench/jar-entries/LoadClasses.java, compiled into the work directory).
# 3. Runs bench/start-variants.sh ROUNDS with both jars against the baseline.
#
# Usage: bench/jar-entries.sh ROUNDS [JAR]   (JAR: default target/ledgerlens.jar, as built: entries stored)
# Needs unzip, zip and /usr/bin/time (Debian's packages unzip, zip and time).
# Env: WORK (a directory to keep; default a temporary one).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rounds=${1:?usage: bench/jar-entries.sh ROUNDS [JAR]}
jar=$(realpath "${2:-target/ledgerlens.jar}")
keep=1
[ -n "${WORK:-}" ] || { WORK=$(mktemp -d /tmp/ledgerlens-jar-entries.XXXXXX); keep=0; }
work=$WORK; mkdir -p "$work"
pid=""
cleanup() {
  [ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null || true
  [ "$keep" -eq 1 ] || rm -rf "$work"
}
trap cleanup EXIT
handed="$work/ports.txt"; : > "$handed"
. scripts/free-port.sh

cp "$jar" "$work/stored.jar"
rm -rf "$work/x"; mkdir "$work/x"
(cd "$work/x" && unzip -q "$work/stored.jar" && rm -f "$work/deflated.jar" \
  && zip -q -X -9 "$work/deflated.jar" META-INF/MANIFEST.MF && zip -q -X -9 -r "$work/deflated.jar" . -x META-INF/MANIFEST.MF)
rm -rf "$work/x"
echo "stored: $(stat -c %s "$work/stored.jar") bytes; deflated: $(stat -c %s "$work/deflated.jar") bytes"

p=$(free_port); a=$(free_port)
env LEDGERLENS_DB="$work/classes.db" PORT="$p" ADMIN_PORT="$a" SHUTDOWN_PENDING_REPORTS_DIR="$work/pending" \
  SHUTDOWN_DRAIN_MIN_WAIT=0s SHUTDOWN_DRAIN_QUIET_PERIOD=0s \
  java -Xmx512m -Xlog:class+load:file="$work/class-load.txt" -jar "$work/stored.jar" server "$root/config.yml" \
  > "$work/service.log" 2>&1 &
pid=$!
deadline=$(( $(date +%s) + 180 ))
until curl -fs -o /dev/null "http://127.0.0.1:$p/health-check"; do
  kill -0 "$pid" 2>/dev/null || { echo "the service died; see $work/service.log"; exit 1; }
  [ "$(date +%s)" -lt "$deadline" ] || { echo "not ready in 180 s"; exit 1; }
  sleep 0.05
done
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=""
grep -F "source: file:$work/stored.jar" "$work/class-load.txt" | awk '{print $2}' > "$work/classes.txt"
echo "classes read from the jar by one start and stop: $(wc -l < "$work/classes.txt")"

javac -d "$work/tool" bench/jar-entries/LoadClasses.java
echo "loading them, $rounds rounds (wall ms inside the JVM; CPU s of the whole JVM, user+system):"
for r in $(seq 1 "$rounds"); do
  for kind in deflated stored; do
    out=$( { /usr/bin/time -f '%U %S' java -Xmx512m -cp "$work/tool:$work/$kind.jar" LoadClasses "$work/classes.txt"; } 2>&1 )
    printf '%5d %-8s %s, cpu %s s\n' "$r" "$kind" "$(echo "$out" | sed -n 1p)" \
      "$(echo "$out" | sed -n 2p | awk '{print $1 + $2}')"
  done
done

bash bench/start-variants.sh "$rounds" deflated="$work/deflated.jar" stored="$work/stored.jar"
