import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from envoy.actions.models import Action
from envoy.actions.proposing import proposals
from envoy.reports.models import Report


class Command(BaseCommand):
    help = _(
        "列出一份報告提出的追蹤事項（建議事項與借鏡事項）：類型、內容與出自的段落；"
        "已建立的事項另列其採行情形。"
    )

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, help=_("報告 id"))
        parser.add_argument("--json", action="store_true", help=_("以 JSON 輸出"))

    def handle(self, *args, **options):
        report = Report.objects.filter(pk=options["id"]).first()
        if report is None:
            raise CommandError(_("找不到 id 為 %s 的報告。") % options["id"])
        stored = {
            (a.kind, a.source_block_id, a.source): a for a in Action.objects.filter(report=report)
        }
        rows = []
        for proposal in proposals(report):
            row = proposal.as_json()
            action = stored.get(proposal.key)
            row["action"] = (
                {"id": action.pk, "status": action.status, "text": action.text} if action else None
            )
            rows.append(row)
        if options["json"]:
            self.stdout.write(
                json.dumps({"report": report.pk, "actions": rows}, ensure_ascii=False, indent=2)
            )
            return
        for n, row in enumerate(rows, start=1):
            kind = _("建議") if row["kind"] == "recommendation" else _("借鏡")
            self.stdout.write(f"{n}. [{kind}] {row['text']}")
