"""The seating plan from the order of precedence (座次), by the right-of-host rule of
international protocol (國際禮儀「以右為尊」).

The rule, as Envoy applies it:

- **Banquet** (one table, the principal host at its head): the guest of honour sits on the
  host's right, the second guest on the host's left, then they alternate outward — third
  guest second seat on the right, fourth second on the left, and so on. The visitors come
  first, by their precedence; our other hosts follow in the same alternation, by theirs,
  so that the visitors sit nearest the host.
- **Meeting** (賓主對坐: the two sides face each other across the table): the principal host
  sits at the centre of our side and the guest of honour opposite; on each side the second
  sits on the principal's right, the third on the principal's left, alternating outward.

Precedence 1 comes first; people without a rank follow those with one, in the delegation's
order. Interpreters and the liaison sit behind their principals, not at the table.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .enums import SeatingLayout


@dataclass(frozen=True)
class Sitter:
    """Whoever takes a seat: a visitor or one of our hosts."""

    name: str
    name_en: str
    title: str
    organisation: str
    guest: bool
    precedence: int | None = None
    order: int = 0  # the delegation's or the host list's order, for the unranked

    @property
    def rank_key(self) -> tuple:
        return (self.precedence is None, self.precedence or 0, self.order)


@dataclass(frozen=True)
class Seat:
    sitter: Sitter
    # 0 for the principal; 1, 2, … outward.
    distance: int
    # "centre", "right" or "left" of the row's principal.
    side: str

    @property
    def place(self) -> str:
        if self.side == "centre":
            return _("主位")
        if self.side == "right":
            return _("右 %(n)s") % {"n": self.distance}
        return _("左 %(n)s") % {"n": self.distance}


@dataclass(frozen=True)
class Row:
    heading: str
    # In the order of precedence: the principal, right 1, left 1, right 2, …
    seats: list[Seat]

    @property
    def left_to_right(self) -> list[Seat]:
        """The seats along the table as the row's principal has them, from their far left to
        their far right."""
        left = [s for s in self.seats if s.side == "left"]
        right = [s for s in self.seats if s.side == "right"]
        centre = [s for s in self.seats if s.side == "centre"]
        return [*reversed(left), *centre, *right]


@dataclass(frozen=True)
class SeatingPlan:
    layout: str
    rows: list[Row]

    @property
    def empty(self) -> bool:
        return not any(row.seats for row in self.rows)


def alternate(principal: Sitter | None, others: Sequence[Sitter]) -> list[Seat]:
    """``principal`` in the centre, then ``others`` in their order: right 1, left 1, right 2,
    left 2…"""
    seats = [Seat(principal, 0, "centre")] if principal else []
    for index, sitter in enumerate(others):
        seats.append(Seat(sitter, index // 2 + 1, "right" if index % 2 == 0 else "left"))
    return seats


def plan(layout: str, visitors: Sequence[Sitter], hosts: Sequence[Sitter]) -> SeatingPlan:
    """The seating plan of ``layout`` for ``visitors`` and our ``hosts`` (those who sit at
    the table), each side ordered by precedence."""
    guests = sorted(visitors, key=lambda s: s.rank_key)
    ours = sorted(hosts, key=lambda s: s.rank_key)
    if layout == SeatingLayout.MEETING:
        return SeatingPlan(
            layout,
            [
                Row(_("本府"), alternate(ours[0] if ours else None, ours[1:])),
                Row(_("來賓"), alternate(guests[0] if guests else None, guests[1:])),
            ],
        )
    principal, rest = (ours[0], ours[1:]) if ours else (None, [])
    return SeatingPlan(layout, [Row(_("主桌"), alternate(principal, [*guests, *rest]))])
