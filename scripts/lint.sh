#!/usr/bin/env bash
# Lints the sources with the house style (.swift-format) in strict mode: any warning,
# force unwraps included, fails. Fix formatting with `swift format -i -r Sources Tests`.
set -euo pipefail
cd "$(dirname "$0")/.."
swift format lint --strict --recursive --parallel Sources Tests Fuzz/Entry Package.swift \
  Examples/CustomRules/Sources Examples/CustomRules/Package.swift
