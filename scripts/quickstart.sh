#!/usr/bin/env bash
# Builds accord (release) and runs the quickstart example into runs/quickstart/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
# Without accord-serve's dependencies (see Package.swift): `accord run` never uses them, and
# `accord serve` builds them the first time it is needed.
ACCORD_WITHOUT_SERVE=1 swift build -c release --product accord
.build/release/accord run Configs/examples/quickstart.yaml "$@"
