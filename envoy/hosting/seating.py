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

**Several tables** (a banquet of 20–40 at round tables of ``table_size``, chosen on the
hosting form; without one, everyone sits at one table). The source is the Ministry of Foreign
Affairs' protocol guidance on banquets (外交部禮賓處《國際禮儀手冊》「宴客」: 桌次與席次),
read in its public reproductions: tables have an order of rank as seats do — the main
table first; with three tables the middle one is the first, the one on its right the
second, the one on its left the third (以右為尊); two tables with a host each rank the
right-hand one first; and the higher in rank sit at the higher table (職位高者為尊，高者
座上席). Envoy applies it so:

1. As many tables as the party needs (everyone at table ÷ ``table_size``, rounded up),
   the party shared among them as evenly as can be (the higher tables take the odd one:
   22 at tables of 10 sit 8, 7 and 7).
2. The main table (主桌): the principal host at its head, the visitors by precedence (the
   guest of honour on the host's right), and — if seats are left when the visitors are
   all seated — our hosts next in precedence after those heading the other tables.
3. Each following table (第 2 桌, 第 3 桌, …, in their order of rank) is headed by one of our
   hosts, by precedence: the second host heads the second table, the third the third. A
   table left without one of ours is headed by its highest-ranked visitor.
4. The people left go to the following tables: our hosts not heading a table first, dealt
   in turn to each table so that every table has some of ours; then the visitors in
   precedence order, filling the higher table first.
5. At each table its head sits at the centre, its visitors by precedence alternate right
   and left of the head, then its other hosts — the single-table rule above.

The tables are placed as they rank: the main table in front at the centre, the second on
its right, the third on its left, and so on outward.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

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

    @property
    def several_tables(self) -> bool:
        """A banquet at more than one table."""
        return self.layout != SeatingLayout.MEETING and len(self.rows) > 1


def alternate(principal: Sitter | None, others: Sequence[Sitter]) -> list[Seat]:
    """``principal`` in the centre, then ``others`` in their order: right 1, left 1, right 2,
    left 2…"""
    seats = [Seat(principal, 0, "centre")] if principal else []
    for index, sitter in enumerate(others):
        seats.append(Seat(sitter, index // 2 + 1, "right" if index % 2 == 0 else "left"))
    return seats


def plan(
    layout: str,
    visitors: Sequence[Sitter],
    hosts: Sequence[Sitter],
    table_size: int | None = None,
) -> SeatingPlan:
    """The seating plan of ``layout`` for ``visitors`` and our ``hosts`` (those who sit at
    the table), each side ordered by precedence; a banquet at tables of ``table_size`` when
    the party needs more than one."""
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
    if not table_size or len(guests) + len(ours) <= table_size:
        principal, rest = (ours[0], ours[1:]) if ours else (None, [])
        return SeatingPlan(layout, [Row(_("主桌"), alternate(principal, [*guests, *rest]))])
    return SeatingPlan(layout, _tables(guests, ours, table_size))


@dataclass
class _Table:
    head: Sitter | None
    size: int
    guests: list[Sitter] = field(default_factory=list)
    ours: list[Sitter] = field(default_factory=list)

    @property
    def free(self) -> int:
        return self.size - (self.head is not None) - len(self.guests) - len(self.ours)

    def seats(self) -> list[Seat]:
        people = [*self.guests, *self.ours]
        head = self.head
        if head is None and people:
            head, people = people[0], people[1:]
        return alternate(head, people)


def _tables(guests: list[Sitter], ours: list[Sitter], size: int) -> list[Row]:
    """The banquet at several tables of ``size`` (the module's rule), ``guests`` and
    ``ours`` in their order of precedence."""
    everyone = len(guests) + len(ours)
    count = math.ceil(everyone / size)
    sizes = [everyone // count + (n < everyone % count) for n in range(count)]
    heads = ours[1:count]
    extra = ours[count:]
    # The main table: the principal host, the visitors, then our next hosts.
    main = _Table(ours[0] if ours else None, sizes[0])
    taken = min(main.free, len(guests))
    main.guests, guests = guests[:taken], guests[taken:]
    taken = min(main.free, len(extra))
    main.ours, extra = extra[:taken], extra[taken:]
    # The following tables, each headed by one of ours while they last.
    tables = [
        _Table(heads[n] if n < len(heads) else None, table_size)
        for n, table_size in enumerate(sizes[1:])
    ]
    # Our other hosts dealt in turn, then the visitors by precedence, table by table.
    turn = 0
    while extra and any(table.free > 0 for table in tables):
        table = tables[turn % len(tables)]
        if table.free > 0:
            table.ours.append(extra.pop(0))
        turn += 1
    for table in tables:
        taken = min(table.free, len(guests))
        table.guests, guests = table.guests + guests[:taken], guests[taken:]
    rows = [Row(_("主桌"), main.seats())]
    rows += [
        Row(_("第 %(n)s 桌") % {"n": n}, table.seats()) for n, table in enumerate(tables, start=2)
    ]
    return rows
