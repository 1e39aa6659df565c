"""The per diem under 國外出差旅費報支要點, checked against cases worked by hand from the
rules (第7、9、11點 and the table's rounding note) and the official 2026 table's amounts:
東京 US$299, 大阪 246, 首爾 290."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from envoy.planning import per_diem
from envoy.planning.models import DayProvision, ExchangeRate
from envoy.planning.rates import RateTable

TOKYO, OSAKA, SEOUL = ("JP", "東京"), ("JP", "大阪"), ("KR", "首爾")


@pytest.fixture
def table(db):
    return RateTable.stored()


def trip(start: str, places: list, per_day: dict | None = None) -> list[per_diem.Day]:
    first = dt.date.fromisoformat(start)
    return [
        per_diem.Day(first + dt.timedelta(days=n), country, city, **(per_day or {}).get(n, {}))
        for n, (country, city) in enumerate(places)
    ]


def test_one_city_five_days(table):
    """第7點 (the daily amount of the place the night is spent) and 第9點 (the day of return
    at most 30 %); the table's note (a fraction of a dollar rounded up); 第19點 (NT dollars
    rounded to the dollar)."""
    # 4 days at 299, the day of return 30 % of 299 = 89.7: 1,285.7 → US$1,286.
    result = per_diem.calculate(trip("2026-04-26", [TOKYO] * 5), table, twd_per_usd=Decimal("32.5"))
    assert [d.usd for d in result.days] == [299, 299, 299, 299, Decimal("89.7")]
    assert result.usd == 1286 and result.twd == 41795
    assert "返國當日" in " ".join(result.days[-1].rules)


def test_two_cities_each_night_at_its_own_rate_and_the_return_at_the_last(table):
    """第7點: each night at the amount of its own place; 第9點: the day of return at the
    amount of the place the flight leaves from."""
    # 299 + 299 + 246 + 246 + 30 % of 246 (73.8) = 1,163.8 → US$1,164.
    result = per_diem.calculate(trip("2026-04-26", [TOKYO, TOKYO, OSAKA, OSAKA, TOKYO]), table)
    assert [d.usd for d in result.days] == [299, 299, 246, 246, Decimal("73.8")]
    assert result.usd == 1164 and result.twd is None


def test_lodging_and_meals_provided(table):
    """第9點: lodging provided takes off its 70 %; meals provided take off 4/8/8 %; with
    lodging and every meal provided only the 10 % 零用 is paid."""
    days = trip(
        "2026-04-26",
        [TOKYO] * 4,
        {
            0: {"overnight": per_diem.PROVIDED, "meals": frozenset({"breakfast"})},
            1: {
                "overnight": per_diem.PROVIDED,
                "meals": frozenset({"breakfast", "lunch", "dinner"}),
            },
            2: {"meals": frozenset({"lunch", "dinner"})},
        },
    )
    result = per_diem.calculate(days, table)
    # 299 × 26 % (no lodging, no breakfast) = 77.74; × 10 % (only 零用) = 29.9;
    # × 84 % (lunch and dinner provided) = 251.16; the return day 89.7.
    assert [d.usd for d in result.days] == [
        Decimal("77.74"),
        Decimal("29.9"),
        Decimal("251.16"),
        Decimal("89.7"),
    ]
    assert result.usd == 449  # 448.5 rounded up


def test_a_night_on_the_plane_pays_no_lodging(table):
    """第9點: a night on a plane or in a transit hotel pays no lodging (70 %)."""
    days = trip("2026-04-26", [TOKYO] * 3, {1: {"overnight": per_diem.TRANSIT}})
    result = per_diem.calculate(days, table)
    assert [d.usd for d in result.days] == [299, Decimal("89.7"), Decimal("89.7")]


def test_a_forty_day_stay_in_one_place(table):
    """第11點: beyond 30 days in one place, days 31–90 at 80 %; not for an international
    meeting or negotiation."""
    # Days 1–30 at 290 (8,700); days 31–39 at 80 % (9 × 232 = 2,088); the day of return,
    # the 40th in Seoul, 30 % × 80 % of 290 = 69.6: 10,857.6 → US$10,858.
    result = per_diem.calculate(trip("2026-09-01", [SEOUL] * 40), table)
    assert result.days[29].usd == 290 and result.days[30].usd == 232
    assert result.usd == 10858
    assert "第11點" in " ".join(result.days[30].rules)
    # An international meeting is not reduced: 39 × 290 + 87 = 11,397.
    assert (
        per_diem.calculate(trip("2026-09-01", [SEOUL] * 40), table, long_stay_exempt=True).usd
        == 11397
    )


def test_days_in_taiwan_have_none_and_unknown_places_are_not_guessed(table):
    """第7點 and the table's 「其他」 rows: a city not listed takes its country's other-cities
    amount; a country with none is left for a person to decide; days in Taiwan pay none."""
    result = per_diem.calculate(
        trip("2026-04-26", [("TW", "臺北"), ("MT", "Birgu"), ("JP", "金澤"), ("JP", "金澤")]), table
    )
    assert result.days[0].usd == 0 and not result.days[0].missing
    assert result.days[1].missing  # 馬爾他 has no 「其他」 row
    assert result.days[2].usd == 209  # 日本「其他」
    assert [d.date for d in result.missing] == [dt.date(2026, 4, 27)]


def test_the_command_on_the_seed_mission(mission_report, tmp_path, capsys):
    mission = mission_report.mission
    ExchangeRate.objects.create(
        date=mission.start_date - dt.timedelta(days=3), twd_per_usd=Decimal("32.1")
    )
    DayProvision.objects.create(
        mission=mission, date=mission.start_date, overnight="hotel", dinner=True
    )
    call_command("per_diem", str(mission.pk), "--json")
    data = json.loads(capsys.readouterr().out)
    days = data["travellers"][0]["days"]
    assert len(days) == (mission.end_date - mission.start_date).days + 1
    assert {d["usd_per_day"] for d in days} == {"299.00"}  # 東京 every day
    assert days[0]["percent"] == "92" and days[-1]["percent"] == "30"
    assert data["twd_per_usd"] == "32.1000"
    traveller = data["travellers"][0]
    assert traveller["twd"] == round(traveller["usd"] * 32.1)
    assert data["total"]["usd"] == traveller["usd"] * len(data["travellers"])
    # With a rates file of its own: a city not in it takes its country's row.
    rates = tmp_path / "rates.csv"
    rates.write_text("country,city,usd_per_day\nJP,,100\n", encoding="utf-8")
    call_command("per_diem", str(mission.pk), "--json", "--rates", str(rates), "--fx", "30")
    data = json.loads(capsys.readouterr().out)
    assert {d["usd_per_day"] for d in data["travellers"][0]["days"]} == {"100.00"}


# ----- The page -----


def test_the_page_shows_each_day_and_saves_what_the_host_provides(mission_report, cast):
    from django.urls import reverse

    from tests.conftest import client_for

    mission = mission_report.mission
    url = reverse("planning:per_diem", args=[mission.pk])
    page = client_for(cast["viewer"]).get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "US$299.00" in html and "返國當日" in html and 'name="day-0-overnight"' not in html
    owner = client_for(cast["owner"])
    html = owner.get(url).content.decode()
    assert 'name="day-0-overnight"' in html
    days = (mission.end_date - mission.start_date).days + 1
    data = {"day-TOTAL_FORMS": days, "day-INITIAL_FORMS": days, "save_days": "1"}
    for n in range(days):
        data[f"day-{n}-date"] = (mission.start_date + dt.timedelta(days=n)).isoformat()
        data[f"day-{n}-overnight"] = "hotel"
    data["day-1-overnight"] = "provided"
    data["day-1-dinner"] = "on"
    assert owner.post(url, data).status_code == 302
    provided = DayProvision.objects.get(mission=mission)
    assert provided.overnight == "provided" and provided.meals == {"dinner"}
    assert "扣除住宿費 70%" in owner.get(url).content.decode()
    # The exchange rate of the day before the trip.
    fx = {"fx-date": "115/4/25", "fx-twd_per_usd": "32.45", "save_fx": "1"}
    assert owner.post(url, fx).status_code == 302
    assert "NT$" in owner.get(url).content.decode()
    # Those who may only read cannot change it.
    assert client_for(cast["viewer"]).post(url, data).status_code in (403, 404)
    assert client_for(cast["outsider"]).post(url, fx).status_code in (403, 404)


def test_a_traveller_with_an_exchange_slip_has_their_own_rate(mission_report, cast, capsys):
    """第19點: the trip's rate (the day before departure), or the traveller's own exchange."""
    from django.urls import reverse

    from envoy.missions.models import DelegationMember
    from tests.conftest import client_for

    mission = mission_report.mission
    DelegationMember.objects.filter(mission=mission).delete()
    first = DelegationMember.objects.create(mission=mission, name="祝惠美", position=0)
    DelegationMember.objects.create(mission=mission, name="林小明", position=1)
    ExchangeRate.objects.create(
        date=mission.start_date - dt.timedelta(days=1), twd_per_usd=Decimal("32.5")
    )
    url = reverse("planning:per_diem", args=[mission.pk])
    owner = client_for(cast["owner"])
    saved = owner.post(
        url,
        {"save_own_fx": "1", "member": first.pk, "own-twd_per_usd": "31.8", "own-date": "115/4/20"},
    )
    assert saved.status_code == 302
    call_command("per_diem", str(mission.pk), "--json")
    data = json.loads(capsys.readouterr().out)
    own, other = data["travellers"]
    assert own["own_exchange"] and own["twd_per_usd"] == "31.8000"
    assert own["twd"] == round(own["usd"] * 31.8) and other["twd"] == round(other["usd"] * 32.5)
    assert data["total"]["twd"] == own["twd"] + other["twd"]
    assert "結匯水單" in owner.get(url).content.decode()
    # A rate without its date is refused, the stored one kept.
    owner.post(url, {"save_own_fx": "1", "member": first.pk, "own-twd_per_usd": "30"})
    first.exchange.refresh_from_db()
    assert first.exchange.twd_per_usd == Decimal("31.8")
    # Emptied: back to the trip's rate.
    owner.post(url, {"save_own_fx": "1", "member": first.pk, "own-twd_per_usd": ""})
    call_command("per_diem", str(mission.pk), "--json")
    data = json.loads(capsys.readouterr().out)
    assert [t["own_exchange"] for t in data["travellers"]] == [False, False]
