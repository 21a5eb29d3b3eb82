#!/usr/bin/env bash
# Times subpolicy history and feed on a page's long history: a repository of COMMITS versions
# of a ROWS-row page, each changing one row (scripts/genhistory), read from disk. Prints the
# wall time and peak memory (maximum resident set size) of each command; record them in
# BENCHMARKS.md.
#
# Usage: scripts/bench-history.sh [COMMITS [ROWS]]   (default 1000 300)
set -euo pipefail
cd "$(dirname "$0")/.."
commits=${1:-1000}
rows=${2:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/subpolicy" ./cmd/subpolicy
go run ./scripts/genhistory -commits "$commits" -rows "$rows" "$work/repo"
page="$work/repo/docs/subprocessors.md"
for cmd in "history --format json" "feed --site-url https://example.com/subprocessors"; do
  for run in 1 2 3; do
    # shellcheck disable=SC2086 # cmd holds several words on purpose
    /usr/bin/time -f "$cmd (run $run): %e s, %M KiB peak" "$work/subpolicy" $cmd "$page" >/dev/null
  done
done
