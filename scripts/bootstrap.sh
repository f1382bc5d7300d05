#!/usr/bin/env bash
# Installs the system packages accord needs (GSL, SQLite and pkg-config) on Debian/Ubuntu.
# Safe to run again: it does nothing when GSL and SQLite are already found.
set -euo pipefail
if pkg-config --exists gsl sqlite3 2>/dev/null; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "accord: installing libgsl-dev, libsqlite3-dev and pkg-config (Debian packages)" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libgsl-dev libsqlite3-dev pkg-config >/dev/null
pkg-config --exists gsl sqlite3
