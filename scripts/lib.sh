# Shared by ./edgeway and .ci/run. Sourced, not executed.

# The feature version (21, 25, ...) of a JDK: read from its `release` file, which costs
# nothing, else asked of the JVM itself.
edgeway_java_version() {
  local home=$1 version
  version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null)
  if [[ -z "$version" ]]; then
    version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java.specification.version = //p')
  fi
  echo "${version%%.*}"
}

# Finds a JDK 21 or newer: JAVA_HOME first, then the JDKs under /usr/lib/jvm (newest first).
# Exports JAVA_HOME and EDGEWAY_JAVA_VERSION.
edgeway_java_home() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate="${candidate%/}"
    [[ -n "$candidate" && -x "$candidate/bin/javac" ]] || continue
    version=$(edgeway_java_version "$candidate")
    if [[ "$version" -ge 21 ]] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export EDGEWAY_JAVA_VERSION="$version"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "edgeway: no JDK 21 or newer found (looked at JAVA_HOME and /usr/lib/jvm/*)." >&2
  echo "edgeway: install one (e.g. Temurin 21 or 25) and set JAVA_HOME to it." >&2
  exit 1
}

# Installs Debian packages that are missing; quietly does nothing when all are present.
edgeway_apt_install() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "edgeway: installing ${missing[*]}" >&2
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# What the gateway needs at run time beyond the JDK.
edgeway_install_runtime_packages() {
  # The state store runs on NATS JetStream; the gateway starts nats-server itself when no
  # edgeway.nats.url is configured.
  edgeway_apt_install nats-server
  # Local functions run in a bubblewrap sandbox (edgeway.gateway.local.sandbox); prlimit
  # (util-linux) enforces their memory limits.
  edgeway_apt_install bubblewrap util-linux
}

# What the test suite needs beyond the runtime: real peers the tests start themselves.
edgeway_install_test_packages() {
  edgeway_apt_install python3
}

# The gateway's JVM flags: EDGEWAY_JAVA_OPTS, else a small edge-device footprint: a serial GC;
# a heap that starts at 48 MiB and grows with what the gateway holds (about 26 MiB live when
# idle) up to 192 MiB, rather than starting at its maximum; a fixed 32 MiB young generation
# whose survivor spaces (8 MiB each, kept up to 90 % full) hold the state of the calls in
# flight: with the default small survivors, a burst of 1000 connections promoted that
# short-lived state on every collection and the serial collector grew the old generation to
# the maximum instead of collecting it (peak RSS 346 MB, 224 MB with these); and (JDK 22+, or
# 21.0.1+ with the flag) native memory that malloc no longer uses handed back every 5 s. See
# docs/benchmarks.md ("Issue 11: start-up and memory").
edgeway_java_opts() {
  if [[ -n "${EDGEWAY_JAVA_OPTS:-}" ]]; then
    echo "$EDGEWAY_JAVA_OPTS"
    return
  fi
  local opts="-XX:+UseSerialGC -Xms48m -Xmx192m -Xmn32m -XX:SurvivorRatio=2 -XX:TargetSurvivorRatio=90"
  if [[ "${EDGEWAY_JAVA_VERSION:-$(edgeway_java_version "$JAVA_HOME")}" -ge 22 ]]; then
    opts="$opts -XX:TrimNativeHeapInterval=5000"
  fi
  echo "$opts"
}

# The flags the gateway always runs with, whatever EDGEWAY_JAVA_OPTS says: native access for
# Netty's epoll transport, and on JDK 24+ sun.misc.Unsafe's memory access allowed. Netty 4.2
# stops using Unsafe on JDK 24+ unless it is allowed; without it every byte of a header it
# encodes goes through a bounds-checked ByteBuffer.put, which took 5.6 % of the gateway's CPU
# under the proxy benchmark (docs/benchmarks.md). JDK 21 knows no such flag and needs none.
edgeway_jvm_flags() {
  local flags="--enable-native-access=ALL-UNNAMED"
  if [[ "${EDGEWAY_JAVA_VERSION:-$(edgeway_java_version "$JAVA_HOME")}" -ge 24 ]]; then
    flags="$flags --sun-misc-unsafe-memory-access=allow"
  fi
  echo "$flags"
}

# glibc gives each thread that allocates natively an arena of its own (up to 8 per core), and
# each keeps what it once held; two are enough for the gateway's handful of busy threads.
edgeway_malloc_env() {
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
}

# Extracts the packaged jar (once per build) so the JVM can keep a start-up cache of its
# classes; prints the directory. See docs/benchmarks.md for what the cache is worth.
edgeway_prepare_app() {
  local jar=$1 app=gateway/target/app
  if [[ ! -f "$app/edgeway-gateway.jar" || "$jar" -nt "$app/edgeway-gateway.jar" ]]; then
    rm -rf "$app"
    "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$app" >/dev/null
  fi
  echo "$app"
}

# The JVM flags that use (and on first start create) a start-up cache for an extracted app:
# an AOT cache on JDK 25+, a CDS archive on older JDKs. The cache is made by a training run that
# starts the gateway on throwaway ports and data, waits until it is healthy, calls it once on
# each of its ports (so the classes of the listening servers, of request handling and of the
# work deferred past the port opening are in the cache too), and stops it with SIGTERM: the JVM
# writes the cache as it exits. Training only up to the context refresh
# (-Dspring.context.exit=onRefresh) left about 2,200 classes out of the cache (docs/benchmarks.md).
edgeway_startup_cache_flags() {
  local app=$1 cache create use
  if [[ "${EDGEWAY_JAVA_VERSION:-$(edgeway_java_version "$JAVA_HOME")}" -ge 25 ]]; then
    cache="$app/edgeway.aot"; create="-XX:AOTCacheOutput=$cache"; use="-XX:AOTCache=$cache"
  else
    cache="$app/edgeway.jsa"; create="-XX:ArchiveClassesAtExit=$cache"; use="-XX:SharedArchiveFile=$cache"
  fi
  if [[ ! -f "$cache" ]]; then
    echo "edgeway: training the start-up cache (once per build, about 10 to 30 seconds)" >&2
    edgeway_train_startup_cache "$app" "$create" \
      || echo "edgeway: start-up cache not created; starting without it" >&2
  fi
  [[ -f "$cache" ]] && echo "$use"
}

# One training run (see edgeway_startup_cache_flags), with the flags the gateway runs with so
# that the cache fits them (GC included).
edgeway_train_startup_cache() {
  local app=$1 create=$2 scratch pid ports waited=0 ok=1
  scratch=$(mktemp -d)
  edgeway_malloc_env
  EDGEWAY_DATA_DIR="$scratch" "$JAVA_HOME/bin/java" "$create" $(edgeway_jvm_flags) \
    $(edgeway_java_opts) -jar "$app/edgeway-gateway.jar" --server.port=0 --management.server.port=0 \
    >"$scratch/training.log" 2>&1 &
  pid=$!
  until grep -qs 'Started EdgewayApplication' "$scratch/training.log"; do
    if ! kill -0 "$pid" 2>/dev/null || (( waited++ > 1800 )); then ok=0; break; fi
    sleep 0.1
  done
  if (( ok )); then
    # "Netty started on port N" twice: the public port, then the management port.
    ports=($(sed -n 's/.*Netty started on port \([0-9]*\).*/\1/p' "$scratch/training.log"))
    (( ${#ports[@]} == 2 )) || ports=(0 0)
    curl -fsS -o /dev/null --max-time 30 "http://127.0.0.1:${ports[1]}/healthz" || ok=0
    curl -sS -o /dev/null --max-time 30 "http://127.0.0.1:${ports[1]}/metrics" || true
    curl -sS -o /dev/null --max-time 30 \
      -u "$(cat "$scratch/auth/basic-auth-user"):$(cat "$scratch/auth/basic-auth-password")" \
      "http://127.0.0.1:${ports[0]}/system/functions" || true
    curl -sS -o /dev/null --max-time 30 "http://127.0.0.1:${ports[0]}/function/not-deployed" || true
  fi
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # The gateway stops its nats-server when it closes; this one is for a run that did not close.
  if [[ -f "$scratch/nats/nats-server.pid" ]]; then
    kill "$(cat "$scratch/nats/nats-server.pid")" 2>/dev/null || true
  fi
  (( ok )) || echo "edgeway: the training run did not become healthy (see $scratch/training.log)" >&2
  rm -rf "$scratch/auth" "$scratch/functions"
  (( ok ))
}
