#!/usr/bin/env bash
# Release build, then the step-loop benchmark on Configs/bench/large.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build -c release --product accord
.build/release/accord bench "${@:-Configs/bench/large.yaml}"
