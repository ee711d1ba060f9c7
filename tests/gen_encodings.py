#!/usr/bin/env python3
"""Writes encoded copies of the corpus documents, for the test that compares verdicts across
encodings.

    tests/gen_encodings.py OUTDIR [CORPUS_DIR]

For every CORPUS_DIR/*.txt (default: corpus/ next to this tests/ folder) it writes

    OUTDIR/shift_jis/NAME.txt     Shift_JIS, or CP932 when the text needs its extensions
    OUTDIR/euc_jp/NAME.txt        EUC-JP
    OUTDIR/iso2022_jp/NAME.txt    ISO-2022-JP
    OUTDIR/utf-16le-bom/NAME.txt  UTF-16LE with a BOM
    OUTDIR/utf-16be/NAME.txt      UTF-16BE without a BOM

Each copy must decode back to exactly the original text under the tables clauselint uses
(ICU's, which follow Microsoft's for the JIS rows: 0x8160 is U+FF5E, not U+301C). Python's
shift_jis, euc_jp and iso2022_jp codecs follow the JIS table for a few characters (〜 ‖ −
¢ £ ¬) and lack the NEC extensions (① ㈱), so a copy is checked against CP932 and, when the
Python codec cannot produce a faithful copy, derived from the CP932 bytes: JIS X 0208 row and
cell are the same in all three encodings, only their byte form differs. A document that cannot
be written faithfully in an encoding is skipped for that encoding, and the script says which
character stopped it. Generated files are build products: never commit them.
"""

import os
import sys


def first_bad(text, codec):
    """The first character of text that codec cannot encode, or None."""
    try:
        text.encode(codec)
        return None
    except UnicodeEncodeError as e:
        return text[e.start]


def sjis_pairs(data):
    """Splits Shift_JIS bytes into characters: (byte,) or (lead, trail)."""
    i = 0
    while i < len(data):
        b = data[i]
        if (0x81 <= b <= 0x9F or 0xE0 <= b <= 0xFC) and i + 1 < len(data):
            yield data[i:i + 2]
            i += 2
        else:
            yield data[i:i + 1]
            i += 1


def sjis_to_rowcell(lead, trail):
    """JIS X 0208 row and cell (1-based) of a Shift_JIS double-byte code."""
    row = ((lead - 0x81) if lead < 0xE0 else (lead - 0xC1)) * 2 + 1
    if trail >= 0x9F:
        return row + 1, trail - 0x9E
    return row, trail - (0x40 if trail > 0x7F else 0x3F)


def sjis_to_euc(data):
    """EUC-JP bytes for CP932 bytes, or (None, reason) for codes beyond row 94 (IBM extensions,
    user-defined area), which EUC-JP places elsewhere."""
    out = bytearray()
    for ch in sjis_pairs(data):
        if len(ch) == 1:
            b = ch[0]
            if 0xA1 <= b <= 0xDF:          # half-width katakana
                out += bytes((0x8E, b))
            else:
                out.append(b)
            continue
        row, cell = sjis_to_rowcell(ch[0], ch[1])
        if row > 94:
            return None, ch
        out += bytes((row + 0xA0, cell + 0xA0))
    return bytes(out), None


def euc_to_iso2022(data):
    """ISO-2022-JP bytes for EUC-JP bytes: JIS X 0208 in ESC $ B, half-width katakana in
    ESC ( I (accepted by ICU, outside RFC 1468), and back to ASCII before every line end and
    at the end."""
    out = bytearray()
    mode = b'B'
    i = 0

    def switch(to):
        nonlocal mode
        if mode != to:
            out.extend({b'B': b'\x1b(B', b'K': b'\x1b$B', b'I': b'\x1b(I'}[to])
            mode = to

    while i < len(data):
        b = data[i]
        if b == 0x8E:
            switch(b'I')
            out.append(data[i + 1] & 0x7F)
            i += 2
        elif b >= 0xA1:
            switch(b'K')
            out += bytes((b & 0x7F, data[i + 1] & 0x7F))
            i += 2
        else:
            switch(b'B')
            out.append(b)
            i += 1
    switch(b'B')
    return bytes(out)


def encode_sjis(text):
    """(bytes, label) or (None, reason)."""
    for codec in ('shift_jis', 'cp932'):
        try:
            data = text.encode(codec)
        except UnicodeEncodeError:
            continue
        if data.decode('cp932') == text:
            return data, codec
    bad = first_bad(text, 'cp932')
    if bad is None:  # encodes, but decodes to another character (JIS vs Microsoft table)
        bad = next(c for c in text if c.encode('cp932').decode('cp932') != c)
    return None, 'character %r (U+%04X)' % (bad, ord(bad))


def encode_euc(text, sjis):
    try:
        data = text.encode('euc_jp')
        back, _ = sjis_to_euc(sjis) if sjis else (None, None)
        # Python's euc_jp is faithful when it agrees with the CP932-derived bytes.
        if back is not None and back == data:
            return data, 'euc_jp'
    except UnicodeEncodeError:
        pass
    if sjis is None:
        return None, 'no faithful Shift_JIS form to derive it from'
    data, bad = sjis_to_euc(sjis)
    if data is None:
        ch = bad.decode('cp932')
        return None, 'character %r (U+%04X) has no JIS X 0208 row' % (ch, ord(ch))
    return data, 'derived from cp932'


def encode_iso2022(text, euc):
    try:
        data = text.encode('iso2022_jp')
        if euc is not None and data.decode('iso2022_jp') == text and \
                euc.decode('euc_jp', errors='replace') == text:
            return data, 'iso2022_jp'
    except UnicodeEncodeError:
        pass
    if euc is None:
        return None, 'no faithful EUC-JP form to derive it from'
    return euc_to_iso2022(euc), 'derived from euc-jp'


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write('usage: gen_encodings.py OUTDIR [CORPUS_DIR]\n')
        return 2
    outdir = argv[1]
    corpus = argv[2] if len(argv) == 3 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), '..', 'corpus')
    names = sorted(n for n in os.listdir(corpus) if n.endswith('.txt'))
    written = skipped = 0
    for name in names:
        with open(os.path.join(corpus, name), 'rb') as f:
            text = f.read().decode('utf-8')   # bytes, so line endings stay as they are
        if text.startswith('\ufeff'):
            text = text[1:]
        copies = {}
        sjis, how = encode_sjis(text)
        copies['shift_jis'] = (sjis, how)
        euc, how = encode_euc(text, sjis)
        copies['euc_jp'] = (euc, how)
        copies['iso2022_jp'] = encode_iso2022(text, euc)
        copies['utf-16le-bom'] = ('\ufeff'.encode('utf-16-le') + text.encode('utf-16-le'), '')
        copies['utf-16be'] = (text.encode('utf-16-be'), '')
        for enc, (data, how) in copies.items():
            if data is None:
                print('skip %s for %s: %s' % (name, enc, how))
                skipped += 1
                continue
            os.makedirs(os.path.join(outdir, enc), exist_ok=True)
            with open(os.path.join(outdir, enc, name), 'wb') as f:
                f.write(data)
            written += 1
            if how == 'cp932':
                print('%s: %s needs CP932 extensions' % (enc, name))
    print('wrote %d files, skipped %d' % (written, skipped))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
