"""What each searchable record says: its title, its text and its facets.

- a mission: title, region, countries, cities, host and visited agencies, the itinerary;
- a report (one document each): title, 摘要, keywords, categories, every chapter and block;
- a recommendation: each numbered point of a chapter whose title has 建議, with the paragraphs
  under it;
- a report's classified blocks (限閱), apart, in one document of their own: kept out of the
  report and recommendation documents so that the public search (published reports) never
  finds them, found by those who may open the mission;
- a follow-through action: its text, owner bureau, 不採行 reason, the passage it came from and
  its progress notes (never public: found by those who may open the mission);
- a person: every name and spelling, positions — never contact details or notes;
- an organisation, a city, a network: names, abbreviation, country, description.

Functions here only read; ``envoy.search.index`` writes.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from envoy.actions.models import Action, ProgressNote
from envoy.core.lib.places import country_code, country_region, region_name, search_names
from envoy.missions.enums import Direction
from envoy.missions.models import ItineraryDay, ItineraryItem, Mission
from envoy.relations.models import City, Event, Membership, Network, Organisation, Person
from envoy.reports.enums import BlockKind
from envoy.reports.models import Block, Chapter, Report
from envoy.reports.sections import is_recommendations_chapter

from .enums import Kind


@dataclass
class Document:
    kind: str
    object_id: int
    title: str
    body: str
    mission_id: int | None = None
    bureau_id: int | None = None
    report_status: str = ""
    date: dt.date | None = None
    category: str = ""
    countries: list[str] = field(default_factory=list)
    networks: list[int] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, int]:
        return self.kind, self.object_id

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    def fields(self) -> dict:
        """The values of a ``SearchDocument`` row."""
        return {
            "title": self.title[:500],
            "mission_id": self.mission_id,
            "bureau_id": self.bureau_id,
            "report_status": self.report_status,
            "date": self.date,
            "year": self.year,
            "category": self.category,
            "countries": " ".join(dict.fromkeys(self.countries))[:200],
            "networks": " ".join(str(n) for n in dict.fromkeys(self.networks))[:200],
        }


def _text(*parts) -> str:
    return "\n".join(str(p).strip() for p in parts if p and str(p).strip())


def _country_names(code: str) -> list[str]:
    """Every name a search finds the country by, in both languages (韓國, 南韓, South Korea)."""
    return search_names(code) if code else []


def _places_text(countries: list[str]) -> list[str]:
    """A mission's countries by all their names and their continents' names in both
    languages (亞洲, Asia); a value no country was found for as written."""
    names = [name for value in countries for name in search_names(value)]
    for region in dict.fromkeys(filter(None, map(country_region, countries))):
        names += [region_name(region, "zh-hant"), region_name(region, "en")]
    return names


def mission_documents(mission_ids: list[int]) -> list[Document]:
    """The documents of the given missions: each mission, its report and its report's
    recommendations, in the missions' date order."""
    # Rows as tuples, not model instances: a rebuild reads a whole archive through here.
    missions = list(
        Mission.objects.filter(pk__in=mission_ids)
        .order_by("start_date", "id")
        .values_list(
            "id", "title", "region", "host_agency", "visited_agencies", "start_date",
            "destination_countries", "destination_cities", "bureau_id", "category",
            "direction", "visitor_organisation",
        )
    )  # fmt: skip
    if not missions:
        return []
    ids = [m[0] for m in missions]
    itinerary: dict[int, list] = {}
    for mission_id, heading, places, remarks in (
        ItineraryDay.objects.filter(mission_id__in=ids)
        .order_by("date", "id")
        .values_list("mission_id", "heading", "places", "remarks")
    ):
        itinerary.setdefault(mission_id, []).extend([heading, " ".join(places), remarks])
    for mission_id, *texts in (
        ItineraryItem.objects.filter(day__mission_id__in=ids)
        .order_by("day__date", "position", "id")
        .values_list("day__mission_id", "text", "place", "origin", "destination")
    ):
        itinerary.setdefault(mission_id, []).extend(texts)
    networks: dict[int, list[int]] = {}
    for mission_id, network_id in Event.missions.through.objects.filter(
        mission_id__in=ids, event__network__isnull=False
    ).values_list("mission_id", "event__network_id"):
        networks.setdefault(mission_id, []).append(network_id)
    reports = {
        row[1]: row
        for row in Report.objects.filter(mission_id__in=ids).values_list(
            "id", "mission_id", "title", "keywords", "subject_category", "policy_category",
            "summary", "status",
        )
    }  # fmt: skip
    chapters: dict[int, list] = {}
    for chapter_id, report_id, title in (
        Chapter.objects.filter(report__mission_id__in=ids)
        .order_by("number")
        .values_list("id", "report_id", "title")
    ):
        chapters.setdefault(report_id, []).append((chapter_id, title))
    blocks: dict[int, list] = {}
    for block in (
        Block.objects.filter(chapter__report__mission_id__in=ids)
        .order_by("position", "id")
        .values_list("chapter_id", "id", "kind", "text", "restricted")
    ):
        blocks.setdefault(block[0], []).append(block[1:])

    actions: dict[int, list] = {}
    for action_id, mission_id, text, source, reason, bureau in (
        Action.objects.filter(report__mission_id__in=ids)
        .order_by("position", "id")
        .values_list("id", "report__mission_id", "text", "source", "reason", "owner_bureau__name")
    ):
        actions.setdefault(mission_id, []).append([action_id, text, [source, reason, bureau]])
    notes: dict[int, list[str]] = {}
    for action_id, note in ProgressNote.objects.filter(
        action__report__mission_id__in=ids
    ).values_list("action_id", "text"):
        notes.setdefault(action_id, []).append(note)

    documents = []
    for (
        mission_id, title, region, host_agency, visited_agencies, start_date,
        countries, cities, bureau_id, category, direction, visitor_organisation,
    ) in missions:  # fmt: skip
        common = {
            "mission_id": mission_id,
            "bureau_id": bureau_id,
            "date": start_date,
            # A visit received has no 出國類別: it keeps the default, which is not its own.
            "category": "" if direction == Direction.INBOUND else category,
            "countries": [c for c in map(country_code, countries) if c],
            "networks": networks.get(mission_id, []),
        }
        body = _text(
            title,
            visitor_organisation,
            region,
            *_places_text(countries),
            " ".join(cities),
            host_agency,
            visited_agencies,
            *itinerary.get(mission_id, []),
        )
        documents.append(Document(Kind.MISSION, mission_id, title, body, **common))
        report = reports.get(mission_id)
        if report is None:
            continue
        report_id, _, report_title, keywords, subject, policy, summary, status = report
        common["report_status"] = status
        parts = [report_title, summary, "、".join(keywords), subject, policy]
        recommendations, classified = [], []
        for chapter_id, chapter_title in chapters.get(report_id, []):
            parts.append(chapter_title)
            point = None
            for block_id, kind, text, restricted in blocks.get(chapter_id, []):
                if restricted:
                    classified.append(text)
                    # Paragraphs after a classified point are not its recommendation's.
                    if kind == BlockKind.POINT:
                        point = None
                    continue
                parts.append(text)
                if not is_recommendations_chapter(chapter_title):
                    continue
                if kind == BlockKind.POINT:
                    point = [block_id, text, []]
                    recommendations.append(point)
                elif kind == BlockKind.PARAGRAPH and point is not None:
                    point[2].append(text)
                else:
                    point = None
        documents.append(Document(Kind.REPORT, report_id, report_title, _text(*parts), **common))
        if classified:
            documents.append(
                Document(Kind.RESTRICTED, report_id, report_title, _text(*classified), **common)
            )
        for action_id, text, parts in actions.get(mission_id, []):
            documents.append(
                Document(
                    Kind.ACTION,
                    action_id,
                    text,
                    _text(text, *parts, *notes.get(action_id, [])),
                    **common,
                )
            )
        for block_id, point_title, paragraphs in recommendations:
            documents.append(
                Document(
                    Kind.RECOMMENDATION,
                    block_id,
                    point_title,
                    _text(point_title, *paragraphs),
                    **common,
                )
            )
    return documents


def people_documents(ids: list[int]) -> list[Document]:
    documents = []
    people = Person.objects.filter(pk__in=ids).prefetch_related("positions__organisation")
    for person in people.order_by("id"):
        positions = []
        for position in person.positions.all():
            positions += [position.title, position.title_en]
            if position.organisation is not None:
                positions += [position.organisation.name, position.organisation.name_en]
        body = _text(*person.all_names(), *positions, *_country_names(person.country))
        documents.append(
            Document(
                Kind.PERSON,
                person.pk,
                person.display_name,
                body,
                countries=[person.country] if person.country else [],
            )
        )
    return documents


def organisation_documents(ids: list[int]) -> list[Document]:
    founded: dict[int, list[int]] = {}
    for network_id, founder_id in Network.objects.filter(founder_id__in=ids).values_list(
        "id", "founder_id"
    ):
        founded.setdefault(founder_id, []).append(network_id)
    documents = []
    for organisation in Organisation.objects.filter(pk__in=ids).order_by("id"):
        body = _text(
            organisation.name,
            organisation.name_en,
            organisation.abbreviation,
            organisation.get_kind_display(),
            *_country_names(organisation.country),
        )
        documents.append(
            Document(
                Kind.ORGANISATION,
                organisation.pk,
                organisation.name,
                body,
                countries=[organisation.country] if organisation.country else [],
                networks=founded.get(organisation.pk, []),
            )
        )
    return documents


def city_documents(ids: list[int]) -> list[Document]:
    members: dict[int, list[int]] = {}
    for city_id, network_id in Membership.objects.filter(city_id__in=ids).values_list(
        "city_id", "network_id"
    ):
        members.setdefault(city_id, []).append(network_id)
    documents = []
    for city in City.objects.filter(pk__in=ids).order_by("id"):
        body = _text(city.name, city.name_en, *_country_names(city.country))
        documents.append(
            Document(
                Kind.CITY,
                city.pk,
                city.name,
                body,
                countries=[city.country] if city.country else [],
                networks=members.get(city.pk, []),
            )
        )
    return documents


def network_documents(ids: list[int]) -> list[Document]:
    documents = []
    for network in Network.objects.filter(pk__in=ids).order_by("id"):
        body = _text(
            network.name,
            network.name_en,
            network.abbreviation,
            network.description,
            network.founded_year,
        )
        documents.append(
            Document(Kind.NETWORK, network.pk, str(network), body, networks=[network.pk])
        )
    return documents


# How to read each kind of relations record, and its model.
RELATION_DOCUMENTS = {
    Kind.PERSON: (Person, people_documents),
    Kind.ORGANISATION: (Organisation, organisation_documents),
    Kind.CITY: (City, city_documents),
    Kind.NETWORK: (Network, network_documents),
}


def current_documents(missions: Iterable[int] = (), relations: dict | None = None) -> list:
    """The documents the given missions and relations records have now."""
    found = mission_documents(sorted(set(missions))) if missions else []
    for kind, ids in (relations or {}).items():
        if ids:
            found += RELATION_DOCUMENTS[kind][1](sorted(set(ids)))
    return found
