"""The way back: the mission an opportunity became, and the event of an online one, say on
their pages which opportunity they came from — and those pages keep their queries fixed."""

import datetime as dt

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from envoy.opportunities import services
from envoy.opportunities.enums import OpportunityStatus as S
from envoy.reports.services import create_mission_with_report
from tests.conftest import client_for

from .conftest import spot

pytestmark = pytest.mark.django_db


def accept(opportunity, user):
    services.change_status(
        user=user, opportunity=opportunity, status=S.ACCEPTED, expected_version=opportunity.version
    )
    opportunity.refresh_from_db()
    return opportunity


def came_from(client, url) -> list[tuple[str, str]]:
    """(text, link) of each 「來自機會」 line of the page."""
    response = client.get(url)
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    return [
        (" ".join(line.text_content().split()), line.xpath("a/@href")[0])
        for line in page.xpath("//p[contains(@class, 'from-opportunity')]")
    ]


def queries_of(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["owner", "viewer", "admin"])
def test_the_mission_an_opportunity_became_links_back_to_it(cast, tokyo, who):
    opportunity = accept(spot(cast["owner"], city=tokyo), cast["owner"])
    client = client_for(cast[who])
    link = reverse("opportunities:detail", args=[opportunity.pk])
    mission_page = reverse("missions:detail", args=[opportunity.mission_id])
    assert came_from(client, mission_page) == [("來自機會：2026 亞洲城市防災論壇", link)]
    # The event it attends says so too.
    event_page = reverse("relations:event", args=[opportunity.event_id])
    assert came_from(client, event_page) == [("來自機會：2026 亞洲城市防災論壇", link)]


def test_the_event_of_an_online_one_links_back_to_it(cast, gnets):
    opportunity = accept(
        spot(cast["owner"], online=True, network=gnets, title="城市韌性線上研討會"), cast["owner"]
    )
    assert opportunity.mission_id is None
    page = reverse("relations:event", args=[opportunity.event_id])
    assert came_from(client_for(cast["viewer"]), page) == [
        ("來自機會：城市韌性線上研討會", reverse("opportunities:detail", args=[opportunity.pk]))
    ]


def test_a_mission_made_by_hand_names_no_opportunity(cast, bureaus):
    mission = create_mission_with_report(
        user=cast["owner"],
        title="東京考察",
        start_date=dt.date(2026, 10, 5),
        end_date=dt.date(2026, 10, 7),
    )
    page = reverse("missions:detail", args=[mission.pk])
    assert came_from(client_for(cast["owner"]), page) == []


def test_the_pages_take_one_query_for_the_link_whether_or_not_there_is_one(cast, tokyo):
    """The mission page and the event page read their opportunities in one query, whatever
    their number."""
    client = client_for(cast["owner"])
    first = accept(spot(cast["owner"], city=tokyo), cast["owner"])
    mission_page = reverse("missions:detail", args=[first.mission_id])
    event_page = reverse("relations:event", args=[first.event_id])
    before = (queries_of(client, mission_page), queries_of(client, event_page))
    # Two more opportunities that led to the same trip and event.
    for title in ("防災論壇分組會議", "防災論壇城市展"):
        other = spot(cast["owner"], city=tokyo, title=title)
        other.mission, other.event = first.mission, first.event
        other.save()
    assert len(came_from(client, mission_page)) == 3
    assert len(came_from(client, event_page)) == 3
    assert (queries_of(client, mission_page), queries_of(client, event_page)) == before
