"""What the apps above relations add to its pages about a place.

A city's page, a network's page and a mission's briefing pack show what the city did with
its missions there — the follow-through of their reports, kept by an app above this one.
Those apps answer ``panels_requested`` with a :class:`Panel`: a plain table that relations
draws on the page (``relations/partials/panels.html``) and in the briefing's PDF, so this
app knows no app above it.
"""

from dataclasses import dataclass, field

from django.dispatch import Signal

# ``sender``: "city", "network" or "briefing"; ``user``: who is reading; ``mission_ids``:
# the missions (that user may open) the page is about; ``subject``: the City or Network of
# the page (None for a briefing). Receivers answer a Panel or None.
panels_requested = Signal()


@dataclass
class Panel:
    heading: str
    columns: list[str]
    rows: list[list[str]]
    # Per row, the page where its work is done ("" for none).
    links: list[str] = field(default_factory=list)
    # Per row, whether it needs attention (overdue): drawn in red.
    flags: list[bool] = field(default_factory=list)
    # What the page says when the table is empty; an empty panel without one is not shown.
    empty: str = ""

    @property
    def table(self) -> list[tuple[list[str], str, bool]]:
        """(cells, link, flag) of each row, for the template."""
        count = len(self.rows)
        links = self.links + [""] * (count - len(self.links))
        flags = self.flags + [False] * (count - len(self.flags))
        return list(zip(self.rows, links, flags, strict=True))


def panels_for(place: str, *, user, mission_ids, subject=None) -> list[Panel]:
    """The panels the apps above give for ``place`` about ``mission_ids`` (and, on a city's
    or a network's page, about ``subject`` itself)."""
    ids = sorted(set(mission_ids))
    if not ids and subject is None:
        return []
    answers = panels_requested.send(sender=place, user=user, mission_ids=ids, subject=subject)
    return [panel for _receiver, panel in answers if panel and (panel.rows or panel.empty)]
