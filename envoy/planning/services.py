"""The verbs of planning: a mission's per diem from its itinerary, what the host provides
each day, and the exchange rate of the trip."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from envoy.core.services import record
from envoy.missions.models import DelegationMember, Mission
from envoy.missions.permissions import can_create_mission, can_edit_mission

from . import per_diem
from .models import DayProvision, ExchangeRate, TravellerExchange
from .rates import RateTable, country_of


def _country(value: str) -> str:
    return country_of(value) or ""


def mission_days(mission: Mission) -> list[per_diem.Day]:
    """Every day of the trip, from departure to return, each with the place its night is
    spent: the last place (and country) of the day's itinerary, else the day before's, else
    the mission's first destination; and what the host provides (``DayProvision``)."""
    if not (mission.start_date and mission.end_date):
        return []
    itinerary = {day.date: day for day in mission.days.all()}
    provided = {p.date: p for p in DayProvision.objects.filter(mission=mission)}
    countries = [c for c in map(_country, mission.destination_countries or []) if c]
    country = countries[0] if countries else ""
    city = (mission.destination_cities or [""])[0]
    days = []
    date = mission.start_date
    while date <= mission.end_date:
        if row := itinerary.get(date):
            day_countries = [c for c in map(_country, row.countries or []) if c]
            if row.places:
                city = row.places[-1]
                country = day_countries[-1] if day_countries else country
            elif day_countries:
                country, city = day_countries[-1], ""
        provision = provided.get(date)
        days.append(
            per_diem.Day(
                date=date,
                country=country,
                city=city,
                overnight=provision.overnight if provision else per_diem.HOTEL,
                meals=provision.meals if provision else frozenset(),
            )
        )
        date += dt.timedelta(days=1)
    return days


def trip_exchange_rate(mission: Mission) -> ExchangeRate | None:
    """The rate of 第19點: the day before the trip, or the last day before it that has one
    (a bank holiday has none)."""
    if not mission.start_date:
        return None
    before = mission.start_date - dt.timedelta(days=1)
    return ExchangeRate.objects.filter(date__lte=before).order_by("-date").first()


def mission_per_diem(
    mission: Mission,
    *,
    table: RateTable | None = None,
    twd_per_usd: Decimal | None = None,
    long_stay_exempt: bool = False,
) -> per_diem.PerDiem:
    """One traveller's per diem for ``mission`` (every traveller's is the same: the days are
    the mission's)."""
    if twd_per_usd is None and (rate := trip_exchange_rate(mission)):
        twd_per_usd = rate.twd_per_usd
    return per_diem.calculate(
        mission_days(mission),
        table or RateTable.stored(),
        twd_per_usd=twd_per_usd,
        long_stay_exempt=long_stay_exempt,
    )


def save_provisions(*, user, mission: Mission, rows: list[dict]) -> None:
    """Keep what the host provides on each day of ``mission`` (``rows``: ``date``,
    ``overnight``, ``breakfast``, ``lunch``, ``dinner``). A day with nothing provided and a
    hotel night keeps no row."""
    if not can_edit_mission(user, mission):
        raise PermissionDenied
    with transaction.atomic():
        DayProvision.objects.filter(mission=mission).delete()
        DayProvision.objects.bulk_create(
            DayProvision(mission=mission, **row)
            for row in rows
            if row["overnight"] != per_diem.HOTEL
            or row["breakfast"]
            or row["lunch"]
            or row["dinner"]
        )
        record(
            user=user,
            action="mission.updated",
            obj=mission,
            mission_id=mission.pk,
            summary=_("膳宿提供（生活費試算）"),
        )


def set_exchange_rate(
    *, user, date: dt.date, twd_per_usd: Decimal, source: str = ""
) -> ExchangeRate:
    """The US dollar's rate on ``date``, entered by someone who may edit missions."""
    if not can_create_mission(user):
        raise PermissionDenied
    rate, _created = ExchangeRate.objects.update_or_create(
        date=date, defaults={"twd_per_usd": twd_per_usd, "source": source}
    )
    return rate


@dataclass
class TravellerAmount:
    """One traveller's per diem in NT dollars: at their own exchange (結匯水單) when they
    have one, else at the trip's rate (第19點)."""

    member: DelegationMember | None
    twd_per_usd: Decimal | None
    own: TravellerExchange | None
    twd: int | None


def traveller_amounts(mission: Mission, result: per_diem.PerDiem) -> list[TravellerAmount]:
    """Each traveller's share of ``result`` (the per diem of one traveller, in US dollars,
    reckoned at the trip's rate); one row with no member when the delegation is empty."""
    members = list(mission.members.select_related("exchange"))
    rows = []
    for member in members or [None]:
        own = getattr(member, "exchange", None) if member else None
        rate = own.twd_per_usd if own else result.twd_per_usd
        rows.append(TravellerAmount(member, rate, own, per_diem.to_twd(result.usd, rate)))
    return rows


def set_traveller_exchange(
    *, user, member: DelegationMember, twd_per_usd: Decimal | None, date=None, note: str = ""
) -> None:
    """The traveller's own exchange rate (結匯水單), or none (``twd_per_usd`` None)."""
    if not can_edit_mission(user, member.mission):
        raise PermissionDenied
    with transaction.atomic():
        if twd_per_usd is None:
            TravellerExchange.objects.filter(member=member).delete()
            summary = _("%(name)s：改依出國前一日匯率") % {"name": member.name}
        else:
            TravellerExchange.objects.update_or_create(
                member=member, defaults={"twd_per_usd": twd_per_usd, "date": date, "note": note}
            )
            summary = _("%(name)s：結匯匯率 %(rate)s") % {"name": member.name, "rate": twd_per_usd}
        record(
            user=user,
            action="mission.updated",
            obj=member.mission,
            mission_id=member.mission_id,
            summary=summary,
        )
