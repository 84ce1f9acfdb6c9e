#!/usr/bin/env bash
# Edgeway start-up benchmark: starts the gateway through `./edgeway run` N times on free ports and
# a fresh data directory each, and reports per start the time from launch to the first 200 from
# /healthz, the JVM's CPU seconds and loaded classes at that moment, and its RSS and threads once
# idle; then the medians. Prints a markdown report and keeps it in bench/results/.
#
#   bash bench/startup/startup-bench.sh
#
# Knobs (environment):
#   BENCH_STARTS=5          starts timed (median reported)
#   BENCH_IDLE_SECONDS=3    seconds after healthy before the idle RSS is read (deferred work done)
#   BENCH_NMT=0             1: start with -XX:NativeMemoryTracking=summary and append the idle
#                           VM.native_memory summary of the last start to the report
#   BENCH_LABEL             free text put in the report's title
#   EDGEWAY_JAVA_OPTS       JVM flags for the gateway, passed on by ./edgeway run
#   BENCH_GATEWAY_ARGS      more gateway arguments (e.g. --some.spring.property=value)
# The build and the start-up cache's training happen before the first timed start, as in
# bench/proxy-bench.sh, so every start measured is an ordinary one.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source scripts/lib.sh

STARTS="${BENCH_STARTS:-5}"
IDLE_SECONDS="${BENCH_IDLE_SECONDS:-3}"
TMP="$(mktemp -d)"
GATEWAY_PID=""
CLK_TCK="$(getconf CLK_TCK)"

log() { echo "startup-bench: $*" >&2; }
die() { log "$*"; exit 1; }
now_ms() { date +%s%3N; }
median() {
  printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {
    if (NR == 0) print 0; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

stop_gateway() {
  [[ -n "$GATEWAY_PID" ]] || return 0
  kill -TERM "$GATEWAY_PID" 2>/dev/null || true
  wait "$GATEWAY_PID" 2>/dev/null || true
  GATEWAY_PID=""
}
trap 'stop_gateway; rm -rf "$TMP"' EXIT

# The JVM's user + system CPU seconds so far, from /proc (costs the JVM nothing).
cpu_seconds() {
  awk -v tck="$CLK_TCK" '{sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / tck}' "/proc/$1/stat"
}

build() {
  local jar=gateway/target/edgeway-gateway.jar app
  if [[ ! -f "$jar" || -n "$(find gateway storage dag-linearizer kafka-trigger pom.xml \
      \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit 2>/dev/null)" ]]; then
    log "building the gateway"
    ./mvnw -q -B -DskipTests -pl gateway -am package
  fi
  log "preparing the extracted jar and start-up cache (as ./edgeway run does)"
  app="$(edgeway_prepare_app "$jar")"
  CACHE_FLAG="$(edgeway_startup_cache_flags "$app" || true)"
}

# One start: prints "ms cpu_s classes classes_not_cached rss_mb threads spring_s".
one_start() {
  local port metrics health t0 ms cpu classes rss threads spring opts
  port="$(free_port)"; metrics="$(free_port)"
  health="http://127.0.0.1:$metrics/healthz"
  rm -rf "$TMP/data"
  opts="$(edgeway_java_opts)"
  [[ "${BENCH_NMT:-0}" == 1 ]] && opts="$opts -XX:NativeMemoryTracking=summary"
  t0="$(now_ms)"
  # shellcheck disable=SC2086 # BENCH_GATEWAY_ARGS is a list of arguments
  EDGEWAY_JAVA_OPTS="$opts" EDGEWAY_DATA_DIR="$TMP/data" ./edgeway run \
    --server.port="$port" --management.server.port="$metrics" ${BENCH_GATEWAY_ARGS:-} \
    >"$TMP/gateway.log" 2>&1 &
  GATEWAY_PID=$!
  until curl -fsS -o /dev/null --max-time 1 "$health" 2>/dev/null; do
    kill -0 "$GATEWAY_PID" 2>/dev/null || { tail -20 "$TMP/gateway.log" >&2; die "the gateway exited before it was healthy"; }
    (( $(now_ms) - t0 < 180000 )) || die "the gateway was not healthy within 180 s"
    sleep 0.01
  done
  ms=$(( $(now_ms) - t0 ))
  cpu="$(cpu_seconds "$GATEWAY_PID")"
  # java.cls.loadedClasses counts the classes loaded from jars, sharedLoadedClasses those
  # taken from the start-up cache.
  classes="$("$JAVA_HOME/bin/jcmd" "$GATEWAY_PID" PerfCounter.print 2>/dev/null | awk -F= '
    /^java.cls.loadedClasses=/ {l = $2} /^java.cls.sharedLoadedClasses=/ {s = $2}
    END {if (l == "") print "? ?"; else print l + s, l}')"
  sleep "$IDLE_SECONDS"
  rss=$(( $(awk '/^VmRSS:/ {print $2}' "/proc/$GATEWAY_PID/status") / 1024 ))
  threads="$(awk '/^Threads:/ {print $2}' "/proc/$GATEWAY_PID/status")"
  spring="$(grep -m1 -o 'process running for [0-9.]*' "$TMP/gateway.log" | awk '{print $NF}' || true)"
  if [[ "${BENCH_NMT:-0}" == 1 ]]; then
    "$JAVA_HOME/bin/jcmd" "$GATEWAY_PID" VM.native_memory summary >"$TMP/nmt.txt" 2>&1 || true
  fi
  stop_gateway
  echo "$ms $cpu ${classes:-? ?} $rss $threads ${spring:-?}"
}

main() {
  edgeway_java_home
  build
  local started load_before rows=() i row
  started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  load_before="$(uptime | sed 's/.*load average: //')"
  for i in $(seq 1 "$STARTS"); do
    row="$(one_start)"
    log "start $i: $row (ms cpu_s classes not_cached rss_mb threads spring_ready_s)"
    rows+=("$row")
  done
  col() { local n=$1; printf '%s\n' "${rows[@]}" | awk -v n="$n" '{print $n}'; }
  mkdir -p bench/results
  local report="bench/results/startup-$(date -u +%Y%m%dT%H%M%SZ).md"
  {
    echo "## Edgeway start-up benchmark${BENCH_LABEL:+ ($BENCH_LABEL)}, $started"
    echo
    echo "- commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), JDK $EDGEWAY_JAVA_VERSION, flags \`$(edgeway_java_opts)\`${CACHE_FLAG:+ with \`$CACHE_FLAG\`}, args \`${BENCH_GATEWAY_ARGS:-}\`"
    echo "- load average before: $load_before; after: $(uptime | sed 's/.*load average: //')"
    echo
    echo "| start | to healthy ms | CPU s at healthy | classes loaded | of them not from the cache | RSS idle MB | threads | JVM up when Spring ready, s |"
    echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    i=0
    for row in "${rows[@]}"; do
      i=$((i + 1)); set -- $row
      echo "| $i | $1 | $2 | $3 | $4 | $5 | $6 | $7 |"
    done
    echo "| **median** | **$(median $(col 1))** | **$(median $(col 2))** | **$(median $(col 3))** | $(median $(col 4)) | **$(median $(col 5))** | $(median $(col 6)) | $(median $(col 7)) |"
    if [[ -s "$TMP/nmt.txt" ]]; then
      echo
      echo "Native memory of the last start, idle (\`jcmd VM.native_memory summary\`, committed):"
      echo
      echo '```'
      grep -E '^(Total|-  *[A-Z][A-Za-z ]*\()' "$TMP/nmt.txt" | sed 's/, *reserved=[0-9]*KB//' || cat "$TMP/nmt.txt"
      echo '```'
    fi
  } | tee "$report"
  log "report kept in $report"
}

main "$@"
