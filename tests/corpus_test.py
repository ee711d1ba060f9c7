#!/usr/bin/env python3
"""Lints every corpus document through the real CLI and compares the verdicts with the
expected ones (corpus/expected*.tsv: document, requirement, status, notice_days).

usage: corpus_test.py CLAUSELINT CORPUS_DIR [--stats] [--glob-expected PATTERN] [-- EXTRA ARGS]

Exits 1 and prints every difference when any verdict or notice_days differs. --stats prints
accuracy and the false-assurance count (satisfied reported where the truth is missing,
partial or contradicted) instead of failing, for measuring held-out sets.
"""
import glob
import os
import subprocess
import sys


def load_expected(corpus, pattern):
    expected = {}
    for path in sorted(glob.glob(os.path.join(corpus, pattern))):
        with open(path, encoding="utf-8") as fp:
            for n, line in enumerate(fp, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                cols = line.split("\t")
                if len(cols) < 3:
                    sys.exit(f"{path}:{n}: expected 3 or 4 tab-separated columns")
                days = cols[3].strip() if len(cols) > 3 else "-"
                expected[(cols[0].strip(), cols[1].strip())] = (cols[2].strip(), days)
    return expected


def main():
    args = sys.argv[1:]
    extra = []
    if "--" in args:
        extra = args[args.index("--") + 1:]
        args = args[:args.index("--")]
    stats = "--stats" in args
    pattern = "expected*.tsv"
    if "--glob-expected" in args:
        pattern = args[args.index("--glob-expected") + 1]
    exe, corpus = args[0], args[1]
    expected = load_expected(corpus, pattern)
    if not expected:
        sys.exit(f"no expected verdicts found in {corpus}/{pattern}")
    docs = sorted({d for d, _ in expected})
    paths = [os.path.join(corpus, d) for d in docs]
    proc = subprocess.run([exe, "--format", "tsv", "--fail-level", "none", *extra, *paths],
                          capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        print(proc.stderr)
        sys.exit(f"clauselint exited with {proc.returncode}")
    got = {}
    for line in proc.stdout.splitlines():
        cols = line.split("\t")
        got[(os.path.basename(cols[0]), cols[1])] = (cols[2], cols[3])

    diffs, total, right, false_assurance = [], 0, 0, 0
    days_total = days_right = 0
    for key in sorted(expected):
        want = expected[key]
        have = got.get(key, ("(no result)", "-"))
        total += 1
        status_ok = want[0] == have[0]
        days_ok = want[1] == "-" or want[1] == have[1] or key[1] != "termination-notice"
        if status_ok:
            right += 1
        if key[1] == "termination-notice" and want[1] != "-":
            days_total += 1
            days_right += want[1] == have[1]
        if have[0] == "satisfied" and want[0] != "satisfied":
            false_assurance += 1
        if not (status_ok and days_ok):
            diffs.append(f"{key[0]}\t{key[1]}\texpected {want[0]} {want[1]}\tgot {have[0]} {have[1]}")
    for d in diffs:
        print(d)
    print(f"{len(docs)} documents, {total} verdicts: {right} right ({100.0 * right / total:.1f} %), "
          f"{false_assurance} false 'satisfied', notice_days {days_right}/{days_total} right")
    if stats:
        return 0
    print(f"{total - len(diffs)} passed, {len(diffs)} failed")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
