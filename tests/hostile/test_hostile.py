#!/usr/bin/env python3
"""Hostile and broken input: clauselint must refuse it cleanly, never crash, hang, blow up
its memory, reach the network or leak a local file.

    test_hostile.py CLAUSELINT OUTDIR

Generates the files of gen_hostile.py into OUTDIR, writes a small valid contract GOOD beside
them, and for each case runs `CLAUSELINT --format json FILE GOOD` with a timeout (60 s) and
a 2 GiB address-space cap (RLIMIT_AS; not applied to a sanitizer build, whose shadow memory
needs more address space — the test says so). Every case checks:

  - the exit status is one of those in the table below;
  - stdout is valid JSON holding BOTH documents; GOOD has results and no errors (the other
    files are still linted);
  - when the hostile file is refused (exit 2), its document has an `errors` entry and an
    empty `results`, and stderr has exactly one line naming it; when it is linted, it has
    results;
  - the content of /etc/passwd ("root:") never appears on stdout or stderr.

Expected outcome per case ("refused" = exit 2 with an error for the file; "lints" = 0 or 1
with results; "either" = a reader may refuse it or read it harmlessly, both are fine, but
the rules above still hold):

| file                 | expected | why                                                        |
|----------------------|----------|------------------------------------------------------------|
| bomb-honest.docx     | refused  | > 300 MB declared, ~1000:1: CL_MAX_ZIP_RATIO / _ENTRY_BYTES |
| bomb-lying.docx      | refused  | headers say 4 KiB: the inflated bytes are counted for real  |
| bomb-paragraphs.docx | refused  | > 300 MB of paragraphs: a zip or the CL_MAX_TEXT_BYTES limit|
| xxe.docx             | either   | no DTD, no entities, no network: never expanded or fetched |
| xxe-flat-opc.xml     | either   | same, Flat OPC                                             |
| xxe-document.xml     | either   | same, bare document.xml                                    |
| billion-laughs.docx  | either   | entities are never expanded                                |
| billion-laughs.xml   | either   | same, bare document.xml                                    |
| deep-xml.docx        | refused  | CL_MAX_XML_DEPTH                                           |
| truncated.docx       | refused  | corrupt zip                                                |
| corrupt-cd.docx      | refused  | corrupt zip                                                |
| zip-slip.docx        | either   | the stray ../evil.xml is never extracted (checked: no file |
|                      |          | evil.xml appears next to OUTDIR or in the working folder)  |
| no-document.docx     | refused  | a zip without word/document.xml is not a DOCX              |
| legacy.doc           | refused  | OLE: legacy .doc / encrypted DOCX, said clearly            |
| image.txt            | refused  | an image is not a contract, whatever its name              |
| invalid-utf8.txt     | refused  | bytes that do not decode are an error with their offset    |
| nul-in-text.txt      | either   | NUL is a valid code point; a reader may also refuse it     |
| utf16-odd.txt        | refused  | a truncated UTF-16 code unit does not decode               |
| empty.txt            | lints    | an empty contract is legal: every requirement is missing   |
| huge-line.txt        | lints    | 50 MB < CL_MAX_INPUT_BYTES: cut into sentences, no hang    |
| deep.html            | refused  | CL_MAX_XML_DEPTH                                           |
| loop/ (folder)       | lints    | a folder with a symlink to itself: links to folders are    |
|                      |          | skipped, its one contract is linted exactly once           |
| unreadable.txt       | refused  | chmod 000; SKIPPED when running as root (root reads it)    |

Prints one line per case (status, exit code, seconds, peak RSS, the file's error message),
then "N passed, N failed"; exits 1 when a case failed.
"""
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_hostile  # noqa: E402

TIMEOUT = 60
MEM_LIMIT = 2 * 1024 * 1024 * 1024

REFUSED, LINTS, EITHER = "refused", "lints", "either"
EXPECT = {
    "bomb-honest.docx": REFUSED,
    "bomb-lying.docx": REFUSED,
    "bomb-paragraphs.docx": REFUSED,
    "xxe.docx": EITHER,
    "xxe-flat-opc.xml": EITHER,
    "xxe-document.xml": EITHER,
    "billion-laughs.docx": EITHER,
    "billion-laughs.xml": EITHER,
    "deep-xml.docx": REFUSED,
    "truncated.docx": REFUSED,
    "corrupt-cd.docx": REFUSED,
    "zip-slip.docx": EITHER,
    "no-document.docx": REFUSED,
    "legacy.doc": REFUSED,
    "image.txt": REFUSED,
    "invalid-utf8.txt": REFUSED,
    "nul-in-text.txt": EITHER,
    "utf16-odd.txt": REFUSED,
    "empty.txt": LINTS,
    "huge-line.txt": LINTS,
    "deep.html": REFUSED,
    "loop": LINTS,
    "unreadable.txt": REFUSED,
}
EXIT_CODES = {REFUSED: {2}, LINTS: {0, 1}, EITHER: {0, 1, 2}}

# Must never be printed: the first field of /etc/passwd's first line, as the file has it.
SECRETS = ["root:x:0:0", "root:"]


def is_sanitized(exe):
    """A sanitizer build reserves terabytes of address space: RLIMIT_AS would kill it."""
    try:
        with open(exe, "rb") as fp:
            data = fp.read()
    except OSError:
        return False
    return b"__asan_init" in data or b"__tsan_init" in data or b"__msan_init" in data


def run(cmd, cwd, cap_memory):
    """Runs cmd; returns (exit code or None on timeout, stdout, stderr, seconds, peak KiB)."""
    def limit():
        if cap_memory:
            resource.setrlimit(resource.RLIMIT_AS, (MEM_LIMIT, MEM_LIMIT))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                preexec_fn=limit)
        code, peak = None, 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid == proc.pid:
                code = os.waitstatus_to_exitcode(status)
                peak = usage.ru_maxrss
                proc.returncode = code
                break
            if time.monotonic() - start > TIMEOUT:
                proc.send_signal(signal.SIGKILL)
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                peak = usage.ru_maxrss
                break
            time.sleep(0.02)
        elapsed = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        return (code, out.read().decode("utf-8", "replace"),
                err.read().decode("utf-8", "replace"), elapsed, peak)


def find_doc(docs, path):
    for d in docs:
        if d.get("path") == path:
            return d
    return None


def check(name, expect, exe, target, good, cwd, cap_memory):
    """Runs one case; returns (problems, summary line)."""
    problems = []
    code, out, err, secs, peak = run([exe, "--format", "json", target, good], cwd, cap_memory)
    message = ""
    if code is None:
        problems.append("timed out after %d s" % TIMEOUT)
    elif code < 0 or code > 2:
        problems.append("exit status %s (a crash or signal?)" % code)
    elif code not in EXIT_CODES[expect]:
        problems.append("exit status %d, expected %s" % (code, sorted(EXIT_CODES[expect])))
    for s in SECRETS:
        if s in out or s in err:
            problems.append("/etc/passwd content (%r) appears in the output" % s)
            break
    report = None
    if code is not None and 0 <= code <= 2:
        try:
            report = json.loads(out)
        except ValueError as e:
            problems.append("stdout is not valid JSON: %s" % e)
    if report is not None:
        docs = report.get("documents", [])
        gdoc = find_doc(docs, good)
        if gdoc is None:
            problems.append("GOOD is missing from the report")
        elif not gdoc.get("results") or gdoc.get("errors"):
            problems.append("GOOD was not linted (results %d, errors %r)"
                            % (len(gdoc.get("results") or []), gdoc.get("errors")))
        if os.path.isdir(target):
            inside = [d for d in docs if d.get("path", "").startswith(target + os.sep)]
            paths = [d["path"] for d in inside]
            if len(paths) != 1 or len(set(paths)) != len(paths):
                problems.append("folder: expected its one contract once, got %r" % paths)
            hdoc = inside[0] if inside else None
        else:
            hdoc = find_doc(docs, target)
            if hdoc is None:
                problems.append("the hostile document is missing from the report")
        if hdoc is not None:
            errors = hdoc.get("errors") or []
            message = "; ".join(errors)
            if code == 2:
                if not errors:
                    problems.append("exit 2 but the document has no errors entry")
                if hdoc.get("results"):
                    problems.append("a refused document has results")
                naming = [ln for ln in err.splitlines() if target in ln]
                if len(naming) != 1:
                    problems.append("stderr has %d lines naming the file, expected 1: %r"
                                    % (len(naming), err[:400]))
            elif code in (0, 1):
                if errors:
                    problems.append("linted but has errors %r" % errors)
                if not hdoc.get("results"):
                    problems.append("linted but has no results")
    if name == "zip-slip.docx":
        for d in (cwd, os.path.dirname(cwd), os.path.dirname(os.path.dirname(cwd))):
            if os.path.exists(os.path.join(d, "evil.xml")):
                problems.append("evil.xml was written to %s" % d)
    line = "%-20s exit %-4s %6.2f s %8.1f MiB  %s" % (
        name, code if code is not None else "T/O", secs, peak / 1024.0,
        message or ("(linted)" if code in (0, 1) else ""))
    return problems, line


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: test_hostile.py CLAUSELINT OUTDIR\n")
        return 2
    exe, outdir = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    if os.path.isdir(outdir):
        for root, dirs, _ in os.walk(outdir):  # undo a previous run's chmod 000
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(outdir)
    files_dir = os.path.join(outdir, "files")
    gen_hostile.generate(files_dir, huge=True)
    good = os.path.join(outdir, "good.txt")
    with open(good, "w", encoding="utf-8") as fp:
        fp.write(gen_hostile.contract_text())
    cwd = os.path.join(outdir, "work", "run")
    os.makedirs(cwd)

    # a folder whose symbolic links lead back into itself
    loop = os.path.join(files_dir, "loop")
    os.makedirs(os.path.join(loop, "sub"))
    with open(os.path.join(loop, "contract.txt"), "w", encoding="utf-8") as fp:
        fp.write(gen_hostile.contract_text())
    os.symlink(".", os.path.join(loop, "self"))
    os.symlink("..", os.path.join(loop, "sub", "up"))
    unreadable = os.path.join(files_dir, "unreadable.txt")
    with open(unreadable, "w", encoding="utf-8") as fp:
        fp.write(gen_hostile.contract_text())
    os.chmod(unreadable, 0)

    cap = not is_sanitized(exe)
    if not cap:
        print("note: %s is a sanitizer build: no RLIMIT_AS cap (its shadow memory needs more)"
              % exe)
    passed = failed = skipped = 0
    for name, expect in EXPECT.items():
        target = os.path.join(files_dir, name)
        if name == "unreadable.txt" and os.geteuid() == 0:
            print("%-20s SKIPPED: running as root, which can read a chmod 000 file" % name)
            skipped += 1
            continue
        if not os.path.lexists(target):
            print("%-20s FAIL: not generated" % name)
            failed += 1
            continue
        problems, line = check(name, expect, exe, target, good, cwd, cap)
        print(("ok   " if not problems else "FAIL ") + line)
        for p in problems:
            print("       - " + p)
        if problems:
            failed += 1
        else:
            passed += 1
    print("%d passed, %d failed%s" % (passed, failed,
                                      ", %d skipped" % skipped if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
