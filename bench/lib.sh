# Shared by the benchmarks under bench/: logging, free ports, stopping what a script started,
# building the gateway when any module it is built from changed, waiting for a gateway to be
# healthy, and deploying a function. Sourced, never run:
#
#   source "$ROOT/bench/lib.sh"
#
# Every function works from the repository root (the scripts cd there) and logs to standard error.

log() { echo "bench: $*" >&2; }
die() { log "$*"; exit 1; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

port_free() { ! ss -Htln "sport = :$1" 2>/dev/null | grep -q .; }

# free_port_from PORT: PORT or the first free port above it.
free_port_from() {
  local p=$1
  while ! port_free "$p"; do p=$((p + 1)); done
  echo "$p"
}

# stop_pid PID: TERM, up to 15 s to exit, then KILL; nothing when PID is empty or gone.
stop_pid() {
  local pid=$1
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

# stop_replicas PATH: the function processes a gateway may have left behind, only ours, found
# by the script's own temporary path in their command line.
stop_replicas() {
  local pid
  for pid in $(pgrep -f -- "$1" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null; done
}

# build_gateway: packages the gateway jar when it is missing or older than any source or pom of
# the modules it is built from (a change in storage/ or dag-linearizer/ counts too).
build_gateway() {
  local jar=gateway/target/edgeway-gateway.jar
  if [[ ! -f "$jar" || -n "$(find gateway/src storage/src dag-linearizer/src kafka-trigger/src \
      pom.xml gateway/pom.xml storage/pom.xml dag-linearizer/pom.xml kafka-trigger/pom.xml \
      -newer "$jar" -print -quit)" ]]; then
    log "building the gateway"
    ./mvnw -q -B -DskipTests -pl gateway -am package
    touch "$jar"
  fi
}

# await_gateway PID METRICS_PORT TIMEOUT_S: until the gateway answers /healthz on its metrics
# port; dies when it exits first or takes longer (a loaded machine, or the first start after a
# build, which also trains ./edgeway run's start-up cache, can take minutes). Then sets AUTH
# (user:password) from the credentials it generated in $TMP/data/auth.
await_gateway() {
  local pid=$1 metrics=$2 timeout_s=$3
  local deadline=$(( $(now_ms) + timeout_s * 1000 ))
  until curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$metrics/healthz" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || die "the gateway exited before it was healthy"
    [[ $(now_ms) -lt $deadline ]] || die "the gateway was not healthy within $timeout_s s"
    sleep 0.1
  done
  local auth="$TMP/data/auth"
  for _ in $(seq 1 100); do [[ -s "$auth/basic-auth-password" ]] && break; sleep 0.1; done
  [[ -s "$auth/basic-auth-user" && -s "$auth/basic-auth-password" ]] || die "no generated credentials in $auth"
  AUTH="$(cat "$auth/basic-auth-user"):$(cat "$auth/basic-auth-password")"
}

# deploy_function NAME JSON: POST /system/functions on $GATEWAY with $AUTH; dies unless 2xx.
deploy_function() {
  local name=$1 body=$2 code
  code="$(curl -sS -o "$TMP/deploy.out" -w '%{http_code}' -u "$AUTH" -X POST \
    -H 'Content-Type: application/json' --data "$body" "$GATEWAY/system/functions")"
  [[ "$code" == 2* ]] || die "deploy $name answered $code: $(cat "$TMP/deploy.out")"
}

# await_function PATH TIMEOUT_S [CURL_ARGS...]: until $GATEWAY/function/PATH answers 200.
await_function() {
  local path=$1 timeout_s=$2; shift 2
  local deadline=$(( $(now_ms) + timeout_s * 1000 ))
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" "$GATEWAY/function/$path")" == 200 ]]; do
    [[ $(now_ms) -lt $deadline ]] || die "$path did not answer 200 within $timeout_s s"
    sleep 0.2
  done
}
