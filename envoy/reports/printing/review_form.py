"""The review form (出國報告審核表) printed as PDF (Typst, ``review_form.typ``) and ODT
(odfdo), in the national form's layout: the report's particulars and the ten items in one
bordered table — 審核項目, 出國人員自評, 審核意見 — then the three signature blocks.

Both are filled from :func:`sheet_data`, plain strings in the document's own language
(the form is an official document, printed in Chinese whatever the reader's language: the
caller renders under the site's language). A ticked box prints ■, an empty one □; items 6–10
have no self-check (—).
"""

from __future__ import annotations

import io
from pathlib import Path

from odfdo import Document, Element, Paragraph

from envoy.core.lib.rocdates import format_roc_long
from envoy.core.lib.text import clean_strings

from . import common

TEMPLATE = Path(__file__).with_name("review_form.typ")
HEADING = "出國報告審核表"
COLUMNS = ["審核項目", "出國人員自評", "審核意見"]
TICKED, UNTICKED, NOT_ASKED = "■", "□", "—"
NOTES = [
    "說明：",
    "一、各機關可依本審核表，就出國報告內容逐項審核。",
    "二、出國人員 2 人以上者，得以 1 人為代表簽章。",
    "三、「系統檢查」為 Envoy 依報告內容自動檢查之結果，供審核參考。",
]


def _box(value: bool | None) -> str:
    if value is None:
        return NOT_ASKED
    return TICKED if value else UNTICKED


def _date(value) -> str:
    return format_roc_long(value) if value else ""


def sheet_data(sheet) -> dict:
    """The review form (``review.ReviewSheet``) as the printers take it: strings only."""
    traveller = sheet.traveller
    if traveller and sheet.traveller_title:
        traveller = f"{traveller}（{sheet.traveller_title}）"
    if sheet.travellers > 1:
        traveller += f"等 {sheet.travellers} 人"
    head = [
        ("出國報告名稱", sheet.title),
        ("出國人員", traveller),
        ("服務單位", sheet.traveller_unit),
        ("出國類別", sheet.category),
        ("出國期間", sheet.period),
        ("報告繳交日期", _date(sheet.submitted_on)),
    ]
    items = [
        {
            "number": str(item.number),
            "text": item.text,
            "options": [f"{_box(o.ticked)} {o.label}" for o in item.options],
            "words": [line for line in item.words.splitlines() if line.strip()],
            "note": f"系統檢查：{item.note}" if item.note else "",
            "self": _box(item.self_ticked),
            "reviewer": _box(item.ticked),
        }
        for item in sheet.items
    ]
    signatures = [
        {
            "label": f"{s.label}簽章",
            "lines": [line for line in (s.name, s.title, _date(s.date)) if line],
        }
        for s in sheet.signatures
    ]
    return clean_strings(
        {
            "heading": HEADING,
            "title": sheet.title,
            "head": [
                {"label": label, "lines": (value or "").splitlines() or [""]}
                for label, value in head
            ],
            "columns": COLUMNS,
            "items": items,
            "signatures": signatures,
            "notes": NOTES,
        }
    )


def render_review_pdf(data: dict) -> bytes:
    """The review form as a PDF file (A4)."""
    from .pdf import body_fonts, compile_pdf

    return compile_pdf(TEMPLATE, {**data, "fonts": body_fonts()})


# ----- ODT -----

_CELL = "ReviewCell"
_HEAD_CELL = "ReviewHead"
ODT_STYLES = [
    '<style:style style:name="ReviewTable" style:family="table"><style:table-properties '
    'style:width="17cm" table:align="margins"/></style:style>',
    '<style:style style:name="ReviewTable.A" style:family="table-column">'
    '<style:table-column-properties style:column-width="3.2cm"/></style:style>',
    '<style:style style:name="ReviewTable.B" style:family="table-column">'
    '<style:table-column-properties style:column-width="9.4cm"/></style:style>',
    '<style:style style:name="ReviewTable.C" style:family="table-column">'
    '<style:table-column-properties style:column-width="2.2cm"/></style:style>',
    '<style:style style:name="SignTable.A" style:family="table-column">'
    '<style:table-column-properties style:column-width="5.66cm"/></style:style>',
    f'<style:style style:name="{_CELL}" style:family="table-cell">'
    '<style:table-cell-properties fo:padding="0.12cm" fo:border="0.5pt solid #000000" '
    'style:vertical-align="middle"/></style:style>',
    f'<style:style style:name="{_HEAD_CELL}" style:family="table-cell">'
    '<style:table-cell-properties fo:padding="0.12cm" fo:border="0.5pt solid #000000" '
    'fo:background-color="#e6e6e6" style:vertical-align="middle"/></style:style>',
    '<style:style style:name="SignRow" style:family="table-row">'
    '<style:table-row-properties style:min-row-height="3cm"/></style:style>',
]
_PARAGRAPH_STYLES = [
    '<style:style style:name="ReviewTitle" style:family="paragraph">'
    '<style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.4cm"/>'
    f'<style:text-properties style:font-family-asian="{common.KAI_FONT}" '
    'fo:font-size="20pt" style:font-size-asian="20pt" fo:font-weight="bold" '
    'style:font-weight-asian="bold"/></style:style>',
    '<style:style style:name="ReviewText" style:family="paragraph">'
    f'<style:text-properties style:font-family-asian="{common.KAI_FONT}" '
    'fo:font-size="12pt" style:font-size-asian="12pt"/></style:style>',
    '<style:style style:name="ReviewCentre" style:family="paragraph" '
    'style:parent-style-name="ReviewText">'
    '<style:paragraph-properties fo:text-align="center"/></style:style>',
    '<style:style style:name="ReviewNote" style:family="paragraph" '
    'style:parent-style-name="ReviewText">'
    '<style:text-properties fo:font-size="9.5pt" style:font-size-asian="9.5pt" '
    'fo:color="#555555"/></style:style>',
]


def _cell(
    lines: list[str],
    *,
    style: str = _CELL,
    paragraph: str = "ReviewText",
    span: int = 1,
    note: str = "",
) -> Element:
    attrs = f' table:number-columns-spanned="{span}"' if span > 1 else ""
    cell = Element.from_tag(
        f'<table:table-cell table:style-name="{style}" office:value-type="string"{attrs}/>'
    )
    for line in lines or [""]:
        cell.append(Paragraph(line, style=paragraph))
    if note:
        cell.append(Paragraph(note, style="ReviewNote"))
    return cell


def _row(cells: list[Element], *, style: str = "") -> Element:
    attrs = f' table:style-name="{style}"' if style else ""
    row = Element.from_tag(f"<table:table-row{attrs}/>")
    for cell in cells:
        row.append(cell)
        span = int(cell.get_attribute("table:number-columns-spanned") or 1)
        for _n in range(span - 1):
            row.append(Element.from_tag("<table:covered-table-cell/>"))
    return row


def _table(name: str, columns: list[str]) -> Element:
    table = Element.from_tag(f'<table:table table:name="{name}" table:style-name="ReviewTable"/>')
    for column in columns:
        table.append(Element.from_tag(f'<table:table-column table:style-name="{column}"/>'))
    return table


def render_review_odt(data: dict) -> bytes:
    """The review form as an ODF text document (.odt)."""
    odf = Document("text")
    for paragraph in odf.body.get_elements("text:p"):
        odf.body.delete(paragraph)
    for style in _PARAGRAPH_STYLES:
        odf.insert_style(style)
    for style in ODT_STYLES:
        odf.insert_style(style, automatic=True)
    odf.meta.title = f"{data['heading']}：{data['title']}"
    odf.meta.language = "zh-TW"
    body = odf.body
    body.append(Paragraph(data["heading"], style="ReviewTitle"))

    table = _table("審核表", ["ReviewTable.A", "ReviewTable.B", "ReviewTable.C", "ReviewTable.C"])
    for row in data["head"]:
        table.append(_row([_cell([row["label"]]), _cell(row["lines"], span=3)]))
    head = data["columns"]
    table.append(
        _row(
            [
                _cell([head[0]], style=_HEAD_CELL, paragraph="ReviewCentre", span=2),
                _cell([head[1]], style=_HEAD_CELL, paragraph="ReviewCentre"),
                _cell([head[2]], style=_HEAD_CELL, paragraph="ReviewCentre"),
            ]
        )
    )
    for item in data["items"]:
        lines = [f"{item['number']}. {item['text']}"]
        if item["options"]:
            lines += item["options"]
        lines += item["words"]
        table.append(
            _row(
                [
                    _cell(lines, span=2, note=item["note"]),
                    _cell([item["self"]], paragraph="ReviewCentre"),
                    _cell([item["reviewer"]], paragraph="ReviewCentre"),
                ]
            )
        )
    body.append(table)
    body.append(Paragraph("", style="ReviewText"))

    signs = _table("簽章", ["SignTable.A"] * 3)
    signs.append(
        _row(
            [
                _cell([s["label"]], style=_HEAD_CELL, paragraph="ReviewCentre")
                for s in data["signatures"]
            ]
        )
    )
    signs.append(
        _row(
            [_cell(s["lines"], paragraph="ReviewCentre") for s in data["signatures"]],
            style="SignRow",
        )
    )
    body.append(signs)
    body.append(Paragraph("", style="ReviewText"))
    for line in data["notes"]:
        body.append(Paragraph(line, style="ReviewText"))
    out = io.BytesIO()
    odf.save(out)
    return out.getvalue()


def render_review(data: dict, fmt: str) -> bytes:
    if fmt == "pdf":
        return render_review_pdf(data)
    if fmt == "odt":
        return render_review_odt(data)
    raise ValueError(f"unknown format {fmt!r}")
