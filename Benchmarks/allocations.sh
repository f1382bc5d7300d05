#!/usr/bin/env bash
# Allocations per step on every step path, counted by valgrind (no code in the binary,
# no LD_PRELOAD of our own): each world runs N and 2N steps under `accord bench
# --no-output --repeats 1` (with stop_at_agreement off), and (allocs(2N) - allocs(N)) / N is what one
# step allocates once the run is warm. Setup, printing and teardown cancel out.
#
# Usage: Benchmarks/allocations.sh [ACCORD_BINARY] [N]   (default .build/debug/accord, 100; a release
# binary is much faster under valgrind)
# With CUSTOM_RULES=PATH (the fixture's `custom-rules` binary, built in Examples/CustomRules),
# also counts the step of rules registered from another package: its learning rule,
# recruitment strategy and ratification rule together, on its config.
# Needs valgrind and objcopy (Debian: valgrind, binutils). Prints one line per path.
set -euo pipefail
cd "$(dirname "$0")/.."
accord="${1:-.build/debug/accord}"
n="${2:-100}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# valgrind cannot read the DWARF 5 of Swift debug builds: count on a copy without it.
objcopy --strip-debug "$accord" "$scratch/accord"
accord="$scratch/accord"

# A world: name, config, sed expressions applied to it (may be empty), and optionally its own
# N (the package worlds search a 10,201-point grid every step, slow under valgrind).
worlds=(
  "degroot (quickstart)|Configs/examples/quickstart.yaml|"
  "none|Configs/examples/quickstart.yaml|s/mode: degroot /mode: none /"
  "friedkin-johnsen|Configs/examples/quickstart.yaml|s/mode: degroot /mode: friedkin-johnsen /"
  "hegselmann-krause|Configs/examples/quickstart.yaml|s/mode: degroot /mode: hegselmann-krause /"
  "deffuant|Configs/examples/quickstart.yaml|s/mode: degroot /mode: deffuant /"
  "voter|Configs/examples/quickstart.yaml|s/mode: degroot /mode: voter /"
  "sparse network (erdos-renyi)|Configs/examples/quickstart.yaml|s/type: watts-strogatz/type: erdos-renyi\n  mean_degree: 3/;/^  degree: 4$/d;/^  rewire: 0.2$/d"
  "pivotal-first recruitment|Configs/examples/quickstart.yaml|s/strategy: allies-first/strategy: pivotal-first/"
  "side payments, static beliefs (pie-split)|Configs/examples/pie-split.yaml|"
  "side payments, beliefs moving (pie-split + evidence)|Configs/examples/pie-split.yaml|s/evidence: {trials: 0}/evidence: {trials: 10, attention: 0.05}/;s/ideal: 1}/ideal: 1, kappa: 0.2}/g"
  "judgement noise (two-level)|Configs/examples/two-level.yaml|"
  "per-executive judgement (two-level, B's own exact)|Configs/examples/two-level.yaml|s/^    judgement_noise: 0.05 .*$/    judgement_noise: 0.05\n    own_judgement_noise: 0/"
  "several issues (logroll)|Configs/examples/logroll.yaml|"
  "several issues + side payments (pie-split, D = 2)|Configs/examples/pie-split.yaml|s/^utility_exponent: 1$/utility_exponent: 1\nissues: 2/;s/side_payment_efficiency: 0.1/side_payment_efficiency: 0.8/"
  # Worlds that never agree, so that a round (bargaining, ratification, defection) is held
  # at every step of both runs, not only until an early agreement.
  "one issue, rounds repeating: noise + side payments (deadlock-1)|Benchmarks/worlds/deadlock-1.yaml|"
  "several issues, rounds repeating: noise + side payments (deadlock-2)|Benchmarks/worlds/deadlock-2.yaml||20"
  "several issues, rounds repeating: issue by issue (separate-2)|Benchmarks/worlds/separate-2.yaml||20"
)

allocs() {  # config steps -> heap allocations of the whole process (empty if it failed)
  { valgrind --tool=memcheck --leak-check=no --error-exitcode=0 "$accord" bench "$1" \
    --steps "$2" --repeats 1 --no-output 2>&1 >/dev/null || true; } |
    sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p' | tr -d ,
}

printf "%-70s %s\n" "path" "allocations per step"
for entry in "${worlds[@]}"; do
  IFS='|' read -r name config edit steps <<<"$entry"
  steps="${steps:-$n}"
  file="$scratch/world.yaml"
  if [ -n "$edit" ]; then sed "$edit" "$config" >"$file.in"; else cp "$config" "$file.in"; fi
  # Keep stepping after an agreement (in the file, so that older binaries can be counted).
  sed 's/stop_at_agreement: true/stop_at_agreement: false/' "$file.in" >"$file"
  grep -q '^negotiation:' "$file" || printf 'negotiation: {stop_at_agreement: false}\n' >>"$file"
  a=$(allocs "$file" "$steps")
  b=$(allocs "$file" $((2 * steps)))
  if "$accord" validate "$file" >/dev/null 2>&1 && [ -n "$a" ] && [ -n "$b" ]; then
    printf "%-70s %s\n" "$name" "$(python3 -c "print(round(($b - $a) / $steps, 2))")"
  else
    printf "%-70s %s\n" "$name" "n/a (this binary does not run the world)"
  fi
done

if [ -n "${CUSTOM_RULES:-}" ]; then
  objcopy --strip-debug "$CUSTOM_RULES" "$scratch/custom-rules"
  custom() {  # steps -> heap allocations of the whole process
    { valgrind --tool=memcheck --leak-check=no --error-exitcode=0 "$scratch/custom-rules" steps \
      Examples/CustomRules/Configs/custom-rules.yaml "$1" 2>&1 >/dev/null || true; } |
      sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p' | tr -d ,
  }
  a=$(custom "$n")
  b=$(custom $((2 * n)))
  if [ -n "$a" ] && [ -n "$b" ]; then
    printf "%-70s %s\n" "rules from another package (Examples/CustomRules)" \
      "$(python3 -c "print(round(($b - $a) / $n, 2))")"
  else
    printf "%-70s %s\n" "rules from another package (Examples/CustomRules)" "n/a (it failed)"
  fi
fi
