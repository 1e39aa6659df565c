import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from envoy.core.lib.punctuation import join_list
from envoy.hosting import queries
from envoy.missions.enums import Direction
from envoy.missions.models import Mission


class Command(BaseCommand):
    help = _(
        "列出一次來訪的接待資料：依禮賓順序的來訪人員與飲食需求、本府接待人員與口譯、"
        "座位安排、各餐的特殊飲食、交通與禮品登錄（含須知會政風單位者）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, help=_("來訪（任務）id"))
        parser.add_argument("--json", action="store_true", help=_("以 JSON 輸出"))

    def handle(self, *args, **options):
        mission = Mission.objects.filter(pk=options["id"], direction=Direction.INBOUND).first()
        if mission is None:
            raise CommandError(_("找不到 id 為 %s 的來訪。") % options["id"])
        data = queries.visit_as_json(mission)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{data['title']} ({data['start_date']} – {data['end_date']})")
        self.stdout.write(_("來訪人員（依禮賓順序）："))
        for visitor in data["visitors"]:
            needs = join_list([*visitor["diets"], visitor["allergies"]])
            self.stdout.write(f"  {visitor['precedence'] or '-'}. {visitor['name']} {needs}")
        self.stdout.write(_("座位："))
        for row in data["seating"]["rows"]:
            seats = join_list(f"{s['place']} {s['name']}" for s in row["seats"])
            self.stdout.write(f"  {row['heading']}：{seats}")
        for gift in data["gifts"]:
            if gift["needs_report"] and not gift["reported_on"]:
                self.stdout.write(
                    _("禮品「%(gift)s」須於 %(due)s 前知會政風單位。")
                    % {"gift": gift["description"], "due": gift["report_due"]}
                )
