"""The demo's people (``manage.py seed_demo``, as ``bin/start`` runs it): the talent pool,
the opportunities and a hosted visit are there on a new install, usable on their pages, and a
second run adds nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from envoy.hosting.models import Gift, Host, Visitor
from envoy.hosting.queries import gifts_to_report
from envoy.missions.models import Mission
from envoy.opportunities.models import Opportunity
from envoy.opportunities.speakers import suggest_speakers
from envoy.relations.models import Interaction
from envoy.talent.models import Experience, LanguageSkill, StaffProfile
from envoy.talent.pool import search_pool
from tests.conftest import SEED

pytestmark = pytest.mark.django_db

COUNTED = (StaffProfile, LanguageSkill, Experience, Opportunity, Mission, Visitor, Host, Gift)


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def demo(capsys):
    call_command("seed_demo", "--seed", str(SEED))
    return capsys.readouterr().out


def test_the_demo_has_a_pool_opportunities_and_a_hosted_visit(demo):
    assert "已加入人才庫示範人員 4 位" in demo
    assert "已加入國際參與機會示範資料 2 筆" in demo
    assert "已加入來訪接待示範資料" in demo
    officer = get_user_model().objects.get(username="officer")

    found = search_pool(officer, "日語 防災")
    assert [hit.profile.name for hit in found.hits] == ["王建民", "陳怡君"]

    conference = Opportunity.objects.get(title="G-NETS 城市韌性與防災論壇")
    assert conference.status == "considering"
    assert conference.assignee.username == "editor"
    assert conference.abstract_deadline > timezone.localdate()
    speakers = [hit.profile.name for hit in suggest_speakers(officer, conference).hits]
    assert "陳怡君" in speakers

    visit = Mission.objects.get(direction="inbound")
    assert visit.start_date > timezone.localdate()
    (halal,) = [v for v in Visitor.objects.filter(member__mission=visit) if "halal" in v.diets]
    assert (halal.member.name, halal.allergies) == ("Nur Aisyah binti Ahmad", "花生")
    interpreter = Host.objects.get(mission=visit, role="interpreter")
    assert interpreter.profile.name == "陳怡君"
    assert Experience.objects.filter(profile=interpreter.profile, kind="hosted").count() == 1
    assert [gift.description for gift in gifts_to_report()] == ["橫濱市紀念瓷盤"]
    assert Interaction.objects.get(mission=visit).follow_up.startswith("寄送災害應變中心")


def test_running_the_demo_again_adds_nothing(demo, capsys):
    before = counts()
    call_command("seed_demo", "--seed", str(SEED))
    again = capsys.readouterr().out
    assert counts() == before
    assert "已加入" not in again


def test_the_demo_pages_open_for_the_officer(demo, client):
    client.force_login(get_user_model().objects.get(username="officer"))
    visit = Mission.objects.get(direction="inbound")
    conference = Opportunity.objects.get(title="G-NETS 城市韌性與防災論壇")
    pages = {
        "/talent/?q=日語+防災": "陳怡君",
        f"/opportunities/{conference.pk}/": "陳怡君",
        f"/hosting/visits/{visit.pk}/": "Nur Aisyah binti Ahmad",
    }
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url
