#!/usr/bin/env bash
# Golden reports (issue 16): each scenario's JSON and text reports are committed under
# tests/golden/ and compared byte for byte, as ns-3's reference traces and SimGrid's tesh files
# are. A change in behaviour shows as a reviewed diff of these files in the commit that makes it.
#
#   tests/golden/golden.sh check EKSSIM SCENARIO   compare one scenario's reports (a ctest test)
#   tests/golden/golden.sh check-generated EKSSIM  compare the 500-node generated cluster's digest
#   tests/golden/golden.sh check-jobs EKSSIM       every scenario at once with --jobs 1 and with
#                                                  --jobs 2: identical bytes in every format (the
#                                                  check tests are the rerun across processes)
#   tests/golden/golden.sh update EKSSIM           rewrite every golden file (tools/update-golden)
#
# Run from the repository's root: reports name their scenario by the path given, so paths are
# always relative (scenarios/x.yaml).
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=$1
ekssim=$2
golden=tests/golden

# scenarios/a/b.yaml -> tests/golden/a/b
golden_base() { local rel=${1#scenarios/}; echo "$golden/${rel%.yaml}"; }

# The reports of one scenario, into $2.json and $2.txt. Exit 1 (an expectation failed) is a result.
reports_of() {
  local code=0
  "$ekssim" run "$1" --format json --output "$2.json" || code=$?
  [ "$code" -le 1 ] || { echo "golden: ekssim run $1 exited $code" >&2; return 1; }
  code=0
  "$ekssim" run "$1" --format text --output "$2.txt" || code=$?
  [ "$code" -le 1 ] || { echo "golden: ekssim run $1 exited $code" >&2; return 1; }
}

# The 500-node cluster of bench/scale-run's small size, one hour: its digest.
generated_digest() {
  local work
  work=$(mktemp -d)
  "$ekssim" generate --nodes 500 --pods 15000 --services 1000 --seed 1 >"$work/g500.yaml"
  "$ekssim" run "$work/g500.yaml" --until 1h --format json |
    sed -n 's/^ *"digest": "\([0-9a-f]*\)",$/\1/p' | head -n 1
  rm -rf "$work"
}

all_scenarios() { find scenarios -name '*.yaml' | LC_ALL=C sort; }

compare() {  # expected actual
  if ! cmp -s "$1" "$2"; then
    echo "golden: $1 differs from this build's report:" >&2
    diff -u "$1" "$2" | head -n 60 >&2 || true
    echo "golden: if the change is intended, run tools/update-golden and commit the diff" >&2
    return 1
  fi
}

case "$mode" in
  check)
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    reports_of "$3" "$work/report"
    base=$(golden_base "$3")
    status=0
    compare "$base.json" "$work/report.json" || status=1
    compare "$base.txt" "$work/report.txt" || status=1
    exit $status
    ;;
  check-generated)
    expected=$(cat "$golden/generated-500.digest")
    actual=$(generated_digest)
    [ "$expected" = "$actual" ] ||
      { echo "golden: 500-node digest $actual, pinned $expected (tools/update-golden)" >&2; exit 1; }
    ;;
  check-jobs)
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    mapfile -t files < <(all_scenarios)
    status=0
    for format in json junit text github; do
      for jobs in 1 2; do
        code=0
        "$ekssim" run "${files[@]}" --jobs "$jobs" --format "$format" \
          --output "$work/$format.$jobs" || code=$?
        [ "$code" -le 1 ] || { echo "golden: run exited $code" >&2; exit 1; }
      done
      cmp "$work/$format.1" "$work/$format.2" || status=1
    done
    exit $status
    ;;
  update)
    while read -r scenario; do
      base=$(golden_base "$scenario")
      mkdir -p "$(dirname "$base")"
      reports_of "$scenario" "$base"
    done < <(all_scenarios)
    generated_digest >"$golden/generated-500.digest"
    echo "golden: rewrote $golden; review the diff with git diff --stat $golden" >&2
    ;;
  *) echo "golden.sh: unknown mode $mode" >&2; exit 2 ;;
esac
