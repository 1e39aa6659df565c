"""The verbs of planning: a mission's per diem from its itinerary, what the host provides
each day, and the exchange rate of the trip."""

import datetime as dt
from decimal import Decimal

from envoy.missions.models import Mission

from . import per_diem
from .models import DayProvision, ExchangeRate
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
