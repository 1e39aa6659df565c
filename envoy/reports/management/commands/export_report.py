from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from envoy.core.lib.output import write_whole
from envoy.reports.models import Report
from envoy.reports.services import export_report


class Command(BaseCommand):
    help = _("匯出一份報告：PDF（正式版面）、ODT、DOCX 或 JSON（可再匯入）。")

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, help=_("報告 id"))
        parser.add_argument("--format", required=True, choices=["pdf", "odt", "docx", "json"])
        parser.add_argument("-o", "--output", required=True, help=_("輸出檔案的路徑"))

    def handle(self, *args, **options):
        if not Report.objects.filter(pk=options["id"]).exists():
            raise CommandError(_("找不到 id 為 %s 的報告。") % options["id"])
        data = export_report(options["id"], options["format"])
        output = Path(options["output"])
        write_whole(output, data)
        self.stdout.write(
            _("已寫出 %(path)s（%(size)d 位元組）") % {"path": output, "size": len(data)}
        )
