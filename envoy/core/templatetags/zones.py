"""``{{ zone|utc_offset:date }}``: an IANA zone as its offset on a day, UTC+8 (core/lib/zones.py),
for pages that show a time with its zone and never an abbreviation."""

import datetime as dt
from zoneinfo import available_timezones

from django import template

from envoy.core.lib.zones import offset_label

register = template.Library()


@register.filter
def utc_offset(zone: str, on: dt.date | str | None = None) -> str:
    """Asia/Taipei → UTC+8 (on ``on``, a date or an ISO date); "" for no zone or an unknown one."""
    if not zone or zone not in available_timezones():
        return ""
    if isinstance(on, str):
        try:
            on = dt.date.fromisoformat(on)
        except ValueError:
            on = None
    return offset_label(zone, on)
