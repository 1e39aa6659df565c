"""manage.py send_reminders: the daily reminder scan, for cron (or a systemd timer)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from envoy.core.lib.rocdates import DateFormatError, parse_roc_date
from envoy.notices import registry, services
from envoy.notices.tasks import scan_reminders


class Command(BaseCommand):
    help = (
        "Finds the reminders due today (reports due in 30, 7 or 1 days or overdue, follow-ups "
        "due) and queues one e-mail each for the worker (manage.py db_worker, started by "
        "bin/start). Run it once a day, e.g. from cron: "
        "'30 7 * * * cd /srv/envoy/app && .venv/bin/python manage.py send_reminders'. "
        "Running it again the same day sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="scan as on this day (2026-04-26 or 115/4/26) instead of today"
        )
        parser.add_argument(
            "--send",
            action="store_true",
            help="send the waiting e-mail here and now, without the worker",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="only queue the scan as a background task for the worker",
        )
        parser.add_argument(
            "--failures",
            action="store_true",
            help="list the e-mail given up after every attempt failed, and do nothing else",
        )
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="send the e-mail given up once more (after fixing the mail server settings)",
        )

    def handle(
        self,
        *args,
        date=None,
        send=False,
        enqueue=False,
        failures=False,
        retry_failed=False,
        verbosity=1,
        **options,
    ):
        if failures:
            return self.list_failures()
        if retry_failed:
            ids = services.retry(services.failures())
            self.stdout.write(f"{len(ids)} failed notice(s) queued again.")
            return
        day = self.day(date)
        if enqueue:
            scan_reminders.enqueue(day.isoformat())
            self.stdout.write(f"Reminder scan for {day.isoformat()} queued.")
            return
        found = services.scan(day)
        for code, count in found.items():
            label = registry.get(code).label
            self.stdout.write(f"{code} ({label}): {count} new")
        if send:
            counts = services.deliver_all(services.waiting_ids())
            self.stdout.write(
                "Sent here: " + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "0")
            )
            if counts.get("failed") or counts.get("pending"):
                raise CommandError("Some e-mail could not be sent: see the log and --failures.")

    def day(self, value: str | None) -> dt.date:
        if not value:
            return timezone.localdate()
        try:
            return parse_roc_date(value)
        except DateFormatError:
            raise CommandError(f"Not a date: {value}") from None

    def list_failures(self) -> None:
        rows = list(services.failures()[:200])
        for notice in rows:
            self.stdout.write(
                f"{notice.created_at:%Y-%m-%d %H:%M} #{notice.pk} {notice.kind} "
                f"{notice.object_type}#{notice.object_id} → {notice.recipient.email} "
                f"({notice.attempts} attempts): {notice.last_error}"
            )
        self.stdout.write(f"{len(rows)} failed notice(s).")
