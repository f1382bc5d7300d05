#!/usr/bin/env bash
# Builds accord (release) and runs the quickstart example into runs/quickstart/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build -c release --product accord
.build/release/accord run Configs/examples/quickstart.yaml "$@"
