from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from envoy.core.lib.output import write_whole
from envoy.hosting.printing import pdf
from envoy.missions.enums import Direction
from envoy.missions.models import Mission


class Command(BaseCommand):
    help = _("列印一次來訪的接待文件為 PDF：接待行程、名牌、桌牌、座位表、歡迎手冊或餐飲需求表。")

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, help=_("來訪（任務）id"))
        parser.add_argument("kind", choices=sorted(pdf.PRINTABLES), help=_("文件"))
        parser.add_argument("-o", "--output", required=True, help=_("輸出檔案的路徑"))

    def handle(self, *args, **options):
        mission = Mission.objects.filter(pk=options["id"], direction=Direction.INBOUND).first()
        if mission is None:
            raise CommandError(_("找不到 id 為 %s 的來訪。") % options["id"])
        data = pdf.render(options["kind"], mission, care=True)
        output = Path(options["output"])
        write_whole(output, data)
        self.stdout.write(
            _("已寫出 %(path)s（%(size)d 位元組）") % {"path": output, "size": len(data)}
        )
