"""A trip plan (出國計畫): what it says, where it stands, the approved plan against the mission,
and the plan document."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from envoy.core.lib.numbers import thousands
from envoy.planning import plans, printing
from envoy.planning.models import TripPlan


class Command(BaseCommand):
    help = (
        "Print a mission's trip plan (出國計畫): its status, purpose, travellers, budget and, once "
        "approved, the trip against the approved plan; with --format and -o, write the plan "
        "document (PDF, ODT or DOCX)."
    )

    def add_arguments(self, parser):
        parser.add_argument("mission_id", type=int)
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--format", choices=sorted(printing.CONTENT_TYPES), dest="fmt")
        parser.add_argument("-o", "--output", type=Path, help="where to write the document")

    def handle(self, *args, mission_id, fmt, output, **options):
        plan = (
            TripPlan.objects.select_related("mission", "mission__bureau")
            .filter(mission_id=mission_id)
            .first()
        )
        if plan is None:
            raise CommandError(f"Mission {mission_id} has no trip plan.")
        if fmt or output:
            if not (fmt and output):
                raise CommandError("--format and -o go together.")
            try:
                output.write_bytes(printing.render(printing.plan_data(plan), fmt))
            except OSError as error:
                raise CommandError(f"{output}: {error.strerror}") from None
            self.stdout.write(f"Wrote {output}.")
            return
        comparison = plans.comparison(plan)
        data = {
            "mission": plan.mission_id,
            "title": plan.mission.title,
            "status": plan.status,
            "purpose": plan.purpose,
            "meetings_sought": plan.meetings_sought,
            "expected_benefits": plan.expected_benefits,
            "funding_source": plan.funding_source,
            "plan": plans.snapshot(plan),
            "missing": plans.missing_for_submission(plan) if plan.is_editable else [],
            "approved": plan.approved,
            "comparison": None
            if comparison is None
            else {
                "kept": comparison.kept,
                "rows": [
                    {
                        "label": str(row.label),
                        "planned": str(row.planned),
                        "actual": str(row.actual),
                        "kept": row.kept,
                        "notes": [str(n) for n in row.notes],
                    }
                    for row in comparison.rows
                ],
            },
        }
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{plan.mission.title} [{plan.status}]")
        self.stdout.write("Budget: NT$" + thousands(data["plan"]["total_twd"]))
        for name in data["missing"]:
            self.stdout.write(f"Missing before submission: {name}")
        if comparison is not None:
            for row in comparison.rows:
                mark = "kept" if row.kept else "DEPARTED"
                self.stdout.write(f"{row.label}: {row.planned} → {row.actual} ({mark})")
