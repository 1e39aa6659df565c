import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from envoy.core.lib.places import country_names
from envoy.reports.document import load_report, report_document
from envoy.reports.importing import UnreadableReport
from envoy.reports.importing.staging import summarize
from envoy.reports.services import import_report_file


class Command(BaseCommand):
    help = _(
        "匯入一份出國報告（.txt UTF-8/Big5、.docx、.odt、有文字層的 .pdf，或 Envoy 匯出的 "
        ".json），建立任務與報告並保存原始檔。無法讀取時不寫入任何資料，並以非零狀態結束。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("報告檔案的路徑"))
        parser.add_argument(
            "--json",
            action="store_true",
            help=_("在標準輸出印出匯入後記錄的 JSON（含新記錄的 id）；摘要與警告印在標準錯誤。"),
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("找不到檔案：%s") % path)
        try:
            outcome = import_report_file(path)
        except UnreadableReport as error:
            raise CommandError(
                _("無法匯入「%(name)s」：%(reason)s") % {"name": path.name, "reason": error.message}
            ) from None
        except OSError as error:
            raise CommandError(
                _("無法讀取「%(name)s」：%(reason)s")
                % {"name": path.name, "reason": error.strerror}
            ) from None
        report = outcome.report
        summary = sys.stderr if options["json"] else self.stdout
        write = summary.write
        write(
            _("已匯入報告 #%(id)s「%(title)s」（格式：%(format)s%(encoding)s）\n")
            % {
                "id": report.pk,
                "title": report.title,
                "format": outcome.format,
                "encoding": f"，{outcome.encoding}" if outcome.encoding else "",
            }
        )
        for line in recognised_lines(report):
            write("  " + line + "\n")
        if outcome.found.rejoined:
            write(
                "  "
                + ngettext(
                    "已接回 %d 個被分頁切斷的段落",
                    "已接回 %d 個被分頁切斷的段落",
                    len(outcome.found.rejoined),
                )
                % len(outcome.found.rejoined)
                + "\n"
            )
        for warning in outcome.found.warnings:
            write(_("警告：%s") % warning + "\n")
        if options["json"]:
            document = report_document(load_report(report.pk), photos="embed")
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))


def recognised_lines(report) -> list[str]:
    """What the import recognised, counted from what was saved as the browser's review page
    counts it (``staging.summarize``)."""
    summary = summarize(report_document(load_report(report.pk)))
    mission = report.mission
    return [
        _("任務：%(title)s，%(start)s 至 %(end)s，%(category)s，前往 %(region)s")
        % {
            "title": summary["mission_title"],
            "start": summary["start_date"],
            "end": summary["end_date"],
            "category": mission.category_label,
            "region": _("、").join(country_names(summary["countries"])),
        },
        _("出國人員 %d 人") % summary["members"],
        _("行程表 %(days)d 天、%(items)d 個行程項目、%(flights)d 個航班")
        % {"days": summary["days"], "items": summary["items"], "flights": summary["flights"]},
        _("目次 %d 項（原始頁碼）") % summary["toc_entries"],
        _("章 %(chapters)d 章：%(titles)s")
        % {
            "chapters": summary["chapters"],
            "titles": "、".join(c["title"] for c in summary["chapter_titles"]),
        },
        _(
            "日期 %(days)d 個、小節標題 %(sections)d 個、段落 %(paragraphs)d 段、條列要點 %(points)d 點"
        )
        % {
            "days": summary["day_headings"],
            "sections": summary["sections"],
            "paragraphs": summary["paragraphs"],
            "points": summary["points"],
        },
        _("圖組 %(groups)d 組（圖 %(figures)d 張）")
        % {"groups": summary["figure_groups"], "figures": summary["figures"]},
    ]
