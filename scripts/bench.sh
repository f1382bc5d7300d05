#!/usr/bin/env bash
# Release build, then the step-loop benchmark on Configs/bench/large.yaml and, beside it in
# the same interleaved run, the million-agent world Configs/bench/million.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build -c release --product accord
if [ $# -eq 0 ]; then
  set -- Configs/bench/large.yaml Configs/bench/million.yaml
fi
.build/release/accord bench "$@"
