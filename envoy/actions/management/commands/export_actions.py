from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from envoy.actions.exporting import FORMATS, export
from envoy.actions.models import Action
from envoy.actions.queries import TABLE_ORDER
from envoy.core.lib.output import write_whole


class Command(BaseCommand):
    help = _("匯出建議事項採行情形追蹤表（全部報告的追蹤事項）為 XLSX、ODS、CSV 或 PDF。")

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument("-o", "--output", required=True, help=_("輸出檔案的路徑"))

    def handle(self, *args, **options):
        actions = list(
            Action.objects.select_related("report__mission", "owner_bureau", "owner").order_by(
                *TABLE_ORDER
            )
        )
        data = export(actions, options["format"], today=timezone.localdate())
        output = Path(options["output"])
        write_whole(output, data)
        self.stdout.write(
            _("已寫出 %(path)s（%(count)d 項，%(size)d 位元組）")
            % {"path": output, "count": len(actions), "size": len(data)}
        )
