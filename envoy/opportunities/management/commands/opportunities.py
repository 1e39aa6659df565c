"""manage.py opportunities [--status S] [--bureau CODE] [--deadline-soon] [--json]."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from envoy.core.lib.punctuation import aside
from envoy.core.lib.rocdates import roc_short
from envoy.core.models import Bureau
from envoy.opportunities import queries
from envoy.opportunities.enums import OpportunityStatus
from envoy.opportunities.speakers import suggest_speakers


class _Office:
    """Who the command reads as: every opportunity."""

    is_authenticated = True
    effective_role = "admin"
    bureau_id = None
    pk = None


class Command(BaseCommand):
    help = _(
        "列出國際參與機會（論壇、國際會議、講者徵求、線上會議、獎項）：狀態、日期、截止日、"
        "主辦局處與承辦人，以及轉成的任務或活動。可依狀態、局處與「兩週內截止」篩選。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--status", choices=OpportunityStatus.values, help=_("只列這個狀態的機會")
        )
        parser.add_argument("--bureau", help=_("只列這個局處（代碼）主辦的機會"))
        parser.add_argument(
            "--deadline-soon", action="store_true", help=_("只列兩週內有截止日的機會")
        )
        parser.add_argument("--speakers", action="store_true", help=_("附上人才庫建議的講者與原因"))
        parser.add_argument("--json", action="store_true", help=_("以 JSON 輸出"))

    def handle(self, *args, **options):
        bureau = None
        if options["bureau"]:
            bureau = Bureau.objects.filter(code=options["bureau"]).first()
            if bureau is None:
                raise CommandError(_("沒有代碼為「%s」的局處。") % options["bureau"])
        filters = queries.ListFilters(
            status=options["status"] or "",
            bureau=bureau.pk if bureau else None,
            deadline_soon=options["deadline_soon"],
        )
        today = timezone.localdate()
        office = _Office()
        rows = list(queries.opportunity_rows(office, filters, today).select_related("speaker"))
        described = []
        for row in rows:
            entry = queries.as_json(row)
            if options["speakers"]:
                entry["suggested_speakers"] = [
                    {
                        "profile": hit.profile.pk,
                        "name": hit.profile.name,
                        "bureau": hit.profile.organisation,
                        "reasons": [reason.text for reason in hit.reasons],
                    }
                    for hit in suggest_speakers(office, row).hits
                ]
            described.append(entry)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {"opportunities": described},
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        for row, entry in zip(rows, described, strict=True):
            when = roc_short(row.start_date) if row.start_date else "—"
            deadline = row.next_deadline(today)
            due = _("，截止 %s") % roc_short(deadline) if deadline and row.is_open else ""
            self.stdout.write(f"{row.pk}\t{row.get_status_display()}\t{when}\t{row.title}{due}")
            for speaker in entry.get("suggested_speakers", []):
                reasons = _("、").join(speaker["reasons"])
                self.stdout.write(f"\t{speaker['name']}{aside(reasons)}")
        self.stdout.write(_("共 %d 項") % len(rows))
