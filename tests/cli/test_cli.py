#!/usr/bin/env python3
"""CLI tests: exit codes, every output format, JSON contract (design.md §6), atomic --output,
unreadable files, folders, pack errors. usage: test_cli.py CLAUSELINT SOURCE_DIR"""
import json
import os
import subprocess
import sys
import tempfile

EXE, SRC = sys.argv[1], sys.argv[2]
CORPUS = os.path.join(SRC, "corpus")
passed = failed = 0

GOOD = ("第1条（データの保管）\n当社は、利用者データを日本国内のデータセンターにのみ保存します。\n"
        "第2条（準拠法及び管轄）\n本規約は日本法に準拠します。本規約に関する紛争は、東京地方裁判所を第一審の専属的合意管轄裁判所とします。\n"
        "第3条（終了時の措置）\n本契約が終了した場合、当社は利用者データを利用者の指定する形式で返還します。\n"
        "2 当社は、前項の返還後、利用者データを復元不可能な方法で消去し、データ消去証明書を利用者に交付します。\n"
        "第4条（サービスの終了）\n当社は、本サービスの提供を終了する場合、終了日の九十日前までに利用者に書面で通知します。\n")
BAD = "第1条（目的）\n本規約は、本サービスの利用条件を定めるものです。\n"


def run(*args, env=None, cwd=None):
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    if env:
        e.update(env)
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=e, cwd=cwd, timeout=120)


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


with tempfile.TemporaryDirectory() as tmp:
    good = os.path.join(tmp, "good.txt")
    bad = os.path.join(tmp, "bad.txt")
    with open(good, "w", encoding="utf-8") as fp:
        fp.write(GOOD)
    with open(bad, "w", encoding="utf-8") as fp:
        fp.write(BAD)

    # exit codes
    r = run(good)
    check("clean document exits 0", r.returncode == 0, r.stdout + r.stderr)
    r = run(bad)
    check("missing requirements exit 1", r.returncode == 1, r.stdout + r.stderr)
    check("text report is compiler style", ":1:1: error: [data-location] missing" in r.stdout, r.stdout)
    check("missing gives a suggestion", "suggested wording:" in r.stdout)
    check("no colour when not a terminal", "\033[" not in r.stdout)
    r = run("--color", bad)
    check("--color forces colour", "\033[" in r.stdout)
    r = run("--fail-level", "none", bad)
    check("--fail-level none exits 0", r.returncode == 0)
    r = run("--class", "1", "--fail-level", "error", bad)
    check("class 1 turns errors into notes and warnings", r.returncode == 0 and "note:" in r.stdout, r.stdout)
    r = run("--nonsense", good)
    check("unknown option exits 2", r.returncode == 2 and "unknown option" in r.stderr)
    r = run()
    check("no files exits 2", r.returncode == 2)
    r = run("--help")
    check("--help", r.returncode == 0 and "Exit status" in r.stdout)
    r = run("--version")
    check("--version", r.returncode == 0 and r.stdout.startswith("clauselint "))

    # unreadable file among good ones: reported, others still linted, exit 2
    r = run("--format", "json", good, os.path.join(tmp, "nope.txt"), bad)
    check("unreadable file exits 2", r.returncode == 2, r.stderr)
    check("unreadable file named on stderr", "nope.txt" in r.stderr)
    doc = json.loads(r.stdout)
    check("all three documents reported", len(doc["documents"]) == 3)
    nope = [d for d in doc["documents"] if d["path"].endswith("nope.txt")][0]
    check("unreadable document has errors and no results", nope["errors"] and nope["results"] == [])

    # JSON contract
    r = run("--format", "json", good)
    j = json.loads(r.stdout)
    check("tool", j["tool"] == {"name": "clauselint", "version": j["tool"]["version"]})
    check("pack", j["pack"]["id"] == "kamakura-2024" and j["pack"]["version"])
    check("class", j["class"] == 2)
    d = j["documents"][0]
    check("document keys", list(d.keys()) == ["path", "format", "encoding", "sha256", "results", "errors"], list(d.keys()))
    check("format text", d["format"] == "text" and d["encoding"] == "UTF-8")
    check("sha256", len(d["sha256"]) == 64)
    ids = [x["requirement"] for x in d["results"]]
    check("every requirement once, pack order", ids == ["data-location", "governing-law", "jurisdiction",
                                                          "data-return", "certified-deletion", "termination-notice"], ids)
    for res in d["results"]:
        check("status valid", res["status"] in ("satisfied", "partial", "missing", "contradicted"))
        check("satisfied here", res["status"] == "satisfied", res)
        check("level none when satisfied", res["level"] == "none")
        for ev in res["evidence"]:
            check("evidence keys", {"quote", "line", "column", "article", "part"} <= set(ev.keys()), ev)
    tn = d["results"][5]
    check("notice_days from kanji", tn.get("notice_days") == 90, tn)
    dr = d["results"][3]
    check("article path", dr["evidence"][0]["article"] == "第3条第1項", dr["evidence"][0])
    check("line and column", (dr["evidence"][0]["line"], dr["evidence"][0]["column"]) == (6, 18), dr["evidence"][0])
    cd = d["results"][4]
    check("clause path", cd["evidence"][0]["article"] == "第3条第2項", cd["evidence"][0])
    check("summary", j["summary"] == {"documents": 1, "error": 0, "warning": 0, "note": 0}, j["summary"])
    r2 = run("--format", "json", good)
    check("deterministic JSON", r.stdout == r2.stdout)

    # --min-notice-days
    r = run("--format", "json", "--min-notice-days", "180", good)
    tn = json.loads(r.stdout)["documents"][0]["results"][5]
    check("shorter than minimum is partial", tn["status"] == "partial" and "180" in tn["message"], tn)

    # --output: atomic, no temp files left
    out = os.path.join(tmp, "report.json")
    r = run("--format", "json", "--output", out, good)
    check("--output writes the file", r.returncode == 0 and json.load(open(out))["documents"])
    check("--output leaves no temporary file", not [f for f in os.listdir(tmp) if ".tmp." in f])
    r = run("--output", os.path.join(tmp, "no-such-dir", "r.txt"), good)
    check("--output to a bad place exits 2", r.returncode == 2)

    # folders: recursive, extensions, sorted
    sub = os.path.join(tmp, "tree", "a")
    os.makedirs(sub)
    with open(os.path.join(sub, "x.txt"), "w") as fp:
        fp.write(GOOD)
    with open(os.path.join(tmp, "tree", "ignored.bin"), "w") as fp:
        fp.write("x")
    os.symlink(os.path.join(tmp, "tree"), os.path.join(sub, "loop"))
    r = run("--format", "tsv", os.path.join(tmp, "tree"))
    check("folder walk finds .txt only, no loop", r.stdout.count("x.txt") == 6 and "ignored" not in r.stdout, r.stdout)

    # tsv
    r = run("--format", "tsv", bad)
    check("tsv has a line per requirement", len(r.stdout.splitlines()) == 6)

    # bad packs
    pack = os.path.join(tmp, "bad.yml")
    with open(pack, "w") as fp:
        fp.write("pack: x\nversion: '1'\ntitle: t\nrequirements:\n  - id: a\n    bogus: 1\n")
    r = run("--pack", pack, good)
    check("bad pack exits 2 with file:line:col", r.returncode == 2 and "bad.yml:6:" in r.stderr, r.stderr)
    r = run("rules")
    check("rules lists the pack", r.returncode == 0 and "termination-notice" in r.stdout)
    r = run("test-rules")
    check("test-rules passes", r.returncode == 0, r.stdout)

    # empty and binary files
    empty = os.path.join(tmp, "empty.txt")
    open(empty, "w").close()
    r = run("--format", "json", empty)
    check("empty file is linted (all missing)", r.returncode == 1 and json.loads(r.stdout)["documents"][0]["results"])
    png = os.path.join(tmp, "pic.txt")
    with open(png, "wb") as fp:
        fp.write(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    r = run("--format", "json", png, good)
    check("PNG renamed .txt: exit 2, others linted", r.returncode == 2 and len(json.loads(r.stdout)["documents"]) == 2)
    badutf = os.path.join(tmp, "badutf.txt")
    with open(badutf, "wb") as fp:
        fp.write("第1条 当社は".encode() + b"\xff\xfe\xfd" * 10)
    r = run(badutf, "--encoding", "UTF-8")
    check("invalid UTF-8 names the byte offset", r.returncode == 2 and "byte" in r.stderr, r.stderr)

    # UTF-16 HTML is read as HTML; a file name that is not UTF-8 still gives valid JSON
    html16 = os.path.join(tmp, "terms16.html")
    with open(html16, "wb") as fp:
        fp.write(b"\xff\xfe" + ("<html><body><p>" + GOOD.replace("\n", "</p><p>") + "</p></body></html>").encode("utf-16-le"))
    r = run("--format", "json", html16)
    d16 = json.loads(r.stdout)["documents"][0]
    check("UTF-16 HTML read as html", d16["format"] == "html" and r.returncode == 0, (d16["format"], d16["errors"]))
    sjis_name = os.path.join(tmp.encode(), "規約".encode("shift_jis") + b".txt")
    with open(sjis_name, "wb") as fp:
        fp.write(GOOD.encode())
    r = subprocess.run([EXE, "--format", "json", sjis_name], capture_output=True, timeout=60)
    check("non-UTF-8 file name gives valid JSON", json.loads(r.stdout.decode("utf-8"))["documents"][0]["path"].endswith(".txt"))

    # a Word document whose certificate sentence exists only in an unaccepted insertion
    import zipfile
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    def para(text):
        return f'<w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
    body = (para("第5条（終了時の措置）") +
            '<w:p><w:r><w:t>本契約が終了したときは、乙は甲のデータを復元不可能な方法で消去する。</w:t></w:r>'
            '<w:ins w:id="1" w:author="山田太郎" w:date="2026-01-01T00:00:00Z"><w:r>'
            '<w:t>乙は、消去後にデータ消去証明書を甲に交付する。</w:t></w:r></w:ins></w:p>')
    docx = os.path.join(tmp, "tracked.docx")
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>')
    r = run("--format", "json", docx)
    dd = json.loads(r.stdout)["documents"][0]
    cdel = dd["results"][4]
    check("docx format", dd["format"] == "docx", dd)
    check("tracked insertion: accepted reading satisfied", cdel["status"] == "satisfied", cdel)
    check("tracked insertion: message names the author", "山田太郎" in cdel["message"] and "partial" in cdel["message"], cdel["message"])
    check("docx evidence has a paragraph", cdel["evidence"][0].get("paragraph") == 2, cdel["evidence"][0])
    r = run("--format", "json", "--revisions", "original", docx)
    cdel = json.loads(r.stdout)["documents"][0]["results"][4]
    check("tracked insertion: original reading partial", cdel["status"] == "partial", cdel)

    # bilingual documents: disagreements between the versions are their own warnings
    expected_disagreements = {"bi-01": ["data-return"], "bi-02": ["governing-law", "termination-notice"],
                              "bi-03": ["data-location", "certified-deletion"], "bi-04": ["jurisdiction"], "bi-05": []}
    for prefix, reqs in expected_disagreements.items():
        path = [os.path.join(CORPUS, f) for f in os.listdir(CORPUS) if f.startswith(prefix)][0]
        r = run("--fail-level", "none", path)
        got = sorted(line.split("[")[1].split("]")[0] for line in r.stdout.splitlines()
                     if ": warning: [" in line and "versions disagree" in line)
        check(f"bilingual {prefix} disagreements", got == sorted(reqs), (got, reqs))
        if reqs:
            line = [l for l in r.stdout.splitlines() if "versions disagree" in l and "「" in l][0]
            check(f"bilingual {prefix} warning quotes a version", line.count("「") >= 1, line)

    # an interrupted run leaves neither a report nor a temporary file
    import signal
    import time
    big = os.path.join(tmp, "interrupt", "big.txt")
    os.makedirs(os.path.dirname(big))
    with open(big, "w", encoding="utf-8") as fp:
        fp.write(GOOD * 40000)
    report = os.path.join(tmp, "interrupt", "report.json")
    for sig in (signal.SIGINT, signal.SIGTERM):
        p = subprocess.Popen([EXE, "--format", "json", "--output", report, big, big, big],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)
        p.send_signal(sig)
        p.wait(timeout=60)
        left = sorted(os.listdir(os.path.dirname(big)))
        check(f"interrupted by signal {int(sig)}: nothing left behind", left == ["big.txt"], left)
    with open(big, "rb") as fp:
        check("the input is never changed", fp.read() == (GOOD * 40000).encode())

    # the corpus directory lints with the default pack
    r = run("--format", "json", "--fail-level", "none", CORPUS)
    check("corpus lints", r.returncode == 0 and len(json.loads(r.stdout)["documents"]) >= 40, r.stderr[:500])

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
