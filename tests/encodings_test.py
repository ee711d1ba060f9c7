#!/usr/bin/env python3
"""Every corpus document, re-encoded (tests/gen_encodings.py), must give the same verdicts,
notice_days, quotes, lines, columns and article paths as its UTF-8 original, and say which
encoding it was read as.

usage: encodings_test.py CLAUSELINT CORPUS_DIR OUTDIR
"""
import json
import os
import subprocess
import sys

EXPECTED_NAME = {"shift_jis": ("Shift_JIS", "CP932"), "euc_jp": ("EUC-JP",),
                 "iso2022_jp": ("ISO-2022-JP",), "utf-16le-bom": ("UTF-16LE",),
                 "utf-16be": ("UTF-16BE",)}


def lint(exe, paths):
    proc = subprocess.run([exe, "--format", "json", "--fail-level", "none", *paths],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"clauselint exited {proc.returncode}: {proc.stderr[:2000]}")
    return {os.path.basename(d["path"]): d for d in json.loads(proc.stdout)["documents"]}


def view(doc):
    return [(r["requirement"], r["status"], r.get("notice_days"),
             [(e["quote"], e["line"], e["column"], e["article"]) for e in r["evidence"]])
            for r in doc["results"]]


def main():
    exe, corpus, outdir = sys.argv[1:4]
    here = os.path.dirname(os.path.abspath(__file__))
    subprocess.run([sys.executable, os.path.join(here, "gen_encodings.py"), outdir, corpus],
                   check=True, capture_output=True)
    originals = lint(exe, sorted(os.path.join(corpus, f) for f in os.listdir(corpus)
                                 if f.endswith(".txt")))
    passed = failed = 0
    for enc in sorted(os.listdir(outdir)):
        d = os.path.join(outdir, enc)
        docs = lint(exe, sorted(os.path.join(d, f) for f in os.listdir(d)))
        for name, doc in sorted(docs.items()):
            problems = []
            allowed = EXPECTED_NAME.get(enc, (doc["encoding"],))
            with open(os.path.join(corpus, name), "rb") as fp:
                if all(b < 0x80 for b in fp.read()) and not enc.startswith("utf-16"):
                    allowed = allowed + ("UTF-8",)  # pure ASCII reads the same in all of them
            if doc["encoding"] not in allowed:
                problems.append(f"read as {doc['encoding']}")
            if doc["errors"]:
                problems.append(f"errors {doc['errors']}")
            elif view(doc) != view(originals[name]):
                for a, b in zip(view(doc), view(originals[name])):
                    if a != b:
                        problems.append(f"{a[0]}: {a[1:3]} {a[3][:1]} vs UTF-8 {b[1:3]} {b[3][:1]}")
            if problems:
                failed += 1
                print(f"FAIL {enc}/{name}: " + "; ".join(problems))
            else:
                passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
