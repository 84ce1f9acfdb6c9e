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

# The gateway's JVM flags: EDGEWAY_JAVA_OPTS, else a small edge-device footprint (a serial GC
# and a 192 MiB heap keep the process under 256 MB under load; see docs/benchmarks.md).
edgeway_java_opts() {
  echo "${EDGEWAY_JAVA_OPTS:--XX:+UseSerialGC -Xmx192m}"
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
# an AOT cache on JDK 25+, a CDS archive on older JDKs. The cache is made by a training run
# that starts the gateway on throwaway ports and data, and stops once the context is ready.
edgeway_startup_cache_flags() {
  local app=$1 cache create use
  if [[ "${EDGEWAY_JAVA_VERSION:-$(edgeway_java_version "$JAVA_HOME")}" -ge 25 ]]; then
    cache="$app/edgeway.aot"; create="-XX:AOTCacheOutput=$cache"; use="-XX:AOTCache=$cache"
  else
    cache="$app/edgeway.jsa"; create="-XX:ArchiveClassesAtExit=$cache"; use="-XX:SharedArchiveFile=$cache"
  fi
  if [[ ! -f "$cache" ]]; then
    local scratch
    scratch=$(mktemp -d)
    echo "edgeway: training the start-up cache (once per build, about 10 to 30 seconds)" >&2
    # Trained with the flags the gateway runs with, so the cache fits them (GC included).
    # Without cgroups: a training run ends without closing the application, which would leave
    # its (empty) cgroup parent behind, named after a data directory no later start uses.
    EDGEWAY_DATA_DIR="$scratch" "$JAVA_HOME/bin/java" "$create" -Dspring.context.exit=onRefresh \
      --enable-native-access=ALL-UNNAMED $(edgeway_java_opts) -jar "$app/edgeway-gateway.jar" \
      --server.port=0 --management.server.port=0 --edgeway.gateway.local.cgroups=off \
      >"$scratch/training.log" 2>&1 \
      || echo "edgeway: start-up cache not created (see $scratch/training.log); starting without it" >&2
    # A training run ends without closing the application, so its nats-server is stopped here.
    if [[ -f "$scratch/nats/nats-server.pid" ]]; then
      kill "$(cat "$scratch/nats/nats-server.pid")" 2>/dev/null || true
    fi
    rm -rf "$scratch/auth" "$scratch/functions"
  fi
  [[ -f "$cache" ]] && echo "$use"
}
