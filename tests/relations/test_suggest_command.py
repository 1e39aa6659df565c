import io
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from envoy.relations.suggesting import suggest
from envoy.reports.document import load_report, report_document

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("suggest_relations", *args, stdout=out)
    return out.getvalue()


def test_the_command_lists_the_seed_suggestions_in_chinese(seed_report):
    lines = run(str(seed_report.pk)).splitlines()
    assert lines[0] == "人物（10）"
    assert (
        lines[1] == "  - 祝惠美，處長，新北市政府秘書處，新北，臺灣，本府［2026-04-27、2026-04-28］"
    )
    assert "  - Dinesh Vasu Dash（迪內希），東南區市長，新加坡，新加坡［2026-04-27］" in lines
    assert [line for line in lines if not line.startswith(" ")] == [
        "人物（10）",
        "",
        "機關（11）",
        "",
        "城市（7）",
        "",
        "城市網絡（1）",
        "",
        "活動（2）",
        "",
        "發表（1）",
        "",
        "參訪（4）",
        "",
        "協議與宣言（2）",
    ]
    assert (
        "  - 全球城市永續網絡，Global City Network for Sustainability，G-NETS，"
        "2022 年由東京都廳成立，本市 2023 年加入"
    ) in lines


def test_the_command_writes_json_equal_to_the_suggestions_of_the_report(seed_report):
    document = report_document(load_report(seed_report.pk), photos="path")
    expected = suggest(
        document, home_city=settings.ENVOY_HOME_CITY, home_country=settings.ENVOY_HOME_COUNTRY
    ).to_json()
    output = run(str(seed_report.pk), "--json")
    assert json.loads(output) == expected
    assert '"name": "小池百合子"' in output  # not escaped
    assert output.startswith('{\n  "people": [')


def test_the_command_refuses_a_missing_report_with_a_message_in_chinese():
    with pytest.raises(CommandError, match=r"^找不到 id 為 999 的報告。$"):
        run("999")


def test_the_json_of_the_seed_repeats_no_organisation_in_a_title_and_keeps_all_ten_people(
    seed_report,
):
    people = json.loads(run(str(seed_report.pk), "--json"))["people"]
    assert [
        (p["name"], p["title"], p["organisation"], p["city"], p["country"]) for p in people
    ] == [
        ("祝惠美", "處長", "新北市政府秘書處", "新北", "TW"),
        ("小池百合子", "知事", "東京都", "東京", "JP"),
        ("彭啟明", "部長", "環境部", "", "TW"),
        ("Dinesh Vasu Dash", "東南區市長", "", "新加坡", "SG"),
        ("Benoît Herzbrun", "副處長", "巴黎國際關係處", "巴黎", "FR"),
        ("Richard Brian Hills", "市議員", "", "奧克蘭", "NZ"),
        ("Māris Sprindžuks", "副市長", "", "里加", "LV"),
        ("Kertu Vuks", "副市長", "", "塔爾圖", "EE"),
        ("Stefano Lo Russo", "市長", "", "杜林", "IT"),
        ("松本明子", "副知事", "東京都", "東京", "JP"),
    ]
    # Joined as every page joins them, no title says a piece of its organisation again.
    for p in people:
        org, title = p["organisation"], p["title"]
        assert not any(title.startswith(org[-n:]) for n in range(2, len(org) + 1)), p
