#!/usr/bin/env bash
# The whole test suite, as the README's second command runs it:
#   1. install the dependencies (Debian packages, idempotent);
#   2. a Release build with -Werror, and every test (unit, rule examples, CLI, corpus);
#   3. the same suite built with AddressSanitizer + UndefinedBehaviorSanitizer (leaks too);
#   4. the held-out measurement, printed (not a pass/fail gate: see tests/heldout/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCL_WERROR=ON
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCL_WERROR=ON -DCL_SANITIZE=address,undefined
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs"

for set in tests/heldout*; do
    if [ -f "$set/expected-heldout.tsv" ]; then
        echo "== held-out measurement: $set (measurement only: see $set/README.md)"
        python3 tests/corpus_test.py build/clauselint "$set" --stats | tail -1
    fi
done
echo "all tests passed"
