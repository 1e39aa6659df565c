"""What the hosting pages and printables read, each in a fixed number of queries whatever
the visit holds."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from envoy.missions.enums import ItemKind
from envoy.missions.models import DelegationMember, ItineraryDay, ItineraryItem, Mission
from envoy.relations.permissions import interactions_for_user
from envoy.talent.pool import search_pool

from . import seating
from .enums import Diet, HostRole
from .models import Gift, Host, Hosting, TransportLeg, Visitor


def hosting_of(mission: Mission) -> Hosting:
    """The visit's hosting facts, or unsaved defaults when none were kept yet."""
    found = (
        Hosting.objects.filter(mission=mission).select_related("visitor_city", "network").first()
    )
    return found or Hosting(mission=mission)


def visitors(mission: Mission) -> list[Visitor]:
    """One ``Visitor`` per delegation member, in the delegation's order (``visitor.member``
    set); unsaved defaults for members nobody has described yet: one query."""
    members = (
        DelegationMember.objects.filter(mission=mission)
        .select_related("visitor", "visitor__person", "visitor__organisation")
        .order_by("position", "id")
    )
    found = []
    for member in members:
        try:
            visitor = member.visitor
        except Visitor.DoesNotExist:
            visitor = Visitor(member=member, name_native=member.name)
        visitor.member = member
        member.mission = mission
        found.append(visitor)
    return found


def by_precedence(people: list) -> list:
    """Visitors or hosts in the order of precedence (ranked first, then as listed)."""
    return [p for _i, p in sorted(enumerate(people), key=lambda pair: _rank(*pair))]


def _rank(index: int, person) -> tuple:
    return (person.precedence is None, person.precedence or 0, index)


def hosts(mission: Mission) -> list[Host]:
    return list(Host.objects.filter(mission=mission).select_related("bureau"))


def legs(mission: Mission) -> list[TransportLeg]:
    return list(TransportLeg.objects.filter(mission=mission).order_by("date", "departs_at", "id"))


def gifts(mission: Mission) -> list[Gift]:
    return list(Gift.objects.filter(mission=mission).order_by("date", "id"))


def follow_ups(user, mission: Mission) -> list:
    """The meetings of the visit in the city's relations that carry a follow-up."""
    return list(
        interactions_for_user(user)
        .filter(mission=mission)
        .exclude(follow_up="")
        .select_related("person", "follow_up_owner")
        .order_by("follow_up_due", "id")
    )


def programme(mission: Mission) -> list[ItineraryDay]:
    items = Prefetch(
        "items", queryset=ItineraryItem.objects.order_by("position", "start_time", "id")
    )
    return list(
        ItineraryDay.objects.filter(mission=mission).order_by("date", "id").prefetch_related(items)
    )


# ----- the seating plan -----


def sitter_of_visitor(visitor: Visitor, order: int) -> seating.Sitter:
    member = visitor.member
    return seating.Sitter(
        name=visitor.shown_name,
        name_en=visitor.other_name,
        title=member.shown_title or member.title,
        organisation=member.agency,
        guest=True,
        precedence=visitor.precedence,
        order=order,
    )


def sitter_of_host(host: Host, order: int) -> seating.Sitter:
    return seating.Sitter(
        name=host.name,
        name_en=host.name_en,
        title=host.title,
        organisation=host.bureau.name if host.bureau else "",
        guest=False,
        precedence=host.precedence,
        order=order,
    )


def seating_plan(hosting: Hosting, visitors_: list[Visitor], hosts_: list[Host]):
    """The plan of the visit's layout: visitors, and our hosts who sit at the table (not
    interpreters or the liaison), at tables of the size chosen."""
    at_table = [h for h in hosts_ if h.role == HostRole.HOST]
    return seating.plan(
        hosting.seating_layout,
        [sitter_of_visitor(v, n) for n, v in enumerate(visitors_)],
        [sitter_of_host(h, n) for n, h in enumerate(at_table)],
        hosting.table_size,
    )


# ----- the caterer's list -----


@dataclass
class Meal:
    """A meal of the programme (an item of kind 餐敘), or the whole visit when the
    programme has none."""

    date: object
    item: ItineraryItem | None
    diners: int
    needs: list[Visitor] = field(default_factory=list)


def meals(days: list[ItineraryDay], visitors_: list[Visitor], hosts_: list[Host]) -> list[Meal]:
    """Each meal of the programme with the number at table (visitors and our hosts) and the
    visitors who need something other than the menu: every visitor eats at every meal."""
    needs = [v for v in by_precedence(visitors_) if v.has_needs]
    diners = len(visitors_) + sum(1 for h in hosts_ if h.role != HostRole.LIAISON)
    found = [
        Meal(day.date, item, diners, needs)
        for day in days
        for item in day.items.all()
        if item.kind == ItemKind.MEAL
    ]
    return found or [Meal(None, None, diners, needs)]


def diet_totals(visitors_: list[Visitor]) -> list[tuple[str, int]]:
    """How many visitors need each diet, in the order of ``Diet``."""
    counts = {code: 0 for code in Diet.values}
    for visitor in visitors_:
        for code in visitor.diets:
            if code in counts:
                counts[code] += 1
    return [(str(Diet(code).label), n) for code, n in counts.items() if n]


# ----- our people from the talent pool -----

# The language the visitors of a country speak, as the talent pool codes it; English for the
# rest.
COUNTRY_LANGUAGES = {
    "JP": "ja",
    "KR": "ko",
    "FR": "fr",
    "BE": "fr",
    "DE": "de",
    "AT": "de",
    "CH": "de",
    "ES": "es",
    "MX": "es",
    "AR": "es",
    "CL": "es",
    "CO": "es",
    "PE": "es",
    "PT": "pt",
    "BR": "pt",
    "IT": "it",
    "RU": "ru",
    "VN": "vi",
    "TH": "th",
    "ID": "id",
    "MY": "ms",
    "PH": "tl",
    "NL": "nl",
    "SA": "ar",
    "AE": "ar",
    "QA": "ar",
    "JO": "ar",
    "EG": "ar",
}


def visitors_language(mission: Mission) -> str:
    """The language the pool is searched in for the visit: that of the visitors' first
    country."""
    countries = mission.destination_countries or []
    return COUNTRY_LANGUAGES.get(countries[0] if countries else "", "en")


def pool_candidates(user, mission: Mission, text: str = "", language: str | None = None):
    """The colleagues ``user`` may see in the talent pool who speak the visitors' language
    (or ``language``) and match ``text`` ("口譯", "防災"): the pool's own search, four
    queries."""
    return search_pool(
        user, text, language=visitors_language(mission) if language is None else language
    )


# ----- the visit as data (the commands' --json) -----


def visit_as_json(mission: Mission) -> dict:
    """Everything the hosting of ``mission`` holds, as JSON-able data: for the commands, which
    run with the whole office's reach (dietary needs included)."""
    hosting = hosting_of(mission)
    visitors_ = visitors(mission)
    hosts_ = hosts(mission)
    days = programme(mission)
    plan = seating_plan(hosting, visitors_, hosts_)
    return {
        "visit": mission.pk,
        "title": mission.title,
        "organisation": mission.visitor_organisation,
        "start_date": mission.start_date.isoformat() if mission.start_date else None,
        "end_date": mission.end_date.isoformat() if mission.end_date else None,
        "visitor_city": hosting.visitor_city.name if hosting.visitor_city else None,
        "network": str(hosting.network) if hosting.network else None,
        "visitors": [
            {
                "name": v.shown_name,
                "name_en": v.name_en,
                "title": v.member.title,
                "precedence": v.precedence,
                "diets": v.diets,
                "allergies": v.allergies,
                "person": v.person_id,
            }
            for v in by_precedence(visitors_)
        ],
        "hosts": [
            {
                "name": h.name,
                "name_en": h.name_en,
                "role": h.role,
                "title": h.title,
                "precedence": h.precedence,
                "profile": h.profile_id,
            }
            for h in by_precedence(hosts_)
        ],
        "seating": {
            "layout": plan.layout,
            "table_size": hosting.table_size,
            "rows": [
                {
                    "heading": row.heading,
                    "seats": [{"place": s.place, "name": s.sitter.name} for s in row.seats],
                }
                for row in plan.rows
            ],
        },
        "meals": [
            {
                "date": meal.date.isoformat() if meal.date else None,
                "meal": meal.item.text if meal.item else None,
                "diners": meal.diners,
                "needs": [
                    {"name": v.shown_name, "diets": v.diets, "allergies": v.allergies}
                    for v in meal.needs
                ],
            }
            for meal in meals(days, visitors_, hosts_)
        ],
        "transport": [
            {
                "date": leg.date.isoformat(),
                "departs_at": leg.departs_at.strftime("%H:%M") if leg.departs_at else None,
                "from": leg.origin,
                "to": leg.destination,
                "kind": leg.kind,
                "vehicle": leg.vehicle,
            }
            for leg in legs(mission)
        ],
        "gifts": [gift_as_json(gift) for gift in gifts(mission)],
    }


def gift_as_json(gift: Gift) -> dict:
    return {
        "id": gift.pk,
        "visit": gift.mission_id,
        "date": gift.date.isoformat(),
        "direction": gift.direction,
        "description": gift.description,
        "value_ntd": gift.value_ntd,
        "counterpart": gift.counterpart,
        "our_person": gift.our_person,
        "recipient": gift.recipient,
        "handling": gift.handling,
        "needs_report": gift.needs_report,
        "report_due": gift.report_due.isoformat() if gift.report_due else None,
        "reported_on": gift.reported_on.isoformat() if gift.reported_on else None,
    }


def gifts_to_report():
    """Gifts received at any visit that the ethics rule asks to report and nobody reported
    yet, oldest first (``ethics``)."""
    rows = Gift.objects.filter(direction="received", reported_on__isnull=True).select_related(
        "mission"
    )
    return [g for g in rows.order_by("date", "id") if g.needs_report]
