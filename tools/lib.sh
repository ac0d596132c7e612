# Shared by tools/ekssim, tools/test and tools/setup: install what a bare Debian machine lacks,
# then configure and build the Release tree incrementally. Sourced, not run.

EKSSIM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EKSSIM_BUILD=${EKSSIM_BUILD:-$EKSSIM_ROOT/build/release}

# Debian packages the project builds and tests with. CLI11 parses the command line and
# nlohmann-json writes the JSON report; graphviz renders the reachability DOT export in a test;
# iptables lets a test load `ekssim iptables` output into a real iptables-restore. ccache keeps
# rebuilds cheap across build trees (release, sanitized) and clones of the repository. clang and
# its compiler-rt build the sanitized tree and libFuzzer's fuzz targets. jemalloc is the ekssim
# command's allocator (CMakeLists.txt says why).
EKSSIM_PACKAGES=(
  cmake ninja-build g++ clang libclang-rt-dev pkg-config chromium
  libboost-dev libboost-graph-dev libyaml-cpp-dev libfmt-dev catch2 libbenchmark-dev
  nlohmann-json3-dev libcli11-dev libjemalloc-dev graphviz iptables util-linux ccache chromium
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

# ekssim_build_tree DIR [CMAKE_ARG…] [-- NINJA_ARG…]: configures DIR with the given cmake arguments
# (again whenever they change), then builds it incrementally through ccache. The build log goes to
# DIR/build.log so that a command whose stdout is a report (JSON, JUnit) stays clean; it is shown
# only when the build fails.
ekssim_build_tree() {
  local dir=$1 cmake_args=()
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do cmake_args+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  local log=$dir/build.log stamp=$dir/ekssim-cmake-args
  mkdir -p "$dir"
  # Paths below the repository's parent are hashed relative to it, so another clone or worktree
  # of the same sources hits the same cache entries.
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(dirname "$EKSSIM_ROOT")}
  # The sanitized tree builds with -g, and ccache would then hash the build directory too: a clean
  # clone (CI) would miss every entry. Debug information may name the first clone's paths.
  export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
  if [ ! -f "$dir/build.ninja" ] || [ "$(cat "$stamp" 2>/dev/null)" != "${cmake_args[*]}" ]; then
    cmake -S "$EKSSIM_ROOT" -B "$dir" -G Ninja -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
      "${cmake_args[@]}" >"$log" 2>&1 ||
      { cat "$log" >&2; echo "ekssim: configure failed (log: $log)" >&2; return 1; }
    echo "${cmake_args[*]}" >"$stamp"
  fi
  cmake --build "$dir" --parallel "$(nproc)" -- "$@" >"$log" 2>&1 ||
    { cat "$log" >&2; echo "ekssim: build failed (log: $log)" >&2; return 1; }
}

# The Release tree (EKSSIM_BUILD); arguments are ninja targets.
ekssim_build() {
  ekssim_build_tree "$EKSSIM_BUILD" -DCMAKE_BUILD_TYPE=Release -- "$@"
}

# The sanitized tree: clang, AddressSanitizer + UndefinedBehaviorSanitizer at -O1 with debug
# information and assertions, the libFuzzer targets included (CMakeLists.txt, EKSSIM_FUZZ), no
# benchmarks. One clang tree serves both the sanitized suite and fuzzing.
EKSSIM_SANITIZE_BUILD=${EKSSIM_SANITIZE_BUILD:-$EKSSIM_ROOT/build/sanitize}
ekssim_build_sanitized() {
  ekssim_build_tree "$EKSSIM_SANITIZE_BUILD" -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
    -DEKSSIM_SANITIZE=ON -DEKSSIM_FUZZ=ON -DEKSSIM_BENCHMARKS=OFF -- "$@"
}
