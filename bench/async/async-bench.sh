#!/usr/bin/env bash
# Edgeway async benchmark, in one run against one function: the sync /function rate, the accept
# rate of /async-function, the drain rate of the workers, and the queue latency (from the 202 to
# the start of the call, p50/p99) under that burst and at a light paced rate. Prints a markdown
# report and keeps it in bench/async/results/<timestamp>.md.
#
#   bash bench/async/async-bench.sh
#
# Knobs (environment):
#   BENCH_DURATION=10        seconds of each wrk run (sync rate, async accept burst)
#   BENCH_CONCURRENCY=16     wrk connections
#   BENCH_PACED_CALLS=200    calls of the light phase, one at a time ...
#   BENCH_PACED_RATE=20      ... at this many per second
#   BENCH_DRAIN_TIMEOUT=600  seconds the workers may take to drain the burst
#   BENCH_GATEWAY_ARGS       more gateway arguments (e.g. --edgeway.async.max-inflight-per-function=16)
#   EDGEWAY_JAVA_OPTS        JVM flags for the gateway, passed on by ./edgeway run
# It installs wrk with apt when missing. Everything runs on 127.0.0.1 on free ports with a
# temporary data directory (its own nats-server); every process it started is stopped on exit.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/../.." && pwd)"
# shellcheck source=../lib.sh
source "$ROOT/bench/lib.sh"
DURATION="${BENCH_DURATION:-10}"
CONCURRENCY="${BENCH_CONCURRENCY:-16}"
PACED_CALLS="${BENCH_PACED_CALLS:-200}"
PACED_RATE="${BENCH_PACED_RATE:-20}"
DRAIN_TIMEOUT="${BENCH_DRAIN_TIMEOUT:-600}"
FUNCTION=bench-async

TMP=""
GATEWAY_PID=""

cleanup() {
  local rc=$?
  set +e
  stop_pid "$GATEWAY_PID"
  if [[ -n "$TMP" ]]; then
    stop_replicas "$TMP/probe_function.py"
    if [[ $rc -ne 0 && -f "$TMP/gateway.log" ]]; then
      log "gateway log (last 40 lines):"
      tail -n 40 "$TMP/gateway.log" >&2
    fi
    rm -rf "$TMP"
  fi
  exit $rc
}

start_gateway() {
  PORT="$(free_port_from 18280)"
  METRICS="$(free_port_from $((PORT + 1)))"
  GATEWAY="http://127.0.0.1:$PORT"
  log "starting the gateway on $PORT (metrics $METRICS), data dir $TMP/data"
  # shellcheck disable=SC2086 # BENCH_GATEWAY_ARGS is a list of arguments
  EDGEWAY_DATA_DIR="$TMP/data" ./edgeway run --server.port="$PORT" --management.server.port="$METRICS" \
    ${BENCH_GATEWAY_ARGS:-} >"$TMP/gateway.log" 2>&1 &
  GATEWAY_PID=$!
  await_gateway "$GATEWAY_PID" "$METRICS" 300
}

deploy() {
  cp "$BENCH_DIR/probe_function.py" "$TMP/probe_function.py"
  local body
  # One replica (scale min = max): the autoscaler would add replicas under the load, and each
  # keeps its own figures.
  body="$(printf '{"service":"%s","image":"bench/probe","envProcess":"python3 %s","envVars":{"mode":"http"},"labels":{"com.openfaas.scale.min":"1","com.openfaas.scale.max":"1"}}' \
    "$FUNCTION" "$TMP/probe_function.py")"
  deploy_function "$FUNCTION" "$body"
  await_function "$FUNCTION/ready" 60
}

# wrk_post URL: POSTs a 64-byte body for DURATION seconds; prints "requests rps p50_ms p99_ms errors"
wrk_post() {
  cat >"$TMP/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = string.rep("x", 64)
wrk.headers["Content-Type"] = "text/plain"
LUA
  wrk -t2 -c"$CONCURRENCY" -d"${DURATION}s" --latency -s "$TMP/post.lua" "$1" >"$TMP/wrk.out"
  python3 - "$TMP/wrk.out" <<'PY'
import re, sys
out = open(sys.argv[1]).read()
def ms(v):
    n, unit = float(re.match(r"[\d.]+", v).group()), re.sub(r"[\d.]+", "", v)
    return n * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
requests = int(re.search(r"(\d+) requests in", out).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)
print(requests, "%.0f" % rps, "%.2f" % p50, "%.2f" % p99, errors)
PY
}

stats() { curl -fsS "$GATEWAY/function/$FUNCTION/stats/$1"; }
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

# paced: PACED_CALLS async calls one at a time at PACED_RATE per second, each waiting for its 202
paced() {
  python3 - "$PORT" "$FUNCTION" "$PACED_CALLS" "$PACED_RATE" <<'PY'
import http.client, sys, time
port, function, calls, rate = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
conn = http.client.HTTPConnection("127.0.0.1", port)
start = time.monotonic()
for i in range(calls):
    time.sleep(max(0.0, start + i / rate - time.monotonic()))
    conn.request("POST", "/async-function/%s/p/paced" % function, body=b"x" * 64)
    answer = conn.getresponse()
    answer.read()
    if answer.status != 202:
        sys.exit("paced call %d answered %d" % (i, answer.status))
PY
}

await_count() {
  local phase=$1 want=$2 deadline=$(( $(now_ms) + DRAIN_TIMEOUT * 1000 )) got
  while :; do
    got="$(field "$(stats "$phase")" count)"
    (( got >= want )) && break
    [[ $(now_ms) -lt $deadline ]] || die "$phase: $got of $want calls ran within $DRAIN_TIMEOUT s"
    sleep 0.5
  done
}

main() {
  cd "$ROOT"
  source scripts/lib.sh
  edgeway_java_home
  edgeway_apt_install wrk curl python3
  command -v wrk >/dev/null 2>&1 || die "wrk could not be installed"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  TMP="$(mktemp -d "${TMPDIR:-/tmp}/edgeway-async-bench.XXXXXX")"
  local stamp started load_before load_after
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  started="$(date -u '+%Y-%m-%d %H:%M UTC')"
  load_before="$(uptime)"

  build_gateway
  start_gateway
  deploy

  log "warm-up: sync calls for 5 s"
  DURATION=5 wrk_post "$GATEWAY/function/$FUNCTION/p/warmup" >/dev/null
  log "sync: POST /function for $DURATION s, $CONCURRENCY connections"
  local figures
  figures="$(wrk_post "$GATEWAY/function/$FUNCTION/p/sync")"
  read -r sync_n sync_rps sync_p50 sync_p99 sync_err <<<"$figures"
  log "async accept: POST /async-function for $DURATION s, $CONCURRENCY connections"
  local accept_end
  figures="$(wrk_post "$GATEWAY/async-function/$FUNCTION/p/burst")"
  read -r acc_n acc_rps acc_p50 acc_p99 acc_err <<<"$figures"
  accept_end="$(date +%s%N)"
  local accepted=$(( acc_n - acc_err ))
  log "draining $accepted accepted calls"
  await_count burst "$accepted"
  local burst first last drain_rps after_s
  burst="$(stats burst)"
  first="$(field "$burst" first_ns)"
  last="$(field "$burst" last_ns)"
  drain_rps="$(python3 -c "print('%.0f' % ($accepted / max(1e-9, ($last - $first) / 1e9)))")"
  after_s="$(python3 -c "print('%.1f' % max(0, ($last - $accept_end) / 1e9))")"
  log "paced: $PACED_CALLS async calls at $PACED_RATE/s"
  paced
  await_count paced "$PACED_CALLS"
  local paced_stats
  paced_stats="$(stats paced)"
  load_after="$(uptime)"

  mkdir -p "$BENCH_DIR/results"
  {
    echo "## Edgeway async benchmark, $started"
    echo
    echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(free -g | awk '/^Mem:/ {print $2}') GiB, kernel $(uname -r)"
    echo "- JDK: $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p); nats-server $(nats-server --version 2>/dev/null | awk '{print $NF}')"
    echo "- gateway: \`./edgeway run ${BENCH_GATEWAY_ARGS:-}\` at $(git rev-parse --short HEAD 2>/dev/null || echo '?'), embedded nats-server, EDGEWAY_JAVA_OPTS=\`${EDGEWAY_JAVA_OPTS:-}\`"
    echo "- function: bench/async/probe_function.py (HTTP mode, Python ThreadingHTTPServer, answers at once); load: wrk, $CONCURRENCY connections, ${DURATION} s, 64-byte POST bodies"
    echo "- uptime before: \`$load_before\`"
    echo "- uptime after: \`$load_after\`"
    echo
    echo "| measure | calls | rate /s | p50 ms | p99 ms | errors |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: |"
    echo "| sync \`POST /function/$FUNCTION\` (response time) | $sync_n | $sync_rps | $sync_p50 | $sync_p99 | $sync_err |"
    echo "| accept \`POST /async-function/$FUNCTION\` (time to the 202) | $acc_n | $acc_rps | $acc_p50 | $acc_p99 | $acc_err |"
    echo "| drain: the workers running the accepted calls (first to last call started) | $accepted | $drain_rps | | | |"
    echo "| queue latency under the burst (202 to call start) | $(field "$burst" count) | | $(printf '%.1f' "$(field "$burst" p50_ms)") | $(printf '%.1f' "$(field "$burst" p99_ms)") | |"
    echo "| queue latency at $PACED_RATE calls/s, one at a time (202 to call start) | $(field "$paced_stats" count) | | $(printf '%.1f' "$(field "$paced_stats" p50_ms)") | $(printf '%.1f' "$(field "$paced_stats" p99_ms)") | |"
    echo
    echo "- the backlog was drained ${after_s} s after the accept phase ended"
  } >"$TMP/report.md"
  cp "$TMP/report.md" "$BENCH_DIR/results/$stamp.md"
  cat "$TMP/report.md"
  log "report saved to bench/async/results/$stamp.md"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
