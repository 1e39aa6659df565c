"""The tracking table (建議事項採行情形追蹤表) as a file: XLSX, ODS, CSV or PDF, in the columns a
research-and-evaluation office asks for — report, recommendation, owner, 執行期程, 經費規劃,
辦理情形, status. One list of columns feeds every format."""

import csv
import datetime as dt
import io
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from odfdo import Document, Table
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from envoy.core.lib.csvcells import formula_safe
from envoy.core.lib.numbers import thousands
from envoy.core.lib.punctuation import aside, labelled
from envoy.core.lib.rocdates import format_roc_short
from envoy.reports.printing.common import SERIF_FONTS
from envoy.reports.printing.pdf import available_fonts, compile_pdf

from .models import Action
from .queries import latest_notes

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}
TEMPLATE = Path(__file__).parent / "printing" / "table.typ"
# Column widths in the spreadsheet, in characters.
WIDTHS = [6, 36, 10, 48, 22, 22, 24, 40, 10]


def _date(value: dt.date | None) -> str:
    return format_roc_short(value) if value else ""


def headings() -> list[str]:
    return [
        _("編號"),
        _("報告名稱"),
        _("類型"),
        _("建議事項"),
        _("主辦局處（承辦人）"),
        _("執行期程"),
        _("經費規劃"),
        _("辦理情形"),
        _("採行情形"),
    ]


def table_rows(actions: list[Action]) -> list[list]:
    """One row a action: what every format writes."""
    notes = latest_notes(actions)
    rows = []
    for number, action in enumerate(actions, start=1):
        owner = action.owner_bureau.name if action.owner_bureau else ""
        if action.owner:
            owner = owner + aside(action.owner.display_name) if owner else action.owner.display_name
        schedule = "–".join(filter(None, [_date(action.start_date), _date(action.due_date)]))
        budget = ""
        if action.budget is not None:
            budget = _("新臺幣 %(amount)s 元") % {"amount": thousands(action.budget)}
        if action.budget_source:
            budget = budget + aside(action.budget_source) if budget else action.budget_source
        note = notes.get(action.pk)
        progress = f"{_date(note.date)} {note.text}" if note else ""
        if action.status == "not_adopted":
            progress = action.reason
        rows.append(
            [
                number,
                action.report.title,
                action.get_kind_display(),
                action.text,
                owner,
                schedule,
                budget,
                progress,
                action.get_status_display(),
            ]
        )
    return rows


def export(actions: list[Action], fmt: str, *, today: dt.date) -> bytes:
    if fmt == "pdf":
        with translation.override(settings.LANGUAGE_CODE):
            return _pdf(_("建議事項採行情形追蹤表"), table_rows(actions), today)
    title = _("建議事項採行情形追蹤表")
    rows = table_rows(actions)
    if fmt == "xlsx":
        return _xlsx(title, rows, today)
    if fmt == "ods":
        return _ods(title, rows, today)
    if fmt == "csv":
        return _csv(rows)
    raise ValueError(fmt)


def _xlsx(title: str, rows: list[list], today: dt.date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([title + aside(labelled(_("製表日期"), _date(today)))])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(headings())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([formula_safe(v) if isinstance(v, str) else v for v in row])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _ods(title: str, rows: list[list], today: dt.date) -> bytes:
    document = Document("spreadsheet")
    document.body.clear()
    table = Table(title)
    table.set_values([[title + aside(labelled(_("製表日期"), _date(today)))], headings(), *rows])
    document.body.append(table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(title: str, rows: list[list], today: dt.date) -> bytes:
    """Printed in Chinese whatever the reader's language, as reports are."""
    data = {
        "title": title,
        "made": labelled(_("製表日期"), _date(today)),
        "fonts": available_fonts(tuple(SERIF_FONTS)),
        "columns": headings(),
        "widths": [w / 10 for w in WIDTHS],
        "rows": [[str(cell) for cell in row] for row in rows],
        "empty": _("沒有追蹤事項。"),
    }
    return compile_pdf(TEMPLATE, data)


def _csv(rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings())
    for row in rows:
        writer.writerow([formula_safe(v) if isinstance(v, str) else v for v in row])
    # Excel opens UTF-8 CSV as such only with the byte-order mark.
    return ("\ufeff" + out.getvalue()).encode("utf-8")
