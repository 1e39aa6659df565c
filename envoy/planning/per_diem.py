"""The per diem (生活費) of a trip abroad, day by day, under 國外出差旅費報支要點 (amended
114.05.13, in force from 2026-01-01) and the 日支數額表 (``rates``). Each figure says how it
was reached.

The rules as applied (point numbers of the 要點):
- 第7點: the daily amount (日支數額) of the place is 住宿 70 %, 膳食 20 % (早 4 %, 午 8 %,
  晚 8 %) and 零用 10 %. A day's place is where the night is spent (留宿地); dates are local.
- 第9點: lodging provided by the host, a free dormitory, a transit hotel or a night on a
  plane, ship or train — the 70 % lodging share is not paid; meals provided are taken off at
  4/8/8 % (meals served on a plane are not: do not mark them). With lodging and every meal
  provided, only the 10 % 零用 remains.
- 第9點: the day of return (返國當日) is paid at most 30 %, at the daily amount of the place
  the flight leaves from (the last place stayed), meals provided on it taken off.
- 第11點: a stay in one place beyond 30 days: days 31–90 at 80 %, from day 91 at 70 % of the
  daily amount (counted from arrival; not for international meetings or negotiations, which
  the trip may claim with ``long_stay_exempt``).
- The table's note: the percentages are totalled and a fraction of a dollar in the total is
  rounded up to a whole dollar (in US dollars, per traveller).
- 第19點: US dollars become NT dollars at the rate of the day before the trip (臺灣銀行
  cash selling), or the rate of the traveller's own exchange; the amount is rounded to the
  dollar.

Days in Taiwan have no per diem; a place the table does not know is listed without an
amount (``missing``), never guessed.
"""

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from envoy.core.lib.punctuation import join_list

from .enums import Overnight
from .rates import Rate, RateTable

LODGING, MEALS, INCIDENTALS = Decimal(70), Decimal(20), Decimal(10)
MEAL_SHARES = {"breakfast": Decimal(4), "lunch": Decimal(8), "dinner": Decimal(8)}
RETURN_DAY_SHARE = Decimal(30)
LONG_STAY = ((30, Decimal(100)), (90, Decimal(80)), (None, Decimal(70)))

# Where a night is spent (第9點): a hotel paid from the per diem, lodging the host provides,
# or a night in transit (a plane, ship or train, a transit hotel, a free dormitory).
HOTEL, PROVIDED, TRANSIT = Overnight.HOTEL, Overnight.PROVIDED, Overnight.TRANSIT


@dataclass
class Day:
    """One calendar day of the trip (local date): where its night is spent, and what the
    host provides."""

    date: dt.date
    country: str  # ISO code
    city: str
    overnight: str = HOTEL
    meals: frozenset = frozenset()  # "breakfast", "lunch", "dinner" provided


@dataclass
class DayAmount:
    date: dt.date
    country: str
    city: str
    rate: Rate | None
    percent: Decimal = Decimal(0)  # of the daily amount
    long_stay: Decimal = Decimal(100)
    usd: Decimal = Decimal(0)
    rules: list[str] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return self.rate is None and self.country != "TW"

    def as_dict(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "country": self.country,
            "city": self.city,
            "rate_place": self.rate.place if self.rate else None,
            "usd_per_day": str(self.rate.usd_per_day) if self.rate else None,
            "percent": str(self.percent),
            "long_stay_percent": str(self.long_stay),
            "usd": str(self.usd),
            "rules": self.rules,
        }


@dataclass
class PerDiem:
    """A traveller's per diem for the trip: the days, the total in US dollars (rounded up to
    a dollar) and, given an exchange rate, in NT dollars."""

    days: list[DayAmount]
    usd: int
    twd_per_usd: Decimal | None
    twd: int | None

    @property
    def missing(self) -> list[DayAmount]:
        return [day for day in self.days if day.missing]


def _long_stay_percent(nth_day: int) -> Decimal:
    for limit, percent in LONG_STAY:
        if limit is None or nth_day <= limit:
            return percent
    raise AssertionError


def calculate(
    days: list[Day],
    table: RateTable,
    *,
    twd_per_usd: Decimal | None = None,
    long_stay_exempt: bool = False,
) -> PerDiem:
    """The per diem of ``days`` (in order, the last the day of return)."""
    amounts: list[DayAmount] = []
    stay_place, stay_days = None, 0
    for index, day in enumerate(days):
        returning = index == len(days) - 1 and index > 0
        # The day of return is paid at the rate of the place the flight leaves from.
        place = days[index - 1] if returning else day
        amount = DayAmount(day.date, place.country, place.city, None)
        amounts.append(amount)
        if place.country == "TW" or not place.country:
            amount.rules.append(_("在臺灣：不支生活費。"))
            stay_place, stay_days = None, 0
            continue
        amount.rate = table.rate(place.country, place.city, day.date)
        if amount.rate is None:
            amount.rules.append(_("日支數額表查無此地，也沒有該國「其他」數額：請人工認定。"))
            continue
        amount.rules.append(
            _("日支數額 US$%(usd)s（%(place)s，第7點）。")
            % {"usd": amount.rate.usd_per_day, "place": amount.rate.place}
        )
        key = (place.country, place.city)
        stay_days = stay_days + 1 if key == stay_place else 1
        stay_place = key
        meals = sum((MEAL_SHARES[m] for m in day.meals), Decimal(0))
        if returning:
            percent = max(RETURN_DAY_SHARE - meals, Decimal(0))
            amount.rules.append(_("返國當日：以起飛地日支數額之 30%% 為限（第9點）。"))
        elif day.overnight == PROVIDED and meals == MEALS:
            percent = INCIDENTALS
            amount.rules.append(_("主辦單位提供住宿及三餐：僅支零用費 10%（第9點）。"))
        else:
            percent = LODGING + MEALS + INCIDENTALS
            if day.overnight == PROVIDED:
                percent -= LODGING
                amount.rules.append(_("主辦單位提供住宿：扣除住宿費 70%（第9點）。"))
            elif day.overnight == TRANSIT:
                percent -= LODGING
                amount.rules.append(_("交通工具上或過境旅館歇夜：扣除住宿費 70%（第9點）。"))
            percent -= meals
        if meals:
            names = {"breakfast": _("早餐"), "lunch": _("午餐"), "dinner": _("晚餐")}
            provided = join_list(
                names[m] for m in ("breakfast", "lunch", "dinner") if m in day.meals
            )
            amount.rules.append(
                _("提供%(meals)s：扣除 %(percent)s%%（早 4%%、午 8%%、晚 8%%，第9點）。")
                % {"meals": provided, "percent": meals}
            )
        amount.percent = percent
        if not long_stay_exempt:
            amount.long_stay = _long_stay_percent(stay_days)
            if amount.long_stay < 100:
                amount.rules.append(
                    _("同一地點第 %(n)d 天：按日支數額 %(percent)s%% 計（第11點）。")
                    % {"n": stay_days, "percent": amount.long_stay}
                )
        amount.usd = (amount.rate.usd_per_day * percent / 100 * amount.long_stay / 100).quantize(
            Decimal("0.0001")
        )
    total = sum((a.usd for a in amounts), Decimal(0))
    usd = math.ceil(total)
    return PerDiem(amounts, usd, twd_per_usd, to_twd(usd, twd_per_usd))


def to_twd(usd: int, twd_per_usd: Decimal | None) -> int | None:
    """US dollars in NT dollars at ``twd_per_usd``, rounded to the dollar (第19點)."""
    if twd_per_usd is None:
        return None
    return int((Decimal(usd) * twd_per_usd).quantize(Decimal(1), rounding=ROUND_HALF_UP))
