#!/usr/bin/env bash
# Fails when a Catch test's name would not run under ctest: catch_discover_tests registers each
# name as a CMake list item, so a ';' splits it into two names that match no test, and Catch
# then prints "No tests ran" and exits 0 — a test that passes by never running. A name that
# starts with '-' is handed to the test binary as its first argument, which Catch then reads as
# an option ("Unrecognised token").
#   tests/test_names_check.sh BUILD_DIR
set -euo pipefail
status=0
for binary in "$1"/tests_*; do
  [ -x "$binary" ] || continue
  if names=$("$binary" --list-test-names-only | grep ';'); then
    echo "$(basename "$binary"): test names with ';' (ctest would split them):" >&2
    echo "$names" >&2
    status=1
  fi
  if names=$("$binary" --list-test-names-only | grep -- '^-'); then
    echo "$(basename "$binary"): test names starting with '-' (Catch reads them as options):" >&2
    echo "$names" >&2
    status=1
  fi
done
exit $status
