#!/usr/bin/env bash
# Runs accord's test suite (Swift Testing and XCTest), installing GSL first if needed.
#
# --parallel: the XCTest cases (end-to-end runs of the binary, mostly one process at a
# time) run in worker processes, one per core, instead of one after another; Swift
# Testing runs its tests concurrently anyway. Every case writes under its own scratch
# folder, and `accord-serve` tests take a free port, so no two cases share a file.
# Arguments go to `swift test` (for instance `--filter CLITests`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift test --parallel "$@"
