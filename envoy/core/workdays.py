"""Working days as the official calendar counts them: Monday to Friday, less the holidays and
plus the working Saturdays an administrator keeps in ``CalendarDay``.

Deadlines follow the Civil Code's counting (民法第 120–122 條): a period starts on the day
after the event and, when that day is a day off, on the next working day; a period of months
ends the day before the day of the same number in its last month (that month's last day when
it has no such day); when its last day is a day off, the next working day takes its place.

The days are read once and kept in the process for ``CACHE_SECONDS`` (a page may count a
thousand deadlines); a change saved here (or on the admin site) clears them in this process
at once, in the others within that time.
"""

import calendar
import datetime as dt
import threading
import time

from django.db.models.signals import post_delete, post_save

from .models import CalendarDay

CACHE_SECONDS = 300

_lock = threading.Lock()
_kept: tuple[float, dict[dt.date, bool]] | None = None


def _exceptions() -> dict[dt.date, bool]:
    """Each day the calendar keeps, and whether it is a day off."""
    global _kept
    with _lock:
        if _kept is None or _kept[0] < time.monotonic():
            days = dict(CalendarDay.objects.values_list("date", "off"))
            _kept = (time.monotonic() + CACHE_SECONDS, days)
        return _kept[1]


def is_working_day(date: dt.date) -> bool:
    off = _exceptions().get(date)
    if off is None:
        return date.weekday() < 5
    return not off


def working_day_from(date: dt.date) -> dt.date:
    """``date`` itself when it is a working day, else the next one."""
    while not is_working_day(date):
        date += dt.timedelta(days=1)
    return date


def months_end(first: dt.date, months: int) -> dt.date:
    """The last day of a period of ``months`` months whose first day is ``first``
    (民法第 121 條): 1 May → 31 July for three months; 30 November → 28 (or 29) February."""
    index = first.month - 1 + months
    year, month = first.year + index // 12, index % 12 + 1
    if first.day > calendar.monthrange(year, month)[1]:
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, month, first.day) - dt.timedelta(days=1)


def deadline(event: dt.date, months: int) -> dt.date:
    """The last day to act within ``months`` months of ``event`` (a return from abroad):
    counted from the working day after it, moved to a working day when it falls on a day
    off."""
    first = working_day_from(event + dt.timedelta(days=1))
    return working_day_from(months_end(first, months))


def latest_event_past_due(today: dt.date, months: int) -> dt.date:
    """The latest event date whose ``deadline`` has passed by ``today``. Deadlines never go
    back as the event moves forward, so an event is past due exactly when it is on or before
    this day: a query can ask for them by date."""
    event = today - dt.timedelta(days=months * 28)
    while deadline(event, months) >= today:
        event -= dt.timedelta(days=1)
    return event


def forget(sender=None, **kwargs) -> None:
    global _kept
    with _lock:
        _kept = None


post_save.connect(forget, sender=CalendarDay, dispatch_uid="calendar-saved")
post_delete.connect(forget, sender=CalendarDay, dispatch_uid="calendar-deleted")
