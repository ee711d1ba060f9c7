#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz and runs each one for a
# bounded time, seeded from corpus/, tests/data/, the hostile fixtures and earlier regressions.
# Any crash, leak, timeout or out-of-memory input is copied into
# tests/fuzz/regressions/<target>/ (where fuzz-replay/<target> replays it from then on) and
# the script fails.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     default: 30 s, every target
#   FUZZ_TIME=60 FUZZ_TARGETS="docx html" scripts/fuzz.sh
# FUZZ_BUILD_DIR (default build-fuzz) and FUZZ_SANITIZE (default address,undefined) change the
# build; CL_FUZZ_LAX=1 lets the targets go past one-line-message violations.
#
# Needs clang and libFuzzer (Debian: apt-get install clang libclang-rt-14-dev).
set -euo pipefail
cd "$(dirname "$0")/.."

time_per_target=${1:-${FUZZ_TIME:-30}}
shift || true
targets=${*:-${FUZZ_TARGETS:-text docx html segment numeral rules}}
build=${FUZZ_BUILD_DIR:-build-fuzz}
sanitize=${FUZZ_SANITIZE:-address,undefined}
jobs=$(nproc 2>/dev/null || echo 2)

if ! command -v clang >/dev/null; then
    echo "fuzz.sh: clang not found (apt-get install clang libclang-rt-14-dev)" >&2
    exit 2
fi

# -O1: libFuzzer's recommended optimisation; Debug keeps assertions on.
CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG="-g -O1" \
    -DCL_FUZZ=ON -DCL_SANITIZE="$sanitize" >/dev/null
build_targets=()
for t in $targets; do build_targets+=(--target "fuzz_$t"); done
cmake --build "$build" -j"$jobs" "${build_targets[@]}"

# Hostile seeds, without the zip bombs: each of those takes seconds per run (they are bounded
# by the 128-256 MiB limits) and tests/hostile/test_hostile.py covers them already.
seeds="$build/fuzz-seeds/hostile"
rm -rf "$seeds"
python3 tests/hostile/gen_hostile.py --no-huge "$seeds" >/dev/null
rm -f "$seeds"/bomb-*

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
for t in $targets; do
    work="$build/fuzz-corpus/$t"       # libFuzzer writes new interesting inputs here
    artifacts="$build/fuzz-artifacts/$t"
    log="$build/fuzz-logs/$t.log"
    mkdir -p "$work" "$artifacts" "$(dirname "$log")"
    rm -f "$artifacts"/*
    dirs=(corpus tests/data "$seeds")
    [ -d "tests/fuzz/regressions/$t" ] && dirs+=("tests/fuzz/regressions/$t")
    [ -d "$build/tests/docx-fixtures" ] && dirs+=("$build/tests/docx-fixtures")
    [ "$t" = rules ] && dirs+=(patterns)

    echo "== fuzz_$t: ${time_per_target} s"
    rc=0
    "$build/tests/fuzz/fuzz_$t" -max_total_time="$time_per_target" -rss_limit_mb=2048 \
        -timeout=10 -print_final_stats=1 -artifact_prefix="$artifacts/" \
        "$work" "${dirs[@]}" >"$log" 2>&1 || rc=$?
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE' "$log" || true

    found=$(find "$artifacts" -type f | sort)
    if [ "$rc" -ne 0 ] || [ -n "$found" ]; then
        failed+=("$t")
        echo "fuzz_$t FAILED (exit $rc); log: $log"
        grep -E '^==[0-9]+==ERROR|runtime error|^SUMMARY|invariant broken|ALARM|out-of-memory|leak' \
            "$log" | head -5 || true
        grep -E '^ +#[0-9]+ ' "$log" | head -12 || true
        if [ -n "$found" ]; then
            mkdir -p "tests/fuzz/regressions/$t"
            for f in $found; do
                cp "$f" "tests/fuzz/regressions/$t/"
                echo "saved tests/fuzz/regressions/$t/$(basename "$f")"
            done
        fi
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found problems in: ${failed[*]}" >&2
    echo "replay one with: $build/tests/fuzz/fuzz_<target> tests/fuzz/regressions/<target>/<file>" >&2
    exit 1
fi
echo "fuzzing: no crash in ${time_per_target} s per target ($targets)"
