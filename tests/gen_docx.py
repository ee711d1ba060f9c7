#!/usr/bin/env python3
"""Builds the Word fixtures test_docx reads: DOCX zips, Flat OPC, bare document.xml and Word
2003 XML, each from the readable XML written out below, plus the hostile files (zip bombs,
one with lying sizes, XXE, billion laughs, deep nesting, truncated and corrupt zips).

    gen_docx.py OUTDIR [--big-dir DIR] [--limits linter/src/cl_limits.h]

Only the standard library. Nothing generated here is committed: CMake runs this at build time
(tests/CMakeLists.txt, "docx fixtures" block). The two fixtures that inflate to hundreds of
megabytes (the entry-size and text-size limits) go to --big-dir (default OUTDIR-big), apart
from the others, which the fuzz replay also reads; they are sized from cl_limits.h so that
the tests follow the limits.
"""
import argparse
import os
import shutil
import re
import struct
import sys
import zipfile
import zlib

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'mc:Ignorable="w14"'
)
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def document(body):
    return f'{DECL}<w:document {NS}><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'


def run(text, rpr=""):
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def para(text="", ppr="", runs=None):
    inner = runs if runs is not None else (run(text) if text else "")
    return f"<w:p>{ppr}{inner}</w:p>"


def numpr(num_id, ilvl=0):
    return f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'


def notes(kind, items):
    """footnotes.xml / endnotes.xml with Word's two separator notes first."""
    tag = kind[:-1]
    seps = (
        f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
        f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{tag}>'
    )
    body = "".join(
        f'<w:{tag} w:id="{i + 1}"><w:p><w:r><w:{tag}Ref/></w:r>{run(" " + t)}</w:p></w:{tag}>'
        for i, t in enumerate(items)
    )
    return f"{DECL}<w:{kind} {NS}>{seps}{body}</w:{kind}>"


CONTENT_TYPES = (
    DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def rels(*targets):
    """A .rels part: (type, target) pairs, types as the last segment of Word's URIs."""
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    items = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{base}{t}" Target="{target}"{mode}/>'
        for i, (t, target, mode) in enumerate((t + ("",))[:3] for t in targets)
    )
    return DECL + f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{items}</Relationships>'


def docx(path, doc_xml, extra=None, compression=zipfile.ZIP_DEFLATED, main="word/document.xml",
         root_rels=ROOT_RELS):
    with zipfile.ZipFile(path, "w", compression) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", root_rels)
        z.writestr(main, doc_xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)


def write(path, data):
    with open(path, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)


# ---- constructs ---------------------------------------------------------------------------

RUNS = document(
    '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="840"/></w:tabs></w:pPr>'
    + run("本サー")
    + run("ビス", "<w:rPr><w:b/></w:rPr>")
    + run("の終了 ")
    + '<w:proofErr w:type="spellStart"/>'
    + run("時")
    + "</w:p>"
)

BREAKS = document(
    "<w:p>"
    + '<w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t><w:cr/><w:t>D</w:t></w:r>'
    + "<w:r><w:t>E</w:t><w:noBreakHyphen/><w:t>F</w:t><w:softHyphen/><w:t>G</w:t></w:r>"
    + '<w:r><w:sym w:font="Symbol" w:char="F061"/><w:sym w:font="MS Mincho" w:char="2460"/></w:r>'
    + '<w:r><w:br w:type="page"/></w:r><w:r><w:lastRenderedPageBreak/><w:t>H</w:t></w:r>'
    + "</w:p>"
)

HYPERLINK = document(
    "<w:p>"
    + run("詳細は")
    + '<w:hyperlink r:id="rId9" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>利用規約</w:t></w:r></w:hyperlink>'
    + run("を参照。")
    + "</w:p>"
)

SDT = document(
    '<w:sdt><w:sdtPr><w:alias w:val="契約者名"/><w:placeholder><w:docPart w:val="DefaultPlaceholder"/></w:placeholder>'
    '<w:text/></w:sdtPr><w:sdtEndPr/><w:sdtContent>'
    + para("ブロックの内容")
    + "</w:sdtContent></w:sdt>"
    + "<w:p>"
    + run("甲は")
    + '<w:sdt><w:sdtPr><w:alias w:val="社名"/></w:sdtPr><w:sdtContent>'
    + run("株式会社ABC")
    + "</w:sdtContent></w:sdt>"
    + run("とする。")
    + '<w:smartTag w:uri="urn:x" w:element="place">'
    + run("鎌倉")
    + "</w:smartTag></w:p>"
)

FIELDS = document(
    # simple field: its runs are the result
    "<w:p>"
    + run("頁")
    + '<w:fldSimple w:instr=" PAGE \\* MERGEFORMAT ">'
    + run("3")
    + "</w:fldSimple></w:p>"
    # complex field: the instruction goes, the result stays
    + "<w:p>"
    + run("前条（")
    + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    + '<w:r><w:instrText xml:space="preserve"> REF _Ref123 \\h </w:instrText></w:r>'
    + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    + run("第5条")
    + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    + run("）による")
    + "</w:p>"
    # nested: IF { REF } → only the outer result
    + "<w:p>"
    + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    + '<w:r><w:instrText> IF </w:instrText></w:r>'
    + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    + '<w:r><w:instrText> REF x </w:instrText></w:r>'
    + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    + run("INNER")
    + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    + '<w:r><w:instrText> = 1 "yes" "no" </w:instrText></w:r>'
    + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    + run("結果")
    + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    + "</w:p>"
    # a field with no result (an index entry) shows nothing
    + "<w:p>"
    + run("索引")
    + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> XE "HIDDEN" </w:instrText></w:r>'
    + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    + run("あり")
    + "</w:p>"
)

TEXTBOX_BODY = para("箱の中の文")
TEXTBOX = document(
    "<w:p>"
    + run("前")
    + "<w:r><mc:AlternateContent>"
    + '<mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" name="Text Box 1"/>'
    + '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    + f"<wps:wsp><wps:txbx><w:txbxContent>{TEXTBOX_BODY}</w:txbxContent></wps:txbx></wps:wsp>"
    + "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    + f'<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{TEXTBOX_BODY}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
    + "</mc:AlternateContent></w:r>"
    + run("後")
    + "</w:p>"
    + para("次の段落")
    # an old-style VML text box with no AlternateContent is read too
    + "<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>"
    + para("VMLの箱")
    + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
)


def cell(inner):
    return f'<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>{inner}</w:tc>'


def table(rows):
    return (
        '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>'
        + "".join(f"<w:tr><w:trPr/>{''.join(cell(c) for c in r)}</w:tr>" for r in rows)
        + "</w:tbl>"
    )


TABLE = document(
    para("前文")
    + table([[para("A1"), para("B1")], [para("A2"), para("B2") + table([[para("N1"), para("N2")]]) + para("B2後")]])
    + para("後文")
)

NOTES_DOC = document(
    "<w:p>"
    + run("本文")
    + '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
    + '<w:r><w:endnoteReference w:id="1"/></w:r>'
    + "</w:p>"
    + para("本文2")
)
FOOTNOTES = notes("footnotes", ["脚注の本文"])
ENDNOTES = notes("endnotes", ["文末脚注の本文"])

COMMENTS_DOC = document(
    "<w:p>"
    + '<w:commentRangeStart w:id="0"/>'
    + run("注釈のある文")
    + '<w:commentRangeEnd w:id="0"/>'
    + '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r>'
    + "</w:p>"
)
COMMENTS = (
    f'{DECL}<w:comments {NS}><w:comment w:id="0" w:author="x"><w:p><w:r><w:annotationRef/></w:r>'
    + run("COMMENT TEXT")
    + "</w:p></w:comment></w:comments>"
)

REVISIONS = document(
    "<w:p><w:pPr><w:rPr><w:ins w:id=\"9\" w:author=\"mark\" w:date=\"2024-01-01T00:00:00Z\"/></w:rPr></w:pPr>"
    + run("当社は")
    + '<w:ins w:id="1" w:author="山田" w:date="2024-05-01T00:00:00Z">'
    + run("30日前までに")
    + "</w:ins>"
    + '<w:del w:id="2" w:author="佐藤" w:date="2024-05-01T00:00:00Z"><w:r><w:delText>直ちに</w:delText></w:r></w:del>'
    + run("通知する。")
    + "</w:p>"
    + "<w:p>"
    + '<w:moveFrom w:id="3" w:author="鈴木"><w:r><w:delText>旧位置</w:delText></w:r></w:moveFrom>'
    + run("本文")
    + '<w:moveTo w:id="4" w:author="鈴木">'
    + run("新位置")
    + "</w:moveTo></w:p>"
)


def lvl(ilvl, fmt, text, start=1, extra=""):
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>{extra}'
        '<w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr></w:lvl>'
    )


NUMBERING = (
    f"{DECL}<w:numbering {NS}>"
    # 0: 条 / 項 / 号
    + '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>'
    + lvl(0, "decimal", "第%1条")
    + lvl(1, "decimalFullWidth", "%2")
    + lvl(2, "decimal", "（%3）")
    + "</w:abstractNum>"
    + '<w:abstractNum w:abstractNumId="1">' + lvl(0, "decimalEnclosedCircle", "%1") + "</w:abstractNum>"
    + '<w:abstractNum w:abstractNumId="2">' + lvl(0, "japaneseCounting", "%1") + "</w:abstractNum>"
    + '<w:abstractNum w:abstractNumId="3">' + lvl(0, "aiueoFullWidth", "（%1）") + "</w:abstractNum>"
    + '<w:abstractNum w:abstractNumId="4">' + lvl(0, "bullet", "\uf0b7") + "</w:abstractNum>"
    # 5: a Word 2010 custom format in AlternateContent: the Fallback is what we can read
    + '<w:abstractNum w:abstractNumId="5"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    + '<mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice>'
    + '<mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent>'
    + '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
    # 6: legal numbering: %1.%2 with isLgl on level 1
    + '<w:abstractNum w:abstractNumId="6">'
    + lvl(0, "upperRoman", "%1.")
    + lvl(1, "lowerLetter", "%1.%2", extra="<w:isLgl/>")
    + "</w:abstractNum>"
    + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    + '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    + '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>'
    + '<w:num w:numId="4"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride></w:num>'
    + '<w:num w:numId="5"><w:abstractNumId w:val="4"/></w:num>'
    + '<w:num w:numId="6"><w:abstractNumId w:val="3"/></w:num>'
    + '<w:num w:numId="7"><w:abstractNumId w:val="5"/></w:num>'
    + '<w:num w:numId="8"><w:abstractNumId w:val="6"/></w:num>'
    + '<w:num w:numId="9"><w:abstractNumId w:val="0"/></w:num>'
    + "</w:numbering>"
)

NUMBERING_DOC = document(
    para("目的", numpr(1, 0))
    + para("本規約は定める。", numpr(1, 1))
    + para("利用者は守る。", numpr(1, 1))
    + para("一号", numpr(1, 2))
    + para("二号", numpr(1, 2))
    + para("定義", numpr(1, 0))
    + para("項の一", numpr(1, 1))
    + para("号の一", numpr(1, 2))
    + para("丸一", numpr(2))
    + para("丸二", numpr(2))
    + "".join(para(f"漢{i}", numpr(3)) for i in range(1, 13))
    + para("十条", numpr(4, 0))
    + para("十一条", numpr(4, 0))
    + para("共有", numpr(9, 0))  # num 9 shares abstract 0 with num 1: continues at 第3条
    + para("点", numpr(5))
    + para("番号なし", numpr(0))
    + para("ア段", numpr(6))
    + para("イ段", numpr(6))
    + para("零", numpr(7))
    + para("ローマ", numpr(8, 0))
    + para("法", numpr(8, 1))
)

STYLES = (
    f"{DECL}<w:styles {NS}>"
    + '<w:docDefaults><w:rPrDefault><w:rPr/></w:rPrDefault></w:docDefaults>'
    + '<w:latentStyles w:defLockedState="0"><w:lsdException w:name="Normal"/></w:latentStyles>'
    + '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>'
    + '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>'
    + '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>'
    + '<w:style w:type="paragraph" w:styleId="Article"><w:name w:val="Article"/><w:basedOn w:val="1"/></w:style>'
    + '<w:style w:type="paragraph" w:styleId="Clause"><w:name w:val="Clause"/><w:basedOn w:val="a"/>'
    + '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    + '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:u w:val="single"/></w:rPr></w:style>'
    + "</w:styles>"
)
STYLE_NUMBERING = (
    f"{DECL}<w:numbering {NS}>"
    + '<w:abstractNum w:abstractNumId="0">'
    + lvl(0, "decimal", "第%1条", extra='<w:pStyle w:val="1"/>')
    + lvl(1, "decimalFullWidth", "%2")
    + "</w:abstractNum>"
    + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    + "</w:numbering>"
)
STYLE_DOC = document(
    para("総則", '<w:pPr><w:pStyle w:val="Article"/></w:pPr>')
    + para("本文は番号なし")
    + para("第一項", '<w:pPr><w:pStyle w:val="Clause"/></w:pPr>')
    + para("第二項", '<w:pPr><w:pStyle w:val="Clause"/></w:pPr>')
    + para("定義", '<w:pPr><w:pStyle w:val="1"/></w:pPr>')
    + para("番号を外した見出し", '<w:pPr><w:pStyle w:val="Article"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr>')
    + para("直接の階層", '<w:pPr><w:pStyle w:val="Article"/><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr>')
)


def strip_decl(xml):
    return xml[len(DECL):] if xml.startswith(DECL) else xml


def flat_opc(parts):
    """Word's 'XML Document' format: every part inline in one pkg:package."""
    out = [DECL, '<?mso-application progid="Word.Document"?>\n',
           '<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">']
    for name, xml in parts:
        if name.endswith(".rels"):
            ct = "application/vnd.openxmlformats-package.relationships+xml"
        else:
            ct = "application/vnd.openxmlformats-officedocument.wordprocessingml." + {
                "/word/document.xml": "document.main+xml",
                "/word/numbering.xml": "numbering+xml",
                "/word/styles.xml": "styles+xml",
                "/word/footnotes.xml": "footnotes+xml",
                "/word/endnotes.xml": "endnotes+xml",
            }.get(name, "other+xml")
        out.append(f'<pkg:part pkg:name="{name}" pkg:contentType="{ct}"><pkg:xmlData>{strip_decl(xml)}</pkg:xmlData></pkg:part>')
    out.append('<pkg:part pkg:name="/docProps/thumbnail.emf" pkg:contentType="image/x-emf" pkg:compression="store"><pkg:binaryData>AQAAAGwAAAA=</pkg:binaryData></pkg:part>')
    out.append("</pkg:package>")
    return "".join(out)


FLAT_DOC = document(
    para("目的", numpr(1, 0))
    + "<w:p>" + run("本文") + '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
    + para("定義", numpr(1, 0))
)
FLAT = flat_opc([
    ("/_rels/.rels", ROOT_RELS),
    ("/word/document.xml", FLAT_DOC),  # Word writes the body first, definitions after
    ("/word/footnotes.xml", notes("footnotes", ["フラットの脚注"])),
    ("/word/styles.xml", STYLES),
    ("/word/numbering.xml", NUMBERING),
    ("/word/endnotes.xml", notes("endnotes", ["フラットの文末脚注"])),
])

BARE = document(para("第1条（目的）") + para("本規約は、サービスの利用条件を定める。"))

W2003 = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<?mso-application progid="Word.Document"?>\n'
    '<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml" '
    'xmlns:wx="http://schemas.microsoft.com/office/word/2003/auxHint" '
    'xmlns:aml="http://schemas.microsoft.com/aml/2001/core" '
    'xmlns:v="urn:schemas-microsoft-com:vml" w:macrosPresent="no">'
    '<w:fonts><w:font w:name="ＭＳ 明朝"/></w:fonts>'
    '<w:lists><w:listDef w:listDefId="0"><w:lvl w:ilvl="0"><w:lvlText w:val="第%1条"/></w:lvl></w:listDef>'
    '<w:list w:ilfo="1"><w:ilst w:val="0"/></w:list></w:lists>'
    '<w:styles><w:style w:type="paragraph" w:styleId="a"><w:name w:val="Normal"/></w:style></w:styles>'
    '<w:docPr><w:footnotePr><w:footnote w:type="separator"><w:p><w:r><w:separator/></w:r></w:p></w:footnote></w:footnotePr></w:docPr>'
    "<w:body><wx:sect>"
    '<w:p><w:pPr><w:listPr><w:ilvl w:val="0"/><w:ilfo w:val="1"/><wx:t wx:val="第1条" wx:wTabBefore="0"/><wx:font wx:val="Century"/></w:listPr></w:pPr>'
    "<w:r><w:t>目的</w:t></w:r></w:p>"
    '<w:p><w:pPr><w:listPr><wx:t wx:val="・"/></w:listPr></w:pPr><w:r><w:t>箇条書き</w:t></w:r></w:p>'
    "<w:p><w:r><w:t>甲は</w:t></w:r>"
    '<aml:annotation aml:id="0" w:type="Word.Insertion" aml:author="山田"><aml:content><w:r><w:t>必ず</w:t></w:r></aml:content></aml:annotation>'
    '<aml:annotation aml:id="1" w:type="Word.Deletion" aml:author="佐藤"><aml:content><w:r><w:delText>なるべく</w:delText></w:r></aml:content></aml:annotation>'
    "<w:r><w:t>通知する。</w:t><w:tab/><w:t>末尾</w:t></w:r>"
    '<w:r><w:footnote><w:p><w:r><w:t>二〇〇三の脚注</w:t></w:r></w:p></w:footnote></w:r></w:p>'
    '<w:p><aml:annotation aml:id="2" w:type="Word.Comment" aml:author="x"><aml:content><w:p><w:r><w:t>COMMENT</w:t></w:r></w:p></aml:content></aml:annotation>'
    "<w:r><w:t>コメント付き</w:t></w:r></w:p>"
    "<w:tbl><w:tblPr/><w:tr><w:tc><w:p><w:r><w:t>セル</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    "<w:sectPr/></wx:sect></w:body></w:wordDocument>"
)

# ---- hostile ------------------------------------------------------------------------------

XXE_FILE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>'
)
XXE_HTTP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE w:document SYSTEM "http://127.0.0.1:9/evil.dtd">\n'
    f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&ext;</w:t></w:r></w:p></w:body></w:document>'
)
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">\n' for i in range(1, 10)
    )
    + f']>\n<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
)


def deep(n):
    return f'{DECL}<w:document xmlns:w="{W}"><w:body>' + "<w:sdt>" * n + "</w:sdt>" * n + "</w:body></w:document>"


def zip_entry_stream(path, name, chunks, level=6):
    """Writes one deflated entry from an iterator of byte chunks (memory stays small)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        with z.open(name, "w", force_zip64=True) as f:
            for c in chunks:
                f.write(c)


def bomb_chunks(total):
    """Well-formed-so-far XML: a paragraph of empty runs, very compressible."""
    head = (DECL + f'<w:document xmlns:w="{W}"><w:body><w:p>').encode()
    yield head
    block = b"<w:r/>" * 100000
    n = len(head)
    while n < total:
        yield block
        n += len(block)


def big_chunks(total):
    """Compresses about 65:1 (long repeats broken by a pseudo-random token every 2 KB), so only
    the entry-size limit, not the ratio, can stop it. The filler sits in 1 MB comments: few
    nodes, so the readers (and the fuzz replay over these fixtures) get through it quickly."""
    head = (DECL + f'<w:document xmlns:w="{W}"><w:body><w:p>').encode()
    yield head
    n = len(head)
    x = 12345
    unit = b'<w:r><w:rPr><w:lang w:val="ja-JP"/></w:rPr></w:r>' * 40
    while n < total:
        parts = [b"<!--"]
        for _ in range(512):
            x = (x * 1103515245 + 12345) & 0x7FFFFFFF
            parts.append(unit)
            parts.append(b"%d" % x)
        parts.append(b"-->")
        block = b"".join(parts)
        yield block
        n += len(block)


def text_chunks(total):
    """Paragraphs of real text, about 80:1 compressed: the text limit, not the zip limits,
    must stop it."""
    head = (DECL + f'<w:document xmlns:w="{W}"><w:body>').encode()
    yield head
    n = len(head)
    x = 777
    sentence = "当社は、本サービスの終了の九十日前までに利用者に通知する。".encode() * 12
    while n < total:
        parts = []
        for _ in range(256):
            x = (x * 1103515245 + 12345) & 0x7FFFFFFF
            parts.append(b"<w:p><w:r><w:t>" + sentence + b"%d</w:t></w:r></w:p>" % x)
        block = b"".join(parts)
        yield block
        n += len(block)


def lie_about_size(path, name, fake):
    """Patches the uncompressed size in the local header and the central directory."""
    data = bytearray(open(path, "rb").read())
    bname = name.encode()
    # local header: signature, then uncompressed size at +22, name length at +26
    i = 0
    while True:
        i = data.find(b"PK\x03\x04", i)
        if i < 0:
            break
        nlen = struct.unpack_from("<H", data, i + 26)[0]
        if data[i + 30:i + 30 + nlen] == bname:
            if struct.unpack_from("<I", data, i + 22)[0] != 0xFFFFFFFF:
                struct.pack_into("<I", data, i + 22, fake)
            else:  # zip64: the size is in the extra field (header id, length, size, …)
                struct.pack_into("<Q", data, i + 30 + nlen + 4, fake)
        i += 4
    i = 0
    while True:
        i = data.find(b"PK\x01\x02", i)
        if i < 0:
            break
        nlen = struct.unpack_from("<H", data, i + 28)[0]
        if data[i + 46:i + 46 + nlen] == bname:
            if struct.unpack_from("<I", data, i + 24)[0] != 0xFFFFFFFF:
                struct.pack_into("<I", data, i + 24, fake)
            else:
                struct.pack_into("<Q", data, i + 46 + nlen + 4, fake)
        i += 4
    open(path, "wb").write(bytes(data))


def limit(limits_h, name, default):
    """A CL_MAX_* value from cl_limits.h (an expression such as (256u * 1024u * 1024u))."""
    try:
        text = open(limits_h, encoding="utf-8").read()
        m = re.search(r"#define\s+" + name + r"\s+(.+)", text)
        expr = re.sub(r"(\d+)[uUlL]+", r"\1", m.group(1)).strip()
        if re.fullmatch(r"[\d\s()*+]+", expr):
            return int(eval(expr))  # only digits, spaces, parentheses, * and +
    except (OSError, TypeError, AttributeError, ValueError):
        pass
    return default


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--big-dir", help="where the two huge fixtures go (default OUTDIR-big)")
    ap.add_argument("--limits", help="cl_limits.h, to size the huge fixtures")
    ap.add_argument("--big", type=int, metavar="MB",
                    help="only write big.docx: a realistic document.xml of about MB megabytes")
    args = ap.parse_args()
    out = args.outdir
    os.makedirs(out, exist_ok=True)

    def P(name):
        return os.path.join(out, name)

    if args.big:
        body = []
        size = 0
        i = 0
        while size < args.big * 1024 * 1024:
            i += 1
            chunk = (para(f"第{i}条（定義）", numpr(1, 0))
                     + para("本規約において、当社とは本サービスを提供する事業者をいい、利用者とは本規約に同意した者をいう。" * 2, numpr(1, 1))
                     + para("当社は、本サービスの終了の90日前までに利用者に通知する。", numpr(1, 1)))
            body.append(chunk)
            size += len(chunk.encode())
        docx(P("big.docx"), document("".join(body)), {"word/numbering.xml": NUMBERING})
        return 0

    docx(P("runs.docx"), RUNS)
    docx(P("breaks.docx"), BREAKS)
    docx(P("hyperlink.docx"), HYPERLINK)
    docx(P("sdt.docx"), SDT)
    docx(P("fields.docx"), FIELDS)
    docx(P("textbox.docx"), TEXTBOX)
    docx(P("table.docx"), TABLE)
    docx(P("notes.docx"), NOTES_DOC, {"word/footnotes.xml": FOOTNOTES, "word/endnotes.xml": ENDNOTES})
    docx(P("comments.docx"), COMMENTS_DOC, {"word/comments.xml": COMMENTS})
    docx(P("revisions.docx"), REVISIONS)
    docx(P("numbering.docx"), NUMBERING_DOC, {"word/numbering.xml": NUMBERING})
    docx(P("stylenum.docx"), STYLE_DOC, {"word/styles.xml": STYLES, "word/numbering.xml": STYLE_NUMBERING})
    docx(P("stored.docx"), BARE, compression=zipfile.ZIP_STORED)
    # the main part is found through _rels/.rels, the others through its own .rels
    docx(P("related.docx"), FLAT_DOC, {
        "word/_rels/document2.xml.rels": rels(
            ("hyperlink", "http://example.com/", ' TargetMode="External"'),
            ("numbering", "lists/num.xml"),
            ("footnotes", "../word/./notes/fn.xml"),
            ("styles", "/word/st.xml")),
        "word/lists/num.xml": NUMBERING,
        "word/notes/fn.xml": notes("footnotes", ["関係の脚注"]),
        "word/st.xml": STYLES,
        "word/numbering.xml": "<not-read/>",
    }, main="word/document2.xml", root_rels=rels(("officeDocument", "word/document2.xml")))
    write(P("flat.xml"), FLAT)
    write(P("bare.xml"), BARE)
    write(P("word2003.xml"), W2003)

    # hostile
    docx(P("xxe_file.docx"), XXE_FILE)
    docx(P("xxe_http.docx"), XXE_HTTP)
    docx(P("laughs.docx"), LAUGHS)
    write(P("laughs.xml"), LAUGHS)
    docx(P("deep.docx"), deep(100000))
    write(P("deep.xml"), deep(100000))
    zip_entry_stream(P("bomb.docx"), "word/document.xml", bomb_chunks(64 * 1024 * 1024), level=9)
    zip_entry_stream(P("bomb_lying.docx"), "word/document.xml", bomb_chunks(64 * 1024 * 1024), level=9)
    lie_about_size(P("bomb_lying.docx"), "word/document.xml", 4096)
    big = args.big_dir or out.rstrip("/") + "-big"
    os.makedirs(big, exist_ok=True)
    entry_max = limit(args.limits, "CL_MAX_ZIP_ENTRY_BYTES", 256 << 20)
    text_max = limit(args.limits, "CL_MAX_TEXT_BYTES", 128 << 20)
    zip_entry_stream(os.path.join(big, "big_entry.docx"), "word/document.xml",
                     big_chunks(entry_max + (1 << 20)), level=1)
    # the honest copy is refused on its declared size; the lying one only by counting output
    shutil.copyfile(os.path.join(big, "big_entry.docx"), os.path.join(big, "big_entry_declared.docx"))
    lie_about_size(os.path.join(big, "big_entry.docx"), "word/document.xml", 4096)
    zip_entry_stream(os.path.join(big, "big_text.docx"), "word/document.xml",
                     text_chunks(text_max + (4 << 20)), level=6)
    with zipfile.ZipFile(P("nodoc.docx"), "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/other.xml", BARE)
    whole = open(P("numbering.docx"), "rb").read()
    write(P("truncated.docx"), whole[: len(whole) // 2])
    # corrupt: flip bytes inside document.xml's compressed data, headers intact
    docx(P("corrupt.docx"), document(para("壊れた圧縮データ" * 200)))
    data = bytearray(open(P("corrupt.docx"), "rb").read())
    i = data.find(b"word/document.xml") + len("word/document.xml") + 40
    for k in range(i, i + 64):
        data[k] ^= 0x5A
    write(P("corrupt.docx"), bytes(data))
    write(P("stamp"), "ok\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
