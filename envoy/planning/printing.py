"""The trip plan printed (出國計畫書) as PDF (Typst, ``plan.typ``), ODT (odfdo) and DOCX
(python-docx), in the layout bureaus submit: the plan's particulars in one bordered table
(計畫名稱, 出國類別, 出國期間, 前往國家及城市, 出國目的, 預定拜會對象及會議, 預期效益),
then the travellers (姓名, 服務機關及單位, 職稱, 官職等), the planned itinerary, the budget
(經費概算) with its total and the budget head it is paid from, and the sign-off (承辦,
送審, 核定) read from the plan's workflow.

All three are filled from :func:`plan_data`, plain strings in the document's language (an
official document is printed in Chinese whatever the reader's language)."""

import io
from pathlib import Path

import docx
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.timezone import localtime
from docx.shared import Pt
from odfdo import Cell, Document, Paragraph, Row, Table

from envoy.core.lib.numbers import thousands
from envoy.core.lib.places import country_names
from envoy.core.lib.punctuation import join_list
from envoy.core.lib.rocdates import format_roc_long, format_roc_span
from envoy.core.lib.text import clean_strings

from .enums import BudgetKind, PlanStatus
from .models import TripPlan

TEMPLATE = Path(__file__).with_name("plan.typ")
HEADING = "出國計畫書"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
STATUS_WORDS = {
    PlanStatus.DRAFT: "草稿",
    PlanStatus.SUBMITTED: "送審中",
    PlanStatus.RETURNED: "退回修正",
    PlanStatus.APPROVED: "已核定",
}
BUDGET_WORDS = {
    BudgetKind.AIRFARE: "機票費",
    BudgetKind.PER_DIEM: "生活費",
    BudgetKind.REGISTRATION: "報名（註冊）費",
    BudgetKind.GIFTS: "禮品費",
    BudgetKind.INSURANCE: "保險費",
    BudgetKind.OTHER: "其他",
}


def plan_data(plan: TripPlan) -> dict:
    """The plan document as the printers take it: strings only, in Chinese."""
    with translation.override("zh-hant"):
        return _plan_data(plan)


def _plan_data(plan: TripPlan) -> dict:
    mission = plan.mission
    period = ""
    if mission.start_date and mission.end_date:
        period = (
            f"{format_roc_span(mission.start_date, mission.end_date)}"
            f"（共 {mission.duration_days} 天）"
        )
    places = join_list(country_names(mission.destination_countries or [], "zh-hant"))
    if mission.destination_cities:
        places = f"{places}（{join_list(mission.destination_cities)}）"
    head = [
        ("計畫名稱", mission.title),
        ("主辦局處", str(mission.bureau) if mission.bureau else ""),
        ("出國類別", mission.category_label),
        ("出國期間", period),
        ("前往國家及城市", places),
        ("出國目的", plan.purpose),
        ("預定拜會對象及會議", plan.meetings_sought),
        ("預期效益", plan.expected_benefits),
    ]
    travellers = [
        [
            m.name + ("（團長）" if m.is_head else ""),
            "".join(part for part in (m.agency, m.unit) if part),
            m.title,
            m.rank,
        ]
        for m in mission.members.all()
    ]
    days = [
        [format_roc_long(day.date), join_list(day.places), day.heading or day.remarks]
        for day in mission.days.all()
    ]
    lines = list(plan.budget_lines.all())
    budget = [
        [BUDGET_WORDS.get(line.kind, line.kind), line.description, thousands(line.amount_twd)]
        for line in lines
    ]
    budget.append(["合計", "", thousands(sum(line.amount_twd for line in lines))])

    def signed(user, when) -> list[str]:
        if user is None or when is None:
            return []
        return [user.display_name, format_roc_long(localtime(when).date())]

    signatures = [
        {
            "label": "承辦人",
            "lines": [mission.created_by.display_name] if mission.created_by else [],
        },
        {"label": "送審", "lines": signed(plan.submitted_by, plan.submitted_at)},
        {
            "label": "核定",
            "lines": signed(plan.decided_by, plan.decided_at)
            if plan.status == PlanStatus.APPROVED
            else [],
        },
    ]
    return clean_strings(
        {
            "heading": HEADING,
            "title": mission.title,
            "status": f"計畫狀態：{STATUS_WORDS.get(plan.status, plan.status)}",
            "head": [
                {"label": label, "lines": (value or "").splitlines() or [""]}
                for label, value in head
            ],
            "tables": [
                {
                    "title": "出國人員",
                    "columns": ["姓名", "服務機關及單位", "職稱", "官職等"],
                    "widths": [2, 4, 2, 2],
                    "rows": travellers or [["（尚未填寫）", "", "", ""]],
                },
                {
                    "title": "預定行程",
                    "columns": ["日期", "地點", "行程"],
                    "widths": [3, 2, 5],
                    "rows": days or [["（尚未填寫）", "", ""]],
                },
                {
                    "title": "經費概算（新臺幣元）",
                    "columns": ["項目", "說明", "金額"],
                    "widths": [2, 5, 2],
                    "rows": budget,
                },
            ],
            "funding": f"經費來源（預算科目）：{plan.funding_source}",
            "signatures": signatures,
        }
    )


def attachment(plan: TripPlan, fmt: str) -> str:
    return content_disposition_header(True, f"出國計畫-{plan.mission_id}.{fmt}")


def render(data: dict, fmt: str) -> bytes:
    if fmt == "pdf":
        return render_pdf(data)
    if fmt == "odt":
        return render_odt(data)
    if fmt == "docx":
        return render_docx(data)
    raise ValueError(f"unknown format {fmt!r}")


def render_pdf(data: dict) -> bytes:
    from envoy.reports.printing.pdf import body_fonts, compile_pdf

    return compile_pdf(TEMPLATE, {**data, "fonts": body_fonts()})


# ----- ODT -----

_ODT_STYLES = [
    '<style:style style:name="PlanCell" style:family="table-cell"><style:table-cell-properties '
    'fo:padding="0.1cm" fo:border="0.5pt solid #000000"/></style:style>',
    '<style:style style:name="PlanHead" style:family="table-cell"><style:table-cell-properties '
    'fo:padding="0.1cm" fo:border="0.5pt solid #000000" fo:background-color="#e6e6e6"/>'
    "</style:style>",
]
_ODT_PARAGRAPHS = [
    '<style:style style:name="PlanTitle" style:family="paragraph">'
    '<style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.4cm"/>'
    '<style:text-properties fo:font-size="20pt" style:font-size-asian="20pt" '
    'fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>',
    '<style:style style:name="PlanHeading" style:family="paragraph">'
    '<style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.15cm"/>'
    '<style:text-properties fo:font-size="13pt" style:font-size-asian="13pt" '
    'fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>',
]


def _odt_row(values: list[str], *, style: str = "PlanCell") -> Row:
    row = Row()
    for value in values:
        cell = Cell(style=style)
        for line in value.splitlines() or [""]:
            cell.append(Paragraph(line))
        row.append_cell(cell)
    return row


def _odt_table(name: str, rows: list[list[str]], header: list[str] | None = None) -> Table:
    table = Table(name)
    if header:
        table.append_row(_odt_row(header, style="PlanHead"))
    for values in rows:
        table.append_row(_odt_row(values))
    return table


def render_odt(data: dict) -> bytes:
    odf = Document("text")
    for paragraph in odf.body.get_elements("text:p"):
        odf.body.delete(paragraph)
    for style in _ODT_PARAGRAPHS:
        odf.insert_style(style)
    for style in _ODT_STYLES:
        odf.insert_style(style, automatic=True)
    odf.meta.title = f"{data['heading']}：{data['title']}"
    odf.meta.language = "zh-TW"
    body = odf.body
    body.append(Paragraph(data["heading"], style="PlanTitle"))
    body.append(Paragraph(data["status"]))
    body.append(
        _odt_table("計畫", [[row["label"], "\n".join(row["lines"])] for row in data["head"]])
    )
    for table in data["tables"]:
        body.append(Paragraph(table["title"], style="PlanHeading"))
        body.append(_odt_table(table["title"], table["rows"], table["columns"]))
    body.append(Paragraph(data["funding"]))
    body.append(Paragraph("簽核", style="PlanHeading"))
    body.append(
        _odt_table(
            "簽核",
            [["\n".join(s["lines"]) for s in data["signatures"]]],
            [s["label"] for s in data["signatures"]],
        )
    )
    out = io.BytesIO()
    odf.save(out)
    return out.getvalue()


# ----- DOCX -----


def _docx_table(document, rows: list[list[str]], header: list[str] | None = None):
    columns = len(header or rows[0])
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    for values, bold in ([(header, True)] if header else []) + [(r, False) for r in rows]:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=False):
            cell.text = ""
            for n, line in enumerate(value.splitlines() or [""]):
                paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
                paragraph.add_run(line).bold = bold
    return table


def render_docx(data: dict) -> bytes:
    document = docx.Document()
    document.core_properties.title = f"{data['heading']}：{data['title']}"
    document.core_properties.language = "zh-TW"
    document.styles["Normal"].font.size = Pt(11)
    title = document.add_heading(data["heading"], level=0)
    title.alignment = 1  # centred
    document.add_paragraph(data["status"])
    _docx_table(document, [[row["label"], "\n".join(row["lines"])] for row in data["head"]])
    for table in data["tables"]:
        document.add_heading(table["title"], level=2)
        _docx_table(document, table["rows"], table["columns"])
    document.add_paragraph(data["funding"])
    document.add_heading("簽核", level=2)
    _docx_table(
        document,
        [["\n".join(s["lines"]) for s in data["signatures"]]],
        [s["label"] for s in data["signatures"]],
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
