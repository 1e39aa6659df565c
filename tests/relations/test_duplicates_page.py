"""The duplicates page: people recorded twice, side by side, and merging them."""

import datetime as dt

import lxml.html
import pytest
from django.urls import reverse

from envoy.relations import services
from envoy.relations.models import Interaction, Person, Position
from tests.conftest import client_for

from .test_pages import outcome, texts

pytestmark = pytest.mark.django_db

ROLES = ["officer", "owner", "colleague", "outsider", "reviewer", "viewer", "admin", "anonymous"]
MERGERS = {"officer", "admin"}


@pytest.fixture
def twice(cast):
    """Māris Sprindžuks recorded twice: with diacritics (one meeting) and without (a position
    and two meetings)."""
    officer = cast["officer"]
    keep = services.create_person(user=officer, data={"name": "Māris Sprindžuks"})
    other = services.create_person(
        user=officer, data={"name": "Maris Sprindzuks", "email": "maris@riga.example.lv"}
    )
    services.add_position(user=officer, person=other, data={"title": "副市長"})
    services.record_interaction(user=officer, person=keep, data={"date": dt.date(2026, 4, 28)})
    for day in (1, 2):
        services.record_interaction(
            user=officer, person=other, data={"date": dt.date(2025, 3, day)}
        )
    services.create_person(user=officer, data={"name": "小池百合子"})
    return keep, other


@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_and_officers_open_the_duplicates_page(twice, cast, role):
    response = client_for(cast[role]).get(reverse("relations:duplicates"))
    expected = 200 if role in MERGERS else "sign-in" if role == "anonymous" else 403
    assert outcome(response) == expected


@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_and_officers_merge(twice, cast, role):
    keep, other = twice
    response = client_for(cast[role]).post(
        reverse("relations:merge"), {"first": keep.pk, "second": other.pk, "keep": keep.pk}
    )
    expected = 302 if role in MERGERS else "sign-in" if role == "anonymous" else 403
    assert outcome(response) == expected
    assert Person.objects.filter(pk=other.pk).exists() is (role not in MERGERS)


def test_the_page_shows_both_records_side_by_side_with_positions_and_meetings(twice, cast):
    response = client_for(cast["officer"]).get(reverse("relations:duplicates"))
    assert texts(response, "//p[@class='pair-reason']") == [
        "相似度 100 Māris Sprindžuks ≈ Maris Sprindzuks"
    ]
    assert texts(response, "//div[@class='candidate']/h2") == [
        "Māris Sprindžuks",
        "Maris Sprindzuks",
    ]
    assert texts(response, "//div[@class='candidate']//dd[@class='meeting-count']") == [
        "1 次",
        "2 次",
    ]
    tree = lxml.html.fromstring(response.content.decode())
    assert tree.xpath("//input[@name='keep']/@value") == [str(p.pk) for p in twice]


def test_merging_keeps_every_meeting_and_position_on_the_record_kept(twice, cast):
    keep, other = twice
    response = client_for(cast["admin"]).post(
        reverse("relations:merge"), {"first": keep.pk, "second": other.pk, "keep": other.pk}
    )
    assert response["Location"] == reverse("relations:person", args=[other.pk])
    assert not Person.objects.filter(pk=keep.pk).exists()
    assert sorted(i.date for i in Interaction.objects.filter(person=other)) == [
        dt.date(2025, 3, 1),
        dt.date(2025, 3, 2),
        dt.date(2026, 4, 28),
    ]
    assert list(Position.objects.filter(person=other).values_list("title", flat=True)) == ["副市長"]
    other.refresh_from_db()
    assert other.other_names == ["Māris Sprindžuks"]
    page = client_for(cast["admin"]).get(reverse("relations:duplicates"))
    assert texts(page, "//p[contains(@class, 'empty')]") == ["目前沒有疑似重複的人員。"]


def test_a_merge_naming_someone_outside_the_pair_or_gone_says_so(twice, cast):
    keep, other = twice
    client = client_for(cast["officer"])
    outside = client.post(
        reverse("relations:merge"),
        {"first": keep.pk, "second": other.pk, "keep": 999},
        follow=True,
    )
    assert texts(outside, "//li[contains(@class, 'message')]") == ["請選擇要保留的一筆。"]
    gone = client.post(
        reverse("relations:merge"),
        {"first": keep.pk, "second": 999, "keep": keep.pk},
        follow=True,
    )
    assert texts(gone, "//li[contains(@class, 'message')]") == [
        "其中一筆人員資料已不存在，可能已被合併。"
    ]
    assert Person.objects.filter(pk__in=[keep.pk, other.pk]).count() == 2
