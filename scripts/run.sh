#!/usr/bin/env bash
# The README's first command: install the dependencies, build, and lint the sample corpus with
# the built-in kamakura-2024 pack. Extra arguments go to clauselint (e.g. --format json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
status=0
build/clauselint "$@" corpus/*.txt || status=$?
echo "clauselint exit status: $status (0 clean, 1 findings at or above --fail-level, 2 input or usage error)"
