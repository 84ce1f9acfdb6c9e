#!/usr/bin/env bash
# Edgeway pipeline overhead benchmark: a pipeline of 10 trivial steps against the same 10
# function calls made directly through the gateway's /function, in one run, alternating.
# Prints a markdown report and keeps it in bench/pipeline/results/<timestamp>.md.
#
#   bash bench/pipeline/pipeline-bench.sh
#
# Knobs (environment):
#   BENCH_ITERATIONS=300   measured iterations (each: one pipeline run and 10 direct calls)
#   BENCH_WARMUP=1500      warm-up iterations, not measured: the gateway's JIT needs about that
#                          many (15,000 step calls); with 100 the overhead per step read 1.81 ms,
#                          with 1500 0.74 ms (docs/benchmarks.md, "Pipelines")
#   BENCH_STEPS=10         steps in the pipeline (and direct calls per iteration)
#   EDGEWAY_JAVA_OPTS      JVM flags for the gateway, passed on by ./edgeway run
# Everything runs on 127.0.0.1 on free ports with a temporary data directory (its own
# nats-server); every process it started is stopped on exit.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/../.." && pwd)"
# shellcheck source=../lib.sh
source "$ROOT/bench/lib.sh"
ITERATIONS="${BENCH_ITERATIONS:-300}"
WARMUP="${BENCH_WARMUP:-1500}"
STEPS="${BENCH_STEPS:-10}"
FUNCTION=bench-echo
PIPELINE=bench-chain

TMP=""
GATEWAY_PID=""

cleanup() {
  local rc=$?
  set +e
  stop_pid "$GATEWAY_PID"
  if [[ -n "$TMP" ]]; then
    stop_replicas "$TMP/echo_function.py"
    if [[ $rc -ne 0 && -f "$TMP/gateway.log" ]]; then
      log "gateway log (last 40 lines):"
      tail -n 40 "$TMP/gateway.log" >&2
    fi
    rm -rf "$TMP"
  fi
  exit $rc
}

start_gateway() {
  PORT="$(free_port_from 18180)"
  METRICS="$(free_port_from $((PORT + 1)))"
  GATEWAY="http://127.0.0.1:$PORT"
  log "starting the gateway on $PORT (metrics $METRICS), data dir $TMP/data"
  EDGEWAY_DATA_DIR="$TMP/data" ./edgeway run --server.port="$PORT" --management.server.port="$METRICS" \
    >"$TMP/gateway.log" 2>&1 &
  GATEWAY_PID=$!
  # The first start after a build also trains ./edgeway run's start-up cache.
  await_gateway "$GATEWAY_PID" "$METRICS" 300
}

deploy() {
  cp "$BENCH_DIR/echo_function.py" "$TMP/echo_function.py"
  local body code
  body="$(printf '{"service":"%s","image":"bench/echo","envProcess":"python3 %s","envVars":{"mode":"http"}}' \
    "$FUNCTION" "$TMP/echo_function.py")"
  deploy_function "$FUNCTION" "$body"
  await_function "$FUNCTION" 60 -X POST -d '{}'

  {
    echo "name: $PIPELINE"
    echo "steps:"
    local i
    for i in $(seq 1 "$STEPS"); do
      if (( i == 1 )); then
        echo "  - {id: s$i, function: $FUNCTION}"
      else
        echo "  - {id: s$i, function: $FUNCTION, after: s$((i - 1))}"
      fi
    done
  } >"$TMP/pipeline.yaml"
  code="$(curl -sS -o "$TMP/put.out" -w '%{http_code}' -u "$AUTH" -X PUT \
    -H 'Content-Type: application/yaml' --data-binary @"$TMP/pipeline.yaml" "$GATEWAY/system/pipelines/$PIPELINE")"
  [[ "$code" == 2* ]] || die "PUT pipeline answered $code: $(cat "$TMP/put.out")"
}

report() {
  local figures=$1
  python3 - "$figures" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
d, p, o = r["direct_ms"], r["pipeline_ms"], r["overhead_per_step_ms"]
print("| measure | p50 ms | p90 ms | p99 ms | mean ms |")
print("| --- | ---: | ---: | ---: | ---: |")
print("| %d direct calls (`POST /function/bench-echo`, output fed to the next) | %.2f | %.2f | %.2f | %.2f |" % (r["steps"], d["p50"], d["p90"], d["p99"], d["mean"]))
print("| one run of the %d-step pipeline (`POST /pipeline/bench-chain`) | %.2f | %.2f | %.2f | %.2f |" % (r["steps"], p["p50"], p["p90"], p["p99"], p["mean"]))
print()
print("- **overhead per step, p50: %.2f ms** (median over the %d iterations of (pipeline - direct) / %d; p90 %.2f ms; from the two p50s: %.2f ms)" % (o["p50_of_pairs"], r["iterations"], r["steps"], o["p90_of_pairs"], o["from_p50s"]))
print("- target (issue 11): at most 0.5 ms at p50 -> %s" % ("met" if o["p50_of_pairs"] <= 0.5 else "MISSED"))
PY
}

main() {
  cd "$ROOT"
  source scripts/lib.sh
  edgeway_java_home
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  TMP="$(mktemp -d "${TMPDIR:-/tmp}/edgeway-pipeline-bench.XXXXXX")"
  local stamp started load_before load_after figures
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  started="$(date -u '+%Y-%m-%d %H:%M UTC')"
  load_before="$(uptime)"

  build_gateway
  start_gateway
  deploy
  log "measuring: $WARMUP warm-up and $ITERATIONS measured iterations of $STEPS steps"
  figures="$(python3 "$BENCH_DIR/measure.py" "$GATEWAY" "$PIPELINE" "$FUNCTION" "$STEPS" "$ITERATIONS" "$WARMUP")"
  load_after="$(uptime)"

  mkdir -p "$BENCH_DIR/results"
  {
    echo "## Edgeway pipeline benchmark, $started"
    echo
    echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(free -g | awk '/^Mem:/ {print $2}') GiB, kernel $(uname -r)"
    echo "- JDK: $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p); nats-server $(nats-server --version 2>/dev/null | awk '{print $NF}')"
    echo "- gateway: \`./edgeway run\` at $(git rev-parse --short HEAD 2>/dev/null || echo '?'), embedded nats-server, EDGEWAY_JAVA_OPTS=\`${EDGEWAY_JAVA_OPTS:-}\`"
    echo "- function: bench/pipeline/echo_function.py (HTTP mode, Python ThreadingHTTPServer, echoes the body); client: bench/pipeline/measure.py (Python http.client, keep-alive)"
    echo "- uptime before: \`$load_before\`"
    echo "- uptime after: \`$load_after\`"
    echo
    report "$figures"
    echo
    echo "Raw: \`$figures\`"
  } >"$TMP/report.md"
  cp "$TMP/report.md" "$BENCH_DIR/results/$stamp.md"
  cat "$TMP/report.md"
  log "report saved to bench/pipeline/results/$stamp.md"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
