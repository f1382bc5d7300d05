#!/usr/bin/env bash
# Browser test of `accord serve`: a real headless Chromium loads the page, runs
# quickstart.yaml with seed 7 and checks what it shows against `accord run`, moves a
# slider, downloads the run, tries a path traversal and an oversize message, and
# saves a screenshot; then scripts/browser_test_instrument.py checks the inspector,
# the time scrubber, the overlays and the band of seeds against `accord run`, and
# scripts/browser_test_sweeps.py the sweep viewer (runs table, replay, factor plot)
# against `accord export` and a chart's export with its overlay and band. Prints
# `N passed, N failed`; exits non-zero on any failure.
#
#   scripts/test-browser.sh [--out DIR] [--screenshot FILE]
#                           [--perf CONFIG [--steps N] [--repeats N] [--split-cores]]
#
# --perf CONFIG measures the page's update and redraw rates, Chromium's CPU and serve's
# step rate against `accord run`, over --repeats interleaved pairs (default 1) with
# their medians; --steps overrides the file's steps on both sides; --split-cores puts
# accord on one CPU and the browser on the others. CONFIG must lie under the current
# directory (e.g. Configs/bench/large.yaml --steps 6000).
#
# Needs root (or sudo) to install Debian's chromium and chromium-driver when missing;
# Selenium comes from PyPI into a throwaway venv. ACCORD_BIN names a prebuilt binary
# (with accord-serve beside it, or `accord serve` builds it there first).
set -euo pipefail
cd "$(dirname "$0")/.."

out=".build/browser-test"
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --screenshot|--perf|--repeats|--steps) extra+=("$1" "$2"); shift 2 ;;
    --split-cores) extra+=("$1"); shift ;;
    *) echo "usage: $0 [--out DIR] [--screenshot FILE] [--perf CONFIG [--steps N] [--repeats N] [--split-cores]]" >&2; exit 2 ;;
  esac
done

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi

venv="$(mktemp -d)"
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check selenium

if [ -z "${ACCORD_BIN:-}" ]; then
  scripts/bootstrap.sh
  # The server is its own program, which `accord serve` runs from beside `accord`.
  swift build --product accord
  swift build --product accord-serve
  ACCORD_BIN="$(swift build --show-bin-path)/accord"
fi

mkdir -p "$out"
status=0
"$venv/bin/python" scripts/browser_test.py --accord "$ACCORD_BIN" --out "$out" "${extra[@]+"${extra[@]}"}" || status=$?
# The instrument (inspector, scrubber, overlays, band of seeds), checked against accord
# run's files; not part of a --perf measurement.
case " ${extra[*]-} " in
  *" --perf "*) ;;
  *)
    "$venv/bin/python" scripts/browser_test_instrument.py --accord "$ACCORD_BIN" --out "$out" || status=$?
    # The sweep viewer: a sweep made with accord sweep run, checked against accord export.
    "$venv/bin/python" scripts/browser_test_sweeps.py --accord "$ACCORD_BIN" --out "$out" || status=$?
    ;;
esac
exit "$status"
