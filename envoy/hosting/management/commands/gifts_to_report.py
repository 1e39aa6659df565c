import json

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from envoy.hosting import queries


class Command(BaseCommand):
    help = _(
        "列出接待來訪時收受、依公務員廉政倫理規範應知會政風單位而尚未知會的禮品"
        "（市價逾新臺幣 500 元或未估價），附知會期限，逾期者標示。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help=_("以 JSON 輸出"))

    def handle(self, *args, **options):
        today = timezone.localdate()
        rows = []
        for gift in queries.gifts_to_report():
            row = queries.gift_as_json(gift)
            row["visit_title"] = gift.mission.title
            row["overdue"] = gift.report_due < today
            rows.append(row)
        if options["json"]:
            self.stdout.write(json.dumps({"gifts": rows}, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write(_("沒有待知會政風單位的禮品。"))
        for row in rows:
            late = _("（已逾期）") if row["overdue"] else ""
            self.stdout.write(
                f"{row['report_due']}{late} {row['visit_title']}：{row['description']}"
                f"（{row['counterpart']}，{row['value_ntd'] if row['value_ntd'] is not None else '?'}）"
            )
