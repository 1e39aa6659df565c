"""The briefing pack (行前簡報) for a planned mission: the destination cities' history with
the city, gathered from relations and from the reports of earlier missions.

:func:`briefing_for` only reads. What it returns holds model instances, so that the page
shows names in the reader's language and the PDF (built under zh-Hant) in Chinese.

Who sees what: meetings and follow-ups only through ``permissions.interactions_for_user``;
earlier missions, their reports and site visits only among the missions the user may open;
contact details only when ``permissions.can_see_private`` (``Briefing.show_private``).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Prefetch, Q
from django.utils import timezone

from envoy.core.lib.chinese import fold, to_simplified
from envoy.core.lib.punctuation import join_list
from envoy.missions.models import Mission
from envoy.missions.permissions import missions_for_user
from envoy.reports import numbering
from envoy.reports.enums import BlockKind
from envoy.reports.models import Block, Chapter, Report
from envoy.reports.sections import RECOMMENDATIONS_CHAPTER, is_recommendations_chapter

from .models import Agreement, City, Interaction, Person, Position, SiteVisit
from .names import name_key
from .panels import Panel, panels_for
from .permissions import can_see_private, interactions_for_user
from .queries import NetworkTie, network_ties
from .services import find_city

# Chapters are titled as the report wrote them after 第N章 (目的, 過程, 心得, 建議; some
# templates merge 心得及建議). A chapter whose title has 建議 is read as recommendations —
# a merged chapter among them — and one that has 心得 but not 建議 as lessons.
LESSONS = "心得"
EXCERPT_KINDS = (BlockKind.POINT, BlockKind.PARAGRAPH)
# The contact details a briefing shows (of Person.PRIVATE_FIELDS), for staff only.
CONTACT_FIELDS = ("email", "phone", "mobile")


@dataclass(frozen=True)
class Destination:
    """A destination as the mission names it, its record (None when not recorded yet) and
    its networks, founded or joined: those shared with the home city when it is known
    (``shared``), else all of them."""

    name: str
    city: City | None
    memberships: list[NetworkTie]
    shared: bool

    @property
    def display_name(self) -> str:
        """The recorded city's name in the reader's language, else the name as written."""
        return self.city.display_name if self.city is not None else self.name

    @property
    def coordinates(self) -> str:
        """35.6895° N, 139.6917° E; empty when not known."""
        city = self.city
        if city is None or city.latitude is None or city.longitude is None:
            return ""
        lat = f"{abs(city.latitude):.4f}° {'N' if city.latitude >= 0 else 'S'}"
        lon = f"{abs(city.longitude):.4f}° {'E' if city.longitude >= 0 else 'W'}"
        return f"{lat}, {lon}"


@dataclass(frozen=True)
class Contact:
    """Someone of a destination city and every meeting with them the user may see.
    ``details`` — (label, value) of their email and phones — is empty unless the user may
    see contact details: pages and the PDF take them from here only."""

    person: Person
    city: City
    position: Position | None
    meetings: list[Interaction]
    details: list[tuple[str, str]]

    @property
    def last_met(self) -> dt.date | None:
        return next((m.date for m in self.meetings if m.date), None)

    @property
    def position_text(self) -> str:
        """東京都 知事: their title in the city on the mission's start, or the latest; the
        title alone when it names no organisation."""
        return self.position.label if self.position is not None else ""


@dataclass(frozen=True)
class FollowUp:
    """An open follow-up (後續辦理事項) of a meeting, as it stands on ``today``."""

    interaction: Interaction
    today: dt.date

    @property
    def overdue(self) -> bool:
        due = self.interaction.follow_up_due
        return due is not None and due < self.today

    @property
    def days_late(self) -> int:
        return (self.today - self.interaction.follow_up_due).days if self.overdue else 0


@dataclass(frozen=True)
class Point:
    """A numbered point (or the paragraphs before the first one, ``number`` None) of a
    chapter, with the paragraphs that follow it."""

    number: int | None
    title: str
    paragraphs: list[str]
    label: str = ""

    @property
    def heading(self) -> str:
        """一、積極參與國際組織活動 (the report's own words, numbered as the report does)."""
        return f"{self.label}{self.title}"


@dataclass(frozen=True)
class ReportExcerpt:
    """Points and paragraphs of one chapter of an earlier mission's report."""

    mission: Mission
    report: Report
    chapter: Chapter
    points: list[Point]


@dataclass(frozen=True)
class Briefing:
    mission: Mission
    # The day agreements must be in force on: the mission's start (today without one).
    on: dt.date
    today: dt.date
    home_city: City | None
    destinations: list[Destination]
    contacts: list[Contact]
    # People met from the other cities linked to the mission (a Riga deputy mayor met at a
    # Tokyo summit): not destinations, listed apart.
    other_contacts: list[Contact]
    agreements: list[Agreement]
    follow_ups: list[FollowUp]
    earlier_missions: list[Mission]
    recommendations: list[ReportExcerpt]
    lessons: ReportExcerpt | None
    site_visits: list[SiteVisit]
    show_private: bool
    # What the apps above add about the earlier missions (their reports' follow-through).
    panels: list[Panel]

    @property
    def destination_names(self) -> str:
        """東京、大阪."""
        return join_list(d.display_name for d in self.destinations)

    @property
    def cities(self) -> list[City]:
        return [d.city for d in self.destinations if d.city is not None]

    @property
    def first_visit(self) -> bool:
        """Nothing is known of these cities yet: no people, agreements, promises or
        earlier reports."""
        return not (self.contacts or self.agreements or self.earlier_missions or self.site_visits)


def briefing_for(mission: Mission, *, user) -> Briefing:
    """What ``user`` may know of the history of ``mission``'s destination cities. The caller
    has checked that ``user`` may open ``mission``."""
    today = timezone.localdate()
    on = mission.start_date or today
    home = home_city(mission)
    destinations = _destinations(mission, home, on.year)
    cities = [d.city for d in destinations if d.city is not None]
    private = can_see_private(user)
    contacts = _contacts(cities, user, on, private=private)
    others = _other_cities(mission, [*cities, home] if home is not None else cities)
    # Of the other cities, those met only: "people met from other cities".
    others_met = [c for c in _contacts(others, user, on, private=private) if c.meetings]
    earlier = _earlier_missions(mission, destinations, user)
    excerpts = _excerpts(earlier)
    return Briefing(
        mission=mission,
        on=on,
        today=today,
        home_city=home,
        destinations=destinations,
        contacts=contacts,
        other_contacts=others_met,
        agreements=_agreements(cities, on),
        follow_ups=_follow_ups([*contacts, *others_met], today),
        earlier_missions=earlier,
        recommendations=[e for e in excerpts if is_recommendations_chapter(e.chapter.title)],
        # The most recent earlier report that wrote any.
        lessons=next((e for e in excerpts if _is_lessons(e.chapter.title)), None),
        site_visits=_site_visits(cities, user),
        show_private=private,
        panels=panels_for("briefing", user=user, mission_ids=[m.pk for m in earlier]),
    )


# ----- places -----


def home_city(mission: Mission) -> City | None:
    """Our own city: the recorded city named by ``settings.ENVOY_HOME_CITY``, else the city
    of the home country whose name the mission's host agency starts with (新北市政府秘書處
    → 新北市); None when neither is recorded."""
    if settings.ENVOY_HOME_CITY and (city := find_city(settings.ENVOY_HOME_CITY)):
        return city
    agency = name_key(mission.host_agency).replace(" ", "")
    if not agency:
        return None
    best, length = None, 0
    for city in City.objects.filter(country=settings.ENVOY_HOME_COUNTRY.upper()):
        for name in (city.name, city.name_en):
            key = name_key(name).replace(" ", "")
            if key and agency.startswith(key) and len(key) > length:
                best, length = city, len(key)
    return best


def _destinations(mission: Mission, home: City | None, year: int) -> list[Destination]:
    """The cities named in ``destination_cities`` (found with ``find_city``) in their order.
    The other cities linked to the mission (City.missions: those of everyone its report
    names) are no destinations."""
    pairs: list[tuple[str, City | None]] = []
    seen: set[int] = set()
    for name in dict.fromkeys(n.strip() for n in mission.destination_cities if n.strip()):
        city = find_city(name)
        if city is not None and city.pk in seen:
            continue
        if city is not None:
            seen.add(city.pk)
        pairs.append((name, city))
    cities = [c for _, c in pairs if c is not None]
    memberships = _memberships([*cities, home] if home is not None else cities, year)
    shared_networks = (
        {m.network_id for m in memberships.get(home.pk, [])} if home is not None else None
    )
    destinations = []
    for name, city in pairs:
        rows = memberships.get(city.pk, []) if city is not None else []
        if shared_networks is not None:
            rows = [m for m in rows if m.network_id in shared_networks]
        destinations.append(Destination(name, city, rows, shared_networks is not None))
    return destinations


def _other_cities(mission: Mission, leave_out: list[City]) -> list[City]:
    """The cities linked to the mission other than ``leave_out``, by name."""
    return list(mission.cities.exclude(pk__in=[c.pk for c in leave_out]).order_by("name"))


def _memberships(cities: list[City], year: int) -> dict[int, list[NetworkTie]]:
    """The networks of ``cities`` in force in ``year`` (founded or joined), by city id."""
    return network_ties([c.pk for c in cities], year)


# ----- people, meetings and promises -----


def _contacts(cities: list[City], user, on: dt.date, *, private: bool) -> list[Contact]:
    """People of ``cities`` (Person.city, or a position at an organisation there), those
    met most recently first, then those never met (by name); each with their meetings the
    user may see, newest first. Our own staff are left out."""
    if not cities:
        return []
    city_ids = {c.pk for c in cities}
    by_id = {c.pk: c for c in cities}
    positions = Prefetch("positions", queryset=Position.objects.select_related("organisation"))
    of_cities = Person.objects.filter(
        Q(city__in=city_ids) | Q(positions__organisation__city__in=city_ids), our_side=False
    )
    people = list(Person.objects.filter(pk__in=of_cities.values("pk")).prefetch_related(positions))
    by_person = {p.pk: p for p in people}
    meetings: dict[int, list[Interaction]] = {}
    for meeting in (
        interactions_for_user(user)
        .filter(person__in=list(by_person))
        .select_related("mission", "event", "follow_up_owner")
    ):
        meeting.person = by_person[meeting.person_id]
        meetings.setdefault(meeting.person_id, []).append(meeting)
    contacts = []
    for person in people:
        here = [
            p
            for p in person.positions.all()
            if p.organisation is not None and p.organisation.city_id in city_ids
        ]
        # A title with no organisation (副市長 of a person of Riga) is theirs in their city.
        titles = here or [p for p in person.positions.all() if p.organisation is None]
        position = next((p for p in titles if p.current_on(on)), None) or next(iter(titles), None)
        if person.city_id in city_ids:
            city = by_id[person.city_id]
        else:
            city = by_id[here[0].organisation.city_id]
        details = _details(person) if private else []
        contacts.append(Contact(person, city, position, meetings.get(person.pk, []), details))
    met = sorted(
        (c for c in contacts if c.meetings),
        key=lambda c: (c.last_met or dt.date.min, c.meetings[0].pk),
        reverse=True,
    )
    never = sorted((c for c in contacts if not c.meetings), key=lambda c: c.person.name)
    return met + never


def _details(person: Person) -> list[tuple[str, str]]:
    return [
        (str(Person._meta.get_field(name).verbose_name), getattr(person, name))
        for name in CONTACT_FIELDS
        if getattr(person, name)
    ]


def _follow_ups(contacts: list[Contact], today: dt.date) -> list[FollowUp]:
    """Open follow-ups of the meetings shown, soonest due first (those without a due date
    last); overdue when due before today."""
    open_ = [m for c in contacts for m in c.meetings if m.follow_up_open]
    open_.sort(key=lambda m: (m.follow_up_due is None, m.follow_up_due or dt.date.max, m.pk))
    return [FollowUp(m, today) for m in open_]


# ----- agreements -----


def _agreements(cities: list[City], on: dt.date) -> list[Agreement]:
    """Agreements with ``cities`` (or an organisation of theirs) in force on ``on``, newest
    first."""
    if not cities:
        return []
    rows = (
        Agreement.objects.filter(Q(cities__in=cities) | Q(organisations__city__in=cities))
        .distinct()
        .prefetch_related("cities", "organisations")
    )
    return [a for a in rows if a.in_force_on(on)]


# ----- earlier reports -----


def _earlier_missions(mission: Mission, destinations: list[Destination], user) -> list[Mission]:
    """Missions the user may open that started before ``mission`` and went to one of its
    cities — linked to the city, or naming it (any spelling) in destination_cities —
    newest first."""
    keys = {name_key(d.name) for d in destinations}
    for city in (d.city for d in destinations if d.city is not None):
        keys |= {name_key(city.name), name_key(city.name_en)}
    keys.discard("")
    if not keys:
        return []
    visible = missions_for_user(user).exclude(pk=mission.pk)
    if mission.start_date:
        visible = visible.filter(start_date__lt=mission.start_date)
    city_ids = [d.city.pk for d in destinations if d.city is not None]
    ids = set(visible.filter(cities__in=city_ids).values_list("id", flat=True))
    for pk, names in visible.values_list("id", "destination_cities"):
        if keys.intersection(name_key(n) for n in names or () if isinstance(n, str)):
            ids.add(pk)
    return list(Mission.objects.filter(pk__in=ids).order_by("-start_date", "-id"))


def _is_lessons(title: str) -> bool:
    return LESSONS in fold(title) and not is_recommendations_chapter(title)


def _excerpts(missions: list[Mission]) -> list[ReportExcerpt]:
    """The recommendations and lessons chapters of the reports of ``missions``, in the order
    of ``missions`` then of the chapters; chapters without points or paragraphs left out."""
    if not missions:
        return []
    blocks = Prefetch(
        "blocks", queryset=Block.objects.filter(kind__in=EXCERPT_KINDS).order_by("position", "id")
    )
    # Narrowed in the database (Traditional or Simplified), decided by _is_* on the folded title.
    titled = Q()
    for word in {
        RECOMMENDATIONS_CHAPTER,
        LESSONS,
        to_simplified(RECOMMENDATIONS_CHAPTER),
        to_simplified(LESSONS),
    }:
        titled |= Q(title__contains=word)
    chapters = [
        c
        for c in Chapter.objects.filter(titled, report__mission__in=missions)
        .select_related("report")
        .prefetch_related(blocks)
        .order_by("number")
        if is_recommendations_chapter(c.title) or _is_lessons(c.title)
    ]
    excerpts = []
    for mission in missions:
        for chapter in (c for c in chapters if c.report.mission_id == mission.pk):
            points = _points(chapter.blocks.all())
            if points:
                chapter.report.mission = mission
                excerpts.append(ReportExcerpt(mission, chapter.report, chapter, points))
    return excerpts


def _points(blocks) -> list[Point]:
    points: list[Point] = []
    for block in blocks:
        text = block.text.strip()
        if block.kind == BlockKind.POINT:
            label = numbering.point_label(block.marker, block.number)
            points.append(Point(block.number, text, [], label))
        elif text:
            if not points:
                points.append(Point(None, "", []))
            points[-1].paragraphs.append(text)
    return points


# ----- site visits -----


def _site_visits(cities: list[City], user) -> list[SiteVisit]:
    """Site visits in ``cities`` with a lesson written down, on missions the user may open,
    newest first."""
    if not cities:
        return []
    return list(
        SiteVisit.objects.filter(city__in=cities, mission__in=missions_for_user(user))
        .exclude(lesson="")
        .select_related("mission", "city")
        .order_by(F("date").desc(nulls_last=True), "-id")
    )
