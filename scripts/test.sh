#!/usr/bin/env bash
# Runs accord's test suite (Swift Testing and XCTest), installing GSL first if needed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift test "$@"
