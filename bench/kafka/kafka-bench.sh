#!/usr/bin/env bash
# Edgeway Kafka trigger benchmark, in one run on one machine:
#  1. records per second through the trigger (partition ordering, CONCURRENCY partitions and
#     consumer threads) against the same function called through /function at the same
#     concurrency, and the end-to-end latency (record timestamp to its reply's) p50/p99;
#  2. a 10 ms function with per-key ordering at key-concurrency 1, 8 and 32.
# Prints a markdown report and keeps it in bench/kafka/results/<timestamp>.md.
#
#   bash bench/kafka/kafka-bench.sh
#
# Knobs (environment):
#   BENCH_RECORDS=4000        records (and direct calls) of part 1
#   BENCH_CONCURRENCY=8       part 1: partitions, consumer threads and direct callers
#   BENCH_KEY_CONCURRENCY="1 8 32"   part 2's key-concurrency values
#   BENCH_KEY_SECONDS=5       part 2: records = this × key-concurrency × 100 (at least 300)
#   EDGEWAY_JAVA_OPTS         JVM flags for the gateway, passed on by ./edgeway run
# It needs what ./edgeway run needs (a JDK 21+, nats-server: `apt-get install -y nats-server`)
# and resolves the Kafka broker's jars through Maven on first use. Everything runs on
# 127.0.0.1 on free ports with temporary data directories; every process it started is
# stopped on exit.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/../.." && pwd)"
# shellcheck source=../lib.sh
source "$ROOT/bench/lib.sh"
RECORDS="${BENCH_RECORDS:-4000}"
CONCURRENCY="${BENCH_CONCURRENCY:-8}"
KEY_CONCURRENCY="${BENCH_KEY_CONCURRENCY:-1 8 32}"
KEY_SECONDS="${BENCH_KEY_SECONDS:-5}"

TMP=""
BROKER_PID=""
GATEWAY_PID=""
ALONE_PID=""

cleanup() {
  local rc=$?
  set +e
  stop_pid "$GATEWAY_PID"
  stop_pid "$BROKER_PID"
  stop_pid "$ALONE_PID"
  if [[ -n "$TMP" ]]; then
    stop_replicas "$TMP/SleepFunction.java"
    if [[ $rc -ne 0 ]]; then
      for f in "$TMP"/gateway-*.log "$TMP/broker.log" "$TMP/bench-client.log"; do
        [[ -f "$f" ]] && { log "$f (last 30 lines):"; tail -n 30 "$f" >&2; }
      done
    fi
    rm -rf "$TMP"
  fi
  exit $rc
}

build() {
  build_gateway
  local cpfile=kafka-trigger/target/kafka-broker.classpath
  if [[ ! -s "$cpfile" || kafka-trigger/pom.xml -nt "$cpfile" || pom.xml -nt "$cpfile" ]]; then
    log "resolving the Kafka client and broker jars"
    ./mvnw -q -B -pl kafka-trigger dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/kafka-broker.classpath
  fi
  CP="$(cat "$cpfile")"
  cat >"$TMP/client-logback.xml" <<'LOGBACK'
<configuration>
  <appender name="err" class="ch.qos.logback.core.ConsoleAppender"><target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="err"/></root>
</configuration>
LOGBACK
  # Compiled once, so the measured runs do not include the source launcher's compilation.
  mkdir -p "$TMP/classes"
  "$JAVA_HOME/bin/javac" -q -d "$TMP/classes" -cp "$CP" "$BENCH_DIR/KafkaBench.java" 2>/dev/null \
    || "$JAVA_HOME/bin/javac" -d "$TMP/classes" -cp "$CP" "$BENCH_DIR/KafkaBench.java"
}

# The load generator; its Kafka clients log through logback (on the broker's classpath) to
# standard error only, so standard output is its one JSON line.
bench() {
  "$JAVA_HOME/bin/java" -Dlogback.configurationFile="$TMP/client-logback.xml" -cp "$TMP/classes:$CP" \
    KafkaBench "$@" 2>>"$TMP/bench-client.log"
}

start_broker() {
  KAFKA_PORT="$(free_port_from $((40000 + RANDOM % 10000)))"
  local controller; controller="$(free_port_from $((KAFKA_PORT + 1)))"
  BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
  log "starting a Kafka broker on $BOOTSTRAP"
  EDGEWAY_KAFKA_PORT="$KAFKA_PORT" EDGEWAY_KAFKA_CONTROLLER_PORT="$controller" EDGEWAY_KAFKA_DATA="$TMP/kafka" \
    bash scripts/kafka-broker.sh >"$TMP/broker.log" 2>&1 &
  BROKER_PID=$!
  local deadline=$(( $(now_ms) + 120000 ))
  until bench topics "$BOOTSTRAP" >/dev/null 2>&1; do
    kill -0 "$BROKER_PID" 2>/dev/null || die "the broker exited"
    [[ $(now_ms) -lt $deadline ]] || die "the broker did not answer within 120 s"
    sleep 0.5
  done
}

# start_gateway NAME ARGS...: a gateway on the shared data directory (functions persist across restarts).
start_gateway() {
  local name=$1; shift
  PORT="$(free_port_from $((20000 + RANDOM % 20000)))"
  METRICS="$(free_port_from $((PORT + 1)))"
  GATEWAY="http://127.0.0.1:$PORT"
  log "starting the gateway ($name) on $PORT"
  EDGEWAY_DATA_DIR="$TMP/data" ./edgeway run --server.port="$PORT" --management.server.port="$METRICS" \
    --edgeway.gateway.local.sandbox=off \
    --edgeway.kafka.bootstrap-servers="$BOOTSTRAP" --spring.kafka.consumer.auto-offset-reset=earliest \
    --logging.level.org.apache.kafka=WARN "$@" >"$TMP/gateway-$name.log" 2>&1 &
  GATEWAY_PID=$!
  await_gateway "$GATEWAY_PID" "$METRICS" 600
}

stop_gateway() { stop_pid "$GATEWAY_PID"; GATEWAY_PID=""; }

# deploy NAME SLEEP_MS: the function in HTTP mode, one replica; waits until it answers.
deploy() {
  local name=$1 sleep_ms=$2 body
  body="$(printf '{"service":"%s","image":"bench/sleep","envProcess":"%s/bin/java %s/SleepFunction.java","envVars":{"mode":"http","SLEEP_MS":"%s"},"labels":{"com.openfaas.scale.min":"1","com.openfaas.scale.max":"1"}}' \
    "$name" "$JAVA_HOME" "$TMP" "$sleep_ms")"
  deploy_function "$name" "$body"
  await_function "$name" 90 -X POST -d '{}'
}

field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

main() {
  cd "$ROOT"
  source scripts/lib.sh
  edgeway_java_home
  command -v nats-server >/dev/null || die "nats-server not found (apt-get install -y nats-server)"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  TMP="$(mktemp -d "${TMPDIR:-/tmp}/edgeway-kafka-bench.XXXXXX")"
  cp "$BENCH_DIR/SleepFunction.java" "$TMP/SleepFunction.java"
  local stamp started load_before load_after
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  started="$(date -u '+%Y-%m-%d %H:%M UTC')"
  load_before="$(uptime)"

  build
  start_broker
  local topics=("bench-partition:$CONCURRENCY" "bench-replies:$CONCURRENCY" "bench-warm:$CONCURRENCY")
  local c
  for c in $KEY_CONCURRENCY; do topics+=("bench-key-$c:2"); done
  bench topics "$BOOTSTRAP" "${topics[@]}" >/dev/null

  # Part 1: partition ordering, the trigger against /function at the same concurrency.
  start_gateway partition --edgeway.kafka.topics=bench-warm,bench-partition \
    --edgeway.kafka.group-id=bench-partition --edgeway.kafka.concurrency="$CONCURRENCY"
  deploy bench-fast 0
  deploy bench-10ms 10
  log "part 1: warm-up"
  bench direct "$GATEWAY" bench-fast 1000 "$CONCURRENCY" >/dev/null
  bench trigger "$BOOTSTRAP" bench-warm bench-partition bench-fast 1000 1000 none >/dev/null
  log "part 1: $RECORDS direct calls, $CONCURRENCY at once"
  DIRECT="$(bench direct "$GATEWAY" bench-fast "$RECORDS" "$CONCURRENCY")"
  log "part 1: $RECORDS records through the trigger"
  TRIGGER="$(bench trigger "$BOOTSTRAP" bench-partition bench-partition bench-fast "$RECORDS" "$RECORDS" none)"
  log "part 1: $RECORDS records with replies (end-to-end latency)"
  REPLIED="$(bench trigger "$BOOTSTRAP" bench-partition bench-partition bench-fast "$RECORDS" "$RECORDS" bench-replies)"
  log "part 1: 500 records with replies, paced at 50 records/s (latency without a queue)"
  PACED="$(bench trigger "$BOOTSTRAP" bench-partition bench-partition bench-fast 500 500 bench-replies 50)"
  log "direct $DIRECT; trigger $TRIGGER; with replies $REPLIED; paced $PACED"
  stop_gateway

  # Part 2: the 10 ms function with per-key ordering. Its ceiling first: the same function as a
  # plain process on its own port, called by c callers without the gateway, so the report shows
  # what the function and the machine allow before the trigger's target is judged against it.
  local alone_port; alone_port="$(free_port_from $((30000 + RANDOM % 10000)))"
  PORT="$alone_port" SLEEP_MS=10 "$JAVA_HOME/bin/java" "$TMP/SleepFunction.java" >"$TMP/alone.log" 2>&1 &
  ALONE_PID=$!
  until curl -fsS -o /dev/null --max-time 1 -d '{}' "http://127.0.0.1:$alone_port/" 2>/dev/null; do
    kill -0 "$ALONE_PID" 2>/dev/null || die "the function alone exited: $(cat "$TMP/alone.log")"
    sleep 0.2
  done
  declare -A KEYED KEYED_DIRECT ALONE
  for c in $KEY_CONCURRENCY; do
    bench alone "http://127.0.0.1:$alone_port/" 300 "$c" >/dev/null
    ALONE[$c]="$(bench alone "http://127.0.0.1:$alone_port/" 3000 "$c")"
    log "part 2: the 10 ms function alone, $c callers: ${ALONE[$c]}"
  done
  stop_pid "$ALONE_PID"
  for c in $KEY_CONCURRENCY; do
    start_gateway "key-$c" --edgeway.kafka.topics="bench-key-$c" --edgeway.kafka.group-id="bench-key-$c" \
      --edgeway.kafka.ordering=key --edgeway.kafka.key-concurrency="$c"
    await_function bench-10ms 90 -X POST -d '{}'
    local n=$(( KEY_SECONDS * c * 100 )); (( n >= 300 )) || n=300
    log "part 2: key-concurrency $c, warm-up, then the 10 ms function called directly by $c callers"
    bench trigger "$BOOTSTRAP" "bench-key-$c" "bench-key-$c" bench-10ms 300 300 none >/dev/null
    KEYED_DIRECT[$c]="$(bench direct "$GATEWAY" bench-10ms $(( n < 3000 ? n : 3000 )) "$c")"
    log "part 2: key-concurrency $c, $n records over 1000 keys"
    KEYED[$c]="$(bench trigger "$BOOTSTRAP" "bench-key-$c" "bench-key-$c" bench-10ms "$n" 1000 none)"
    log "key-concurrency $c: ${KEYED[$c]}; direct ${KEYED_DIRECT[$c]}"
    stop_gateway
  done
  load_after="$(uptime)"

  mkdir -p "$BENCH_DIR/results"
  {
    echo "## Edgeway Kafka trigger benchmark, $started"
    echo
    echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(free -g | awk '/^Mem:/ {print $2}') GiB, kernel $(uname -r)"
    echo "- JDK: $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p); broker: Apache Kafka (scripts/kafka-broker.sh, one node) on the same machine"
    echo "- gateway: \`./edgeway run\` at $(git rev-parse --short HEAD 2>/dev/null || echo '?'), local provider, sandbox off, EDGEWAY_JAVA_OPTS=\`${EDGEWAY_JAVA_OPTS:-}\`"
    echo "- function: bench/kafka/SleepFunction.java (HTTP mode, one replica, a virtual thread per call); load: bench/kafka/KafkaBench.java"
    echo "- uptime before: \`$load_before\`"
    echo "- uptime after: \`$load_after\`"
    echo
    python3 - "$DIRECT" "$TRIGGER" "$REPLIED" "$CONCURRENCY" "$PACED" <<'PY'
import json, sys
d, t, r, c = json.loads(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3]), int(sys.argv[4])
p = json.loads(sys.argv[5])
print("| part 1 (function answers at once, concurrency %d) | records | seconds | records/s | p50 ms | p99 ms |" % c)
print("| --- | ---: | ---: | ---: | ---: | ---: |")
print("| direct `POST /function/bench-fast`, %d callers | %d | %.2f | %.0f | %.2f | %.2f |" % (c, d["count"], d["seconds"], d["rate"], d["p50_ms"], d["p99_ms"]))
print("| trigger, %d partitions and consumer threads | %d | %.2f | %.0f | | |" % (c, t["count"], t["seconds"], t["rate"]))
print("| trigger with `reply_to`, all sent at once (latency: record to reply timestamp) | %d | %.2f | %.0f | %d | %d |" % (r["count"], r["seconds"], r["rate"], r["p50_ms"], r["p99_ms"]))
print("| trigger with `reply_to`, paced at 50 records/s | %d | %.2f | %.0f | %d | %d |" % (p["count"], p["seconds"], p["rate"], p["p50_ms"], p["p99_ms"]))
ratio = t["rate"] / d["rate"]
print()
print("- trigger rate / direct rate: **%.2f** (target at least 0.8: %s)" % (ratio, "met" if ratio >= 0.8 else "MISSED"))
PY
    echo
    echo "| part 2: 10 ms function, per-key ordering | records | seconds | records/s | target (0.8 × c × 100) | | direct, c callers: records/s | the function alone, c callers: records/s, p50 ms | trigger ÷ the function alone |"
    echo "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |"
    for c in $KEY_CONCURRENCY; do
      python3 - "${KEYED[$c]}" "$c" "${KEYED_DIRECT[$c]}" "${ALONE[$c]}" <<'PY'
import json, sys
k, c, d, a = json.loads(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3]), json.loads(sys.argv[4])
target = 0.8 * c * 100
print("| key-concurrency %d | %d | %.2f | %.0f | %.0f | %s | %.0f | %.0f, %.2f | %.2f |" % (c, k["count"], k["seconds"], k["rate"], target, "met" if k["rate"] >= target else "MISSED", d["rate"], a["rate"], a["p50_ms"], k["rate"] / a["rate"]))
PY
    done
    echo
    echo "Raw: direct \`$DIRECT\`; trigger \`$TRIGGER\`; with replies \`$REPLIED\`; paced \`$PACED\`"
    for c in $KEY_CONCURRENCY; do echo "; key-concurrency $c \`${KEYED[$c]}\`, direct \`${KEYED_DIRECT[$c]}\`, alone \`${ALONE[$c]}\`"; done
  } >"$TMP/report.md"
  cp "$TMP/report.md" "$BENCH_DIR/results/$stamp.md"
  cat "$TMP/report.md"
  log "report saved to bench/kafka/results/$stamp.md"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
