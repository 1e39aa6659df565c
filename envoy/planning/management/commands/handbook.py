"""A mission's traveller's handbook (出國手冊): as text, JSON or an A5 PDF."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError

from envoy.missions.models import Mission
from envoy.planning.handbook import handbook_data, handbook_for
from envoy.planning.handbook_pdf import render_handbook_pdf


class Command(BaseCommand):
    help = (
        "Print a trip's traveller's handbook (出國手冊): each day's programme in local time "
        "with the time in Taiwan beside it, flights, lodging, venues, people to meet, open "
        "follow-ups, emergency contacts and notes. --json prints it as JSON; --pdf FILE "
        "writes the A5 PDF. Meetings, follow-ups and contact details are those --user may "
        "see (without --user: none of them)."
    )

    def add_arguments(self, parser):
        parser.add_argument("mission_id", type=int)
        parser.add_argument("--pdf", type=Path, help="write the A5 PDF to this file")
        parser.add_argument("--json", dest="as_json", action="store_true", help="print JSON")
        parser.add_argument("--user", help="read it as this user (username) may")

    def handle(self, *args, mission_id, pdf, as_json: bool, user, **options):
        try:
            mission = Mission.objects.get(pk=mission_id)
        except Mission.DoesNotExist:
            raise CommandError(f"No mission {mission_id}.") from None
        if mission.is_visit:
            raise CommandError(f"Mission {mission_id} is a visit received: it has no handbook.")
        reader = AnonymousUser()
        if user:
            try:
                reader = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user {user!r}.") from None
        handbook = handbook_for(mission, user=reader)
        if pdf is not None:
            try:
                pdf.write_bytes(render_handbook_pdf(handbook))
            except OSError as error:
                raise CommandError(f"Cannot write {pdf}: {error.strerror}.") from None
            self.stderr.write(f"Wrote {pdf}.")
        data = handbook_data(handbook)
        if as_json:
            self.stdout.write(_json(data))
        elif pdf is None:
            self.stdout.write(_text(data))


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _text(data: dict) -> str:
    lines = [data["mission"]["title"], data["mission"]["shown_period"], ""]
    for contact in data["emergency_contacts"]:
        lines.append(f"{contact['kind_label']}: {contact['name']} {contact['phone']}".rstrip())
    for day in data["days"]:
        lines += ["", f"{day['shown_date']} {' → '.join(day['places'])}".rstrip()]
        for item in day["items"]:
            start = item["start"]
            when = start["text"] if start else ""
            if start and start["taiwan_text"]:
                when += f" [{start['taiwan_text']}]"
            lines.append(f"  {when} {item['text']}".rstrip())
        if day["lodging"]:
            lines.append(f"  ⌂ {day['lodging']}")
    return "\n".join(lines)
