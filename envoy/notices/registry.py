"""The kinds of notice Envoy sends, each registered once with what it needs.

A kind is a code, a label for the settings page, the model its notices are about, the page
the message links to, and one template (``notices/mail/<code>.html`` with the partials
``subject``, ``text`` and ``html``). A kind the daily scan finds also has ``scan``: given
the day, it returns ``(object id, recipient id, occasion)`` rows from set-based queries,
never a loop over every record. A kind sent when something happens (a workflow step) has
no ``scan``; the signal handler in ``signals.py`` writes its notices.

Adding a kind (an action due, an action stale) is one ``register(Kind(...))`` with its scan
function in ``reminders.py`` and one template.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise

# (object id, recipient id, occasion)
Due = tuple[int, int, str]


@dataclass(frozen=True)
class Kind:
    code: str
    label: Promise | str
    # One sentence on the settings page: when it is sent and to whom.
    help: Promise | str
    model: type[models.Model]
    # The page the message links to (a path; made absolute with ENVOY_BASE_URL).
    url: Callable[[models.Model], str]
    # What ``object`` needs beside itself, for the template (select_related paths).
    related: tuple[str, ...] = ()
    # Whether a notice written earlier still needs sending when its turn comes (a report
    # approved since the scan owes no "due soon" mail).
    still_due: Callable[[models.Model], bool] = field(default=lambda obj: True)
    scan: Callable[[dt.date], Iterable[Due]] | None = None
    # More for the template, counted on the day the message is sent (a report's countdown).
    extra: Callable[[models.Model, dt.date], dict] = field(default=lambda obj, today: {})

    @property
    def template(self) -> str:
        return f"notices/mail/{self.code}.html"

    @property
    def object_type(self) -> str:
        return self.model._meta.label_lower

    def load(self, pk: int):
        """The record a notice is about, or None once it is gone."""
        return self.model.objects.select_related(*self.related).filter(pk=pk).first()


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    _KINDS[kind.code] = kind
    return kind


def get(code: str) -> Kind | None:
    return _KINDS.get(code)


def kinds() -> list[Kind]:
    """Every kind, in the order registered (the settings page lists them so)."""
    return list(_KINDS.values())


def scanned() -> list[Kind]:
    return [kind for kind in _KINDS.values() if kind.scan is not None]
