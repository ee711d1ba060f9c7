#!/usr/bin/env python3
"""Corpus contracts rendered as DOCX, Flat OPC and HTML (tests/gen_renderings.py) must give
exactly the verdicts of the text file (issue 3, item 8): for every rendering and requirement
the same status, the same notice_days and the same article path on the first evidence item.
Also checked:
  - the format field (docx / flat-opc / html) and no read errors;
  - evidence that the text file places in the article rendered as a table has part "table"
    (Word and HTML), in the 項 rendered as a text box part "textbox" (Word); elsewhere "body";
  - in Word renderings the paragraph number of the first evidence is the text file's line
    (every line is one paragraph; the text box reads in place, once);
  - at least one evidence in a DOCX rendering has part "table" and (when the rules quote a
    text box line at all) one has part "textbox";
  - the documents whose 第N条 headings Word generates are there (at least four).

usage: renderings_test.py CLAUSELINT CORPUS_DIR OUTDIR
"""
import json
import os
import subprocess
import sys

FORMATS = {"docx": ("docx", ".docx"), "flat": ("flat-opc", ".xml"), "html": ("html", ".html")}
MIN_DOCUMENTS = 12


def lint(exe, paths):
    proc = subprocess.run([exe, "--format", "json", "--fail-level", "none", *paths],
                          capture_output=True, text=True)
    if proc.returncode not in (0,):
        print(f"clauselint exited {proc.returncode}: {proc.stderr[:2000]}")
    try:
        docs = json.loads(proc.stdout)["documents"]
    except (ValueError, KeyError) as e:
        sys.exit(f"no JSON report from clauselint ({e}): {proc.stderr[:2000]}")
    return {os.path.splitext(os.path.basename(d["path"]))[0]: d for d in docs}


def first(r):
    return r["evidence"][0] if r.get("evidence") else None


def expected_part(kind, info, line):
    t = info.get("table")
    if t and t[0] <= line <= t[1]:
        return "table"
    if kind != "html" and info.get("textbox") == line:
        return "textbox"
    return "body"


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    exe, corpus, outdir = sys.argv[1:4]
    here = os.path.dirname(os.path.abspath(__file__))
    subprocess.run([sys.executable, os.path.join(here, "gen_renderings.py"), outdir, corpus],
                   check=True)
    with open(os.path.join(outdir, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    names = sorted(manifest)
    originals = lint(exe, [os.path.join(corpus, n + ".txt") for n in names])

    passed = failed = 0
    seen_parts = {"table": 0, "textbox": 0}
    textbox_quoted = 0
    general = []
    if len(names) < MIN_DOCUMENTS:
        general.append(f"only {len(names)} documents rendered, need {MIN_DOCUMENTS}")
    numbered = [n for n in names if manifest[n]["numbered"]]
    if len(numbered) < 4:
        general.append(f"only {len(numbered)} documents with Word-generated 第N条, need 4")
    if not any(manifest[n]["html_charset"] == "Shift_JIS" for n in names):
        general.append("no HTML rendering saved as Shift_JIS")

    for sub, (fmt, ext) in sorted(FORMATS.items()):
        docs = lint(exe, [os.path.join(outdir, sub, n + ext) for n in names])
        for name in names:
            where = f"{sub}/{name}{ext}"
            info = manifest[name]
            orig = originals.get(name)
            doc = docs.get(name)
            problems = []
            if orig is None or orig["errors"]:
                problems.append(f"original not linted: {orig and orig['errors']}")
            elif doc is None:
                problems.append("not in the report")
            elif doc["errors"]:
                problems.append(f"errors {doc['errors']}")
            else:
                if doc["format"] != fmt:
                    problems.append(f"format {doc['format']!r}, expected {fmt!r}")
                theirs = {r["requirement"]: r for r in doc["results"]}
                for r in orig["results"]:
                    req = r["requirement"]
                    g = theirs.get(req)
                    if g is None:
                        problems.append(f"{req}: no result")
                        continue
                    if g["status"] != r["status"]:
                        problems.append(f"{req}: status {g['status']}, text file {r['status']}")
                    if g.get("notice_days") != r.get("notice_days"):
                        problems.append(f"{req}: notice_days {g.get('notice_days')}, "
                                        f"text file {r.get('notice_days')}")
                    e, o = first(g), first(r)
                    if (e is None) != (o is None):
                        problems.append(f"{req}: evidence {'none' if e is None else repr(e['quote'][:40])}, "
                                        f"text file {'none' if o is None else repr(o['quote'][:40])}")
                    elif e is not None:
                        if e["article"] != o["article"]:
                            problems.append(f"{req}: article {e['article']!r}, text file {o['article']!r} "
                                            f"(quote {o['quote'][:40]!r})")
                        want = expected_part(sub, info, o["line"])
                        if e.get("part") != want:
                            problems.append(f"{req}: part {e.get('part')!r}, expected {want!r} "
                                            f"(text line {o['line']}, quote {o['quote'][:40]!r})")
                        if sub != "html" and e.get("paragraph", e["line"]) != o["line"]:
                            problems.append(f"{req}: paragraph {e.get('paragraph', e['line'])}, "
                                            f"text line {o['line']} (quote {o['quote'][:40]!r})")
                        if sub == "docx":
                            if e.get("part") in seen_parts:
                                seen_parts[e["part"]] += 1
                            if info.get("textbox") == o["line"]:
                                textbox_quoted += 1
            if problems:
                failed += 1
                print(f"FAIL {where}" + (" [numbered]" if info["numbered"] else "") + ":")
                for p in problems:
                    print(f"    {p}")
            else:
                passed += 1

    if not seen_parts["table"]:
        general.append("no evidence in a DOCX rendering has part 'table'")
    if textbox_quoted and not seen_parts["textbox"]:
        general.append("a text box line is quoted but no DOCX evidence has part 'textbox'")
    elif not textbox_quoted:
        print("note: no requirement quotes a text-box line; the 'textbox' part check is skipped")
    print(f"DOCX evidence in tables: {seen_parts['table']}, in text boxes: {seen_parts['textbox']}; "
          f"Word-numbered documents: {', '.join(numbered)}")
    for g in general:
        failed += 1
        print(f"FAIL {g}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
