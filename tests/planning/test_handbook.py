"""The traveller's handbook (出國手冊): the page, its offline pieces, the A5 PDF and the
command, for the seed's trip to Tokyo (G-NETS, 115/4/26–4/30)."""

import datetime as dt
import io
import json

import pypdfium2
import pytest
from django.core.management import call_command
from django.urls import reverse

from envoy.missions import services as missions
from envoy.missions.enums import ContactKind
from envoy.planning.handbook import handbook_for
from tests.conftest import client_for, fill_cover


@pytest.fixture
def trip(mission_report, cast):
    """The seed's mission with its head of delegation, a hotel and two contacts."""
    mission = fill_cover(mission_report).mission
    owner = cast["owner"]
    missions.add_lodging(
        user=owner,
        mission=mission,
        data={
            "name": "東京王子大飯店",
            "city": "東京",
            "address": "東京都港區芝公園 3-3-1",
            "phone": "+81-3-3432-1111",
            "check_in": dt.date(2026, 4, 26),
            "check_in_time": dt.time(15, 0),
            "check_out": dt.date(2026, 4, 30),
        },
    )
    missions.add_emergency_contact(
        user=owner,
        mission=mission,
        data={
            "kind": ContactKind.REPRESENTATIVE_OFFICE,
            "name": "台北駐日經濟文化代表處",
            "phone": "+81-3-3280-7811",
            "address": "東京都港區白金台 5-20-2",
        },
    )
    missions.add_emergency_contact(
        user=owner,
        mission=mission,
        data={"kind": ContactKind.HOST, "name": "佐藤花子", "organisation": "東京都政策企畫局", "phone": "+81-90-1234-5678"},
    )
    return mission


def test_smoke(trip, cast):
    page = client_for(cast["owner"]).get(reverse("planning:handbook", args=[trip.pk]))
    assert page.status_code == 200
    open("/tmp/hb/page.html", "w").write(page.content.decode())
    pdf = client_for(cast["owner"]).get(reverse("planning:handbook_pdf", args=[trip.pk]))
    open("/tmp/hb/h.pdf", "wb").write(pdf.content)
    out = io.StringIO()
    call_command("handbook", trip.pk, "--json", stdout=out)
    open("/tmp/hb/h.json", "w").write(out.getvalue())
    w = client_for(cast["owner"]).get(reverse("planning:handbook_worker", args=[trip.pk]))
    open("/tmp/hb/w.js", "w").write(w.content.decode())
