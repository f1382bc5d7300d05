#!/usr/bin/env bash
# Reruns the papers' experiments from a fresh clone: installs GSL if needed, builds in
# release mode, and writes Results/sebenius and Results/mayer (the committed results).
# Extra arguments go to `accord reproduce` (e.g. --quick, --jobs 4, --out DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build -c release --product accord
.build/release/accord reproduce all "$@"
