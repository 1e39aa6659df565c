"""manage.py opportunities (the list, as JSON) and manage.py add_opportunity (the add page's
checks from a terminal)."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from envoy.opportunities.models import Opportunity

from .conftest import profile, spot

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_list_as_json_with_its_filters(cast, bureaus, tokyo, gnets):
    today = timezone.localdate()
    soon = spot(cast["owner"], city=tokyo, network=gnets,
                registration_deadline=today + dt.timedelta(days=5))  # fmt: skip
    spot(cast["outsider"], title="工務局的論壇")
    everything = json.loads(run("opportunities", "--json"))["opportunities"]
    assert sorted(row["title"] for row in everything) == ["2026 亞洲城市防災論壇", "工務局的論壇"]
    only = json.loads(run("opportunities", "--json", "--deadline-soon"))["opportunities"]
    assert only == [
        {
            "id": soon.pk,
            "title": "2026 亞洲城市防災論壇",
            "title_en": "",
            "kind": "forum",
            "status": "spotted",
            "network": "全球永續發展城市網絡（G-NETS）",
            "organisation": None,
            "start_date": "2026-10-05",
            "end_date": "2026-10-07",
            "start_time": None,
            "end_time": None,
            "timezone": "Asia/Tokyo",
            "online": False,
            "city": "東京",
            "venue": "",
            "registration_deadline": (today + dt.timedelta(days=5)).isoformat(),
            "abstract_deadline": None,
            "topics": ["防災"],
            "languages": ["ja"],
            "source_url": "",
            "talk_title": "",
            "speaker": None,
            "language_level": "",
            "bureau": "secretariat",
            "assignee": None,
            "mission": None,
            "event": None,
            "presentation": None,
        }
    ]
    by_bureau = json.loads(run("opportunities", "--json", "--bureau", "public-works"))
    assert [row["title"] for row in by_bureau["opportunities"]] == ["工務局的論壇"]
    assert "共 2 項" in run("opportunities")
    with pytest.raises(CommandError, match="沒有代碼為「nowhere」的局處"):
        run("opportunities", "--bureau", "nowhere")


def test_the_list_with_the_speakers_the_pool_suggests(cast, tokyo):
    sato = profile(cast["officer"], "佐藤花子", languages=[("ja", "N2")], expertise=["防災"],
                   visibility="private")  # fmt: skip
    spot(cast["owner"], city=tokyo)
    rows = json.loads(run("opportunities", "--json", "--speakers"))["opportunities"]
    # The command reads as the office: a private profile too.
    assert rows[0]["suggested_speakers"] == [
        {
            "profile": sato.pk,
            "name": "佐藤花子",
            "bureau": "",
            "reasons": ["日語 N2", "防災：專長標籤"],
        }  # fmt: skip
    ]
    assert "\t佐藤花子（日語 N2、防災：專長標籤）" in run("opportunities", "--speakers")


def test_add_opportunity_checks_as_the_page_does(cast, tokyo, gnets):
    out = run("add_opportunity", "--user", "owner", "--title", "亞洲防災論壇", "--network",
              "g-nets", "--city", "東京", "--start", "115/10/5", "--end", "115/10/7",
              "--topics", "防災、淨零", "--languages", "ja", "--json")  # fmt: skip
    opportunity = Opportunity.objects.get()
    assert json.loads(out)["id"] == opportunity.pk
    assert (opportunity.network, opportunity.city, opportunity.start_date) == (
        gnets,
        tokyo,
        dt.date(2026, 10, 5),
    )
    with pytest.raises(CommandError, match="沒有「115/2/30」這一天"):
        run("add_opportunity", "--user", "owner", "--title", "x", "--start", "115/2/30")
    with pytest.raises(CommandError, match="沒有新增國際參與機會的權限"):
        run("add_opportunity", "--user", "viewer", "--title", "x")
    with pytest.raises(CommandError, match="找不到城市網絡「C40」"):
        run("add_opportunity", "--user", "owner", "--title", "x", "--network", "C40")
    assert Opportunity.objects.count() == 1
