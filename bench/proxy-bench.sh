#!/usr/bin/env bash
# Edgeway proxy benchmark: the same function instance called directly, through the gateway's
# /function proxy and through nginx as a reverse proxy, alternating, with wrk; for a function
# that answers at once and for one that burns about 200 µs of CPU per call. Prints a markdown
# report and keeps it in bench/results/<timestamp>.md.
#
#   bash bench/proxy-bench.sh
#
# Knobs (environment):
#   BENCH_DURATION=10         seconds per wrk run
#   BENCH_ROUNDS=3            rounds per function and concurrency; each round runs every target
#   BENCH_CONCURRENCY="16 64" wrk connections, one block of rounds each
#   BENCH_FUNCTIONS="fast busy"  which functions to measure (busy burns BENCH_BUSY_MICROS per call)
#   BENCH_BUSY_MICROS=200     CPU µs the busy function burns per call
#   BENCH_TARGETS="direct edgeway nginx"  which targets to run
#   BENCH_WRK_THREADS=2       wrk threads
#   BENCH_STARTS=3            gateway starts timed (median reported); the last one takes the load
#   BENCH_WARMUP=15           seconds of warm-up per function and target before measuring
#   BENCH_WARMUP_REQUESTS=200000 / BENCH_WARMUP_MAX=120  then the gateway is warmed until it has
#                             served that many requests and its CPU per request has settled, or
#                             for that many seconds at most
#   BENCH_BURST_CONNECTIONS=1000 / BENCH_BURST_DURATION=5  the connection burst (0 connections: none)
#   BENCH_PORT / BENCH_METRICS_PORT / BENCH_NGINX_PORT  ports (default: first free from 18080 / 18082 / 18090)
#   BENCH_FUNCTION_JAVA_OPTS  JVM flags for the functions (default: none)
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
FUNCTIONS="${BENCH_FUNCTIONS:-fast busy}"
BUSY_MICROS="${BENCH_BUSY_MICROS:-200}"
TARGETS="${BENCH_TARGETS:-direct edgeway nginx}"
WRK_THREADS="${BENCH_WRK_THREADS:-2}"
WARMUP="${BENCH_WARMUP:-15}"
WARMUP_REQUESTS="${BENCH_WARMUP_REQUESTS:-200000}"
WARMUP_MAX="${BENCH_WARMUP_MAX:-120}"
BURST_CONNECTIONS="${BENCH_BURST_CONNECTIONS:-1000}"
BURST_DURATION="${BENCH_BURST_DURATION:-5}"
CLK_TCK="$(getconf CLK_TCK)"

log() { echo "bench: $*" >&2; }
die() { log "$*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Processes and cleanup

TMP=""
GATEWAY_PID=""
NGINX_PID=""
SAMPLER_PID=""
WRK_PID=""

cleanup() {
  local rc=$?
  set +e
  [[ -n "$WRK_PID" ]] && kill "$WRK_PID" 2>/dev/null
  [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null
  if [[ -n "$NGINX_PID" ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
    # QUIT is nginx's graceful stop; its workers go with the master.
    kill -QUIT "$NGINX_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$NGINX_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$NGINX_PID" 2>/dev/null
  fi
  if [[ -n "$GATEWAY_PID" ]] && kill -0 "$GATEWAY_PID" 2>/dev/null; then
    # Its children (nats-server, replicas) outlive a gateway that had to be killed: noted first.
    local children
    children="$(tree_pids "$GATEWAY_PID")"
    kill -TERM "$GATEWAY_PID" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$GATEWAY_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$GATEWAY_PID" 2>/dev/null
    # shellcheck disable=SC2086 # a list of pids
    [[ -n "$children" ]] && kill -TERM $children 2>/dev/null
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
    if [[ $rc -ne 0 && -s "$TMP/nginx/error.log" ]]; then
      log "nginx error log (last 10 lines):"
      tail -n 10 "$TMP/nginx/error.log" >&2
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

# utime+stime, in clock ticks, of process $1 and all its descendants, leaving out the subtrees
# of the pids in $2 (space separated). nginx is a master and its workers; the gateway's tree
# holds its nats-server and the function replicas, which are counted apart.
tree_ticks() {
  # cat, not awk's own file list: a process that ends between the glob and the read is skipped.
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v root="$1" -v excl="${2:-}" '
    { line = $0; sub(/^.*\) /, "", line); split(line, f, " "); parent[$1] = f[2]; ticks[$1] = f[12] + f[13] }
    END {
      n = split(excl, e, " "); for (i = 1; i <= n; i++) skip[e[i]] = 1
      for (p in ticks) {
        for (q = p; (q in parent) && !(q in skip); q = parent[q]) if (q == root) { total += ticks[p]; break }
      }
      print total + 0
    }'
}

# The pids of the descendants of process $1.
tree_pids() {
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v root="$1" '
    { line = $0; sub(/^.*\) /, "", line); split(line, f, " "); parent[$1] = f[2] }
    END { for (p in parent) if (p != root) for (q = parent[p]; q in parent; q = parent[q]) if (q == root) { print p; break } }'
}

# The host pid of the process listening on TCP port $1. A sandboxed replica has its own pid
# namespace (its own pid there is 2), but its socket is the host's: find the socket's inode in
# /proc/net/tcp and then the process that holds it.
pid_listening_on() {
  local hex inode
  hex="$(printf '%04X' "$1")"
  inode="$(awk -v h="$hex" '$4 == "0A" && $2 ~ (":" h "$") {print $10; exit}' /proc/net/tcp /proc/net/tcp6 2>/dev/null)"
  [[ -n "$inode" ]] || return 0
  find /proc/[0-9]*/fd -maxdepth 1 -lname "socket:\[$inode\]" -print -quit 2>/dev/null | cut -d/ -f3 || true
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
          "$(readlink "/proc/$pid/cwd" 2>/dev/null || echo '?') \$ $(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | cut -c1-110)"
      done
}

# ---------------------------------------------------------------------------------------------
# Steps

# wrk, and Debian's nginx when it is a target, with apt when missing (scripts/lib.sh). Debian's
# nginx package starts a system nginx on port 80 where it can; the benchmark runs its own.
install_tools() {
  edgeway_apt_install wrk
  [[ " $TARGETS " == *" nginx "* ]] && edgeway_apt_install nginx
  command -v wrk >/dev/null 2>&1 || die "wrk could not be installed"
}

nginx_binary() { command -v nginx 2>/dev/null || echo /usr/sbin/nginx; }

build_gateway() {
  local jar=gateway/target/edgeway-gateway.jar
  # The same staleness rule as ./edgeway run, so that run starts without building.
  if [[ ! -f "$jar" || -n "$(find gateway storage dag-linearizer kafka-trigger pom.xml \
      \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit 2>/dev/null)" ]]; then
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
  local deadline=$((t0 + 180000))
  until curl -fsS -o /dev/null --max-time 1 "$health" 2>/dev/null; do
    kill -0 "$GATEWAY_PID" 2>/dev/null || die "the gateway exited before it was healthy"
    [[ $(now_ms) -lt $deadline ]] || die "the gateway was not healthy within 180 s"
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
  SANDBOX_NOTE="$(grep -m1 -io 'sandbox[^"]*' "$TMP/gateway.log" | cut -c1-120 || true)"
  IDLE_RSS_MB=$(( $(ps -o rss= -p "$GATEWAY_PID") / 1024 ))
  log "start to healthy: median ${START_TO_HEALTHY_MS} ms of ${START_SAMPLES[*]}; RSS ${IDLE_RSS_MB} MB"
}

read_credentials() {
  local user_file="$TMP/data/auth/basic-auth-user" pass_file="$TMP/data/auth/basic-auth-password"
  for _ in $(seq 1 100); do [[ -s "$user_file" && -s "$pass_file" ]] && break; sleep 0.1; done
  [[ -s "$user_file" && -s "$pass_file" ]] || die "no generated credentials in $TMP/data/auth"
  AUTH="$(cat "$user_file"):$(cat "$pass_file")"
}

# deploy_function fast|busy: deploys FastFunction.java under the name bench-<kind> (the busy
# one with FAST_BURN_MICROS), pinned to one replica (scale min = max) so that the autoscaler
# leaves it alone and "direct" calls the very instance the proxies call.
deploy_function() {
  local kind=$1 name="bench-$1" env='"mode":"http"'
  [[ "$kind" == busy ]] && env="$env,\"FAST_BURN_MICROS\":\"$BUSY_MICROS\""
  local cmd="$JAVA_HOME/bin/java ${BENCH_FUNCTION_JAVA_OPTS:-} $TMP/FastFunction.java"
  cmd="$(tr -s ' ' <<<"$cmd")"
  local body
  body="$(printf '{"service":"%s","image":"bench/fast-function","envProcess":"%s","envVars":{%s},"labels":{"com.openfaas.scale.min":"1","com.openfaas.scale.max":"1"},"readOnlyRootFilesystem":false}' \
    "$name" "$cmd" "$env")"
  log "deploying $name: $cmd ($env)"
  local code
  code="$(curl -sS -o "$TMP/deploy.out" -w '%{http_code}' -u "$AUTH" -X POST \
    -H 'Content-Type: application/json' --data "$body" "$GATEWAY/system/functions")"
  if [[ "$code" != 2* ]]; then
    code="$(curl -sS -o "$TMP/deploy.out" -w '%{http_code}' -u "$AUTH" -X PUT \
      -H 'Content-Type: application/json' --data "$body" "$GATEWAY/system/functions")"
  fi
  [[ "$code" == 2* ]] || die "deploy answered $code: $(cat "$TMP/deploy.out")"
}

# await_function KIND: waits until a call through the gateway answers 200 (this also covers
# scale from zero), then finds the replica's port and host pid; sets FN_PORT[KIND], FN_PID[KIND].
await_function() {
  local kind=$1 name="bench-$1"
  local deadline=$(( $(now_ms) + 90000 ))
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$GATEWAY/function/$name")" == 200 ]]; do
    [[ $(now_ms) -lt $deadline ]] || die "$name did not answer 200 through the gateway within 90 s"
    sleep 0.2
  done
  # The replica's port: what it printed, through the gateway's log API.
  local port=""
  for _ in $(seq 1 20); do
    port="$(curl -fsS -u "$AUTH" "$GATEWAY/system/logs?name=$name&tail=50" 2>/dev/null \
      | grep -o 'listening on port [0-9]*' | tail -1 | awk '{print $NF}' || true)"
    [[ -n "$port" ]] && break
    sleep 0.25
  done
  [[ -n "$port" ]] || die "could not find the port of $name's replica in its logs"
  local pid
  pid="$(pid_listening_on "$port")"
  [[ -n "$pid" ]] || die "no process found listening on $name's port $port"
  [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/")" == 200 ]] \
    || die "$name does not answer 200 directly on port $port"
  FN_PORT[$kind]="$port"
  FN_PID[$kind]="$pid"
  FN_PIDS="${FN_PIDS:-} $pid"
  log "$name: replica pid $pid (host pid, found by its listening socket) on port $port"
}

# nginx as a reverse proxy in front of the same replicas: its own configuration and prefix in
# the temp directory, in the foreground, one worker per core, upstream keepalive, HTTP/1.1 to
# the upstream, no access log. It sets the same kind of headers the gateway sets (forwarded
# host and address, a request id), so both proxies do the same header work.
start_nginx() {
  NGINX_PORT="${BENCH_NGINX_PORT:-$(free_port_from 18090)}"
  port_free "$NGINX_PORT" || die "port $NGINX_PORT is in use"
  local dir="$TMP/nginx" kind upstreams="" locations=""
  mkdir -p "$dir/temp"
  for kind in $FUNCTIONS; do
    upstreams+="  upstream bench_$kind { server 127.0.0.1:${FN_PORT[$kind]}; keepalive 256; }"$'\n'
    locations+="    location = /function/bench-$kind {
      proxy_pass http://bench_$kind/;
    }"$'\n'
  done
  cat >"$dir/nginx.conf" <<EOF
daemon off;
worker_processes $(nproc);
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $dir/temp/body;
  proxy_temp_path $dir/temp/proxy;
  fastcgi_temp_path $dir/temp/fastcgi;
  uwsgi_temp_path $dir/temp/uwsgi;
  scgi_temp_path $dir/temp/scgi;
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header Host \$proxy_host;
  proxy_set_header X-Forwarded-Host \$host;
  proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
  proxy_set_header X-Call-Id \$request_id;
$upstreams
  server {
    listen 127.0.0.1:$NGINX_PORT backlog=1024;
$locations
  }
}
EOF
  "$(nginx_binary)" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" >"$dir/stdout.log" 2>&1 &
  NGINX_PID=$!
  NGINX="http://127.0.0.1:$NGINX_PORT"
  local deadline=$(( $(now_ms) + 10000 )) first
  first="$(set -- $FUNCTIONS; echo "$1")"
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$NGINX/function/bench-$first")" == 200 ]]; do
    kill -0 "$NGINX_PID" 2>/dev/null || die "nginx exited: $(cat "$dir/error.log" "$dir/stdout.log" 2>/dev/null | tail -5)"
    [[ $(now_ms) -lt $deadline ]] || die "nginx did not proxy to bench-$first within 10 s"
    sleep 0.1
  done
  log "nginx $("$(nginx_binary)" -v 2>&1 | sed 's/.*: //') (pid $NGINX_PID) on port $NGINX_PORT, $(nproc) workers"
}

# url_of TARGET KIND
url_of() {
  case "$1" in
    direct) echo "http://127.0.0.1:${FN_PORT[$2]}/" ;;
    edgeway) echo "$GATEWAY/function/bench-$2" ;;
    nginx) echo "$NGINX/function/bench-$2" ;;
  esac
}

# The proxy's CPU ticks: the gateway's process tree without the function replicas; nginx's
# master and workers; nothing for direct.
proxy_ticks() {
  case "$1" in
    edgeway) tree_ticks "$GATEWAY_PID" "$FN_PIDS" ;;
    nginx) tree_ticks "$NGINX_PID" ;;
    *) echo 0 ;;
  esac
}

# Samples the gateway's RSS (KB) and thread count every 250 ms into $TMP/rss-$1 until stopped.
start_rss_sampler() {
  : >"$TMP/rss-$1"
  (
    while kill -0 "$GATEWAY_PID" 2>/dev/null; do
      awk '/^VmRSS:/ {r = $2} /^Threads:/ {t = $2} END {print r + 0, t + 0}' "/proc/$GATEWAY_PID/status" \
        >>"$TMP/rss-$1" 2>/dev/null || true
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

# run_wrk TARGET KIND CONNECTIONS SECONDS: writes "rps p50 p99 errors proxy_cpu% fn_cpu%
# wrk_cpu% machine_busy% peak_rss_mb other_cpu% irq_cpu% steal_cpu% peak_threads" to $TMP/last
# (not to stdout: it runs in this shell, so that the cleanup knows its processes and `times`
# sees wrk). The gateway's RSS is sampled during its runs.
run_wrk() {
  local target=$1 kind=$2 conns=$3 secs=$4 tag url
  url="$(url_of "$target" "$kind")"
  tag="$target-$kind-c$conns-$(now_ms)"
  [[ "$target" == edgeway ]] && start_rss_sampler "$tag"
  local px0 fn0 wrk0 m0 mt0 irq0 st0 t0
  px0="$(proxy_ticks "$target")"; fn0="$(tree_ticks "${FN_PID[$kind]}")"
  children_cpu_s; wrk0="$CHILDREN_CPU_S"; read -r m0 mt0 irq0 st0 < <(machine_ticks); t0="$(now_ms)"
  wrk -t"$WRK_THREADS" -c"$conns" -d"${secs}s" --latency "$url" >"$TMP/wrk-$tag.txt" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID" || true
  WRK_PID=""
  local px1 fn1 wrk1 m1 mt1 irq1 st1 t1
  px1="$(proxy_ticks "$target")"; fn1="$(tree_ticks "${FN_PID[$kind]}")"
  children_cpu_s; wrk1="$CHILDREN_CPU_S"; read -r m1 mt1 irq1 st1 < <(machine_ticks); t1="$(now_ms)"
  local peak=0 threads=0
  if [[ "$target" == edgeway ]]; then
    stop_rss_sampler
    read -r peak threads < <(awk '$1 > r {r = $1} $2 > t {t = $2} END {print int(r / 1024), t + 0}' "$TMP/rss-$tag")
  fi
  local wall_s
  wall_s="$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1000}')"
  echo "$(parse_wrk <"$TMP/wrk-$tag.txt") $(awk -v g=$((px1 - px0)) -v f=$((fn1 - fn0)) -v w0="$wrk0" -v w1="$wrk1" \
    -v mb=$((m1 - m0)) -v mt=$((mt1 - mt0)) -v irq=$((irq1 - irq0)) -v st=$((st1 - st0)) -v hz="$CLK_TCK" \
    -v s="$wall_s" -v peak="$peak" -v threads="$threads" 'BEGIN {
      gp = 100 * g / hz / s; fp = 100 * f / hz / s; wp = 100 * (w1 - w0) / s
      o = 100 * (mb - irq - st) / hz / s - gp - fp - wp
      printf "%.0f %.0f %.0f %.0f %d %.0f %.0f %.0f %d", gp, fp, wp, (mt > 0 ? 100 * mb / mt : 0), peak,
        (o < 0 ? 0 : o), 100 * irq / hz / s, 100 * st / hz / s, threads }')" >"$TMP/last"
}

# ---------------------------------------------------------------------------------------------

# The gateway's CPU per request falls tenfold over its first hundred thousand requests or so,
# while the JIT compiles its path: a warm-up by time alone leaves a busy machine's gateway
# half-interpreted (it then serves fewer requests in the same seconds). So the gateway is warmed
# until it has served BENCH_WARMUP_REQUESTS and its CPU per request has settled (two 5 s
# chunks within 15 % of each other), or for BENCH_WARMUP_MAX seconds at most.
warm_up_gateway() {
  local kind=$1 served=0 previous=0 started
  started="$(now_ms)"
  while :; do
    run_wrk edgeway "$kind" 64 5
    local rps us
    read -r rps us < <(awk '{printf "%.0f %.1f\n", $1, ($1 > 0 ? $5 * 1e4 / $1 : 0)}' "$TMP/last")
    served=$(( served + rps * 5 ))
    log "  warming the gateway: $rps req/s, $us µs CPU per request, $served requests so far"
    if (( served >= WARMUP_REQUESTS )) && awk -v a="$us" -v b="$previous" 'BEGIN {exit !(b > 0 && a <= b * 1.15 && a >= b * 0.85)}'; then
      break
    fi
    if (( $(now_ms) - started >= WARMUP_MAX * 1000 )); then
      log "  the gateway's CPU per request had not settled after ${WARMUP_MAX} s; measuring anyway"
      break
    fi
    previous="$us"
  done
}

warm_up() {
  local kind target first=1
  for kind in $FUNCTIONS; do
    for target in $TARGETS; do
      log "warming up: $target, bench-$kind, ${WARMUP} s at c64"
      run_wrk "$target" "$kind" 64 "$WARMUP"
      if [[ "$target" == edgeway && $first == 1 ]]; then
        warm_up_gateway "$kind"
        first=0
      fi
    done
  done
}

# Runs the alternating measurement; one line per run in $RESULTS:
# "function concurrency round target rps p50 p99 errors proxy% fn% wrk% machine% peak_rss_mb
# other% irq% steal% peak_threads" (CPU % of one core; machine % of all cores; irq = interrupts
# and softirqs, where the kernel does loopback TCP; other = all other CPU not used by the
# proxy under test, the function or wrk)
measure() {
  RESULTS="$TMP/results.txt"
  : >"$RESULTS"
  local kind c r target order
  local -a targets
  read -r -a targets <<<"$TARGETS"
  for kind in $FUNCTIONS; do
    for c in $CONCURRENCY; do
      for r in $(seq 1 "$ROUNDS"); do
        # Rotate which target goes first, so drift (other load, JIT, heat) hits all alike.
        order=""
        for i in "${!targets[@]}"; do order+=" ${targets[$(( (i + r - 1) % ${#targets[@]} ))]}"; done
        for target in $order; do
          log "bench-$kind c$c round $r/$ROUNDS: $target (${DURATION} s)"
          run_wrk "$target" "$kind" "$c" "$DURATION"
          echo "$kind $c $r $target $(cat "$TMP/last")" >>"$RESULTS"
          tail -1 "$RESULTS" | awk '{printf "bench:   %.0f req/s, p50 %s ms, p99 %s ms, errors %s, cpu proxy %s%% fn %s%% wrk %s%% irq %s%% others %s%%, machine %s%% busy\n", $5, $6, $7, $8, $9, $10, $11, $15, $14, $12}' >&2
        done
      done
    done
  done
  LOAD_AFTER="$(uptime | sed 's/.*load average/load average/')"
  TOP_AFTER="$(busiest)"
  END_RSS_MB=$(( $(ps -o rss= -p "$GATEWAY_PID") / 1024 ))
}

# BENCH_BURST_CONNECTIONS connections at once through the gateway to the first function: the
# gateway's peak RSS and thread count while it holds them.
burst() {
  BURST_LINE=""
  [[ "$BURST_CONNECTIONS" -gt 0 && " $TARGETS " == *" edgeway "* ]] || return 0
  local kind
  kind="$(set -- $FUNCTIONS; echo "$1")"
  log "burst: $BURST_CONNECTIONS connections through Edgeway to bench-$kind for ${BURST_DURATION} s"
  run_wrk edgeway "$kind" "$BURST_CONNECTIONS" "$BURST_DURATION"
  BURST_LINE="$(cat "$TMP/last")"
  sleep 2
  AFTER_BURST_RSS_MB=$(( $(ps -o rss= -p "$GATEWAY_PID") / 1024 ))
}

# ---------------------------------------------------------------------------------------------
# The report

# stat FUNCTION CONCURRENCY TARGET COLUMN: the median of a column over the rounds
stat() {
  median $(awk -v k="$1" -v c="$2" -v t="$3" -v col="$4" '$1 == k && $2 == c && $4 == t {print $col}' "$RESULTS")
}

# per_request FUNCTION CONCURRENCY TARGET COLUMN: median µs of one core per request for a CPU % column
per_request() {
  median $(awk -v k="$1" -v c="$2" -v t="$3" -v col="$4" '$1 == k && $2 == c && $4 == t && $5 > 0 {print $col * 1e4 / $5}' "$RESULTS")
}

has_target() { [[ " $TARGETS " == *" $1 "* ]]; }

report_function() {
  local kind=$1 c target
  echo "### bench-$kind$([[ "$kind" == busy ]] && echo " (burns $BUSY_MICROS µs of CPU per call)")"
  echo
  echo "| concurrency | target | req/s (median) | req/s (min–max) | p50 ms | p99 ms | errors | ÷ direct | proxy µs CPU/req | function µs CPU/req |"
  echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for c in $CONCURRENCY; do
    local d_rps
    d_rps="$(stat "$kind" "$c" direct 5)"
    for target in $TARGETS; do
      local rps lo hi ratio="" proxy=""
      rps="$(stat "$kind" "$c" "$target" 5)"
      lo="$(awk -v k="$kind" -v c="$c" -v t="$target" '$1 == k && $2 == c && $4 == t && (n++ == 0 || $5 < m) {m = $5} END {print m + 0}' "$RESULTS")"
      hi="$(awk -v k="$kind" -v c="$c" -v t="$target" '$1 == k && $2 == c && $4 == t && (n++ == 0 || $5 > m) {m = $5} END {print m + 0}' "$RESULTS")"
      [[ "$target" != direct ]] && ratio="$(awk -v e="$rps" -v d="$d_rps" 'BEGIN {printf "%.2f", (d > 0 ? e / d : 0)}')"
      [[ "$target" != direct ]] && proxy="$(printf '%.1f' "$(per_request "$kind" "$c" "$target" 9)")"
      printf '| %s | %s | %.0f | %.0f–%.0f | %.2f | %.2f | %s | %s | %s | %.1f |\n' "$c" "$target" "$rps" "$lo" "$hi" \
        "$(stat "$kind" "$c" "$target" 6)" "$(stat "$kind" "$c" "$target" 7)" \
        "$(awk -v k="$kind" -v c="$c" -v t="$target" '$1 == k && $2 == c && $4 == t {s += $8} END {print s + 0}' "$RESULTS")" \
        "$ratio" "$proxy" "$(per_request "$kind" "$c" "$target" 10)"
    done
  done
  echo
  if has_target edgeway && has_target nginx && has_target direct; then
    echo "| concurrency | Edgeway/direct ÷ nginx/direct | Edgeway CPU ÷ nginx CPU per request | added p50 over nginx ms | Edgeway µs CPU/req | nginx µs CPU/req |"
    echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
    for c in $CONCURRENCY; do
      awk -v e="$(stat "$kind" "$c" edgeway 5)" -v n="$(stat "$kind" "$c" nginx 5)" \
        -v ec="$(per_request "$kind" "$c" edgeway 9)" -v nc="$(per_request "$kind" "$c" nginx 9)" \
        -v ep="$(stat "$kind" "$c" edgeway 6)" -v np="$(stat "$kind" "$c" nginx 6)" -v c="$c" 'BEGIN {
          printf "| %s | **%.2f** | **%.2f** | **%+.2f** | %.1f | %.1f |\n", c, (n > 0 ? e / n : 0), (nc > 0 ? ec / nc : 0), ep - np, ec, nc }'
      echo "$kind $c $(awk -v e="$(stat "$kind" "$c" edgeway 5)" -v n="$(stat "$kind" "$c" nginx 5)" \
        -v ec="$(per_request "$kind" "$c" edgeway 9)" -v nc="$(per_request "$kind" "$c" nginx 9)" \
        -v ep="$(stat "$kind" "$c" edgeway 6)" -v np="$(stat "$kind" "$c" nginx 6)" 'BEGIN {
          printf "%.2f %.2f %.2f", (n > 0 ? e / n : 0), (nc > 0 ? ec / nc : 0), ep - np }')" >>"$TMP/versus"
    done
    echo
  fi
}

# verdict NAME MEASURED TARGET_TEXT OK(1/0)
verdict() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$([[ "$4" == 1 ]] && echo met || echo '**missed**')"; }

report_targets() {
  local load_peak burst_peak burst_threads
  load_peak="$(awk '$4 == "edgeway" && $13 > m {m = $13} END {print m + 0}' "$RESULTS")"
  echo "### Against the targets of issue 11 (bench-fast)"
  echo
  echo "| figure | measured | target | verdict |"
  echo "| --- | --- | --- | --- |"
  if [[ -s "$TMP/versus" ]]; then
    local c line
    for c in $CONCURRENCY; do
      line="$(awk -v c="$c" '$1 == "fast" && $2 == c' "$TMP/versus")"
      [[ -n "$line" ]] || continue
      set -- $line
      verdict "Edgeway/direct ÷ nginx/direct at c$c" "$3" "≥ 0.9" "$(awk -v v="$3" 'BEGIN {print (v >= 0.9)}')"
      verdict "Edgeway CPU per request ÷ nginx's at c$c" "$4" "≤ 1.25" "$(awk -v v="$4" 'BEGIN {print (v > 0 && v <= 1.25)}')"
      [[ "$c" == 16 ]] && verdict "added p50 over nginx at c16" "$5 ms" "≤ +0.2 ms" "$(awk -v v="$5" 'BEGIN {print (v <= 0.2)}')"
    done
  fi
  verdict "gateway RSS under the proxy load" "$load_peak MB" "≤ 160 MB" "$(( load_peak <= 160 ))"
  if [[ -n "$BURST_LINE" ]]; then
    set -- $BURST_LINE
    verdict "gateway RSS under a $BURST_CONNECTIONS-connection burst" "${9} MB (${13} threads)" "≤ 256 MB" "$(( ${9} <= 256 ))"
  fi
  verdict "start to healthy through \`./edgeway run\`" "$START_TO_HEALTHY_MS ms" "≤ 1000 ms" \
    "$(awk -v s="$START_TO_HEALTHY_MS" 'BEGIN {print (s <= 1000)}')"
  echo
}

report_runs() {
  echo "<details><summary>Every run (CPU % is of one core; machine % is of all $(nproc) cores; proxy = the gateway's process tree without the replicas, or nginx's master and workers; irq = the kernel's interrupt and softirq time, where loopback TCP is processed; other = CPU used by anything else)</summary>"
  echo
  echo "| function | concurrency | round | target | req/s | p50 ms | p99 ms | errors | proxy CPU % | function CPU % | wrk CPU % | irq CPU % | other CPU % | machine busy % | proxy µs/req | function µs/req | wrk µs/req | irq µs/req | gateway peak RSS MB |"
  echo "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  awk 'function us(p) { return $5 > 0 ? sprintf("%.1f", p * 1e4 / $5) : "" }
    {printf "| %s | %s | %s | %s | %.0f | %.2f | %.2f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
      $1, $2, $3, $4, $5, $6, $7, $8, ($4 != "direct" ? $9 : ""), $10, $11, $15, $14, $12,
      ($4 != "direct" ? us($9) : ""), us($10), us($11), us($15), ($4 == "edgeway" ? $13 : "")}' "$RESULTS"
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

write_report() {
  local load_peak
  load_peak="$(awk '$4 == "edgeway" && $13 > m {m = $13} END {print m + 0}' "$RESULTS")"
  : >"$TMP/versus"
  echo "## Edgeway proxy benchmark${BENCH_LABEL:+ ($BENCH_LABEL)}, $STARTED_AT"
  echo
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(free -g | awk '/^Mem:/ {print $2}') GiB, kernel $(uname -r)"
  echo "- JDK: $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p)"
  echo "- gateway: \`./edgeway run\` at $(git rev-parse --short HEAD 2>/dev/null || echo '?'), EDGEWAY_JAVA_OPTS=\`${EDGEWAY_JAVA_OPTS:-}\`${BENCH_GATEWAY_ARGS:+, arguments \`$BENCH_GATEWAY_ARGS\`}${SANDBOX_NOTE:+; log: $SANDBOX_NOTE}"
  has_target nginx && echo "- nginx: $("$(nginx_binary)" -v 2>&1 | sed 's/.*: //'), $(nproc) workers, upstream keepalive, HTTP/1.1 upstream, access log off, forwarded headers and a request id set"
  echo "- functions: bench/function/FastFunction.java (JDK HttpServer, 4 threads), one replica each, the same instance behind every target; JVM flags \`${BENCH_FUNCTION_JAVA_OPTS:-}\`"
  echo "- wrk: $(wrk -v 2>&1 | awk 'NR == 1 {print $1, $2}'), -t$WRK_THREADS, ${DURATION} s per run, $ROUNDS rounds per function and concurrency, targets rotated, ${WARMUP} s warm-up each, the gateway's until ${WARMUP_REQUESTS} requests and a settled CPU per request (at most ${WARMUP_MAX} s more)"
  echo "- load before: $LOAD_BEFORE; after: $LOAD_AFTER"
  awk '{o += $14; st += $16; n++} END {if (n) printf "- CPU used by other processes during the runs: %.0f%% of one core on average (of %d%% for %d cores); hypervisor steal %.0f%%\n", o / n, 100 * cores, cores, st / n}' cores="$(nproc)" "$RESULTS"
  echo
  local kind
  for kind in $FUNCTIONS; do report_function "$kind"; done
  echo "### Footprint"
  echo
  echo "- start to healthy: **${START_TO_HEALTHY_MS} ms** median of ${#START_SAMPLES[@]} starts ($(IFS=/; echo "${START_SAMPLES[*]}") ms), from the launch of \`./edgeway run\` to the first 200 from /healthz; the JVM had been up $(IFS=/; echo "${SPRING_STARTED_ALL[*]}") s when Spring was ready"
  echo "- gateway RSS: ${IDLE_RSS_MB} MB idle after start; **peak ${load_peak} MB** under the proxy load (sampled every 250 ms); ${END_RSS_MB} MB after the runs"
  if [[ -n "$BURST_LINE" ]]; then
    set -- $BURST_LINE
    echo "- burst of $BURST_CONNECTIONS connections for ${BURST_DURATION} s: **peak RSS ${9} MB**, peak ${13} threads, $(printf '%.0f' "$1") req/s, p99 ${3} ms, ${4} errors; ${AFTER_BURST_RSS_MB} MB 2 s after"
  fi
  echo
  has_target edgeway && report_targets
  report_runs
}

main() {
  cd "$ROOT"
  source scripts/lib.sh
  edgeway_java_home
  install_tools
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  TMP="$(mktemp -d "${TMPDIR:-/tmp}/edgeway-bench.XXXXXX")"
  declare -gA FN_PORT=() FN_PID=()
  FN_PIDS=""

  local stamp kind
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  STARTED_AT="$(date -u '+%Y-%m-%d %H:%M UTC')"
  LOAD_BEFORE="$(uptime | sed 's/.*load average/load average/')"
  TOP_BEFORE="$(busiest)"

  build_gateway
  start_gateway
  read_credentials
  cp "$BENCH_DIR/function/FastFunction.java" "$TMP/FastFunction.java"
  for kind in $FUNCTIONS; do deploy_function "$kind"; done
  for kind in $FUNCTIONS; do await_function "$kind"; done
  has_target nginx && start_nginx

  warm_up
  measure
  burst
  write_report >"$TMP/report.md"

  mkdir -p "$BENCH_DIR/results"
  cp "$TMP/report.md" "$BENCH_DIR/results/$stamp.md"
  cat "$TMP/report.md"
  log "report saved to bench/results/$stamp.md"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
