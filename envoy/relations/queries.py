"""The reads the relations pages make: searching by name, the rows a list shows, and what a
page needs fetched with its records.

Searching compares names folded (``names.name_key``), so 台北 finds 臺北 and Maris finds
Māris; it is done in Python over the names alone, then only the rows shown are fetched,
each with what it displays (``select_related``/``Prefetch``), so a page takes a fixed number
of queries whatever the number of records.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)

from envoy.missions.models import Mission
from envoy.missions.permissions import missions_for_user

from .models import (
    Agreement,
    City,
    Event,
    Interaction,
    Network,
    Organisation,
    Person,
    Position,
    Presentation,
    SiteVisit,
)
from .names import name_key
from .permissions import interactions_for_user

# How many choices a picker offers.
PICK_LIMIT = 10


# ----- Searching by name -----


def ranked_ids(rows, q: str) -> list[int]:
    """The ids of ``rows`` ((id, *names) tuples, in their order) whose names hold every word
    of ``q`` — compared folded, so 台北 finds 臺北 and Maris finds Māris — the closest first:
    a name equal to ``q``, then names starting with it, then the rest."""
    wanted = name_key(q)
    words = wanted.split()
    ranked = []
    for pk, *names in rows:
        keys = []
        for name in names:
            if isinstance(name, list):
                keys.extend(name_key(n) for n in name if n)
            elif name:
                keys.append(name_key(name))
        joined = " ".join(keys)
        if not all(word in joined for word in words):
            continue
        if wanted in keys:
            rank = 0
        elif any(key.startswith(wanted) for key in keys):
            rank = 1
        else:
            rank = 2
        ranked.append((rank, pk))
    ranked.sort(key=lambda pair: pair[0])  # stable: the queryset's order within a rank
    return [pk for _rank, pk in ranked]


def matching_ids(queryset: QuerySet, name_fields: list[str], q: str):
    """The ids of ``queryset`` whose ``name_fields`` match ``q`` (closest first), or all of
    them in the queryset's order when ``q`` is empty."""
    if q:
        return ranked_ids(queryset.values_list("id", *name_fields), q)
    return queryset.values_list("id", flat=True)


# ----- Positions -----


def positions_prefetch() -> Prefetch:
    """A person's positions, each with its organisation."""
    return Prefetch("positions", queryset=Position.objects.select_related("organisation"))


def current_positions(person: Person, today: dt.date) -> list[Position]:
    """The positions ``person`` holds ``today``, from the prefetched ones."""
    return [p for p in person.positions.all() if p.current_on(today)]


# ----- Missions and meetings the user may see -----


def mission_visible(user) -> Exists:
    """An annotation: whether the row's mission is one ``user`` may open."""
    return Exists(missions_for_user(user).filter(pk=OuterRef("mission_id")))


def visible_mission(user, value: str) -> Mission | None:
    """The mission ``value`` (an id from the address) if ``user`` may open it."""
    if not value.isdigit():
        return None
    return missions_for_user(user).filter(pk=value).first()


def meetings_for_user(user) -> QuerySet[Interaction]:
    """The meetings ``user`` may see, with what a timeline shows of them."""
    return interactions_for_user(user).select_related(
        "person", "mission", "event", "session", "city", "follow_up_owner"
    )


def presentations_of(person: Person, user) -> list[Presentation]:
    """The presentations ``person`` gave, each knowing whether ``user`` may open its
    mission (``mission_visible``)."""
    return list(
        person.presentations.select_related("event", "session", "mission").annotate(
            mission_visible=mission_visible(user)
        )
    )


# ----- The rows a list shows, by id -----


def people_by_id(ids) -> dict[int, Person]:
    rows = Person.objects.select_related("city").prefetch_related(positions_prefetch())
    return rows.in_bulk(ids)


def organisations_by_id(ids) -> dict[int, Organisation]:
    rows = Organisation.objects.select_related("city").annotate(
        people_count=Count("positions__person", distinct=True)
    )
    return rows.in_bulk(ids)


def cities_by_id(ids) -> dict[int, City]:
    rows = City.objects.annotate(
        people_count=Count("people", distinct=True),
        agreement_count=Count("agreements", distinct=True),
    )
    return rows.in_bulk(ids)


def networks_by_id(ids) -> dict[int, Network]:
    rows = Network.objects.select_related("founder").annotate(
        member_count=Count("memberships", distinct=True)
    )
    return rows.in_bulk(ids)


@dataclass(frozen=True)
class NetworkTie:
    """A city's part in a network: a member from ``since_year``, or its founder (through an
    organisation of the city: 東京都廳 founded G-NETS) from the year it was founded. Both
    count as the city's networks, shared with another city that has either."""

    network: Network
    city_id: int
    since_year: int | None
    founder: bool = False

    @property
    def network_id(self) -> int:
        return self.network.pk


def network_ties(city_ids, year: int | None = None) -> dict[int, list[NetworkTie]]:
    """By city id, the networks of the cities ``city_ids`` (in force in ``year`` when
    given), in the networks' order; a city both founder and member is listed once, as
    founder. One query: each network with the memberships of these cities beside it."""
    city_ids = list(city_ids)
    here = FilteredRelation("memberships", condition=Q(memberships__city__in=city_ids))
    rows = (
        Network.objects.annotate(here=here)
        .filter(Q(founder__city__in=city_ids) | Q(here__isnull=False))
        .annotate(
            member_city=F("here__city_id"),
            member_since=F("here__since_year"),
            member_until=F("here__until_year"),
        )
        .select_related("founder")
    )
    ties: dict[tuple[int, int], NetworkTie] = {}
    for network in rows:
        founder_city = network.founder.city_id if network.founder else None
        if founder_city in city_ids and _in_force(network.founded_year, None, year):
            tie = NetworkTie(network, founder_city, network.founded_year, True)
            ties[(founder_city, network.pk)] = tie
        if network.member_city is not None and _in_force(
            network.member_since, network.member_until, year
        ):
            tie = NetworkTie(network, network.member_city, network.member_since)
            ties.setdefault((network.member_city, network.pk), tie)
    by_city: dict[int, list[NetworkTie]] = {}
    for tie in sorted(ties.values(), key=lambda t: (t.network.abbreviation, t.network.name)):
        by_city.setdefault(tie.city_id, []).append(tie)
    return by_city


def _in_force(since: int | None, until: int | None, year: int | None) -> bool:
    if year is None:
        return True
    return (since is None or since <= year) and (until is None or year <= until)


def agreements_by_id(ids) -> dict[int, Agreement]:
    rows = Agreement.objects.select_related("network").prefetch_related("cities", "organisations")
    return rows.in_bulk(ids)


def events_by_id(ids, user) -> dict[int, Event]:
    """Events, each with the number of its missions ``user`` may open (``mission_count``)."""
    visible = missions_for_user(user)
    rows = Event.objects.select_related("network", "city").annotate(
        mission_count=Count("missions", filter=Q(missions__in=visible), distinct=True)
    )
    return rows.in_bulk(ids)


def site_visits_for_user(user) -> QuerySet[SiteVisit]:
    """The site visits of the missions ``user`` may open."""
    return SiteVisit.objects.filter(mission__in=missions_for_user(user).values("pk"))


def site_visits_by_id(ids) -> dict[int, SiteVisit]:
    return SiteVisit.objects.select_related("mission", "city").in_bulk(ids)


def people_for_merging() -> QuerySet[Person]:
    """Everyone, with their positions and number of meetings, as the duplicates page
    compares them."""
    return Person.objects.annotate(meeting_count=Count("interactions")).prefetch_related(
        positions_prefetch()
    )


# ----- Pickers: the closest matches to what was typed -----


def pick_people(q: str, today: dt.date) -> list[tuple[Person, str]]:
    """People called ``q``, each with a hint: their Latin name, their current position."""
    rows = Person.objects.values_list("id", "name", "name_latin", "name_zh", "other_names")
    ids = ranked_ids(rows, q)[:PICK_LIMIT]
    found = people_by_id(ids)
    picked = []
    for pk in ids:
        person = found[pk]
        current = current_positions(person, today)
        hint = [person.name_latin if person.name_latin != person.name else ""]
        hint += [str(p) for p in current[:1]]
        picked.append((person, " · ".join(h for h in hint if h)))
    return picked


def pick_cities(q: str) -> list[tuple[City, str]]:
    """Cities called ``q``, each with its English name and country as a hint."""
    ids = ranked_ids(City.objects.values_list("id", "name", "name_en"), q)[:PICK_LIMIT]
    found = City.objects.in_bulk(ids)
    return [
        (found[pk], " · ".join(filter(None, [found[pk].name_en, found[pk].country_name])))
        for pk in ids
    ]


def pick_organisations(q: str) -> list[tuple[Organisation, str]]:
    """Organisations called ``q``, each with its abbreviation and city as a hint."""
    rows = Organisation.objects.values_list("id", "name", "name_en", "abbreviation")
    ids = ranked_ids(rows, q)[:PICK_LIMIT]
    found = Organisation.objects.select_related("city").in_bulk(ids)
    return [
        (found[pk], " · ".join(filter(None, [found[pk].abbreviation, str(found[pk].city or "")])))
        for pk in ids
    ]


def pick_missions(q: str, user) -> list[tuple[Mission, str]]:
    """The missions ``user`` may open whose title holds ``q`` (台 and 臺 alike), newest
    first."""
    words = {q, q.replace("台", "臺"), q.replace("臺", "台")}
    condition = Q()
    for word in words:
        condition |= Q(title__icontains=word)
    rows = missions_for_user(user).filter(condition).order_by("-start_date", "-id")
    return [(mission, "") for mission in rows[:PICK_LIMIT]]


# ----- Events -----


def event_presentations(event: Event, user) -> list[Presentation]:
    """The presentations given at ``event``, by date (undated last), each knowing whether
    ``user`` may open its mission."""
    return list(
        event.presentations.select_related("speaker", "session", "mission")
        .annotate(mission_visible=mission_visible(user))
        .order_by(F("date").asc(nulls_last=True), "id")
    )
