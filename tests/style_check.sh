#!/usr/bin/env bash
# Style checks CI runs (docs/style.md §6): clang-format is clean, and the banned functions
# (strcpy, strcat, sprintf, strtok, atoi and friends) appear nowhere in C sources.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(ls linter/src/*.[ch] linter/cli/*.c linter/include/*.h tests/unit/*.c tests/fuzz/*.[ch])
status=0
if command -v clang-format >/dev/null; then
    if ! clang-format --dry-run -Werror $files 2>/tmp/clauselint-format.log; then
        head -20 /tmp/clauselint-format.log
        echo "style: clang-format would change the files above (run clang-format -i)"
        status=1
    fi
else
    echo "style: clang-format not installed, format check skipped"
fi
if grep -nE '\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|gets)\s*\(' $files; then
    echo "style: banned function used (see docs/style.md)"
    status=1
fi
[ $status -eq 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $status
