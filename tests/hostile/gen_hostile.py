#!/usr/bin/env python3
"""Writes the hostile-input fixtures into OUTDIR (Python 3 standard library only).

    gen_hostile.py [--no-huge] OUTDIR

Every file is generated here, at test time: nothing large or hostile is committed. The zip
files are assembled by hand (struct + zlib) so that their headers can lie. --no-huge skips
the 50 MB single-line text (the fuzz-replay tests use the rest as seeds).

test_hostile.py imports this module and documents, in its table, what clauselint must do with
each file. CASES below lists them: file name -> one-line description.
"""
import os
import struct
import sys
import zlib

CASES = {
    "bomb-honest.docx": "word/document.xml inflates to > 300 MB of empty paragraphs <w:p/> (about 1000:1); "
                        "the headers declare it honestly",
    "bomb-lying.docx": "the same > 300 MB entry, local and central headers claim 4,096 bytes",
    "bomb-paragraphs.docx": "> 300 MB of ordinary paragraphs (about 300:1), declared honestly",
    "xxe.docx": "document.xml with file:///etc/passwd and http://127.0.0.1:9/x entities, external DTD",
    "xxe-flat-opc.xml": "Flat OPC (<pkg:package>) with the same entities and external DTD",
    "xxe-document.xml": "a bare word/document.xml with the same entities and external DTD",
    "billion-laughs.docx": "document.xml with the 'billion laughs' entity expansion",
    "billion-laughs.xml": "a bare document.xml with the 'billion laughs' entity expansion",
    "deep-xml.docx": "document.xml nested 100,000 elements deep",
    "truncated.docx": "a valid DOCX cut in the middle (no central directory)",
    "corrupt-cd.docx": "valid entries, then a central directory of garbage",
    "zip-slip.docx": "a valid DOCX plus an entry named ../evil.xml",
    "no-document.docx": "a zip with [Content_Types].xml and _rels but no word/document.xml",
    "legacy.doc": "an OLE compound file header (D0 CF 11 E0 A1 B1 1A E1) and junk",
    "image.txt": "a PNG image named .txt",
    "invalid-utf8.txt": "UTF-8 Japanese text with bytes that are not UTF-8 (FF, C0 80, a cut sequence)",
    "nul-in-text.txt": "a UTF-8 contract with NUL bytes inside sentences",
    "utf16-odd.txt": "UTF-16LE with a BOM and an odd number of bytes",
    "empty.txt": "an empty file",
    "huge-line.txt": "a 50 MB text file that is a single line (skipped with --no-huge)",
    "deep.html": "HTML with 100,000 nested <div> elements",
}

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
).encode()

ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
).encode()

# A short, ordinary contract: the paragraphs of the valid DOCX files.
CONTRACT_PARAS = [
    "クラウドサービス利用契約書",
    "第1条（目的）",
    "本契約は、乙が甲に提供するクラウドサービス（以下「本サービス」という。）の利用条件を定める。",
    "第2条（データの返還）",
    "乙は、本契約が終了した場合、甲の利用者データを甲に返還する。",
    "第3条（サービスの終了）",
    "乙は、本サービスの提供を終了しようとするときは、終了予定日の一年前までに甲に通知する。",
]

# Entities an attacker would like expanded, and an external DTD to fetch.
XXE_DOCTYPE = (
    '<!DOCTYPE w:document SYSTEM "http://127.0.0.1:9/evil.dtd" [\n'
    '  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n'
    '  <!ENTITY net SYSTEM "http://127.0.0.1:9/x">\n'
    '  <!ENTITY % ext SYSTEM "http://127.0.0.1:9/ext.dtd">\n'
    "  %ext;\n"
    "]>\n"
)

LAUGHS_DOCTYPE = (
    "<!DOCTYPE w:document [\n"
    '  <!ENTITY lol "lol">\n'
    '  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    + "".join(
        '  <!ENTITY lol%d "%s">\n' % (i, ("&lol%d;" % (i - 1)) * 10) for i in range(2, 10)
    )
    + "]>\n"
)


def para(text):
    return "<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % text


def document_xml(body, doctype=""):
    """A word/document.xml around body (already XML)."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + doctype
        + '<w:document xmlns:w="%s"><w:body>' % W_NS
        + body
        + "</w:body></w:document>"
    ).encode()


def contract_body(extra=""):
    return "".join(para(p) for p in CONTRACT_PARAS[:3]) + extra + "".join(
        para(p) for p in CONTRACT_PARAS[3:]
    )


# ---- a zip writer whose headers can lie ----------------------------------------------------


class Entry:
    """One zip member: compressed bytes and what the headers say about it."""

    def __init__(self, name, data=None, comp=None, crc=None, usize=None, method=8):
        self.name = name.encode()
        if data is not None:
            if method == 8:
                c = zlib.compressobj(6, zlib.DEFLATED, -15)
                comp = c.compress(data) + c.flush()
            else:
                comp = data
            crc = zlib.crc32(data) & 0xFFFFFFFF
            usize = len(data)
        self.comp, self.crc, self.usize, self.method = comp, crc, usize, method
        self.declared_usize = usize  # what the headers claim


def zip_bytes(entries, central=True):
    """The archive: local headers + data, then (unless central=False) the central directory."""
    out = bytearray()
    offsets = []
    for e in entries:
        offsets.append(len(out))
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0x0800, e.method, 0, 0x21,
            e.crc, len(e.comp), e.declared_usize, len(e.name), 0,
        )
        out += e.name + e.comp
    if not central:
        return bytes(out)
    cd_start = len(out)
    for e, off in zip(entries, offsets):
        out += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x0800, e.method, 0, 0x21,
            e.crc, len(e.comp), e.declared_usize, len(e.name), 0, 0, 0, 0, 0, off,
        )
        out += e.name
    cd_size = len(out) - cd_start
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), cd_size,
                       cd_start, 0)
    return bytes(out)


def docx_entries(document):
    return [
        Entry("[Content_Types].xml", CONTENT_TYPES),
        Entry("_rels/.rels", ROOT_RELS),
        Entry("word/document.xml", document),
    ]


def bomb_entry(target_bytes, paragraphs=False):
    """word/document.xml deflated as a stream, > target_bytes inflated: empty paragraphs
    (deflate's best ratio, ~1000:1, and no text: only the zip limits can stop it) or
    ordinary paragraphs (~300:1, mostly text)."""
    if paragraphs:
        head = document_xml("")[: -len("</w:body></w:document>")]
        tail = b"</w:body></w:document>"
        unit = para("乙は、甲の利用者データを適切に管理する。").encode() * 4096
    else:
        head = document_xml("")[: -len("</w:body></w:document>")]
        tail = b"</w:body></w:document>"
        unit = b"<w:p/>" * (1 << 18)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts = [c.compress(head)]
    crc = zlib.crc32(head)
    usize = len(head)
    while usize < target_bytes:
        parts.append(c.compress(unit))
        crc = zlib.crc32(unit, crc)
        usize += len(unit)
    parts.append(c.compress(tail))
    crc = zlib.crc32(tail, crc)
    usize += len(tail)
    parts.append(c.flush())
    return Entry("word/document.xml", comp=b"".join(parts), crc=crc & 0xFFFFFFFF, usize=usize)


def png_bytes():
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 16 for _ in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def contract_text():
    return "\n".join(CONTRACT_PARAS) + "\n"


def generate(outdir, huge=True):
    """Writes every case into outdir; returns the list of file names written."""
    os.makedirs(outdir, exist_ok=True)
    written = []

    def put(name, data):
        with open(os.path.join(outdir, name), "wb") as fp:
            fp.write(data)
        written.append(name)

    bomb = bomb_entry(310 * 1024 * 1024)
    put("bomb-honest.docx", zip_bytes(docx_entries(b"")[:2] + [bomb]))
    lying = bomb_entry(310 * 1024 * 1024)
    lying.declared_usize = 4096
    put("bomb-lying.docx", zip_bytes(docx_entries(b"")[:2] + [lying]))
    put("bomb-paragraphs.docx", zip_bytes(docx_entries(b"")[:2]
                                          + [bomb_entry(310 * 1024 * 1024, paragraphs=True)]))

    xxe_body = contract_body(para("&xxe;") + para("&net;"))
    put("xxe.docx", zip_bytes(docx_entries(document_xml(xxe_body, XXE_DOCTYPE))))
    put("xxe-document.xml", document_xml(xxe_body, XXE_DOCTYPE))
    flat = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + XXE_DOCTYPE.replace("w:document", "pkg:package")
        + '<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">'
        '<pkg:part pkg:name="/_rels/.rels" pkg:contentType="application/'
        'vnd.openxmlformats-package.relationships+xml"><pkg:xmlData>'
        + ROOT_RELS.decode().split("\n", 1)[1]
        + '</pkg:xmlData></pkg:part><pkg:part pkg:name="/word/document.xml" pkg:contentType="'
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml">'
        "<pkg:xmlData>"
        + '<w:document xmlns:w="%s"><w:body>%s</w:body></w:document>' % (W_NS, xxe_body)
        + "</pkg:xmlData></pkg:part></pkg:package>"
    )
    put("xxe-flat-opc.xml", flat.encode())

    laughs_body = contract_body(para("&lol9;"))
    put("billion-laughs.docx", zip_bytes(docx_entries(document_xml(laughs_body, LAUGHS_DOCTYPE))))
    put("billion-laughs.xml", document_xml(laughs_body, LAUGHS_DOCTYPE))

    depth = 100000
    deep = "<w:customXml>" * depth + para("深い。") + "</w:customXml>" * depth
    put("deep-xml.docx", zip_bytes(docx_entries(document_xml(contract_body(deep)))))

    valid = zip_bytes(docx_entries(document_xml(contract_body())))
    put("truncated.docx", valid[: len(valid) // 2])
    locals_only = zip_bytes(docx_entries(document_xml(contract_body())), central=False)
    junk = bytes((i * 131 + 7) & 0xFF for i in range(512))
    # garbage where the central directory should be, then an end record pointing into it
    put("corrupt-cd.docx", locals_only + junk + struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, 3, 3, len(junk), len(locals_only), 0))
    put("zip-slip.docx", zip_bytes(docx_entries(document_xml(contract_body()))
                                   + [Entry("../evil.xml", document_xml(para("evil")))]))
    put("no-document.docx", zip_bytes(docx_entries(b"")[:2]))

    put("legacy.doc", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(
        (i * 73 + 11) & 0xFF for i in range(4096)))
    put("image.txt", png_bytes())
    text = contract_text().encode()
    cut = len(text) // 3
    put("invalid-utf8.txt", text[:cut] + b"\xff\xc0\x80" + text[cut:] + "契".encode()[:2])
    put("nul-in-text.txt", text.replace("。".encode(), "。\x00".encode(), 2) + b"\x00")
    put("utf16-odd.txt", b"\xff\xfe" + contract_text().encode("utf-16-le") + b"\x41")
    put("empty.txt", b"")
    if huge:
        # one 50 MB line without a sentence end: the segmenter must cut it, never hang
        unit = "乙は甲に対し本サービスを提供し、利用者データを適切に管理する、".encode()
        n = 50 * 1024 * 1024 // len(unit) + 1
        with open(os.path.join(outdir, "huge-line.txt"), "wb") as fp:
            for _ in range(n // 1024):
                fp.write(unit * 1024)
            fp.write(unit * (n % 1024))
        written.append("huge-line.txt")
    put("deep.html", ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>x</title>"
                      "</head><body>" + "<div>" * depth + "<p>深い。</p>" + "</div>" * depth
                      + "</body></html>").encode())
    return written


def main(argv):
    args = [a for a in argv[1:] if a != "--no-huge"]
    if len(args) != 1:
        sys.stderr.write("usage: gen_hostile.py [--no-huge] OUTDIR\n")
        return 2
    names = generate(args[0], huge="--no-huge" not in argv)
    print("%d hostile files written to %s" % (len(names), args[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
