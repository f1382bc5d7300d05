#!/usr/bin/env bash
# Before and after in one run: times the step of each world with two accord binaries,
# alternating which goes first at every repetition, and prints each pair and the medians
# (microseconds per step, setup excluded: `accord bench --repeats 1 --no-output`).
# Worlds keep stepping after an agreement (stop_at_agreement off, in the file, so that
# older binaries time the same steps).
#
# Usage: Benchmarks/interleaved.sh OLD_BINARY NEW_BINARY REPEATS CONFIG[:STEPS] ...
set -euo pipefail
cd "$(dirname "$0")/.."
old="$1"; new="$2"; repeats="$3"; shift 3
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

time_step() {  # binary config steps -> microseconds per step (empty if it failed)
  { "$1" bench "$2" --steps "$3" --repeats 1 --no-output 2>&1 || true; } |
    sed -n 's/.* \([0-9][0-9]*\) steps in \([0-9.]*\) s.*/\1 \2/p' | head -1 |
    awk '{ if ($1 > 0) printf "%.1f", $2 / $1 * 1e6 }'
}

printf "%-44s %8s %8s %8s\n" "world (steps)" "old µs" "new µs" "new/old"
for entry in "$@"; do
  config="${entry%%:*}"; steps="${entry#*:}"; [ "$steps" = "$entry" ] && steps=1000
  file="$scratch/$(basename "$config")"
  sed 's/stop_at_agreement: true/stop_at_agreement: false/' "$config" >"$file"
  grep -q '^negotiation:' "$file" || printf 'negotiation: {stop_at_agreement: false}\n' >>"$file"
  olds=(); news=()
  for r in $(seq 1 "$repeats"); do
    if [ $((r % 2)) -eq 1 ]; then a=$(time_step "$old" "$file" "$steps"); b=$(time_step "$new" "$file" "$steps")
    else b=$(time_step "$new" "$file" "$steps"); a=$(time_step "$old" "$file" "$steps"); fi
    echo "  pair $r $(basename "$config"): old ${a:-n/a} µs, new ${b:-n/a} µs" >&2
    [ -n "$a" ] && olds+=("$a"); [ -n "$b" ] && news+=("$b")
  done
  python3 - "$config ($steps)" "${olds[*]:-}" "${news[*]:-}" <<'PY'
import statistics, sys
name, a, b = sys.argv[1], [float(x) for x in sys.argv[2].split()], [float(x) for x in sys.argv[3].split()]
ma = statistics.median(a) if a else None
mb = statistics.median(b) if b else None
ratio = f"{mb / ma:.2f}x" if ma and mb else "n/a"
print(f"{name:<44} {ma if ma is not None else 'n/a':>8} {mb if mb is not None else 'n/a':>8} {ratio:>8}")
PY
done
