"""Turning confirmed suggestions into records, linked to the report's mission.

Confirmed people get a position (their title at their organisation) and one meeting per day
section that mentions them; cities are linked to the mission; the network gets the home
city as a member from the year stated; events list the mission as attending. Every
decision — confirmed or rejected — is remembered by the suggestion's key, so the screen does
not ask again.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from envoy.core.lib.titles import title_at
from envoy.core.services import record
from envoy.reports.models import Block, Report

from .. import services
from ..enums import Decision, OrganisationKind
from ..models import Agreement, Event, Network, Person, Presentation, SiteVisit, SuggestionDecision
from ..names import name_key
from ..permissions import can_edit_person
from .forms import CONFIRM, REJECT
from .suggestions import make_key


@dataclass
class Outcome:
    created: dict[str, int] = field(default_factory=dict)
    rejected: int = 0

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.created.values())


def decided_keys(report: Report) -> dict[str, SuggestionDecision]:
    return {d.key: d for d in report.suggestion_decisions.all()}


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date) or value is None:
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


class _Applier:
    """Applies one screen's decisions for one report, inside one transaction."""

    def __init__(self, *, user, report: Report, suggestions):
        self.user = user
        self.report = report
        self.mission = report.mission
        self.suggestions = suggestions
        self.outcome = Outcome()
        self.cities = {s.key: s for s in suggestions.cities}
        self.organisation_kinds = {name_key(s.name): s.kind for s in suggestions.organisations}
        self.organisation_places = {
            name_key(s.name): (s.city, s.country) for s in suggestions.organisations
        }
        head = next((m for m in self.mission.members.all() if m.is_head), None)
        self.met_by = f"{head.name}{head.title}" if head else ""
        self.blocks = {
            (block.chapter.number, index): block
            for chapter_blocks in self._blocks_by_chapter().values()
            for index, block in enumerate(chapter_blocks)
        }
        self.day_places = {day.date: day.places for day in self.mission.days.all()}

    def _blocks_by_chapter(self) -> dict[int, list[Block]]:
        out: dict[int, list[Block]] = {}
        rows = Block.objects.filter(chapter__report=self.report).select_related("chapter")
        for block in rows.order_by("chapter__number", "position", "id"):
            out.setdefault(block.chapter.number, []).append(block)
        return out

    # ----- places and organisations, made on demand by whatever names them -----

    def city(self, name: str, country: str = ""):
        if not name:
            return None
        known = self.cities.get(make_key("city", name))
        extra = {}
        if known is not None:
            country = country or known.country
            extra = {
                "name_en": known.name_en,
                "latitude": known.latitude,
                "longitude": known.longitude,
                "timezone": known.timezone,
                "geonames_id": known.geonames_id,
            }
        return services.get_or_create_city(user=self.user, name=name, country=country, **extra)

    def organisation(self, name: str, city=None, country: str = "", kind: str = ""):
        if not name:
            return None
        kind = kind or self.organisation_kinds.get(name_key(name), OrganisationKind.OTHER)
        return services.get_or_create_organisation(
            user=self.user, name=name, kind=kind, city=city, country=country or ""
        )

    def home_city(self):
        return self.city(settings.ENVOY_HOME_CITY, settings.ENVOY_HOME_COUNTRY)

    # ----- one kind each -----

    def cities_(self, data: dict, suggestion) -> object:
        city = self.city(data["name_zh"], data["country"])
        if data["name_en"] and not city.name_en:
            city.name_en = data["name_en"]
            city.save(update_fields=["name_en"])
        city.missions.add(self.mission)
        return city

    def organisations_(self, data: dict, suggestion) -> object:
        city = self.city(data["city"], data["country"])
        return self.organisation(data["name"], city, data["country"], data["kind"])

    def networks_(self, data: dict, suggestion) -> object:
        # The founder in its city (東京都廳, 東京), so the city counts the network as its own.
        city, country = self.organisation_places.get(name_key(data["founder"]), ("", ""))
        founder = self.organisation(
            data["founder"], self.city(city, country), country, OrganisationKind.CITY_GOVERNMENT
        )
        network = services.get_or_create_network(
            user=self.user,
            name=data["name"],
            abbreviation=data["abbreviation"],
            name_en=data["name_en"],
            founded_year=data["founded"],
            founder=founder,
        )
        services.join_network(
            user=self.user, network=network, city=self.home_city(), since_year=data["member_since"]
        )
        return network

    def events_(self, data: dict, suggestion) -> object:

        network = None
        if suggestion.network:
            key = name_key(suggestion.network)
            network = next(
                (
                    n
                    for n in Network.objects.all()
                    if key in {name_key(x) for x in (n.name, n.abbreviation, n.name_en) if x}
                ),
                None,
            )
        dates = sorted(d for d in (_date(x) for x in suggestion.dates) if d)
        event = Event.objects.filter(name=data["name"], edition=data["edition"]).first()
        if event is None:
            event = services.save_event(
                user=self.user,
                event=Event(),
                data={
                    "name": data["name"],
                    "edition": data["edition"],
                    "theme": data["theme"],
                    "network": network,
                    "city": self.city(data["city"]),
                    "start_date": dates[0] if dates else None,
                    "end_date": dates[-1] if dates else None,
                },
            )
        event.missions.add(self.mission)
        return event

    def people_(self, data: dict, suggestion) -> object:
        city = self.city(data["city"], data["country"])
        person = services.find_person(data["name"], data["name_latin"], data["name_zh"])
        if person is None:
            person = services.create_person(
                user=self.user,
                data={
                    "name": data["name"],
                    "name_latin": data["name_latin"],
                    "name_zh": data["name_zh"],
                    "country": data["country"],
                    "city": city,
                    "our_side": suggestion.our_side,
                },
            )
        organisation = self.organisation(data["organisation"], city, data["country"])
        # A person another bureau holds keeps their record; the meeting keeps the title.
        if (
            data["title"]
            and can_edit_person(self.user, person)
            and not person.positions.filter(title=data["title"], organisation=organisation).exists()
        ):
            services.add_position(
                user=self.user,
                person=person,
                data={"title": data["title"], "organisation": organisation},
            )
        if not suggestion.our_side:
            self._meetings(person, data, suggestion)
        return person

    def _meetings(self, person: Person, data: dict, suggestion) -> None:
        dates = [_date(d) for d in suggestion.dates] or [self.mission.start_date]
        for day in dict.fromkeys(dates):
            if person.interactions.filter(mission=self.mission, date=day).exists():
                continue
            block = next(
                (self.blocks.get(tuple(b)) for b in suggestion.blocks if tuple(b) in self.blocks),
                None,
            )
            where = next(iter(self.day_places.get(day) or []), "") if day else ""
            services.record_interaction(
                user=self.user,
                person=person,
                data={
                    "date": day,
                    "mission": self.mission,
                    "city": self.city(where) if where else None,
                    "met_by": self.met_by,
                    # As the report names it: 巴黎國際關係處副處長, 東京都知事.
                    "title_then": title_at(data["title"], data["organisation"]),
                    "source_block": block,
                },
            )

    def presentations_(self, data: dict, suggestion) -> object:
        speaker = None
        if data["speaker"]:
            speaker = services.find_person(data["speaker"]) or services.create_person(
                user=self.user, data={"name": data["speaker"], "our_side": True}
            )
        event = self.mission.events.order_by("id").first()
        presentation = services.save_presentation(
            user=self.user,
            presentation=Presentation(),
            data={
                "title": data["title_zh"],
                "title_en": data["title_en"],
                "speaker": speaker,
                "event": event,
                "mission": self.mission,
                "date": data["date"],
            },
        )
        return presentation

    def site_visits_(self, data: dict, suggestion) -> object:
        visit = services.save_site_visit(
            user=self.user,
            visit=SiteVisit(),
            data={
                "mission": self.mission,
                "name": data["name"],
                "other_name": data["other_name"],
                "date": data["date"],
                "city": self.city(data["city"]),
                "lesson": data["lesson"],
            },
        )
        return visit

    def agreements_(self, data: dict, suggestion) -> object:
        parties = [p.strip() for p in data["parties"].replace(",", "、").split("、") if p.strip()]
        cities = [c for c in (services.find_city(p) for p in parties) if c]
        organisations = [self.organisation(p) for p in parties if services.find_city(p) is None]
        network = next(iter(self.mission.events.exclude(network=None)), None)
        return services.save_agreement(
            user=self.user,
            agreement=Agreement(),
            data={
                "kind": data["kind"],
                "title": data["title"],
                "date": data["date"],
                "mission": self.mission,
                "network": network.network if network else None,
            },
            cities=[self.home_city(), *cities],
            organisations=organisations,
        )


# The order records are made in: later kinds link to earlier ones.
ORDER = [
    "cities",
    "organisations",
    "networks",
    "events",
    "people",
    "presentations",
    "site_visits",
    "agreements",
]


@transaction.atomic
def confirm_suggestions(*, user, report: Report, suggestions, forms: dict[str, list]) -> Outcome:
    """Apply the decisions of ``forms`` (group → valid row forms, from the screen) for
    ``report``: confirmed rows become records (corrected values first), rejected ones are
    remembered. Rows already decided are skipped. All or nothing."""
    applier = _Applier(user=user, report=report, suggestions=suggestions)
    decided = decided_keys(report)
    by_key = {s.key: s for s in suggestions.all()}
    for group in ORDER:
        for form in forms.get(group, []):
            data = form.cleaned_data
            key = data["key"]
            if key in decided or key not in by_key or data["decision"] not in (CONFIRM, REJECT):
                continue
            if data["decision"] == REJECT:
                SuggestionDecision.objects.create(
                    report=report, key=key, decision=Decision.REJECTED, decided_by=user
                )
                applier.outcome.rejected += 1
                continue
            made = getattr(applier, group + "_")(data, by_key[key])
            SuggestionDecision.objects.create(
                report=report,
                key=key,
                decision=Decision.CONFIRMED,
                decided_by=user,
                object_type=made._meta.label_lower,
                object_id=made.pk,
            )
            applier.outcome.count(group)
    record(
        user=user,
        action="relations.suggestions_confirmed",
        obj=report,
        mission_id=report.mission_id,
        summary=str(applier.outcome.total),
        details={"created": applier.outcome.created, "rejected": applier.outcome.rejected},
    )
    return applier.outcome
