"""The traveller's handbook (出國手冊) of the seed's trip to Tokyo (G-NETS, 115/4/26–4/30):
what it holds, who may open it, its offline pieces, the A5 PDF and the command."""

import datetime as dt
import io
import json

import pypdfium2
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from envoy.core.models import AuditEntry
from envoy.missions import services as missions
from envoy.missions.enums import ContactKind
from envoy.planning.handbook import handbook_data, handbook_for
from envoy.relations import services as relations
from envoy.relations.models import Organisation
from tests.conftest import client_for, fill_cover

A5_POINTS = (419.53, 595.28)  # 148 × 210 mm


@pytest.fixture
def trip(mission_report, cast):
    """The seed's mission with its head of delegation (祝惠美), a hotel for the four nights
    and two emergency contacts."""
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
    # Added host first: the handbook lists the representative office first all the same.
    missions.add_emergency_contact(
        user=owner,
        mission=mission,
        data={
            "kind": ContactKind.HOST,
            "name": "佐藤花子",
            "organisation": "東京都政策企畫局",
            "phone": "+81-90-1234-5678",
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
    return mission


@pytest.fixture
def koike(trip, cast):
    """The governor of Tokyo, met on an earlier day with a follow-up still open."""
    owner = cast["owner"]
    tokyo = relations.get_or_create_city(user=owner, name="東京", country="JP", name_en="Tokyo")
    metro = relations.save_organisation(
        user=owner,
        organisation=Organisation(),
        data={"name": "東京都", "city": tokyo, "country": "JP"},
    )
    person = relations.create_person(
        user=owner, data={"name": "小池百合子", "city": tokyo, "email": "koike@example.jp"}
    )
    relations.add_position(user=owner, person=person, data={"title": "知事", "organisation": metro})
    relations.record_interaction(
        user=owner,
        person=person,
        data={
            "date": dt.date(2025, 11, 3),
            "city": tokyo,
            "notes": "談及防災公園合作與青年交流",
            "follow_up": "寄送新北防災簡報",
            "follow_up_owner": owner,
            "follow_up_due": dt.date(2026, 3, 31),
        },
    )
    return person


# ----- What it holds -----


def test_each_time_has_the_time_in_taiwan_beside_it_where_the_clock_differs(trip, cast):
    handbook = handbook_for(trip, user=cast["owner"])
    flight = handbook.flights[0]
    assert flight.item.flight_number == "CI220"
    # Leaves Taipei at 09:00: Taiwan's own time, nothing beside it.
    assert (flight.start.local.time, flight.start.home) == (dt.time(9, 0), "")
    # Lands in Tokyo at 12:55 UTC+9: 11:55 in Taiwan, the same day.
    assert (flight.end.text, flight.end.home, flight.end.home_day) == ("12:55 (UTC+9)", "11:55", 0)
    assert flight.end.home_text == "臺灣 11:55"


def test_a_time_that_falls_on_another_date_in_taiwan_says_so(trip, cast):
    day = trip.days.get(date=dt.date(2026, 4, 28))
    missions.add_item(
        user=cast["owner"],
        day=day,
        data={
            "kind": "meeting",
            "text": "與紐約市府視訊會議",
            "start_time": dt.time(20, 0),
            "start_timezone": "America/New_York",
        },
    )
    handbook = handbook_for(trip, user=cast["owner"])
    entry = next(e for d in handbook.days for e in d.entries if e.item.text == "與紐約市府視訊會議")
    # 20:00 EDT (UTC-4) is midnight UTC, 08:00 the next morning in Taipei.
    assert (entry.start.home, entry.start.home_day) == ("08:00", 1)
    assert entry.start.home_text == "臺灣 08:00（次日）"


def test_every_date_of_the_trip_with_the_night_spent_where(trip, cast):
    handbook = handbook_for(trip, user=cast["owner"])
    assert [d.date.day for d in handbook.days] == [26, 27, 28, 29, 30]
    # Check-out on the 30th, the day of return: no night there.
    assert [d.lodging.name if d.lodging else None for d in handbook.days] == [
        "東京王子大飯店",
        "東京王子大飯店",
        "東京王子大飯店",
        "東京王子大飯店",
        None,
    ]
    assert [f.item.flight_number for f in handbook.flights] == ["CI220", "CI221"]


def test_emergency_contacts_office_first_then_the_host_the_head_and_the_ministry(trip, cast):
    data = handbook_data(handbook_for(trip, user=cast["owner"]))
    assert [(c["kind"], c["name"], c["phone"]) for c in data["emergency_contacts"]] == [
        ("office", "台北駐日經濟文化代表處", "+81-3-3280-7811"),
        ("host", "佐藤花子", "+81-90-1234-5678"),
        # No leader typed: the head of the delegation, from the delegation, without a phone.
        ("leader", "祝惠美", ""),
        ("centre", "外交部緊急聯絡中心（24 小時）", "+886-800-085-095"),
    ]


def test_a_leader_typed_with_a_phone_replaces_the_head_from_the_delegation(trip, cast):
    missions.add_emergency_contact(
        user=cast["owner"],
        mission=trip,
        data={"kind": ContactKind.LEADER, "name": "祝惠美", "phone": "+886-912-345-678"},
    )
    data = handbook_data(handbook_for(trip, user=cast["owner"]))
    leaders = [c for c in data["emergency_contacts"] if c["kind"] == "leader"]
    assert [(c["name"], c["phone"]) for c in leaders] == [("祝惠美", "+886-912-345-678")]


def test_people_to_meet_and_open_follow_ups_come_from_the_briefing(trip, koike, cast):
    data = handbook_data(handbook_for(trip, user=cast["owner"]))
    assert data["people"] == [
        {
            "name": "小池百合子",
            "title": "東京都 知事",
            "city": "東京",
            "city_aside": "（東京）",
            "last_met": "2025-11-03",
            "shown_last_met": "114/11/3",
            "last_discussed": "談及防災公園合作與青年交流",
            "details": ["電子郵件：koike@example.jp"],
        }
    ]
    assert [(f["person"], f["follow_up"], f["due"]) for f in data["follow_ups"]] == [
        ("小池百合子", "寄送新北防災簡報", "2026-03-31")
    ]


def test_a_viewer_reads_neither_meeting_notes_nor_contact_details(trip, koike, cast):
    data = handbook_data(handbook_for(trip, user=cast["viewer"]))
    (person,) = data["people"]
    assert (person["last_discussed"], person["details"]) == ("", [])


# ----- Lodging and emergency contacts: the services -----


def test_a_lodging_outside_the_trip_or_leaving_before_it_arrives_is_refused(trip, cast):
    with pytest.raises(ValidationError) as refused:
        missions.add_lodging(
            user=cast["owner"],
            mission=trip,
            data={"name": "大阪", "check_in": dt.date(2026, 5, 2)},
        )
    assert refused.value.message_dict == {
        "check_in": ["115/5/2 不在出國期間（115/4/26 至 115/4/30）內。"]
    }
    with pytest.raises(ValidationError) as refused:
        missions.add_lodging(
            user=cast["owner"],
            mission=trip,
            data={
                "name": "大阪",
                "check_in": dt.date(2026, 4, 28),
                "check_out": dt.date(2026, 4, 27),
            },
        )
    assert refused.value.message_dict == {"check_out": ["退房日期不能早於入住日期。"]}
    assert trip.lodgings.count() == 1


def test_lodging_changes_are_audited_as_changes_of_the_mission(trip, cast):
    lodging = trip.lodgings.get()
    missions.update_lodging(
        user=cast["owner"], lodging=lodging, data={"phone": "+81-3-0000-0000"}, expected_version=1
    )
    entry = AuditEntry.objects.filter(mission_id=trip.pk).order_by("-id").first()
    assert (entry.action, entry.summary, entry.details) == (
        "mission.updated",
        "修改住宿：東京王子大飯店",
        {"changed": ["phone"]},
    )


# ----- The pages -----


def test_the_editing_page_adds_a_lodging_and_shows_a_bad_date_by_its_field(trip, cast):
    client = client_for(cast["owner"])
    url = reverse("missions:lodging_add", args=[trip.pk])
    bad = client.post(
        url,
        {"lodging-new-name": "大阪新阪急", "lodging-new-check_in": "115/5/9"},
        headers={"HX-Request": "true"},
    )
    assert bad.status_code == 422
    assert "115/5/9 不在出國期間（115/4/26 至 115/4/30）內。" in bad.content.decode()
    good = client.post(
        url,
        {"lodging-new-name": "大阪新阪急", "lodging-new-check_in": "4/29"},
        headers={"HX-Request": "true"},
    )
    assert good.status_code == 200
    assert "大阪新阪急" in good.content.decode()
    assert list(trip.lodgings.values_list("name", "check_in")) == [
        ("東京王子大飯店", dt.date(2026, 4, 26)),
        ("大阪新阪急", dt.date(2026, 4, 29)),
    ]


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 200), ("officer", 200), ("viewer", 200), ("outsider", 404)],
)
def test_whoever_may_open_the_mission_may_open_its_handbook(trip, cast, who, status):
    client = client_for(cast[who])
    for name in ("handbook", "handbook_manifest", "handbook_worker", "handbook_pdf"):
        assert client.get(reverse(f"planning:{name}", args=[trip.pk])).status_code == status


def test_a_visit_received_has_no_handbook(cast):
    visit = missions.create_mission(
        user=cast["officer"],
        title="東京都議會訪問團",
        start_date=dt.date(2026, 5, 4),
        end_date=dt.date(2026, 5, 6),
        direction="inbound",
    )
    client = client_for(cast["officer"])
    for name in ("handbook", "handbook_manifest", "handbook_worker", "handbook_pdf"):
        assert client.get(reverse(f"planning:{name}", args=[visit.pk])).status_code == 404
    with pytest.raises(CommandError, match="visit received"):
        call_command("handbook", visit.pk)


def test_the_page_shows_the_handbook_and_links_its_manifest_and_worker(trip, koike, cast):
    page = client_for(cast["owner"]).get(reverse("planning:handbook", args=[trip.pk]))
    html = page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")
    for text in (
        "台北駐日經濟文化代表處",
        "+886-800-085-095",
        "東京王子大飯店",
        "臺灣 11:55",
        "小池百合子",
        "寄送新北防災簡報",
        f'href="{reverse("planning:handbook_manifest", args=[trip.pk])}"',
        f'data-worker="{reverse("planning:handbook_worker", args=[trip.pk])}"',
    ):
        assert text in html, text


def test_the_manifest_and_the_worker_cover_the_handbook_only(trip, cast):
    client = client_for(cast["owner"])
    page = reverse("planning:handbook", args=[trip.pk])
    manifest = client.get(reverse("planning:handbook_manifest", args=[trip.pk]))
    assert manifest["Content-Type"] == "application/manifest+json"
    data = json.loads(manifest.content)
    assert (data["start_url"], data["scope"], data["display"]) == (page, page, "standalone")
    worker = client.get(reverse("planning:handbook_worker", args=[trip.pk]))
    assert worker["Content-Type"] == "text/javascript; charset=utf-8"
    # Served from under the page's address, its default scope is the handbook's folder.
    assert reverse("planning:handbook_worker", args=[trip.pk]).startswith(page)
    script = worker.content.decode()
    config = json.loads(script.split("const CONFIG = ", 1)[1].split(";\n", 1)[0])
    assert config == {
        "cache": f"envoy-handbook-{trip.pk}",
        "page": page,
        "files": [
            "/static/envoy/envoy.css",
            "/static/envoy/envoy.js",
            "/static/envoy/favicon.svg",
            "/static/django_htmx/htmx-2.min.js",
            "/static/planning/handbook.css",
            "/static/planning/handbook.js",
        ],
    }


def queries_for_handbook(user, mission) -> int:
    client = client_for(user)
    client.get(reverse("planning:handbook", args=[mission.pk]))  # sessions, caches warm
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("planning:handbook", args=[mission.pk])).status_code == 200
    return len(queries)


def test_the_handbook_page_takes_as_many_queries_whatever_it_holds(trip, koike, cast):
    few = queries_for_handbook(cast["owner"], trip)
    for n in range(3):
        missions.add_lodging(user=cast["owner"], mission=trip, data={"name": f"旅館 {n}"})
        missions.add_emergency_contact(
            user=cast["owner"], mission=trip, data={"name": f"聯絡人 {n}"}
        )
    day = trip.days.order_by("date").first()
    for n in range(3):
        missions.add_item(
            user=cast["owner"], day=day, data={"text": f"行程 {n}", "place": f"會場 {n}"}
        )
    assert queries_for_handbook(cast["owner"], trip) == few
    assert few <= 21  # the briefing's share included (its people, meetings, follow-ups)


# ----- The A5 PDF and the command -----


def pdf_text(data: bytes) -> tuple[list[tuple[float, float]], str]:
    pdf = pypdfium2.PdfDocument(data)
    try:
        sizes = [tuple(round(v, 2) for v in page.get_size()) for page in pdf]
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
        return sizes, text
    finally:
        pdf.close()


def test_the_pdf_is_a5_and_holds_the_handbook(trip, koike, cast):
    response = client_for(cast["owner"]).get(reverse("planning:handbook_pdf", args=[trip.pk]))
    assert response["Content-Type"] == "application/pdf"
    sizes, text = pdf_text(response.content)
    assert sizes and set(sizes) == {A5_POINTS}
    squeezed = "".join(text.split())
    for expected in (
        "出國手冊",
        "台北駐日經濟文化代表處",
        "+81-3-3280-7811",
        "+886-800-085-095",
        "東京王子大飯店（東京）",
        "入住：115/4/2615:00",
        "12:55(UTC+9)",
        "臺灣11:55",
        "CI220台北松山機場→東京羽田機場",
        "小池百合子東京都知事",
        "寄送新北防災簡報",
        "祝惠美（團長）",
    ):
        assert expected in squeezed, expected


def test_the_command_prints_json_and_writes_the_pdf(trip, cast, tmp_path):
    out = io.StringIO()
    target = tmp_path / "handbook.pdf"
    call_command(
        "handbook",
        trip.pk,
        "--json",
        "--pdf",
        str(target),
        "--user",
        "owner",
        stdout=out,
        stderr=io.StringIO(),
    )
    data = json.loads(out.getvalue())
    assert data == handbook_data(handbook_for(trip, user=cast["owner"]))
    assert (data["format"], data["mission"]["id"], data["lodgings"][0]["check_in"]) == (
        "envoy.handbook",
        trip.pk,
        "2026-04-26",
    )
    sizes, text = pdf_text(target.read_bytes())
    assert set(sizes) == {A5_POINTS} and "東京王子大飯店" in text


def test_the_command_refuses_what_has_no_handbook(trip, cast):
    with pytest.raises(CommandError, match="No mission 999999"):
        call_command("handbook", 999999)
    with pytest.raises(CommandError, match="No user 'nobody'"):
        call_command("handbook", trip.pk, "--user", "nobody")
