# Shared by ./edgeway and .ci/run. Sourced, not executed.

# Finds a JDK 21 or newer: JAVA_HOME first, then the JDKs under /usr/lib/jvm (newest first).
edgeway_java_home() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate="${candidate%/}"
    [[ -n "$candidate" && -x "$candidate/bin/javac" ]] || continue
    version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java.specification.version = //p')
    if [[ "${version%%.*}" -ge 21 ]] 2>/dev/null; then
      export JAVA_HOME="$candidate"
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
  :
}

# What the test suite needs beyond the runtime: real peers the tests start themselves.
edgeway_install_test_packages() {
  edgeway_apt_install python3
}
