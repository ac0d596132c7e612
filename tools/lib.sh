# Shared by tools/ekssim, tools/test and tools/setup: install what a bare Debian machine lacks,
# then configure and build the Release tree incrementally. Sourced, not run.

EKSSIM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EKSSIM_BUILD=${EKSSIM_BUILD:-$EKSSIM_ROOT/build/release}

# Debian packages the project builds and tests with. CLI11 parses the command line and
# nlohmann-json writes the JSON report; graphviz renders the reachability DOT export in a test;
# iptables lets a test load `ekssim iptables` output into a real iptables-restore. ccache keeps
# rebuilds cheap across build trees (release, sanitized) and clones of the repository.
EKSSIM_PACKAGES=(
  cmake ninja-build g++ pkg-config chromium
  libboost-dev libboost-graph-dev libyaml-cpp-dev libfmt-dev catch2 libbenchmark-dev
  nlohmann-json3-dev libcli11-dev graphviz iptables util-linux ccache chromium
)

ekssim_missing_packages() {
  local missing=() pkg
  for pkg in "${EKSSIM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  echo "${missing[@]}"
}

ekssim_ensure_packages() {
  local missing
  missing=$(ekssim_missing_packages)
  [ -z "$missing" ] && return 0
  echo "ekssim: installing Debian packages: $missing" >&2
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq >&2
  # shellcheck disable=SC2086
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends $missing >&2
}

# Configure once, then build incrementally. The build log goes to a file so that a command whose
# stdout is a report (JSON, JUnit) stays clean; it is shown only when the build fails.
ekssim_build() {
  local log=$EKSSIM_BUILD/build.log
  mkdir -p "$EKSSIM_BUILD"
  # Paths below the repository's parent are hashed relative to it, so another clone or worktree
  # of the same sources hits the same cache entries.
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(dirname "$EKSSIM_ROOT")}
  if [ ! -f "$EKSSIM_BUILD/build.ninja" ]; then
    cmake -S "$EKSSIM_ROOT" -B "$EKSSIM_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >"$log" 2>&1 ||
      { cat "$log" >&2; echo "ekssim: configure failed (log: $log)" >&2; return 1; }
  fi
  cmake --build "$EKSSIM_BUILD" --parallel "$(nproc)" -- "$@" >"$log" 2>&1 ||
    { cat "$log" >&2; echo "ekssim: build failed (log: $log)" >&2; return 1; }
}
