#!/usr/bin/env bash
# The Python package's tests (python/tests) in a virtual environment, against a built
# accord: ACCORD_BIN if set, else the debug build the Swift tests made (no release build).
#
#   scripts/test-python.sh [pytest args]
#   ACCORD_BIN=.build/release/accord scripts/test-python.sh -k ema
#
# The environment lives in ${ACCORD_PYENV:-${TMPDIR:-/tmp}/accord-python-env}, outside
# the repository, and is reused by later runs.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
  # Debian and Ubuntu ship venv's pip separately.
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -qq python3-venv >/dev/null
  else
    echo "error: python3's venv module is missing; install python3-venv" >&2
    exit 1
  fi
fi
export ACCORD_BIN="${ACCORD_BIN:-$(swift build --show-bin-path)/accord}"
if [ ! -x "$ACCORD_BIN" ]; then
  echo "error: no accord binary at $ACCORD_BIN; run swift build first" >&2
  exit 1
fi
env_dir="$(realpath -m "${ACCORD_PYENV:-${TMPDIR:-/tmp}/accord-python-env}")"
[ -x "$env_dir/bin/python" ] || python3 -m venv "$env_dir"
"$env_dir/bin/pip" install -q --disable-pip-version-check "./python[test]"
cd python
exec "$env_dir/bin/python" -m pytest -q "$@"
