#!/usr/bin/env bash
# Builds the DocC documentation of the `Accord` library (Sources/Accord/Accord.docc) offline:
# a debug build of the Accord target, its symbol graph (with the modules it re-exports:
# AccordModel, AccordConfig, AccordIO, AccordNumerics, AccordPower) from
# swift-symbolgraph-extract, then `docc convert`.
# Broken symbol links are errors, so the articles and doc comments stay true.
#
#   scripts/docs.sh [OUTPUT]   (default .build-docs/Accord.doccarchive)
#
# Browse the archive with `docc preview Sources/Accord/Accord.docc
# --additional-symbol-graph-dir .build-docs/symbol-graphs`, or serve OUTPUT as static files
# after `docc process-archive transform-for-static-hosting`.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-.build-docs/Accord.doccarchive}"
graphs=.build-docs/symbol-graphs
swift build --target Accord
bin="$(swift build --show-bin-path)"
triple="$(swiftc -print-target-info | sed -n 's/.*"triple": "\(.*\)".*/\1/p' | head -n 1)"
rm -rf "$graphs" "$out"
mkdir -p "$graphs"
swift-symbolgraph-extract -module-name Accord -target "$triple" -I "$bin/Modules" \
  -I Sources/CGSL -I Sources/CPrefetch -output-dir "$graphs" -minimum-access-level public \
  -experimental-allowed-reexported-modules=AccordModel,AccordConfig,AccordIO,AccordNumerics,AccordPower
docc convert Sources/Accord/Accord.docc --additional-symbol-graph-dir "$graphs" \
  --output-path "$out" --fallback-display-name Accord \
  --fallback-bundle-identifier org.accord.Accord --warnings-as-errors
echo "wrote $out"
