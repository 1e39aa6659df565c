"""Recording and changing people, positions, organisations, cities, networks, agreements and
meetings through the pages: what is saved, and what bad input answers."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from envoy.core.lib.locking import EditConflict
from envoy.core.models import AuditEntry
from envoy.relations import services
from envoy.relations.models import (
    Agreement,
    City,
    Interaction,
    Membership,
    Network,
    Organisation,
    Person,
    Position,
)
from tests.conftest import client_for

from .test_pages import ORGANISATION_NOTES, PRIVATE, build_world, texts, values

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world(cast, bureaus):
    return build_world(cast, bureaus)


def cells(response, xpath: str) -> list[list[str]]:
    """The text of each cell of each row ``xpath`` finds."""
    import lxml.html

    rows = lxml.html.fromstring(response.content.decode()).xpath(xpath)
    return [[" ".join(cell.text_content().split()) for cell in row.xpath("th|td")] for row in rows]


def person_data(person: Person, **changes) -> dict:
    """The person form as the page draws it for ``person``, with ``changes``."""
    data = {
        "name": person.name,
        "name_latin": person.name_latin,
        "name_zh": person.name_zh,
        "country": person.country,
        "city": person.city_id or "",
        "city_q": person.city.display_name if person.city else "",
        "email": person.email,
        "phone": person.phone,
        "mobile": person.mobile,
        "address": person.address,
        "website": person.website,
        "notes": person.notes,
        "version": person.version,
    }
    if person.our_side:
        data["our_side"] = "on"
    return data | changes


def errors(response) -> dict:
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


# ----- People -----


def test_a_new_person_is_recorded_with_their_city_typed_by_name(world, cast):
    response = client_for(cast["owner"]).post(
        reverse("relations:person_create"),
        {"name": "Kertu Vuks", "name_latin": "Kertu Vuks", "country": "EE", "city_q": "东京"},
    )
    person = Person.objects.get(name="Kertu Vuks")
    assert response.status_code == 302
    assert response["Location"] == reverse("relations:person", args=[person.pk])
    assert (person.country, person.city, person.version) == ("EE", world["tokyo"], 1)
    assert [h.history_user for h in person.history.all()] == [cast["owner"]]


def test_a_person_who_looks_recorded_already_is_named_before_a_second_is_made(world, cast):
    client = client_for(cast["officer"])
    url = reverse("relations:person_create")
    response = client.post(url, {"name": "Maris Sprindzuks"})
    assert response.status_code == 200
    assert texts(response, "//div[@class='warning-box']/p[1]") == [
        "已有一位「Māris Sprindžuks」，可能是同一人。 查看這位人員"
    ]
    assert Person.objects.filter(name="Maris Sprindzuks").count() == 0
    response = client.post(url, {"name": "Maris Sprindzuks", "confirm_new": "1"})
    assert response.status_code == 302
    assert Person.objects.filter(name="Maris Sprindzuks").count() == 1


def test_a_person_without_a_name_or_with_an_unknown_city_is_refused_with_reasons(cast):
    response = client_for(cast["officer"]).post(
        reverse("relations:person_create"),
        {"name": "", "email": "not-an-address", "city_q": "亞特蘭提斯"},
    )
    assert response.status_code == 200
    assert errors(response) == {
        "name": ["這個欄位是必須的。"],
        "email": ["請輸入有效的電子郵件地址。"],
        "city": ["找不到「亞特蘭提斯」。請從建議清單中選擇，或先新增這筆資料。"],
    }
    assert Person.objects.count() == 0


def test_editing_a_person_saves_the_changes_and_their_history(world, cast):
    koike = world["koike"]
    response = client_for(cast["owner"]).post(
        reverse("relations:person_edit", args=[koike.pk]),
        person_data(koike, phone="+81-3-0000-0000", name_zh="小池百合子知事"),
    )
    assert response.status_code == 302
    koike.refresh_from_db()
    assert (koike.phone, koike.name_zh, koike.version) == ("+81-3-0000-0000", "小池百合子知事", 2)
    assert AuditEntry.objects.filter(action="person.updated").get().details == {
        "fields": ["name_zh", "phone"]
    }


def test_a_person_saved_by_someone_else_meanwhile_is_refused_with_what_was_typed_kept(world, cast):
    koike = world["koike"]
    opened = person_data(koike)
    services.update_person(
        user=cast["officer"], person=koike, data={"phone": "+81-1"}, expected_version=1
    )
    response = client_for(cast["owner"]).post(
        reverse("relations:person_edit", args=[koike.pk]),
        opened | {"notes": "我輸入的新備註"},
    )
    assert response.status_code == 409
    assert texts(response, "//div[@class='conflict']") == [str(EditConflict.message)]
    assert texts(response, "//textarea[@name='notes']") == ["我輸入的新備註"]
    koike.refresh_from_db()
    assert (koike.phone, koike.notes, koike.version) == ("+81-1", PRIVATE["notes"], 2)


def test_the_history_page_lists_who_changed_which_field_from_what_to_what(world, cast):
    koike = world["koike"]
    services.update_person(
        user=cast["owner"], person=koike, data={"phone": "+81-3-0000"}, expected_version=1
    )
    position = koike.positions.get(title="知事")
    services.update_position(
        user=cast["colleague"], position=position, data={"end_date": dt.date(2026, 7, 30)}
    )
    response = client_for(cast["reviewer"]).get(
        reverse("relations:person_history", args=[koike.pk])
    )
    assert texts(response, "//li[contains(@class, 'history-entry')]//span[@class='who']") == [
        "colleague",
        "owner",
        "officer",
        "officer",
        "officer",
    ]
    entry = "//li[contains(@class, 'history-entry')]"
    assert texts(response, f"{entry}//span[@class='subject']") == [
        "職位：知事",
        "人員資料",
        "職位：環境大臣",
        "職位：知事",
        "人員資料",
    ]
    assert cells(response, f"{entry}[1]//table//tr[td]") == [["迄", "—", "115/7/30"]]
    assert cells(response, f"{entry}[2]//table//tr[td]") == [
        ["電話", PRIVATE["phone"], "+81-3-0000"]
    ]
    assert cells(response, f"{entry}[5]//table//tr[td]") == [
        ["姓名", "—", "小池百合子"],
        ["拉丁字母姓名", "—", "Yuriko Koike"],
        ["國家代碼", "—", "JP"],
        ["城市", "—", "東京"],
        ["電子郵件", "—", PRIVATE["email"]],
        ["電話", "—", PRIVATE["phone"]],
        ["手機", "—", PRIVATE["mobile"]],
        ["地址", "—", PRIVATE["address"]],
        ["網站", "—", PRIVATE["website"]],
    ]
    # Her notes are her holders' alone (the secretariat's).
    holder = client_for(cast["colleague"]).get(reverse("relations:person_history", args=[koike.pk]))
    assert cells(holder, f"{entry}[5]//table//tr[td]")[-1] == ["備註", "—", PRIVATE["notes"]]


# ----- People and organisations held by a bureau -----


def test_a_new_person_or_organisation_is_held_by_its_authors_bureau(cast):
    works = client_for(cast["outsider"])
    works.post(reverse("relations:person_create"), {"name": "Kertu Vuks"})
    works.post(reverse("relations:organisation_create"), {"name": "塔林市政府", "kind": "other"})
    admin = client_for(cast["admin"])
    admin.post(reverse("relations:person_create"), {"name": "Māris Sprindžuks"})
    held = [(p.name, p.bureau) for p in Person.objects.order_by("name")]
    assert held == [("Kertu Vuks", cast["outsider"].bureau), ("Māris Sprindžuks", None)]
    assert Organisation.objects.get(name="塔林市政府").bureau == cast["outsider"].bureau


def test_an_editor_of_another_bureau_cannot_change_a_person_or_their_notes(world, cast):
    koike = world["koike"]
    client = client_for(cast["outsider"])
    url = reverse("relations:person_edit", args=[koike.pk])
    page = client.get(reverse("relations:person", args=[koike.pk]))
    refused = client.post(url, person_data(koike, phone="0800", notes="改寫"))
    koike.refresh_from_db()
    assert (client.get(url).status_code, refused.status_code) == (403, 403)
    assert (koike.phone, koike.notes, koike.version) == (PRIVATE["phone"], PRIVATE["notes"], 1)
    assert PRIVATE["phone"] in page.content.decode()
    assert PRIVATE["notes"] not in page.content.decode()
    assert values(page, "//div[@class='actions']/a/@href") == [
        reverse("relations:person_vcard", args=[koike.pk]),
        reverse("relations:person_history", args=[koike.pk]),
        reverse("relations:meeting_create") + f"?person={koike.pk}",
    ]


def test_an_editor_of_the_holding_bureau_changes_the_person_and_their_notes(world, cast):
    koike = world["koike"]
    response = client_for(cast["colleague"]).post(
        reverse("relations:person_edit", args=[koike.pk]),
        person_data(koike, notes="偏好以日語進行會談"),
    )
    koike.refresh_from_db()
    assert response.status_code == 302
    assert (koike.notes, koike.version) == ("偏好以日語進行會談", 2)


def test_a_person_of_no_bureau_is_the_offices_alone(world, cast):
    koike = world["koike"]
    Person.objects.filter(pk=koike.pk).update(bureau=None)
    url = reverse("relations:person_edit", args=[koike.pk])
    answers = {role: client_for(cast[role]).get(url).status_code for role in cast if cast[role]}
    assert answers == {
        "officer": 200,
        "owner": 403,
        "colleague": 403,
        "outsider": 403,
        "reviewer": 403,
        "viewer": 403,
        "admin": 200,
    }
    page = client_for(cast["owner"]).get(reverse("relations:person", args=[koike.pk]))
    assert PRIVATE["notes"] not in page.content.decode()
    assert texts(page, "//section[@aria-labelledby='about-title']//dd[last()]") == ["國際事務單位"]


def test_an_editor_of_another_bureau_cannot_change_an_organisation_or_read_its_notes(world, cast):
    metro = world["metro"]
    client = client_for(cast["outsider"])
    url = reverse("relations:organisation_edit", args=[metro.pk])
    refused = client.post(url, {"name": "東京都廳", "kind": "city_government", "version": 1})
    page = client.get(reverse("relations:organisation", args=[metro.pk]))
    metro.refresh_from_db()
    assert (client.get(url).status_code, refused.status_code) == (403, 403)
    assert (metro.name, metro.version) == ("東京都", 1)
    assert ORGANISATION_NOTES not in page.content.decode()
    assert values(page, "//div[@class='actions']/a/@href") == []


# ----- Positions, in place -----


def test_a_position_is_added_in_place_with_htmx(world, cast):
    maris = world["maris"]
    response = client_for(cast["colleague"]).post(
        reverse("relations:position_add", args=[maris.pk]),
        {
            "position-new-title": "市議員",
            "position-new-organisation_q": "里加市政府",
            "position-new-start_date": "111/1/1",
            "position-new-end_date": "112/12/31",
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert texts(response, "//p[@class='saved']") == ["已新增職位。"]
    assert texts(response, "//section[@id='positions']//span[@class='position-title']") == [
        "里加市政府副市長",
        "里加市政府市議員",
    ]
    added = Position.objects.get(title="市議員")
    assert (added.start_date, added.end_date) == (dt.date(2022, 1, 1), dt.date(2023, 12, 31))


def test_a_position_ending_before_it_starts_comes_back_with_the_reason(world, cast):
    maris = world["maris"]
    response = client_for(cast["officer"]).post(
        reverse("relations:position_add", args=[maris.pk]),
        {
            "position-new-title": "市議員",
            "position-new-start_date": "112/1/1",
            "position-new-end_date": "111/1/1",
        },
        **HTMX,
    )
    assert response.status_code == 422
    assert texts(response, "//details[@open]//ul[@class='errorlist']") == [
        "結束日期不可早於開始日期。"
    ]
    assert values(response, "//input[@name='position-new-title']/@value") == ["市議員"]
    assert Position.objects.filter(title="市議員").count() == 0


def test_a_position_is_edited_and_removed_in_place(world, cast):
    maris = world["maris"]
    position = maris.positions.get()
    client = client_for(cast["officer"])
    url = reverse("relations:position_edit", args=[maris.pk, position.pk])
    opened = client.get(url, **HTMX)
    assert values(opened, f"//input[@name='position-{position.pk}-title']/@value") == ["副市長"]
    assert values(opened, f"//input[@name='position-{position.pk}-organisation']/@value") == [
        str(position.organisation_id)
    ]
    saved = client.post(
        url,
        {
            f"position-{position.pk}-title": "市長",
            f"position-{position.pk}-organisation": position.organisation_id,
            f"position-{position.pk}-organisation_q": "里加市政府",
        },
        **HTMX,
    )
    assert saved.status_code == 200
    position.refresh_from_db()
    assert (position.title, position.organisation.name) == ("市長", "里加市政府")
    removed = client.post(
        reverse("relations:position_remove", args=[maris.pk, position.pk]), **HTMX
    )
    assert texts(removed, "//p[@class='saved']") == ["已移除職位。"]
    assert maris.positions.count() == 0


def test_without_javascript_a_position_change_returns_to_the_person_page(world, cast):
    maris = world["maris"]
    response = client_for(cast["officer"]).post(
        reverse("relations:position_add", args=[maris.pk]),
        {"position-new-title": "市議員"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("relations:person", args=[maris.pk]) + "#positions"


@pytest.mark.parametrize("role", ["reviewer", "viewer", "outsider"])
def test_readers_and_other_bureaus_cannot_change_positions(world, cast, role):
    maris = world["maris"]
    position = maris.positions.get()
    client = client_for(cast[role])
    add = client.post(
        reverse("relations:position_add", args=[maris.pk]), {"position-new-title": "X"}
    )
    remove = client.post(reverse("relations:position_remove", args=[maris.pk, position.pk]))
    assert (add.status_code, remove.status_code) == (403, 403)
    assert maris.positions.count() == 1


# ----- Organisations, cities, networks -----


def test_an_organisation_is_recorded_and_a_second_of_the_same_name_refused(world, cast):
    client = client_for(cast["officer"])
    url = reverse("relations:organisation_create")
    response = client.post(
        url, {"name": "里加市議會", "kind": "city_government", "city_q": "Riga", "country": "LV"}
    )
    council = Organisation.objects.get(name="里加市議會")
    assert response["Location"] == reverse("relations:organisation", args=[council.pk])
    assert council.city == world["riga"]
    again = client.post(url, {"name": "里加市議會", "kind": "other"})
    assert errors(again) == {"name": ["已有名為「里加市議會」的組織。"]}


def test_an_organisation_saved_meanwhile_by_someone_else_is_refused(world, cast):
    metro = world["metro"]
    data = {"name": "東京都廳", "kind": "city_government", "version": 1}
    services.save_organisation(
        user=cast["officer"], organisation=metro, data={"abbreviation": "TMG"}, expected_version=1
    )
    response = client_for(cast["owner"]).post(
        reverse("relations:organisation_edit", args=[metro.pk]), data
    )
    assert response.status_code == 409
    assert values(response, "//input[@name='name']/@value") == ["東京都廳"]
    metro.refresh_from_db()
    assert (metro.name, metro.abbreviation) == ("東京都", "TMG")


def test_a_city_is_recorded_with_coordinates_and_bad_coordinates_are_refused(cast):
    client = client_for(cast["officer"])
    url = reverse("relations:city_create")
    bad = client.post(
        url, {"name": "杜林", "latitude": "95", "longitude": "abc", "timezone": "Europe/Turin"}
    )
    assert errors(bad) == {
        "latitude": ["請確認此數值是否小於或等於 90。"],
        "longitude": ["輸入一個數字"],
        "timezone": ["「Europe/Turin」不是時區名稱，請從清單選擇，例如 Asia/Tokyo。"],
    }
    good = client.post(
        url,
        {
            "name": "杜林",
            "name_en": "Turin",
            "country": "IT",
            "latitude": "45.07",
            "longitude": "7.69",
            "timezone": "Europe/Rome",
        },
    )
    turin = City.objects.get(name="杜林")
    assert good["Location"] == reverse("relations:city", args=[turin.pk])
    assert (turin.country, turin.latitude, turin.longitude, turin.timezone) == (
        "IT",
        45.07,
        7.69,
        "Europe/Rome",
    )


def test_a_network_is_recorded_edited_and_given_members(world, cast):
    client = client_for(cast["owner"])
    response = client.post(
        reverse("relations:network_create"),
        {"name": "地方環境行動理事會", "abbreviation": "ICLEI", "founded_year": "1990"},
    )
    iclei = Network.objects.get(abbreviation="ICLEI")
    assert response["Location"] == reverse("relations:network", args=[iclei.pk])
    client.post(
        reverse("relations:network_edit", args=[iclei.pk]),
        {"name": "地方永續發展理事會", "abbreviation": "ICLEI", "founder_q": "東京都"},
    )
    iclei.refresh_from_db()
    assert (iclei.name, iclei.founded_year, iclei.founder) == (
        "地方永續發展理事會",
        None,
        world["metro"],
    )
    joined = client.post(
        reverse("relations:membership_add", args=[iclei.pk]),
        {
            "member-city": world["new_taipei"].pk,
            "member-city_q": "新北",
            "member-since_year": "2018",
        },
    )
    assert joined["Location"] == reverse("relations:network", args=[iclei.pk]) + "#members"
    assert list(
        Membership.objects.filter(network=iclei).values_list("city__name", "since_year")
    ) == [("新北", 2018)]


def test_a_network_recorded_already_is_not_made_twice(world, cast):
    response = client_for(cast["officer"]).post(
        reverse("relations:network_create"), {"name": "G-NETS", "abbreviation": "G-NETS"}
    )
    assert response["Location"] == reverse("relations:network", args=[world["gnets"].pk])
    assert Network.objects.count() == 1


def test_a_membership_without_a_city_is_refused(world, cast):
    response = client_for(cast["officer"]).post(
        reverse("relations:membership_add", args=[world["gnets"].pk]), {"member-since_year": "x"}
    )
    assert response.status_code == 422
    assert errors(response) == {"city": ["請選擇或輸入名稱。"], "since_year": ["輸入整數"]}


# ----- Agreements -----


PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def agreement_data(**changes) -> dict:
    return {
        "kind": "sister_city",
        "title": "新北市與里加市締結姊妹市協定",
        "date": "115/5/1",
        "cities": [],
        "cities_q": "里加、新北",
        "organisations_q": "里加市政府",
        "summary": "雙方同意在韌性城市領域交流。",
    } | changes


def test_an_agreement_is_recorded_with_its_cities_organisations_and_file(world, cast):
    client = client_for(cast["officer"])
    upload = SimpleUploadedFile("協定.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("relations:agreement_create"),
        agreement_data(mission=world["summit"].pk, mission_q="", file=upload),
    )
    agreement = Agreement.objects.get(kind="sister_city")
    assert response["Location"] == reverse("relations:agreement", args=[agreement.pk])
    assert sorted(c.name for c in agreement.cities.all()) == ["新北", "里加"]
    assert [o.name for o in agreement.organisations.all()] == ["里加市政府"]
    assert (agreement.date, agreement.mission) == (dt.date(2026, 5, 1), None)
    download = client.get(reverse("relations:agreement_file", args=[agreement.pk]))
    assert (download.status_code, download["Content-Type"]) == (200, "application/pdf")
    assert b"".join(download.streaming_content) == PDF


def test_an_agreements_mission_is_chosen_by_its_label(world, cast):
    client = client_for(cast["officer"])
    summit = world["summit"]
    response = client.post(
        reverse("relations:agreement_create"),
        agreement_data(mission=summit.pk, mission_q=f"115/4/26 {summit.title}"),
    )
    assert response.status_code == 302
    assert Agreement.objects.get(kind="sister_city").mission == summit


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("協定.exe", b"MZ", "只接受 PDF、ODT 或 DOCX 檔，「協定.exe」不是。"),
        ("協定.pdf", b"just text", "「協定.pdf」的內容不是 PDF 檔。"),
        ("協定.odt", b"PK\x03\x04 not an odt", "「協定.odt」的內容不是 ODT 檔。"),
    ],
)
def test_an_agreement_file_that_is_not_pdf_odt_or_docx_is_refused(cast, name, content, message):
    response = client_for(cast["officer"]).post(
        reverse("relations:agreement_create"),
        agreement_data(cities_q="", organisations_q="", file=SimpleUploadedFile(name, content)),
    )
    assert response.status_code == 200
    assert errors(response) == {"file": [message]}
    assert Agreement.objects.count() == 0


def test_an_agreement_file_larger_than_the_limit_is_refused(cast, settings):
    settings.ENVOY_MAX_UPLOAD_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024))
    response = client_for(cast["officer"]).post(
        reverse("relations:agreement_create"),
        agreement_data(cities_q="", organisations_q="", file=big),
    )
    assert errors(response) == {"file": ["檔案太大（1.0 MB），上限為 1 MB。"]}
    assert Agreement.objects.count() == 0


def test_an_agreement_ending_before_it_was_signed_is_refused(cast):
    response = client_for(cast["officer"]).post(
        reverse("relations:agreement_create"),
        agreement_data(cities_q="", organisations_q="", end_date="114/1/1"),
    )
    assert errors(response) == {"end_date": ["結束日期不可早於開始日期。"]}


def test_editing_an_agreement_keeps_its_file_unless_a_new_one_is_sent(world, cast):
    client = client_for(cast["officer"])
    communique = world["communique"]
    client.post(
        reverse("relations:agreement_edit", args=[communique.pk]),
        agreement_data(
            kind="communique",
            title="2026 G-NETS 東京共同宣言",
            cities=[world["tokyo"].pk],
            cities_q="",
            organisations_q="",
            file=SimpleUploadedFile("宣言.pdf", PDF),
        ),
    )
    communique.refresh_from_db()
    stored = communique.file.name
    assert stored.endswith(".pdf")
    client.post(
        reverse("relations:agreement_edit", args=[communique.pk]),
        agreement_data(
            kind="communique", title="2026 G-NETS 共同宣言", cities_q="", organisations_q=""
        ),
    )
    communique.refresh_from_db()
    assert (communique.title, communique.file.name) == ("2026 G-NETS 共同宣言", stored)
    assert list(communique.cities.all()) == []


def test_an_outsider_cannot_see_or_unlink_the_mission_of_an_agreement(world, cast):
    communique, summit = world["communique"], world["summit"]
    services.save_agreement(user=cast["officer"], agreement=communique, data={"mission": summit})
    url = reverse("relations:agreement_edit", args=[communique.pk])
    outsider = client_for(cast["outsider"])
    form = outsider.get(url)
    posted = outsider.post(
        url,
        agreement_data(
            kind="communique", mission="", mission_q="", cities_q="", organisations_q=""
        ),
    )
    page = outsider.get(reverse("relations:agreement", args=[communique.pk]))
    communique.refresh_from_db()
    assert (form.status_code, posted.status_code) == (403, 403)
    assert summit.title not in form.content.decode() + page.content.decode()
    assert values(page, "//div[@class='actions']/a/@href") == []
    assert (communique.title, communique.mission) == ("2026 G-NETS 共同宣言", summit)


def test_the_bureau_of_an_agreements_mission_sees_and_unlinks_it(world, cast):
    communique, summit = world["communique"], world["summit"]
    services.save_agreement(user=cast["officer"], agreement=communique, data={"mission": summit})
    url = reverse("relations:agreement_edit", args=[communique.pk])
    owner = client_for(cast["owner"])
    form = owner.get(url)
    assert form.status_code == 200
    assert values(form, "//input[@name='mission']/@value") == [str(summit.pk)]
    posted = owner.post(
        url,
        agreement_data(
            kind="communique", mission="", mission_q="", cities_q="", organisations_q=""
        ),
    )
    communique.refresh_from_db()
    assert posted.status_code == 302
    assert communique.mission is None


# ----- Meetings -----


def meeting_data(world, **changes) -> dict:
    return {
        "person": world["maris"].pk,
        "person_q": "Māris Sprindžuks",
        "date": "115/4/28",
        "city_q": "東京",
        "met_by": "祝惠美處長",
        "notes": "談里加的綠色交通",
        "follow_up": "寄送邀請函",
        "follow_up_due": "115/12/31",
    } | changes


def test_a_meeting_is_recorded_on_a_mission_and_shown_on_the_persons_timeline(world, cast):
    client = client_for(cast["owner"])
    summit = world["summit"]
    response = client.post(
        reverse("relations:meeting_create"),
        meeting_data(
            world,
            mission=summit.pk,
            mission_q=f"115/4/26 {summit.title}",
            follow_up_owner=cast["owner"].pk,
        ),
    )
    meeting = Interaction.objects.get(person=world["maris"])
    url = reverse("relations:person", args=[world["maris"].pk])
    assert response["Location"] == f"{url}#meeting-{meeting.pk}"
    assert (meeting.mission, meeting.city, meeting.follow_up_owner, meeting.follow_up_due) == (
        summit,
        world["tokyo"],
        cast["owner"],
        dt.date(2026, 12, 31),
    )
    page = client.get(url)
    assert texts(page, f"//li[@id='meeting-{meeting.pk}']//dd[contains(@class, 'notes')]") == [
        "談里加的綠色交通"
    ]


def test_an_outsider_cannot_put_a_meeting_on_a_mission_they_may_not_open(world, cast):
    summit = world["summit"]
    response = client_for(cast["outsider"]).post(
        reverse("relations:meeting_create"),
        meeting_data(world, mission=summit.pk, mission_q=f"115/4/26 {summit.title}"),
    )
    assert errors(response) == {
        "mission": [f"找不到「115/4/26 {summit.title}」。請從建議清單中選擇，或先新增這筆資料。"]
    }
    assert Interaction.objects.filter(person=world["maris"]).count() == 0


def test_a_follow_up_due_without_saying_what_is_refused(world, cast):
    response = client_for(cast["officer"]).post(
        reverse("relations:meeting_create"), meeting_data(world, follow_up="")
    )
    assert errors(response) == {"follow_up": ["有辦理期限或完成日期時，請填寫後續辦理事項。"]}


def test_a_meeting_is_edited_and_its_follow_up_marked_done(world, cast):
    client = client_for(cast["officer"])
    meeting = world["at_summit"]
    client.post(
        reverse("relations:meeting_edit", args=[meeting.pk]),
        {
            "date": "115/4/28",
            "mission": world["summit"].pk,
            "mission_q": f"115/4/26 {world['summit'].title}",
            "met_by": "祝惠美處長、林怡君科長",
            "follow_up": "寄送新北市韌性城市簡報",
            "follow_up_due": "115/6/30",
        },
    )
    meeting.refresh_from_db()
    assert (meeting.met_by, meeting.city, meeting.person) == (
        "祝惠美處長、林怡君科長",
        None,
        world["koike"],
    )
    response = client.post(reverse("relations:meeting_done", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.follow_up_done_on is not None
    assert response.status_code == 302


def test_readers_cannot_record_meetings_or_mark_them_done(world, cast):
    meeting = world["at_summit"]
    for role in ("reviewer", "viewer"):
        client = client_for(cast[role])
        assert (
            client.post(reverse("relations:meeting_create"), meeting_data(world)).status_code == 403
        )
        assert client.post(reverse("relations:meeting_done", args=[meeting.pk])).status_code == 403
    meeting.refresh_from_db()
    assert meeting.follow_up_done_on is None
