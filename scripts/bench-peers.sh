#!/usr/bin/env bash
# Times whole commands side by side on the same page and the same default policy pack:
#
#   subpolicy check PAGE                       (parse + evaluate, what users run)
#   opa eval  on `subpolicy parse PAGE` JSON   (evaluation alone, input already parsed)
#   conftest test on that JSON                 (the same, through conftest)
#   subpolicy check with one trivial rule      (scripts/floor: what a page costs before any
#                                               real rule runs)
#
# Usage: scripts/bench-peers.sh [--install] [PAGE...]
#   --install  go install opa and conftest into a temporary folder when they are not on PATH
#   PAGE       Markdown pages to time (default: the seed page and a generated 20,000-row page)
#
# Uses hyperfine when it is installed (Debian package "hyperfine"), else a loop of
# /usr/bin/time runs. Prints a table per page; record the ratios in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

install=false
pages=()
for a in "$@"; do
  case "$a" in
    --install) install=true ;;
    *) pages+=("$a") ;;
  esac
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin="$work/bin"
mkdir -p "$bin"

echo "building subpolicy" >&2
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$bin/subpolicy" ./cmd/subpolicy

find_tool() { # name module@version
  if command -v "$1" >/dev/null 2>&1; then
    command -v "$1"
  elif $install; then
    echo "installing $2" >&2
    GOBIN="$bin" go install "$2" >&2
    echo "$bin/$1"
  fi
}
opa=$(find_tool opa github.com/open-policy-agent/opa@v1.22.3 || true)
conftest=$(find_tool conftest github.com/open-policy-agent/conftest@v0.71.1 || true)
[ -n "$opa" ] || echo "opa not found (pass --install to go install it); skipping it" >&2
[ -n "$conftest" ] || echo "conftest not found (pass --install to go install it); skipping it" >&2

# The pack without its tests, and its configuration where OPA's loader mounts it:
# data/subpolicy/config/data.json is data.subpolicy.config.
mkdir -p "$work/pack" "$work/data/subpolicy/config"
(cd policy && find lib rules -name '*.rego' ! -name '*_test.rego' -exec cp --parents {} "$work/pack/" \;)
cp policy/config.json "$work/data/subpolicy/config/data.json"

if [ ${#pages[@]} -eq 0 ]; then
  go run ./scripts/genpage -rows 20000 > "$work/page-20000.md"
  pages=(testdata/subprocessors.md "$work/page-20000.md")
fi

now=2026-11-28T00:00:00Z
for page in "${pages[@]}"; do
  name=$(basename "$page" .md)
  input="$work/$name.json"
  "$bin/subpolicy" parse --now "$now" "$page" > "$input"
  rows=$(grep -c '"name_key"' "$input" || true)
  echo
  echo "## $page ($rows rows)"
  cmds=("$bin/subpolicy check --now $now --fail-on never -f json -o /dev/null $page")
  names=("subpolicy check")
  floor="$bin/subpolicy check --now $now --fail-on never -f json -o /dev/null --no-default-policies --policy scripts/floor $page"
  cmds+=("$floor")
  names+=("subpolicy check, one trivial rule")
  if [ -n "$opa" ]; then
    cmds+=("$opa eval --format raw -d $work/pack -d $work/data -i $input data.subpolicy.rules")
    names+=("opa eval (pre-parsed)")
  fi
  if [ -n "$conftest" ]; then
    cmds+=("$conftest test --no-fail --all-namespaces -o json -p $work/pack -d $work/data $input")
    names+=("conftest test (pre-parsed)")
  fi
  if command -v hyperfine >/dev/null 2>&1; then
    args=()
    for i in "${!cmds[@]}"; do args+=(-n "${names[$i]}" "${cmds[$i]}"); done
    hyperfine --warmup 1 --min-runs 5 --ignore-failure --style basic --export-markdown "$work/$name.results.md" "${args[@]}" >&2
    cat "$work/$name.results.md"
  else
    echo "| command | mean s | peak KiB |"
    echo "| --- | --- | --- |"
    for i in "${!cmds[@]}"; do
      total=0; peak=0
      for _ in 1 2 3 4 5; do
        /usr/bin/time -o "$work/time" -f "%e %M" ${cmds[$i]} >/dev/null 2>&1 || true
        out=$(tail -1 "$work/time")
        total=$(echo "$total + ${out% *}" | bc -l); peak=$(( ${out#* } > peak ? ${out#* } : peak ))
      done
      printf '| %s | %.3f | %d |\n' "${names[$i]}" "$(echo "$total / 5" | bc -l)" "$peak"
    done
  fi
  # Peak memory of subpolicy check, which hyperfine does not report.
  peak=$( { /usr/bin/time -f "%M" "$bin/subpolicy" check --now "$now" --fail-on never -f json -o /dev/null "$page" >/dev/null; } 2>&1 | tail -1)
  floorpeak=$( { /usr/bin/time -f "%M" $floor >/dev/null; } 2>&1 | tail -1)
  echo
  echo "subpolicy check peak memory: $((peak / 1024)) MiB; with one trivial rule: $((floorpeak / 1024)) MiB"
done
