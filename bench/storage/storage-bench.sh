#!/usr/bin/env bash
# Edgeway state store benchmark: variable put+get through the gateway's REST API against the
# same operations with jnats directly, on one nats-server, alternating in one run. Prints a
# markdown report and keeps it in bench/results/storage-<timestamp>.md.
#
#   bash bench/storage/storage-bench.sh
#
# Knobs (environment):
#   BENCH_DURATION=10            seconds per measured run
#   BENCH_ROUNDS=3               rounds per value size and concurrency; each round runs every side
#   BENCH_CONCURRENCY="16 64"    concurrent workers (one variable each)
#   BENCH_SIZES="1024 262144"    value sizes in bytes
#   BENCH_SIDES="rest rest-socket direct direct-cas"   what to measure (also: rest-json); see README.md
#   BENCH_WARMUP=15              seconds of warm-up per side and size, at the highest concurrency
#   BENCH_WARMUP_OPS=150000 / BENCH_WARMUP_MAX=120  then the gateway's sides go on warming until it
#                                has served that many ops of the size and its CPU per op has settled
#                                (two 5 s chunks within 15 %), for at most that many seconds
#   BENCH_HTTP_THREADS=4         the JDK HttpClient's fixed executor
#   BENCH_PROFILE=               "jfr": record the gateway with JFR (profile settings, BENCH_JFR_PERIOD=2ms sampling) into bench/results/
#   BENCH_LOADGEN_JAVA_OPTS      JVM flags for the load generator (default: -Xms256m -Xmx1g)
#   EDGEWAY_JAVA_OPTS            JVM flags for the gateway (default: those of ./edgeway run)
#   BENCH_GATEWAY_ARGS           more gateway arguments (e.g. --some.spring.property=value)
#   BENCH_START_TIMEOUT=300      seconds the gateway may take to become healthy
#   BENCH_GATEWAY_JAR            measure this gateway jar instead of building gateway/target/edgeway-gateway.jar
#                                (e.g. one built from an earlier commit, for a before/after comparison)
# Everything runs on 127.0.0.1 in a temporary directory; every process it started is stopped on exit.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/../.." && pwd)"
# shellcheck source=../lib.sh
source "$ROOT/bench/lib.sh"

DURATION="${BENCH_DURATION:-10}"
ROUNDS="${BENCH_ROUNDS:-3}"
CONCURRENCY="${BENCH_CONCURRENCY:-16 64}"
SIZES="${BENCH_SIZES:-1024 262144}"
SIDES="${BENCH_SIDES:-rest rest-socket direct direct-cas}"
WARMUP="${BENCH_WARMUP:-15}"
WARMUP_MAX="${BENCH_WARMUP_MAX:-120}"
WARMUP_OPS="${BENCH_WARMUP_OPS:-150000}"
HTTP_THREADS="${BENCH_HTTP_THREADS:-4}"
LOADGEN_JAVA_OPTS="${BENCH_LOADGEN_JAVA_OPTS:--Xms256m -Xmx1g}"

TMP=""
NATS_PID=""
GATEWAY_PID=""

cleanup() {
  local rc=$?
  set +e
  stop_pid "$GATEWAY_PID"
  stop_pid "$NATS_PID"
  if [[ -n "$TMP" ]]; then
    if [[ $rc -ne 0 ]]; then
      [[ -f "$TMP/gateway.log" ]] && { log "gateway log (last 30 lines):"; tail -n 30 "$TMP/gateway.log" >&2; }
      [[ -f "$TMP/nats.log" ]] && { log "nats-server log (last 10 lines):"; tail -n 10 "$TMP/nats.log" >&2; }
    fi
    rm -rf "$TMP"
  fi
  exit $rc
}

# The busiest processes over one second: CPU %, working directory (whose build it is) and command.
busiest() {
  local pid cpu
  echo "  %CPU  PID      CWD / COMMAND"
  top -bn2 -d1 -o %CPU | awk '/^ *PID +USER/ {n++; next} n == 2 && $9 + 0 >= 1 && shown++ < 6 {print $1, $9}' \
    | while read -r pid cpu; do
        printf '%6s  %-7s  %s\n' "$cpu" "$pid" \
          "$(readlink "/proc/$pid/cwd" 2>/dev/null || echo '?') \$ $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-100)"
      done
}

build() {
  if [[ -n "${BENCH_GATEWAY_JAR:-}" ]]; then
    [[ -f "$BENCH_GATEWAY_JAR" ]] || die "BENCH_GATEWAY_JAR: $BENCH_GATEWAY_JAR is not a file"
  else
    build_gateway
  fi
  local bench_jar="$BENCH_DIR/target/storage-bench.jar"
  if [[ ! -f "$bench_jar" || -n "$(find "$BENCH_DIR/src" "$BENCH_DIR/pom.xml" -newer "$bench_jar" -print -quit)" ]]; then
    log "building the load generator"
    ./mvnw -q -B -f "$BENCH_DIR/pom.xml" package
  fi
}

start_nats() {
  command -v nats-server >/dev/null 2>&1 || edgeway_install_runtime_packages
  NATS_PORT="$(free_port_from 14222)"
  NATS_MONITOR_PORT="$(free_port_from $((NATS_PORT + 1)))"
  mkdir -p "$TMP/nats"
  # The monitoring port serves /connz, whose message counters give the NATS round trips per op.
  nats-server -js -a 127.0.0.1 -p "$NATS_PORT" -m "$NATS_MONITOR_PORT" -sd "$TMP/nats" >"$TMP/nats.log" 2>&1 &
  NATS_PID=$!
  local deadline=$(( $(now_ms) + 10000 ))
  until grep -q "Server is ready" "$TMP/nats.log" 2>/dev/null; do
    kill -0 "$NATS_PID" 2>/dev/null || die "nats-server exited: $(tail -3 "$TMP/nats.log")"
    [[ $(now_ms) -lt $deadline ]] || die "nats-server not ready within 10 s"
    sleep 0.05
  done
  NATS_URL="nats://127.0.0.1:$NATS_PORT"
  NATS_MONITOR="http://127.0.0.1:$NATS_MONITOR_PORT"
  log "nats-server pid $NATS_PID on $NATS_URL, store $TMP/nats"
}

start_gateway() {
  PORT_PUBLIC="$(free_port_from 18180)"
  PORT_METRICS="$(free_port_from $((PORT_PUBLIC + 1)))"
  GATEWAY="http://127.0.0.1:$PORT_PUBLIC"
  local profile=()
  if [[ "${BENCH_PROFILE:-}" == jfr ]]; then
    profile=("-XX:StartFlightRecording=filename=$TMP/gateway.jfr,settings=profile,jdk.ExecutionSample#period=${BENCH_JFR_PERIOD:-2ms},dumponexit=true")
  fi
  # shellcheck disable=SC2086,SC2046 # the flags, EDGEWAY_JAVA_OPTS and BENCH_GATEWAY_ARGS are lists of arguments
  # The flags ./edgeway run gives it (EDGEWAY_JAVA_OPTS, else the edge-device defaults), so the
  # figures are those of the gateway as it is deployed.
  edgeway_malloc_env
  EDGEWAY_DATA_DIR="$TMP/data" "$JAVA_HOME/bin/java" $(edgeway_jvm_flags) $(edgeway_java_opts) \
    "${profile[@]}" -jar "$GATEWAY_JAR" \
    --server.port="$PORT_PUBLIC" --management.server.port="$PORT_METRICS" \
    --edgeway.nats.url="$NATS_URL" ${BENCH_GATEWAY_ARGS:-} >"$TMP/gateway.log" 2>&1 &
  GATEWAY_PID=$!
  # A loaded shared machine can take minutes to start a JVM: BENCH_START_TIMEOUT seconds.
  local start_timeout="${BENCH_START_TIMEOUT:-300}"
  await_gateway "$GATEWAY_PID" "$PORT_METRICS" "$start_timeout"
  GW_USER="${AUTH%%:*}"
  GW_PASS="${AUTH#*:}"
  log "gateway pid $GATEWAY_PID on $GATEWAY (metrics $PORT_METRICS)"
}

main() {
  cd "$ROOT"
  source scripts/lib.sh
  edgeway_java_home
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  TMP="$(mktemp -d "${TMPDIR:-/tmp}/edgeway-storage-bench.XXXXXX")"
  GATEWAY_JAR="${BENCH_GATEWAY_JAR:-gateway/target/edgeway-gateway.jar}"

  local stamp started load_before top_before
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  started="$(date -u '+%Y-%m-%d %H:%M UTC')"
  load_before="$(uptime | sed 's/.*load average/load average/')"
  top_before="$(busiest)"

  build
  start_nats
  start_gateway

  # The load generator prints progress on stderr and the table on stdout.
  # shellcheck disable=SC2086 # LOADGEN_JAVA_OPTS is a list of arguments
  "$JAVA_HOME/bin/java" $LOADGEN_JAVA_OPTS -Djdk.httpclient.keepalive.timeout=600 \
    -jar "$BENCH_DIR/target/storage-bench.jar" \
    --gateway="$GATEWAY" --user="$GW_USER" --password="$GW_PASS" --nats="$NATS_URL" \
    --gateway-pid="$GATEWAY_PID" --nats-pid="$NATS_PID" --nats-monitor="$NATS_MONITOR" \
    --sizes="$SIZES" --concurrency="$CONCURRENCY" --sides="$SIDES" --rounds="$ROUNDS" \
    --duration="$DURATION" --warmup="$WARMUP" --warmup-max="$WARMUP_MAX" --warmup-ops="$WARMUP_OPS" --http-threads="$HTTP_THREADS" \
    --raw="$TMP/runs.tsv" >"$TMP/table.md"

  local load_after top_after
  load_after="$(uptime | sed 's/.*load average/load average/')"
  top_after="$(busiest)"
  local gw_rss=$(( $(ps -o rss= -p "$GATEWAY_PID") / 1024 ))
  local jfr_note=""
  mkdir -p "$ROOT/bench/results"
  if [[ "${BENCH_PROFILE:-}" == jfr ]]; then
    "$JAVA_HOME/bin/jcmd" "$GATEWAY_PID" JFR.dump filename="$ROOT/bench/results/storage-$stamp-gateway.jfr" >/dev/null
    jfr_note="- gateway JFR recording: bench/results/storage-$stamp-gateway.jfr"
  fi

  {
    echo "## Edgeway state store benchmark, $started"
    echo
    echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(free -g | awk '/^Mem:/ {print $2}') GiB, kernel $(uname -r)"
    echo "- JDK: $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p); nats-server $(nats-server --version | awk '{print $2}'); jnats 2.26.2 on both sides"
    echo "- gateway: \`java -jar $GATEWAY_JAR\`$([[ -z "${BENCH_GATEWAY_JAR:-}" ]] && echo " at $(git rev-parse --short HEAD 2>/dev/null || echo '?')"), flags \`$(edgeway_java_opts)\`${BENCH_GATEWAY_ARGS:+, arguments \`$BENCH_GATEWAY_ARGS\`}; RSS at the end ${gw_rss} MB"
    echo "- load generator: bench/storage (JDK HttpClient HTTP/1.1 keep-alive, fixed executor of $HTTP_THREADS; one jnats connection), JVM flags \`$LOADGEN_JAVA_OPTS\`"
    echo "- ${DURATION} s per run, $ROUNDS rounds per value size and concurrency, sides alternated ($SIDES), ${WARMUP} s warm-up per side and size, the gateway's sides then until it had served ${WARMUP_OPS} ops of the size and its CPU per op settled (at most ${WARMUP_MAX} s more)"
    echo "- load before: $load_before; after: $load_after"
    echo
    cat "$TMP/table.md"
    echo
    echo "One op = one put and one get of the same variable; each worker has its own variable, so nothing contends on a key. NATS round trips/op: messages the gateway's and the load generator's connections sent to nats-server during the run (\`in_msgs\` of \`/connz\`, one per request or publish), divided by the ops that returned."
    echo "µs CPU/op is per process (of one core; the gateway column is empty for the sides that do not use it); machine busy % is of all $(nproc) cores, other engineers' processes included."
    echo
    echo "- rest: \`PUT /system/storage/variables/{task}/{var}\` with the raw bytes (application/octet-stream), then \`GET\` with \`Accept: application/octet-stream\`; JDK HttpClient. Inside the gateway an overwrite is a compare-and-set update at the revision it last saw and, for the GET, a KV get: 2 NATS round trips (the NATS round trips/op column counts them from nats-server's \`/connz\`), plus basic auth, validation, a JSON header around the value, a lock per key and a hop to a virtual thread for each request (both requests are served on the gateway's Netty path, not by WebFlux). The task existence check and the task metadata update happen only when a variable is new (in the warm-up here), not on overwrites."
    echo "- rest-socket: the same requests with a minimal blocking HTTP/1.1 client (one keep-alive socket per worker), to separate the gateway's cost from the JDK HttpClient's."
    echo "- direct: jnats \`kv.put\` then \`kv.get\` of the same bytes, in a bucket created with the configuration of the gateway's variables bucket: 2 NATS round trips."
    echo "- direct-cas: jnats \`kv.get\`, \`kv.update\` at that revision, \`kv.get\`: 3 NATS round trips, what the gateway did per op before it remembered revisions."
    echo "- rest-json (when run): PUT with a JSON body whose value is a string of the value size, GET as JSON."
    [[ -n "$jfr_note" ]] && echo && echo "$jfr_note"
    echo
    echo "<details><summary>Every run</summary>"
    echo
    echo '```'
    column -t -s $'\t' "$TMP/runs.tsv" 2>/dev/null || cat "$TMP/runs.tsv"
    echo '```'
    echo
    echo "Busiest processes before the run:"
    echo
    echo '```'
    echo "$top_before"
    echo '```'
    echo
    echo "Busiest processes in the second after the last run:"
    echo
    echo '```'
    echo "$top_after"
    echo '```'
    echo
    echo "</details>"
  } >"$TMP/report.md"

  cp "$TMP/report.md" "$ROOT/bench/results/storage-$stamp.md"
  cat "$TMP/report.md"
  log "report saved to bench/results/storage-$stamp.md"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
