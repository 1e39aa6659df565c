"""Each hosting form carries the version of what it shows: a save over someone else's later
save is refused with a message, keeps what the user typed and changes nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from lxml import html

from envoy.core.lib.locking import EditConflict
from envoy.hosting import services
from envoy.hosting.models import Gift, Host, Hosting, TransportLeg, Visitor
from tests.conftest import client_for

CONFLICT = "這段內容在您開啟後已被其他人修改並儲存"


def page_version(response) -> str:
    """The version the form page carries in its hidden field."""
    tree = html.fromstring(response.content.decode())
    (value,) = tree.xpath("//form//input[@type='hidden'][@name='version']/@value")
    return value


def assert_conflict(response, kept: str) -> None:
    """A 409 page saying why, with the user's input still in the form."""
    assert response.status_code == 409
    tree = html.fromstring(response.content.decode())
    (alert,) = tree.xpath("//div[@class='conflict'][@role='alert']")
    assert CONFLICT in alert.text_content()
    values = tree.xpath("//form//input/@value") + [
        (t.text or "").strip() for t in tree.xpath("//textarea")
    ]
    assert kept in values


@pytest.fixture
def leg(visit, cast):
    return services.save_leg(
        user=cast["owner"],
        mission=visit,
        leg=None,
        data={"date": dt.date(2026, 10, 5), "origin": "圓山飯店", "destination": "市政府"},
    )


@pytest.fixture
def gift(visit, cast):
    return services.save_gift(
        user=cast["owner"],
        mission=visit,
        gift=None,
        data={"direction": "given", "date": dt.date(2026, 10, 5), "description": "新北燈籠",
              "counterpart": "山田太郎"},
    )  # fmt: skip


@pytest.mark.django_db
def test_the_hosting_facts_form_refuses_a_stale_save(visit, cast):
    client = client_for(cast["owner"])
    address = reverse("hosting:edit", args=[visit.pk])
    drawn = page_version(client.get(address))
    # Someone else saves the hosting facts after the page was drawn.
    services.save_hosting(
        user=cast["colleague"], mission=visit, data={"welcome_note": "他人的版本"}
    )
    response = client.post(
        address, {"seating_layout": "banquet", "welcome_note": "我的歡迎詞", "version": drawn}
    )
    assert_conflict(response, "我的歡迎詞")
    assert Hosting.objects.get(mission=visit).welcome_note == "他人的版本"
    # Drawn again, the form saves.
    drawn = page_version(client.get(address))
    response = client.post(
        address, {"seating_layout": "banquet", "welcome_note": "我的歡迎詞", "version": drawn}
    )
    assert response.status_code == 302
    assert Hosting.objects.get(mission=visit).welcome_note == "我的歡迎詞"


@pytest.mark.django_db
def test_the_visitor_form_refuses_a_stale_save(visit, cast):
    member = visit.members.get(name="김민준")
    client = client_for(cast["owner"])
    address = reverse("hosting:visitor", args=[visit.pk, member.pk])
    drawn = page_version(client.get(address))
    services.save_visitor(user=cast["colleague"], member=member, data={"allergies": "蝦"})
    response = client.post(address, {"name_en": "Min-jun Kim", "version": drawn})
    assert_conflict(response, "Min-jun Kim")
    assert Visitor.objects.get(member=member).name_en == "Minjun Kim"


@pytest.mark.django_db
def test_a_visitor_not_described_yet_is_saved_once_from_the_defaults(visit, cast):
    """Two people open the form of a visitor nobody has described (version 1 of the
    defaults): the first save makes the row, the second is refused."""
    from envoy.missions import services as missions

    member = missions.add_member(user=cast["owner"], mission=visit, data={"name": "Lee"})
    client = client_for(cast["owner"])
    address = reverse("hosting:visitor", args=[visit.pk, member.pk])
    drawn = page_version(client.get(address))
    assert drawn == "1"
    assert client.post(address, {"name_en": "First", "version": drawn}).status_code == 302
    assert_conflict(client.post(address, {"name_en": "Second", "version": drawn}), "Second")
    assert Visitor.objects.get(member=member).name_en == "First"


@pytest.mark.django_db
def test_the_host_form_refuses_a_stale_save(visit, cast):
    host = Host.objects.get(name="祝惠美")
    client = client_for(cast["owner"])
    address = reverse("hosting:host_edit", args=[visit.pk, host.pk])
    drawn = page_version(client.get(address))
    services.save_host(user=cast["colleague"], mission=visit, host=host, data={"phone": "1999"})
    response = client.post(
        address, {"role": "host", "name": "祝惠美", "title": "副處長", "version": drawn}
    )
    assert_conflict(response, "副處長")
    host.refresh_from_db()
    assert (host.title, host.phone) == ("處長", "1999")


@pytest.mark.django_db
def test_the_transport_form_refuses_a_stale_save(visit, cast, leg):
    client = client_for(cast["owner"])
    address = reverse("hosting:transport_edit", args=[visit.pk, leg.pk])
    drawn = page_version(client.get(address))
    services.save_leg(
        user=cast["colleague"], mission=visit, leg=TransportLeg.objects.get(pk=leg.pk),
        data={"vehicle": "KAA-1234"},
    )  # fmt: skip
    response = client.post(
        address,
        {"date": "115/10/5", "origin": "圓山飯店", "destination": "松山機場", "kind": "car",
         "version": drawn},
    )  # fmt: skip
    assert_conflict(response, "松山機場")
    leg.refresh_from_db()
    assert (leg.destination, leg.vehicle) == ("市政府", "KAA-1234")


@pytest.mark.django_db
def test_the_gift_form_refuses_a_stale_save(visit, cast, gift):
    client = client_for(cast["owner"])
    address = reverse("hosting:gift_edit", args=[visit.pk, gift.pk])
    drawn = page_version(client.get(address))
    services.save_gift(
        user=cast["colleague"], mission=visit, gift=Gift.objects.get(pk=gift.pk),
        data={"value_ntd": 1200},
    )  # fmt: skip
    response = client.post(
        address,
        {"direction": "given", "date": "115/10/5", "description": "新北燈籠（大）",
         "counterpart": "山田太郎", "version": drawn},
    )  # fmt: skip
    assert_conflict(response, "新北燈籠（大）")
    gift.refresh_from_db()
    assert (gift.description, gift.value_ntd) == ("新北燈籠", 1200)


@pytest.mark.django_db
def test_an_edit_form_without_its_version_is_refused(visit, cast, leg):
    response = client_for(cast["owner"]).post(
        reverse("hosting:transport_edit", args=[visit.pk, leg.pk]),
        {"date": "115/10/5", "origin": "圓山飯店", "destination": "松山機場", "kind": "car"},
    )
    assert response.status_code == 422
    assert "表單缺少版本資訊" in response.content.decode()
    leg.refresh_from_db()
    assert leg.destination == "市政府"


@pytest.mark.django_db
def test_the_services_refuse_a_stale_version_and_bump_it_on_save(visit, cast, leg):
    owner = cast["owner"]
    assert leg.version == 1
    saved = services.save_leg(
        user=owner, mission=visit, leg=leg, data={"vehicle": "A"}, expected_version=1
    )
    assert saved.version == 2
    stale = TransportLeg.objects.get(pk=leg.pk)
    with pytest.raises(EditConflict):
        services.save_leg(
            user=owner, mission=visit, leg=stale, data={"vehicle": "B"}, expected_version=1
        )
    assert TransportLeg.objects.get(pk=leg.pk).vehicle == "A"
    assert TransportLeg.objects.get(pk=leg.pk).version == 2


@pytest.mark.django_db
def test_a_new_row_s_form_carries_no_version(visit, cast):
    response = client_for(cast["owner"]).get(reverse("hosting:gift_add", args=[visit.pk]))
    tree = html.fromstring(response.content.decode())
    assert not tree.xpath("//input[@name='version']")
