"""The pages: a person's card for every signed-in role (contact details for staff, notes for
the person's holders), lists for holders (only the people they hold), every export audited;
imports for those who may record people, with a preview, a confirmation and the rows left
out, changing no one the importer does not hold."""

import codecs

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from envoy.core.models import AuditEntry
from envoy.relations import services
from envoy.relations.models import PendingContactImport, Person
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

STAFF = ["officer", "owner", "colleague", "outsider", "reviewer", "admin"]
WRITERS = ["officer", "owner", "colleague", "outsider", "admin"]


@pytest.fixture
def koike(cast):
    person = services.create_person(
        user=cast["officer"],
        data={
            "name": "小池百合子",
            "name_latin": "Yuriko Koike",
            "country": "JP",
            "email": "koike@metro.tokyo.lg.jp",
            "mobile": "+81 90 1234 5678",
            "notes": "喜歡談防災",
        },
    )
    services.add_position(
        user=cast["officer"],
        person=person,
        data={
            "title": "知事",
            "organisation": services.get_or_create_organisation(
                user=cast["officer"], name="東京都"
            ),
        },
    )
    return person


# ----- exports -----

# Koike is held by the secretariat (the officer who recorded her is one of its staff).
HOLDERS = ["officer", "owner", "colleague", "admin"]
PRIVATE = ("koike@metro.tokyo.lg.jp", "+81 90 1234 5678")
NOTES = "喜歡談防災"


@pytest.mark.parametrize("who", [*STAFF, "viewer"])
@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_a_person_s_vcard_has_contact_details_for_staff_and_notes_for_holders(
    cast, koike, who, version
):
    url = reverse("relations:person_vcard", args=[koike.pk]) + f"?version={version}"
    response = client_for(cast[who]).get(url)
    card = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E5%B0%8F%E6%B1%A0%E7%99%BE%E5%90%88%E5%AD%90.vcf"
    )
    assert f"VERSION:{version}" in card.split("\r\n")
    assert "TITLE" in card
    assert [value in card for value in PRIVATE] == [who != "viewer"] * 2
    assert (NOTES in card) is (who in HOLDERS)


def test_a_person_s_vcard_is_audited(cast, koike):
    client_for(cast["reviewer"]).get(reverse("relations:person_vcard", args=[koike.pk]))
    entry = AuditEntry.objects.get(action="person.exported")
    assert (entry.user, entry.object_type, entry.object_id) == (
        cast["reviewer"],
        "relations.person",
        koike.pk,
    )
    assert entry.details == {"format": "vcard 3.0", "count": 1, "people": [koike.pk]}


def test_a_vcard_in_an_unknown_version_is_refused_with_a_message(cast, koike):
    url = reverse("relations:person_vcard", args=[koike.pk]) + "?version=2.1"
    response = client_for(cast["officer"]).get(url)
    assert response.status_code == 400
    assert response.content.decode() == "vCard 版本只能是 3.0 或 4.0。"


def test_the_vcard_of_nobody_is_not_found(cast):
    response = client_for(cast["officer"]).get(reverse("relations:person_vcard", args=[999]))
    assert response.status_code == 404


@pytest.fixture
def vuks(cast):
    """Kertu Vuks, held by public works (recorded by its editor)."""
    return services.create_person(user=cast["outsider"], data={"name": "Kertu Vuks"})


def exported_names(response) -> list[str]:
    cards = response.content.decode()
    return [line for line in cards.split("\r\n") if line.startswith("FN")]


@pytest.mark.parametrize(
    ("who", "names"),
    [
        ("officer", ["FN:Kertu Vuks", "FN;ALTID=1:小池百合子"]),
        ("admin", ["FN:Kertu Vuks", "FN;ALTID=1:小池百合子"]),
        ("owner", ["FN;ALTID=1:小池百合子"]),
        ("colleague", ["FN;ALTID=1:小池百合子"]),
        ("outsider", ["FN:Kertu Vuks"]),
    ],
)
def test_everyone_s_cards_in_one_file_hold_the_people_one_holds(cast, koike, vuks, who, names):
    response = client_for(cast[who]).get(reverse("relations:people_vcf") + "?version=4.0")
    cards = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="people.vcf"'
    assert [n for n in exported_names(response) if "LANGUAGE" not in n] == names
    assert [value in cards for value in (*PRIVATE, NOTES)] == ["小池" in str(names)] * 3


@pytest.mark.parametrize("who", ["reviewer", "viewer"])
@pytest.mark.parametrize("name", ["relations:people_vcf", "relations:people_csv"])
def test_reviewers_and_viewers_may_not_export_lists(cast, koike, who, name):
    response = client_for(cast[who]).get(reverse(name))
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="people.exported").exists()


def test_an_editor_of_a_bureau_that_holds_no_one_exports_an_empty_list(cast, koike):
    response = client_for(cast["outsider"]).get(reverse("relations:people_csv"))
    assert response.content.decode("utf-8-sig").split("\r\n") == [
        "姓名,英文姓名,中文譯名,職稱,組織,城市,國家,電子郵件,電話,手機,地址,網站,備註",
        "",
    ]


def test_the_exports_can_be_narrowed_to_names_containing_a_search(cast, koike, vuks):
    client = client_for(cast["officer"])
    cards = client.get(reverse("relations:people_vcf") + "?q=koike").content.decode()
    rows = client.get(reverse("relations:people_csv") + "?q=kertu").content.decode("utf-8-sig")
    assert [line for line in cards.split("\r\n") if line.startswith("N:")] == ["N:小池百合子;;;;"]
    assert [line.split(",")[0] for line in rows.split("\r\n")] == ["姓名", "Kertu Vuks", ""]


@pytest.mark.parametrize("who", HOLDERS)
def test_the_csv_export_has_every_column_for_the_people_one_holds(cast, koike, who):
    response = client_for(cast[who]).get(reverse("relations:people_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(codecs.BOM_UTF8)
    header, row, _end = response.content.decode("utf-8-sig").split("\r\n")
    assert (header, row) == (
        "姓名,英文姓名,中文譯名,職稱,組織,城市,國家,電子郵件,電話,手機,地址,網站,備註",
        "小池百合子,Yuriko Koike,,知事,東京都,,日本,koike@metro.tokyo.lg.jp,,"
        "'+81 90 1234 5678,,,喜歡談防災",
    )


def test_every_list_export_is_audited_with_its_format_search_and_rows(cast, koike, vuks):
    client = client_for(cast["officer"])
    client.get(reverse("relations:people_csv") + "?q=koike")
    client.get(reverse("relations:people_vcf") + "?version=4.0")
    client_for(cast["outsider"]).get(reverse("relations:people_csv"))
    entries = AuditEntry.objects.filter(action="people.exported").order_by("id")
    assert [
        (e.user.username, e.object_type, e.object_id, e.summary, e.details) for e in entries
    ] == [
        (
            "officer",
            "core.user",
            cast["officer"].pk,
            "csv: 1",
            {"format": "csv", "query": "koike", "count": 1, "people": [koike.pk]},
        ),
        (
            "officer",
            "core.user",
            cast["officer"].pk,
            "vcard 4.0: 2",
            {"format": "vcard 4.0", "query": "", "count": 2, "people": [vuks.pk, koike.pk]},
        ),
        (
            "outsider",
            "core.user",
            cast["outsider"].pk,
            "csv: 1",
            {"format": "csv", "query": "", "count": 1, "people": [vuks.pk]},
        ),
    ]


def test_the_people_list_offers_exports_to_those_who_may_export(cast, koike):
    def tools(role: str) -> list[str]:
        response = client_for(cast[role]).get(reverse("relations:people"))
        tree = lxml.html.fromstring(response.content.decode())
        return [str(href) for href in tree.xpath("//p[@class='list-tools']/a/@href")]

    exports = [reverse("relations:people_vcf"), reverse("relations:people_csv")]
    assert tools("outsider")[:2] == exports
    assert tools("officer")[:2] == exports
    assert exports[0] not in tools("reviewer") + tools("viewer")


@pytest.mark.parametrize(
    "url",
    [
        lambda: reverse("relations:person_vcard", args=[1]),
        lambda: reverse("relations:people_vcf"),
        lambda: reverse("relations:people_csv"),
        lambda: reverse("relations:people_import"),
        lambda: reverse("relations:people_import_review", args=["abc"]),
        lambda: reverse("relations:people_import_errors", args=["abc"]),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(url):
    response = client_for(None).get(url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# ----- imports -----

CSV = (
    "姓名,英文姓名,職稱,組織,國家,電子郵件\r\n"
    "小池百合子,Yuriko Koike,知事,東京都,日本,new@metro.tokyo.lg.jp\r\n"
    "Kertu Vuks,,Adviser,Tallinn City Government,EE,kertu@tallinn.ee\r\n"
    "Broken Person,,,,Atlantis,\r\n"
)


def upload(client, content: bytes | str, name: str = "contacts.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return client.post(reverse("relations:people_import"), {"file": SimpleUploadedFile(name, data)})


def staged_token(client) -> str:
    [token] = PendingContactImport.objects.values_list("token", flat=True)
    return token


@pytest.mark.parametrize("who", WRITERS)
def test_writers_may_open_the_import_page(cast, who):
    response = client_for(cast[who]).get(reverse("relations:people_import"))
    assert response.status_code == 200
    assert "匯入聯絡人" in response.content.decode()


@pytest.mark.parametrize("who", ["reviewer", "viewer"])
def test_reviewers_and_viewers_may_not_import(cast, who):
    client = client_for(cast[who])
    assert client.get(reverse("relations:people_import")).status_code == 403
    assert upload(client, CSV).status_code == 403
    assert client.get(reverse("relations:people_import_review", args=["abc"])).status_code == 403
    assert client.get(reverse("relations:people_import_errors", args=["abc"])).status_code == 403
    assert not Person.objects.exists()


def test_an_upload_is_previewed_row_by_row_and_nothing_is_written_until_confirmed(cast, koike):
    client = client_for(cast["owner"])
    response = upload(client, CSV)
    token = staged_token(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("relations:people_import_review", args=[token])

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert [Person.objects.count(), AuditEntry.objects.filter(user=cast["owner"]).count()] == [1, 0]
    assert 'class="outcome-update"' in html and 'class="outcome-create"' in html
    assert "<del>koike@metro.tokyo.lg.jp</del> → <ins>new@metro.tokyo.lg.jp</ins>" in html
    assert "不認得國家「Atlantis」：請填國名或兩碼國家代碼（如 JP）。" in html
    assert "將匯入 2 筆。" in html and "另有 1 筆有錯誤，不會匯入。" in html

    done = client.post(
        reverse("relations:people_import_review", args=[token]), {"action": "confirm"}
    )
    assert done.status_code == 302
    assert list(Person.objects.order_by("name").values_list("name", "email")) == [
        ("Kertu Vuks", "kertu@tallinn.ee"),
        ("小池百合子", "new@metro.tokyo.lg.jp"),
    ]
    result = client.get(done["Location"]).content.decode()
    assert "已匯入：新增 1 人，更新 1 人。" in result
    assert "Broken Person" in result


def test_an_import_changes_no_one_the_importer_does_not_hold(cast, koike):
    client = client_for(cast["outsider"])
    upload(client, CSV)
    url = reverse("relations:people_import_review", args=[staged_token(client)])
    html = client.get(url).content.decode()
    assert "這位人員由其他局處維護，不能以匯入更改。" in html
    assert "koike@metro.tokyo.lg.jp" not in html
    client.post(url, {"action": "confirm"})
    koike.refresh_from_db()
    assert (koike.email, koike.version) == ("koike@metro.tokyo.lg.jp", 1)
    assert [str(p) for p in koike.positions.all()] == ["東京都知事"]
    assert list(Person.objects.order_by("name").values_list("name", "bureau__code")) == [
        ("Kertu Vuks", "public-works"),
        ("小池百合子", "secretariat"),
    ]


def test_confirming_twice_imports_once(cast):
    client = client_for(cast["officer"])
    upload(client, CSV)
    url = reverse("relations:people_import_review", args=[staged_token(client)])
    client.post(url, {"action": "confirm"})
    again = client.post(url, {"action": "confirm"}, follow=True)
    assert "這個檔案已經匯入過了。" in again.content.decode()
    assert Person.objects.count() == 2


def test_the_rows_left_out_download_as_csv_before_and_after_confirming(cast):
    client = client_for(cast["officer"])
    upload(client, CSV, name="名單.csv")
    token = staged_token(client)
    expected = [
        "原列號,姓名,英文姓名,職稱,組織,國家,電子郵件,錯誤原因",
        "4,Broken Person,,,,Atlantis,,不認得國家「Atlantis」：請填國名或兩碼國家代碼（如 JP）。",
        "",
    ]
    before = client.get(reverse("relations:people_import_errors", args=[token]))
    client.post(reverse("relations:people_import_review", args=[token]), {"action": "confirm"})
    after = client.get(reverse("relations:people_import_errors", args=[token]))
    for response in (before, after):
        assert response.status_code == 200
        assert response.content.decode("utf-8-sig").split("\r\n") == expected
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E5%90%8D%E5%96%AE-%E9%8C%AF%E8%AA%A4.csv"
    )


def test_discarding_writes_nothing_and_forgets_the_upload(cast):
    client = client_for(cast["officer"])
    upload(client, CSV)
    token = staged_token(client)
    response = client.post(
        reverse("relations:people_import_review", args=[token]), {"action": "discard"}, follow=True
    )
    assert "已捨棄「contacts.csv」，沒有匯入任何資料。" in response.content.decode()
    assert not PendingContactImport.objects.exists()
    assert not Person.objects.exists()
    assert client.get(reverse("relations:people_import_review", args=[token])).status_code == 404


def test_a_vcard_upload_is_previewed_and_imported(cast):
    client = client_for(cast["colleague"])
    card = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:松本明子\r\nTITLE:局長\r\nORG:東京都環境局\r\nEND:VCARD\r\n"
    upload(client, card, name="card.vcf")
    url = reverse("relations:people_import_review", args=[staged_token(client)])
    html = client.get(url).content.decode()
    assert "vCard" in html and "松本明子" in html and "新職位" in html and "新組織" in html
    client.post(url, {"action": "confirm"})
    person = Person.objects.get()
    assert (person.name, [str(p) for p in person.positions.all()]) == (
        "松本明子",
        ["東京都環境局局長"],
    )


def test_the_preview_filters_rows_in_place_with_htmx(cast):
    client = client_for(cast["officer"])
    upload(client, CSV)
    url = reverse("relations:people_import_review", args=[staged_token(client)])
    response = client.get(url + "?show=error", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card" id="rows"')
    assert "Broken Person" in html and "Kertu Vuks" not in html


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            "組織\r\n東京都\r\n",
            "a.csv",
            "找不到姓名欄：第一列必須是欄位名稱，例如「姓名」或「name」。",
        ),
        ("hello", "a.vcf", "這不是 vCard 檔（.vcf）：找不到 BEGIN:VCARD。"),
        (
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
            "photo.vcf",
            "這不是文字檔（含有二進位資料），無法匯入。",
        ),
    ],
)
def test_an_unreadable_file_is_refused_with_a_message_and_nothing_is_kept(
    cast, content, name, message
):
    client = client_for(cast["officer"])
    response = upload(client, content, name=name)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not PendingContactImport.objects.exists()


def test_a_file_too_large_is_refused_before_it_is_read(cast, settings):
    settings.ENVOY_MAX_UPLOAD_BYTES = 1024 * 1024
    client = client_for(cast["officer"])
    response = upload(client, "姓名\r\n" + "某人\r\n" * 300_000)
    assert response.status_code == 422
    assert "檔案太大（2.3 MB），上限為 1 MB。" in response.content.decode()
    assert not PendingContactImport.objects.exists()


def test_no_file_chosen_asks_for_one(cast):
    response = client_for(cast["officer"]).post(reverse("relations:people_import"), {})
    assert response.status_code == 422
    assert "請選擇要匯入的 vCard 或 CSV 檔。" in response.content.decode()


def test_an_import_is_its_uploader_s_alone(cast):
    mine = client_for(cast["officer"])
    upload(mine, CSV)
    token = staged_token(mine)
    other = client_for(cast["owner"])
    assert other.get(reverse("relations:people_import_review", args=[token])).status_code == 404
    assert other.get(reverse("relations:people_import_errors", args=[token])).status_code == 404
    response = other.post(
        reverse("relations:people_import_review", args=[token]), {"action": "confirm"}
    )
    assert response.status_code == 404
    assert not Person.objects.exists()


def test_a_file_with_only_errors_cannot_be_confirmed(cast):
    client = client_for(cast["officer"])
    upload(client, "姓名,國家\r\nA,Atlantis\r\n")
    url = reverse("relations:people_import_review", args=[staged_token(client)])
    assert " disabled>" in client.get(url).content.decode()
    response = client.post(url, {"action": "confirm"})
    assert response.status_code == 422
    assert "沒有可以匯入的資料：請修正錯誤後重新上傳。" in response.content.decode()
    assert not Person.objects.exists()


def test_a_staged_import_waits_in_a_table_not_in_the_session(cast):
    client = client_for(cast["officer"])
    upload(client, CSV)
    assert "relations.contact_imports" not in client.session
    staged = PendingContactImport.objects.get()
    assert (staged.user, staged.content["filename"]) == (cast["officer"], "contacts.csv")
    # Another user cannot open it.
    other = client_for(cast["admin"])
    url = reverse("relations:people_import_review", args=[staged.token])
    assert other.get(url).status_code == 404


def test_only_the_newest_three_imports_of_a_user_are_kept(cast):
    client = client_for(cast["officer"])
    for number in range(5):
        upload(client, f"姓名\r\n某人{number}\r\n", name=f"{number}.csv")
    assert sorted(
        c["filename"] for c in PendingContactImport.objects.values_list("content", flat=True)
    ) == [
        "2.csv",
        "3.csv",
        "4.csv",
    ]


def test_contacts_too_large_to_keep_are_refused_with_a_message(cast, monkeypatch):
    monkeypatch.setattr("envoy.relations.views.interop.MAX_STAGED_BYTES", 200)
    client = client_for(cast["officer"])
    response = upload(client, CSV)
    assert response.status_code == 422
    assert "聯絡人資料太多（超過 0 MB），請分成幾個檔案匯入。" in response.content.decode()
    assert not PendingContactImport.objects.exists()
