#!/usr/bin/env bash
# Coverage-guided fuzzing of one input decoder with libFuzzer and the address sanitizer,
# as OSS-Fuzz projects do.
#
#   scripts/fuzz.sh TARGET MINUTES      TARGET: config, sweep, edge-list or message
#   scripts/fuzz.sh cli [VARIANTS]      the binary's mutation suite (FuzzTests) at full size
#
# `cli` runs the test suite's mutated configs through the debug binary with the
# million-agent benchmark worlds included (ACCORD_FUZZ_LARGE=1; `swift test` leaves them
# out) and VARIANTS mutations (default 2,000; `swift test` runs the first 400 of the same
# fixed-seed sequence), then the corpus of crashers.
#
# Builds Fuzz/Entry (ACCORD_FUZZ=1 adds it to the package) with -sanitize=fuzzer,address
# into .build/fuzz (the first build compiles every module instrumented, dependencies
# included; later ones are incremental), then runs libFuzzer from the repository root
# (the targets resolve bases and edge lists from there) for MINUTES of wall time. It
# starts from the committed seeds in Fuzz/corpus/TARGET and keeps what it learns in
# .build/fuzz/corpus/TARGET (not committed). A crash, leak, timeout or out-of-memory
# input is written to Fuzz/crashes/TARGET/: commit it with the fix, and the normal tests
# (CorpusReplayTests) replay it for good. Prints libFuzzer's final statistics (executions,
# coverage) and the CPU time.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == cli ]]; then
  if [[ $# -gt 2 || ! "${2:-2000}" =~ ^[0-9]+$ || "${2:-2000}" -lt 1 ]]; then
    echo "usage: scripts/fuzz.sh cli [VARIANTS] (VARIANTS: 1 or more; default 2000)" >&2
    exit 64
  fi
  scripts/bootstrap.sh >/dev/null
  export SWIFT_BACKTRACE=enable=no
  ACCORD_FUZZ_LARGE=1 ACCORD_FUZZ_VARIANTS="${2:-2000}" swift test --filter FuzzTests
  exit
fi
targets="config sweep edge-list message"
if [[ $# -ne 2 || ! " $targets " =~ " $1 " || ! "$2" =~ ^[0-9]+$ || "$2" -lt 1 ]]; then
  echo "usage: scripts/fuzz.sh TARGET MINUTES (TARGET: ${targets// /, }; MINUTES: 1 or more)" >&2
  exit 64
fi
target=$1
minutes=$2
scripts/bootstrap.sh >/dev/null
ACCORD_FUZZ=1 swift build --scratch-path .build/fuzz --product accord-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
binary="$(ACCORD_FUZZ=1 swift build --scratch-path .build/fuzz --show-bin-path)/accord-fuzz"
mkdir -p ".build/fuzz/corpus/$target" "Fuzz/crashes/$target"
# A Swift trap goes to libFuzzer as a crash at once, without the backtracer's pause.
export SWIFT_BACKTRACE=enable=no
export ACCORD_FUZZ_TARGET=$target
# -rss_limit_mb: a world that asks for gigabytes is a finding; -timeout: so is a hang.
/usr/bin/time -f "cpu: %U s user, %S s system; wall %e s; max rss %M KB" \
  "$binary" ".build/fuzz/corpus/$target" "Fuzz/corpus/$target" \
  -max_total_time=$((minutes * 60)) -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -artifact_prefix="Fuzz/crashes/$target/" -print_final_stats=1
