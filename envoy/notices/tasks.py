"""Background tasks (Django's ``django.tasks``, queued in the database and run by
``manage.py db_worker``). They take ids and call the services."""

import datetime as dt

from django.tasks import task

from . import services


@task()
def send_notices(notice_ids: list[int]) -> dict[str, int]:
    """Send the notices ``notice_ids``; a failed one is queued again for later."""
    return services.deliver_all(notice_ids)


@task()
def scan_reminders(day: str | None = None) -> dict[str, int]:
    """The daily scan for ``day`` (ISO date; today when left out)."""
    return services.scan(dt.date.fromisoformat(day) if day else None)
