#!/usr/bin/env bash
# Edgeway proxy benchmark: the same small function called directly and through the gateway,
# alternating, with wrk. Prints a markdown report and keeps it in bench/results/<timestamp>.md.
#
#   bash bench/proxy-bench.sh
#
# Knobs (environment):
#   BENCH_DURATION=10         seconds per wrk run
#   BENCH_ROUNDS=3            rounds per concurrency; each round runs both targets
#   BENCH_CONCURRENCY="16 64" wrk connections, one block of rounds each
#   BENCH_WRK_THREADS=2       wrk threads
#   BENCH_STARTS=3            gateway starts timed (median reported); the last one takes the load
#   BENCH_WARMUP=15           seconds of warm-up per target before measuring (the JIT needs it)
#   BENCH_PORT / BENCH_METRICS_PORT  gateway ports (default: first free from 18080 / 18082)
#   BENCH_FUNCTION_JAVA_OPTS  JVM flags for the function (default: none)
#   BENCH_LABEL               free text put in the report's title (e.g. "SerialGC")
#   EDGEWAY_JAVA_OPTS         JVM flags for the gateway, passed on by ./edgeway run
#   BENCH_GATEWAY_ARGS        more gateway arguments (e.g. --some.spring.property=value)
# Everything runs on 127.0.0.1 and stops by itself; every process it started is stopped on exit.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"

DURATION="${BENCH_DURATION:-10}"
ROUNDS="${BENCH_ROUNDS:-3}"
CONCURRENCY="${BENCH_CONCURRENCY:-16 64}"
WRK_THREADS="${BENCH_WRK_THREADS:-2}"
WARMUP="${BENCH_WARMUP:-15}"
FUNCTION_NAME="bench-fast"
CLK_TCK="$(getconf CLK_TCK)"

log() { echo "bench: $*" >&2; }
die() { log "$*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Processes and cleanup

TMP=""
GATEWAY_PID=""
SAMPLER_PID=""
WRK_PID=""

cleanup() {
  local rc=$?
  set +e
  [[ -n "$WRK_PID" ]] && kill "$WRK_PID" 2>/dev/null
  [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null
  if [[ -n "$GATEWAY_PID" ]] && kill -0 "$GATEWAY_PID" 2>/dev/null; then
    kill -TERM "$GATEWAY_PID" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$GATEWAY_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$GATEWAY_PID" 2>/dev/null
  fi
  # Function replicas the gateway may have left behind: only ours, found by our own temp path.
  if [[ -n "$TMP" ]]; then
    local pid
    for pid in $(pgrep -f -- "$TMP/FastFunction.java" 2>/dev/null); do
      kill -TERM "$pid" 2>/dev/null
    done
    sleep 0.5
    for pid in $(pgrep -f -- "$TMP/FastFunction.java" 2>/dev/null); do
      kill -KILL "$pid" 2>/dev/null
    done
    if [[ $rc -ne 0 && -f "$TMP/gateway.log" ]]; then
      log "gateway log (last 40 lines):"
      tail -n 40 "$TMP/gateway.log" >&2
    fi
    rm -rf "$TMP"
  fi
  exit $rc
}

# ---------------------------------------------------------------------------------------------
# Small helpers

port_free() { ! ss -Htln "sport = :$1" 2>/dev/null | grep -q .; }

free_port_from() {
  local p=$1
  while ! port_free "$p"; do p=$((p + 1)); done
  echo "$p"
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# utime+stime of a process, in clock ticks (0 when it is gone)
proc_ticks() {
  awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0
}

# busy, total and kernel-interrupt (irq + softirq: loopback TCP is processed there) and steal
# ticks of the whole machine
machine_ticks() {
  awk '/^cpu /{idle = $5 + $6; total = 0; for (i = 2; i <= 9; i++) total += $i; print total - idle, total, $7 + $8, $9}' /proc/stat
}

# CPU seconds used by this shell's finished children (the second line of `times`). `times` runs
# in this shell, not in a subshell, whose children are not ours.
children_cpu_s() {
  times >"$TMP/times"
  CHILDREN_CPU_S="$(awk 'NR == 2 {
    n = split($0, f, " "); s = 0
    for (i = 1; i <= n; i++) { split(f[i], ms, "m"); sub("s", "", ms[2]); s += ms[1] * 60 + ms[2] }
    printf "%.3f", s }' "$TMP/times")"
}

# wrk latency "1.23ms" / "456.00us" / "1.02s" -> milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub("us", "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub("ms", "", v); printf "%.3f", v }
    else if (v ~ /m$/) { sub("m", "", v); printf "%.3f", v * 60000 }
    else if (v ~ /s$/) { sub("s", "", v); printf "%.3f", v * 1000 }
    else printf "%s", v }'
}

# Parses wrk --latency output on stdin: "rps p50_ms p99_ms errors"
parse_wrk() {
  local out rps p50 p99 non2xx sock
  out="$(cat)"
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
  p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  non2xx="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")"
  sock="$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")"
  echo "${rps:-0} $(to_ms "${p50:-0}") $(to_ms "${p99:-0}") $(( ${non2xx:-0} + ${sock:-0} ))"
}

# median of numbers given as arguments
median() {
  printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {
    if (NR == 0) print 0; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# The busiest processes over one second (top's second frame): CPU %, RSS, working directory
# (tells whose build or test it is) and the start of the command line.
busiest() {
  local pid cpu
  echo "  %CPU    RSS MB  PID      CWD / COMMAND"
  top -bn2 -d1 -o %CPU | awk '/^ *PID +USER/ {n++; next} n == 2 && $9 + 0 >= 1 && shown++ < 6 {print $1, $9}' \
    | while read -r pid cpu; do
        printf '%6s  %7s  %-7s  %s\n' "$cpu" "$(( $(ps -o rss= -p "$pid" 2>/dev/null || echo 0) / 1024 ))" "$pid" \
          "$(readlink "/proc/$pid/cwd" 2>/dev/null || echo '?') \$ $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-110)"
      done
}

# ---------------------------------------------------------------------------------------------
# Steps

install_wrk() {
  command -v wrk >/dev/null 2>&1 && return 0
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  log "installing wrk with apt"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
  command -v wrk >/dev/null 2>&1 || die "wrk could not be installed"
}

build_gateway() {
  local jar=gateway/target/edgeway-gateway.jar
  # The same staleness rule as ./edgeway run, so that run starts without building.
  if [[ ! -f "$jar" || -n "$(find gateway/src pom.xml gateway/pom.xml -newer "$jar" -print -quit)" ]]; then
    log "building the gateway"
    ./mvnw -q -B -DskipTests -pl gateway -am package
  fi
  # ./edgeway run extracts the jar and trains a JVM start-up cache on its first start after a
  # build; do that now, so that start to healthy measures an ordinary start.
  if declare -F edgeway_prepare_app >/dev/null && declare -F edgeway_startup_cache_flags >/dev/null; then
    log "preparing the extracted jar and start-up cache (as ./edgeway run does)"
    local app
    app="$(edgeway_prepare_app "$jar")"
    edgeway_startup_cache_flags "$app" >/dev/null || true
  fi
}

# Launches ./edgeway run and waits for /healthz; sets GATEWAY_PID and LAST_START_MS.
launch_gateway() {
  local health="http://127.0.0.1:$PORT_METRICS/healthz" t0
  t0="$(now_ms)"
  # ./edgeway run execs java, so $! is the gateway's JVM.
  # shellcheck disable=SC2086 # BENCH_GATEWAY_ARGS is a list of arguments
  EDGEWAY_DATA_DIR="$TMP/data" ./edgeway run \
    --server.port="$PORT_PUBLIC" --management.server.port="$PORT_METRICS" ${BENCH_GATEWAY_ARGS:-} \
    >"$TMP/gateway.log" 2>&1 &
  GATEWAY_PID=$!
  local deadline=$((t0 + 60000))
  until curl -fsS -o /dev/null --max-time 1 "$health" 2>/dev/null; do
    kill -0 "$GATEWAY_PID" 2>/dev/null || die "the gateway exited before it was healthy"
    [[ $(now_ms) -lt $deadline ]] || die "the gateway was not healthy within 60 s"
    sleep 0.02
  done
  LAST_START_MS=$(( $(now_ms) - t0 ))
}

stop_gateway() {
  kill -TERM "$GATEWAY_PID" 2>/dev/null || true
  wait "$GATEWAY_PID" 2>/dev/null || true
  GATEWAY_PID=""
}

# Starts the gateway BENCH_STARTS times (default 3; the last one stays up for the load) and
# keeps the median time from launch to the first healthy answer.
start_gateway() {
  PORT_PUBLIC="${BENCH_PORT:-$(free_port_from 18080)}"
  PORT_METRICS="${BENCH_METRICS_PORT:-$(free_port_from 18082)}"
  [[ "$PORT_METRICS" == "$PORT_PUBLIC" ]] && PORT_METRICS="$(free_port_from $((PORT_PUBLIC + 1)))"
  port_free "$PORT_PUBLIC" || die "port $PORT_PUBLIC is in use"
  port_free "$PORT_METRICS" || die "port $PORT_METRICS is in use"
  GATEWAY="http://127.0.0.1:$PORT_PUBLIC"

  local starts="${BENCH_STARTS:-3}" i
  START_SAMPLES=()
  SPRING_STARTED_ALL=()
  log "starting the gateway $starts times on $PORT_PUBLIC (metrics $PORT_METRICS), data dir $TMP/data"
  for i in $(seq 1 "$starts"); do
    launch_gateway
    START_SAMPLES+=("$LAST_START_MS")
    SPRING_STARTED_ALL+=("$(grep -m1 -o 'process running for [0-9.]*' "$TMP/gateway.log" | awk '{print $NF}' || true)")
    log "start $i: healthy after ${LAST_START_MS} ms (JVM up ${SPRING_STARTED_ALL[-1]:-?} s when Spring was ready)"
    if (( i < starts )); then stop_gateway; fi
  done
  START_TO_HEALTHY_MS="$(median "${START_SAMPLES[@]}")"
  SPRING_STARTED="$(grep -m1 -o 'Started [A-Za-z]* in [0-9.]* seconds (process running for [0-9.]*)' "$TMP/gateway.log" || true)"
  IDLE_RSS_MB=$(( $(ps -o rss= -p "$GATEWAY_PID") / 1024 ))
  log "start to healthy: median ${START_TO_HEALTHY_MS} ms of ${START_SAMPLES[*]}; RSS ${IDLE_RSS_MB} MB"
}

deploy_function() {
  local user_file="$TMP/data/auth/basic-auth-user" pass_file="$TMP/data/auth/basic-auth-password"
  for _ in $(seq 1 100); do [[ -s "$user_file" && -s "$pass_file" ]] && break; sleep 0.1; done
  [[ -s "$user_file" && -s "$pass_file" ]] || die "no generated credentials in $TMP/data/auth"
  AUTH="$(cat "$user_file"):$(cat "$pass_file")"

  cp "$BENCH_DIR/function/FastFunction.java" "$TMP/FastFunction.java"
  # One replica, min = max, so the autoscaler leaves it alone: "direct" calls that one instance.
  local cmd="$JAVA_HOME/bin/java ${BENCH_FUNCTION_JAVA_OPTS:-} $TMP/FastFunction.java"
  cmd="$(tr -s ' ' <<<"$cmd")"
  local body
  body="$(printf '{"service":"%s","image":"bench/fast-function","envProcess":"%s","envVars":{"mode":"http"},"labels":{"com.openfaas.scale.min":"1","com.openfaas.scale.max":"1"},"readOnlyRootFilesystem":false}' \
    "$FUNCTION_NAME" "$cmd")"
  log "deploying $FUNCTION_NAME: $cmd"
  local code
  code="$(curl -sS -o "$TMP/deploy.out" -w '%{http_code}' -u "$AUTH" -X POST \
    -H 'Content-Type: application/json' --data "$body" "$GATEWAY/system/functions")"
  if [[ "$code" != 2* ]]; then
    code="$(curl -sS -o "$TMP/deploy.out" -w '%{http_code}' -u "$AUTH" -X PUT \
      -H 'Content-Type: application/json' --data "$body" "$GATEWAY/system/functions")"
  fi
  [[ "$code" == 2* ]] || die "deploy answered $code: $(cat "$TMP/deploy.out")"

  # Ready when a call through the gateway answers 200 (this also covers scale from zero).
  local deadline=$(( $(now_ms) + 60000 ))
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$GATEWAY/function/$FUNCTION_NAME")" == 200 ]]; do
    [[ $(now_ms) -lt $deadline ]] || die "$FUNCTION_NAME did not answer 200 through the gateway within 60 s"
    sleep 0.2
  done
}

find_function_port() {
  FUNCTION_PID=""
  FUNCTION_PORT=""
  local pid
  # 1. The replica's process: the only one running our temp copy of FastFunction.java.
  for pid in $(pgrep -f -- "$TMP/FastFunction.java" || true); do
    FUNCTION_PID="$pid"
    FUNCTION_PORT="$(tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | awk -F= '$1 == "PORT" {p = $2} END {print p}')"
    [[ -n "$FUNCTION_PORT" ]] && break
  done
  # 2. What the function printed, through the gateway's log API.
  if [[ -z "$FUNCTION_PORT" ]]; then
    FUNCTION_PORT="$(curl -fsS -u "$AUTH" "$GATEWAY/system/logs?name=$FUNCTION_NAME&tail=50" 2>/dev/null \
      | grep -o 'listening on port [0-9]*' | tail -1 | awk '{print $NF}')"
  fi
  # 3. What the replica listens on.
  if [[ -z "$FUNCTION_PORT" && -n "$FUNCTION_PID" ]]; then
    FUNCTION_PORT="$(ss -Htlnp | awk -v p="pid=$FUNCTION_PID," 'index($0, p) && !found {sub(".*:", "", $4); print $4; found = 1}')"
  fi
  [[ -n "$FUNCTION_PORT" ]] || die "could not find the port of $FUNCTION_NAME's replica"
  [[ "$(pgrep -fc -- "$TMP/FastFunction.java" || true)" -le 1 ]] \
    || log "warning: more than one replica is running; the direct target is one of them"
  DIRECT="http://127.0.0.1:$FUNCTION_PORT"
  [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$DIRECT/")" == 200 ]] \
    || die "the function does not answer 200 directly on $DIRECT"
  log "function replica pid ${FUNCTION_PID:-?} on port $FUNCTION_PORT"
}

start_rss_sampler() {
  : >"$TMP/rss-$1"
  (
    while kill -0 "$GATEWAY_PID" 2>/dev/null; do
      ps -o rss= -p "$GATEWAY_PID" >>"$TMP/rss-$1" 2>/dev/null || true
      sleep 0.25
    done
  ) &
  SAMPLER_PID=$!
}

stop_rss_sampler() {
  kill "$SAMPLER_PID" 2>/dev/null || true
  wait "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=""
}

# run_wrk TARGET URL CONNECTIONS SECONDS: writes "rps p50 p99 errors gw_cpu% fn_cpu% wrk_cpu%
# machine_busy% peak_rss_mb other_cpu% irq_cpu% steal_cpu%" to $TMP/last (not to stdout: it runs in this shell, so that the
# cleanup knows its processes and `times` sees wrk).
run_wrk() {
  local target=$1 url=$2 conns=$3 secs=$4 tag
  tag="$target-c$conns-$(now_ms)"
  [[ "$target" == edgeway ]] && start_rss_sampler "$tag"
  local gw0 fn0 wrk0 m0 mt0 irq0 st0 t0
  gw0="$(proc_ticks "$GATEWAY_PID")"; fn0="$(proc_ticks "$FUNCTION_PID")"
  children_cpu_s; wrk0="$CHILDREN_CPU_S"; read -r m0 mt0 irq0 st0 < <(machine_ticks); t0="$(now_ms)"
  wrk -t"$WRK_THREADS" -c"$conns" -d"${secs}s" --latency "$url" >"$TMP/wrk-$tag.txt" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID" || true
  WRK_PID=""
  local gw1 fn1 wrk1 m1 mt1 irq1 st1 t1
  gw1="$(proc_ticks "$GATEWAY_PID")"; fn1="$(proc_ticks "$FUNCTION_PID")"
  children_cpu_s; wrk1="$CHILDREN_CPU_S"; read -r m1 mt1 irq1 st1 < <(machine_ticks); t1="$(now_ms)"
  local peak=0
  if [[ "$target" == edgeway ]]; then
    stop_rss_sampler
    peak=$(( $(awk '$1 > m {m = $1} END {print m + 0}' "$TMP/rss-$tag") / 1024 ))
  fi
  local wall_s
  wall_s="$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1000}')"
  echo "$(parse_wrk <"$TMP/wrk-$tag.txt") $(awk -v g=$((gw1 - gw0)) -v f=$((fn1 - fn0)) -v w0="$wrk0" -v w1="$wrk1" \
    -v mb=$((m1 - m0)) -v mt=$((mt1 - mt0)) -v hz="$CLK_TCK" -v s="$wall_s" 'BEGIN {
      gp = 100 * g / hz / s; fp = 100 * f / hz / s; wp = 100 * (w1 - w0) / s; all = 100 * mb / hz / s
      printf "%.0f %.0f %.0f %.0f", gp, fp, wp, (mt > 0 ? 100 * mb / mt : 0) }') $peak $(awk -v g=$((gw1 - gw0)) -v f=$((fn1 - fn0)) \
    -v w0="$wrk0" -v w1="$wrk1" -v mb=$((m1 - m0)) -v irq=$((irq1 - irq0)) -v st=$((st1 - st0)) -v hz="$CLK_TCK" -v s="$wall_s" 'BEGIN {
      o = 100 * (mb - irq - st) / hz / s - 100 * g / hz / s - 100 * f / hz / s - 100 * (w1 - w0) / s
      printf "%.0f %.0f %.0f", (o < 0 ? 0 : o), 100 * irq / hz / s, 100 * st / hz / s }')" >"$TMP/last"
}

# ---------------------------------------------------------------------------------------------

# Runs the alternating measurement; one line per run in $RESULTS:
# "concurrency round target rps p50 p99 errors gw% fn% wrk% machine% peak_rss_mb other% irq% steal%"
# (CPU % of one core; machine % of all cores; irq = interrupts and softirqs, where the kernel
# does loopback TCP; other = all other CPU not used by the gateway, the function or wrk)
measure() {
  RESULTS="$TMP/results.txt"
  local c r target url order
  : >"$RESULTS"
  for c in $CONCURRENCY; do
    for r in $(seq 1 "$ROUNDS"); do
      # Alternate which target goes first, so drift (other load, JIT, heat) hits both alike.
      if (( r % 2 )); then order="direct edgeway"; else order="edgeway direct"; fi
      for target in $order; do
        if [[ "$target" == direct ]]; then url="$DIRECT/"; else url="$GATEWAY/function/$FUNCTION_NAME"; fi
        log "c$c round $r/$ROUNDS: $target (${DURATION} s)"
        run_wrk "$target" "$url" "$c" "$DURATION"
        echo "$c $r $target $(cat "$TMP/last")" >>"$RESULTS"
        tail -1 "$RESULTS" | awk '{printf "bench:   %.0f req/s, p50 %s ms, p99 %s ms, errors %s, cpu gw %s%% fn %s%% wrk %s%% irq %s%% others %s%%, machine %s%% busy\n", $4, $5, $6, $7, $8, $9, $10, $14, $13, $11}' >&2
      done
    done
  done
  LOAD_AFTER="$(uptime | sed 's/.*load average/load average/')"
  TOP_AFTER="$(busiest)"
  END_RSS_MB=$(( $(ps -o rss= -p "$GATEWAY_PID") / 1024 ))

}

# The markdown report, from $RESULTS and the globals set on the way.
write_report() {
  local peak_rss
  peak_rss="$(awk '$3 == "edgeway" && $12 > m {m = $12} END {print m + 0}' "$RESULTS")"
  {
    echo "## Edgeway proxy benchmark${BENCH_LABEL:+ ($BENCH_LABEL)}, $STARTED_AT"
    echo
    echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(free -g | awk '/^Mem:/ {print $2}') GiB, kernel $(uname -r)"
    echo "- JDK: $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p)"
    echo "- gateway: \`./edgeway run\` at $(git rev-parse --short HEAD 2>/dev/null || echo '?'), EDGEWAY_JAVA_OPTS=\`${EDGEWAY_JAVA_OPTS:-}\`${BENCH_GATEWAY_ARGS:+, arguments \`$BENCH_GATEWAY_ARGS\`}"
    echo "- function: bench/function/FastFunction.java (JDK HttpServer), JVM flags \`${BENCH_FUNCTION_JAVA_OPTS:-}\`"
    echo "- wrk: $(wrk -v 2>&1 | awk 'NR == 1 {print $1, $2}'), -t$WRK_THREADS, ${DURATION} s per run, $ROUNDS rounds per concurrency, targets alternated, ${WARMUP} s warm-up each"
    echo "- load before: $LOAD_BEFORE; after: $LOAD_AFTER"
    echo
    echo "| concurrency | target | req/s (median) | req/s (min–max) | p50 ms | p99 ms | errors | Edgeway/direct |"
    echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    for c in $CONCURRENCY; do
      local d_rps e_rps
      d_rps="$(median $(awk -v c="$c" '$1 == c && $3 == "direct" {print $4}' "$RESULTS"))"
      e_rps="$(median $(awk -v c="$c" '$1 == c && $3 == "edgeway" {print $4}' "$RESULTS"))"
      for target in direct edgeway; do
        local rps lo hi p50 p99 errs ratio=""
        rps="$(median $(awk -v c="$c" -v t="$target" '$1 == c && $3 == t {print $4}' "$RESULTS"))"
        lo="$(awk -v c="$c" -v t="$target" '$1 == c && $3 == t && (n++ == 0 || $4 < m) {m = $4} END {print m + 0}' "$RESULTS")"
        hi="$(awk -v c="$c" -v t="$target" '$1 == c && $3 == t && (n++ == 0 || $4 > m) {m = $4} END {print m + 0}' "$RESULTS")"
        p50="$(median $(awk -v c="$c" -v t="$target" '$1 == c && $3 == t {print $5}' "$RESULTS"))"
        p99="$(median $(awk -v c="$c" -v t="$target" '$1 == c && $3 == t {print $6}' "$RESULTS"))"
        errs="$(awk -v c="$c" -v t="$target" '$1 == c && $3 == t {s += $7} END {print s + 0}' "$RESULTS")"
        [[ "$target" == edgeway ]] && ratio="$(awk -v e="$e_rps" -v d="$d_rps" 'BEGIN {printf "**%.2f**", (d > 0 ? e / d : 0)}')"
        printf '| %s | %s | %.0f | %.0f–%.0f | %.2f | %.2f | %s | %s |\n' \
          "$c" "$target" "$rps" "$lo" "$hi" "$p50" "$p99" "$errs" "$ratio"
      done
    done
    echo
    echo "- start to healthy: **${START_TO_HEALTHY_MS} ms** median of ${#START_SAMPLES[@]} starts ($(IFS=/; echo "${START_SAMPLES[*]}") ms), from the launch of \`./edgeway run\` to the first 200 from /healthz; the JVM had been up $(IFS=/; echo "${SPRING_STARTED_ALL[*]}") s when Spring was ready (last: ${SPRING_STARTED:-n/a})"
    echo "- gateway RSS: **peak ${peak_rss} MB** under load (sampled every 250 ms), ${IDLE_RSS_MB} MB idle after start, ${END_RSS_MB} MB at the end"
    echo
    awk '{o += $13; st += $15; n++} END {if (n) printf "- CPU used by other processes during the runs: %.0f%% of one core on average (of %d%% for %d cores); hypervisor steal %.0f%%\n", o / n, 100 * cores, cores, st / n}' cores="$(nproc)" "$RESULTS"
    echo
    echo "Targets: Edgeway/direct ≥ 0.6 at c64 · RSS under load ≤ 256 MB · start to healthy < 2000 ms"
    echo
    local ratio64
    ratio64="$(awk '$1 == 64' "$RESULTS" | wc -l)"
    if [[ "$ratio64" -gt 0 ]]; then
      local d64 e64
      d64="$(median $(awk '$1 == 64 && $3 == "direct" {print $4}' "$RESULTS"))"
      e64="$(median $(awk '$1 == 64 && $3 == "edgeway" {print $4}' "$RESULTS"))"
      awk -v e="$e64" -v d="$d64" 'BEGIN {r = (d > 0 ? e / d : 0); printf "- ratio at c64: %.2f → %s\n", r, (r >= 0.6 ? "met" : "MISSED")}'
    fi
    awk -v m="$peak_rss" 'BEGIN {printf "- peak RSS: %d MB → %s\n", m, (m <= 256 ? "met" : "MISSED")}'
    awk -v s="$START_TO_HEALTHY_MS" 'BEGIN {printf "- start to healthy: %d ms → %s\n", s, (s < 2000 ? "met" : "MISSED")}'
    echo
    echo "<details><summary>Every run (CPU % is of one core; machine % is of all $(nproc) cores; irq = the kernel's interrupt and softirq time, where loopback TCP is processed; other = CPU used by anything else: other processes)</summary>"
    echo
    echo "| concurrency | round | target | req/s | p50 ms | p99 ms | errors | gateway CPU % | function CPU % | wrk CPU % | irq CPU % | other CPU % | machine busy % | gateway µs CPU/req | function µs CPU/req | wrk µs CPU/req | irq µs CPU/req | gateway peak RSS MB |"
    echo "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    awk 'function us(p) { return $4 > 0 ? sprintf("%.1f", p * 1e4 / $4) : "" }
      {printf "| %s | %s | %s | %.0f | %.2f | %.2f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
        $1, $2, $3, $4, $5, $6, $7, ($3 == "edgeway" ? $8 : ""), $9, $10, $14, $13, $11,
        ($3 == "edgeway" ? us($8) : ""), us($9), us($10), us($14), ($3 == "edgeway" ? $12 : "")}' "$RESULTS"
    echo
    echo "CPU per request, medians at each concurrency (µs of one core; direct runs for the function and wrk alone):"
    echo
    echo "| concurrency | gateway µs/req | function µs/req (via Edgeway) | function µs/req (direct) | wrk µs/req (via Edgeway) | wrk µs/req (direct) | irq µs/req (via Edgeway) | irq µs/req (direct) |"
    echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for c in $CONCURRENCY; do
      local col
      printf '| %s' "$c"
      for col in "edgeway 8" "edgeway 9" "direct 9" "edgeway 10" "direct 10" "edgeway 14" "direct 14"; do
        set -- $col
        printf ' | %.1f' "$(median $(awk -v c="$c" -v t="$1" -v k="$2" '$1 == c && $3 == t && $4 > 0 {print $k * 1e4 / $4}' "$RESULTS"))"
      done
      printf ' |\n'
    done
    echo
    echo "Busiest processes before the run:"
    echo
    echo '```'
    echo "$TOP_BEFORE"
    echo '```'
    echo
    echo "Busiest processes in the second after the last run:"
    echo
    echo '```'
    echo "$TOP_AFTER"
    echo '```'
    echo
    echo "</details>"
  }
}

main() {
  cd "$ROOT"
  source scripts/lib.sh
  edgeway_java_home
  install_wrk
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  TMP="$(mktemp -d "${TMPDIR:-/tmp}/edgeway-bench.XXXXXX")"

  local stamp
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  STARTED_AT="$(date -u '+%Y-%m-%d %H:%M UTC')"
  LOAD_BEFORE="$(uptime | sed 's/.*load average/load average/')"
  TOP_BEFORE="$(busiest)"

  build_gateway
  start_gateway
  deploy_function
  find_function_port

  log "warming up: ${WARMUP} s direct, ${WARMUP} s through Edgeway (c64)"
  run_wrk direct "$DIRECT/" 64 "$WARMUP"
  run_wrk edgeway "$GATEWAY/function/$FUNCTION_NAME" 64 "$WARMUP"

  measure
  write_report >"$TMP/report.md"

  mkdir -p "$BENCH_DIR/results"
  cp "$TMP/report.md" "$BENCH_DIR/results/$stamp.md"
  cat "$TMP/report.md"
  log "report saved to bench/results/$stamp.md"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
