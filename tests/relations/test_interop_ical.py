"""The follow-up calendar: one all-day event per open follow-up, only those the user may see
and owns (everyone's for officers and administrators), behind a secret address that a
password change revokes."""

import datetime as dt

import pytest
from django.urls import reverse

from envoy.relations import services
from envoy.relations.interop.ical import (
    feed_token,
    follow_up_calendar,
    follow_ups_for,
    user_for_feed_token,
)
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 5, 30)


@pytest.fixture
def follow_ups(cast, mission_report):
    """Follow-ups of several owners: the mission belongs to the secretariat."""
    officer = cast["officer"]
    mission = mission_report.mission
    koike = services.create_person(
        user=officer, data={"name": "小池百合子", "email": "koike@metro.tokyo.lg.jp"}
    )
    kertu = services.create_person(user=officer, data={"name": "Kertu Vuks"})

    def meet(person, owner, text, due=DUE, *, on_mission=False, done=None, notes=""):
        return services.record_interaction(
            user=officer,
            person=person,
            data={
                "date": dt.date(2026, 4, 28),
                "mission": mission if on_mission else None,
                "follow_up": text,
                "follow_up_owner": owner,
                "follow_up_due": due,
                "follow_up_done_on": done,
                "notes": notes,
            },
        )

    return {
        "officer": meet(koike, officer, "寄送防災公園簡報\n附上英文版", notes="知事私下提到的事"),
        "owner": meet(
            kertu, cast["owner"], "邀請參加智慧城市論壇", dt.date(2026, 6, 1), on_mission=True
        ),
        "outsider": meet(kertu, cast["outsider"], "回覆合作備忘錄草案", on_mission=True),
        "done": meet(koike, officer, "寄送感謝函", done=dt.date(2026, 5, 2)),
        "undated": meet(koike, officer, "再約時間拜會", due=None),
        "nothing": meet(kertu, officer, "", due=DUE),
    }


def uids(response) -> list[str]:
    return [
        line.removeprefix("UID:").split("@")[0]
        for line in response.content.decode().split("\r\n")
        if line.startswith("UID:")
    ]


def test_each_open_follow_up_is_an_all_day_event_with_the_person_the_mission_and_a_link(
    cast, follow_ups, mission_report
):
    interaction = follow_ups["owner"]
    calendar = follow_up_calendar(
        follow_ups_for(cast["owner"]),
        name="Envoy 後續辦理事項",
        person_url=lambda person: f"https://envoy.example/relations/people/{person.pk}/",
        uid_domain="envoy.example",
        now=dt.datetime(2026, 5, 1, 8, 30, tzinfo=dt.UTC),
    )
    person = interaction.person_id
    # Long lines are folded at 75 octets, as RFC 5545 asks: unfold them to compare.
    assert calendar.decode().replace("\r\n ", "").split("\r\n") == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "PRODID:-//Envoy//Follow-ups//EN",
        "X-WR-CALNAME:Envoy 後續辦理事項",
        "BEGIN:VEVENT",
        f"UID:follow-up-{interaction.pk}@envoy.example",
        "DTSTART;VALUE=DATE:20260601",
        "DTEND;VALUE=DATE:20260602",
        "DESCRIPTION:邀請參加智慧城市論壇\\n\\n人員：Kertu Vuks\\n任務："
        + mission_report.mission.title.replace(",", "\\,")
        + "\\n會面日期：115/4/28\\n承辦人：owner\\nhttps://envoy.example/relations/"
        f"people/{person}/",
        "DTSTAMP:20260501T083000Z",
        "SUMMARY:後續辦理：邀請參加智慧城市論壇（Kertu Vuks）",
        "TRANSP:TRANSPARENT",
        f"URL:https://envoy.example/relations/people/{person}/",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]


def test_the_summary_is_the_first_line_of_the_follow_up_and_notes_stay_out(cast, follow_ups):
    calendar = follow_up_calendar(
        follow_ups_for(cast["officer"]),
        name="x",
        person_url=lambda person: "https://envoy.example/",
        uid_domain="envoy.example",
        now=dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
    ).decode()
    assert "SUMMARY:後續辦理：寄送防災公園簡報（小池百合子）" in calendar.split("\r\n")
    assert "知事私下提到的事" not in calendar
    assert "koike@metro.tokyo.lg.jp" not in calendar


@pytest.mark.parametrize(
    ("who", "everyone", "expected"),
    [
        ("officer", False, ["officer"]),
        ("officer", True, ["officer", "outsider", "owner"]),
        ("admin", True, ["officer", "outsider", "owner"]),
        ("owner", False, ["owner"]),
        # The outsider's follow-up is on another bureau's mission: they may not open it.
        ("outsider", False, []),
        ("colleague", False, []),
        ("reviewer", False, []),
        ("viewer", False, []),
    ],
)
def test_the_signed_in_download_has_the_user_s_own_follow_ups_or_everyone_s(
    cast, follow_ups, who, everyone, expected
):
    url = reverse("relations:followups_ics") + ("?all=1" if everyone else "")
    response = client_for(cast[who]).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert uids(response) == [f"follow-up-{follow_ups[name].pk}" for name in expected]


@pytest.mark.parametrize("who", ["owner", "colleague", "outsider", "reviewer", "viewer"])
def test_everyone_s_follow_ups_are_refused_to_all_but_officers_and_administrators(cast, who):
    response = client_for(cast[who]).get(reverse("relations:followups_ics") + "?all=1")
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["followups_ics", "followups"])
def test_anonymous_visitors_are_sent_to_sign_in(name):
    response = client_for(None).get(reverse(f"relations:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_calendar_app_reads_the_feed_at_the_secret_address_without_signing_in(cast, follow_ups):
    token = feed_token(cast["owner"])
    response = client_for(None).get(reverse("relations:followups_feed", args=[token]))
    assert response.status_code == 200
    assert uids(response) == [f"follow-up-{follow_ups['owner'].pk}"]
    assert f"URL:http://testserver/relations/people/{follow_ups['owner'].person_id}/" in (
        response.content.decode().split("\r\n")
    )


def test_an_officer_s_feed_gives_everyone_s_follow_ups_with_all(cast, follow_ups):
    token = feed_token(cast["officer"])
    response = client_for(None).get(reverse("relations:followups_feed", args=[token]) + "?all=1")
    assert uids(response) == [
        f"follow-up-{follow_ups[name].pk}" for name in ("officer", "outsider", "owner")
    ]


def test_an_editor_s_feed_with_all_is_not_found(cast, follow_ups):
    token = feed_token(cast["owner"])
    response = client_for(None).get(reverse("relations:followups_feed", args=[token]) + "?all=1")
    assert response.status_code == 404


def test_the_feed_is_in_the_user_s_own_language_whoever_fetches_it(cast, follow_ups):
    owner = cast["owner"]
    owner.language = "en"
    owner.save()
    response = client_for(None).get(reverse("relations:followups_feed", args=[feed_token(owner)]))
    assert response.status_code == 200
    assert "會面日期：115/4/28" not in response.content.decode()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "9999" + token[token.index(".") :],
        lambda token: token.split(".")[0],
        lambda token: "x." + token.split(".")[1],
        lambda token: "",
    ],
    ids=["signature", "other-id", "no-signature", "not-a-number", "empty"],
)
def test_a_wrong_token_is_not_found(cast, follow_ups, tamper):
    token = tamper(feed_token(cast["owner"]))
    assert user_for_feed_token(token) is None
    if token:
        response = client_for(None).get(reverse("relations:followups_feed", args=[token]))
        assert response.status_code == 404


def test_someone_else_s_id_with_my_signature_is_not_found(cast):
    mine = feed_token(cast["viewer"])
    forged = f"{cast['officer'].pk}.{mine.split('.', 1)[1]}"
    assert user_for_feed_token(forged) is None


def test_changing_the_password_revokes_the_old_address_and_the_page_shows_the_new_one(
    cast, follow_ups
):
    owner = cast["owner"]
    old = feed_token(owner)
    owner.set_password("a new password")
    owner.save()
    new = feed_token(owner)

    assert old != new
    assert client_for(None).get(reverse("relations:followups_feed", args=[old])).status_code == 404
    assert client_for(None).get(reverse("relations:followups_feed", args=[new])).status_code == 200
    page = client_for(owner).get(reverse("relations:followups"))
    assert f"http://testserver/relations/followups/{new}.ics" in page.content.decode()


def test_a_deactivated_user_s_address_is_not_found(cast):
    token = feed_token(cast["owner"])
    cast["owner"].is_active = False
    cast["owner"].save()
    assert (
        client_for(None).get(reverse("relations:followups_feed", args=[token])).status_code == 404
    )


@pytest.mark.parametrize(
    ("who", "everyone_link"),
    [
        ("officer", True),
        ("admin", True),
        ("owner", False),
        ("colleague", False),
        ("outsider", False),
        ("reviewer", False),
        ("viewer", False),
    ],
)
def test_the_calendar_page_gives_each_user_their_address_and_officers_everyone_s(
    cast, follow_ups, who, everyone_link
):
    user = cast[who]
    response = client_for(user).get(reverse("relations:followups"))
    html = response.content.decode()
    feed = f"http://testserver/relations/followups/{feed_token(user)}.ics"
    assert response.status_code == 200
    assert f'value="{feed}"' in html
    assert f'href="webcal://testserver/relations/followups/{feed_token(user)}.ics"' in html
    assert (f'value="{feed}?all=1"' in html) is everyone_link
