#!/usr/bin/env python3
"""Benchmark: how long clauselint takes on 1, 2 and 4 MB contracts made from the corpus.

usage: scripts/bench.py [CLAUSELINT]   (default build/clauselint; build Release first)

Prints the median of 11 runs for each size and the ratios between sizes: on a shared, noisy
machine the medians and ratios are what to compare, not single timings. Linear time means the
4 MB / 1 MB ratio stays near 4; a quadratic path would show as 16.
"""
import glob
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
EXE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "build", "clauselint")
# Japanese contracts only: a mix with much English would be judged as a bilingual document,
# which runs the rules twice (once per language version) and measures something else.
docs = [open(p, encoding="utf-8-sig").read()
        for p in sorted(glob.glob(os.path.join(HERE, "..", "corpus", "*.txt")))
        if os.path.basename(p).startswith(("ja-", "jb-", "h-ja-", "v3-ja-"))]


def make(size):
    out, n, i = [], 0, 0
    while n < size:
        d = docs[i % len(docs)]
        out.append(d)
        n += len(d.encode())
        i += 1
    return "\n".join(out)


def median_time(path, runs=11):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([EXE, "--format", "json", "--fail-level", "none", path],
                       stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


with tempfile.TemporaryDirectory() as tmp:
    empty = os.path.join(tmp, "empty.txt")
    open(empty, "w").close()
    base = median_time(empty)
    print(f"start-up (empty file, pack compiled): {base * 1000:.1f} ms")
    results = {}
    for mb in (1, 2, 4):
        path = os.path.join(tmp, f"{mb}mb.txt")
        with open(path, "w", encoding="utf-8") as fp:
            fp.write(make(mb * 1_000_000))
        results[mb] = median_time(path)
        print(f"{mb} MB: median {results[mb] * 1000:.1f} ms")
    print(f"ratio 2MB/1MB: {results[2] / results[1]:.2f}   4MB/1MB: {results[4] / results[1]:.2f}")
