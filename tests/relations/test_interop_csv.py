"""People as CSV: headers in either language, row-by-row errors, encodings Excel writes,
updates of people already recorded, and the export Excel opens."""

import codecs

import pytest
from django.utils import translation

from envoy.core.models import AuditEntry
from envoy.relations import services
from envoy.relations.interop import UnreadableFile
from envoy.relations.interop.contacts import (
    Change,
    Contact,
    Outcome,
    check_contact,
    import_contacts,
    plan_import,
)
from envoy.relations.interop.csvfile import errors_csv, people_csv, read_csv
from envoy.relations.models import City, Organisation, Person, Position

pytestmark = pytest.mark.django_db

CHINESE = (
    "姓名,英文姓名,中文譯名,職稱,組織,城市,國家,電子郵件,電話,手機,地址,網站,備註\r\n"
    "侯友宜,Hou Yu-ih,,市長,新北市政府,新北,臺灣,mayor@ntpc.gov.tw,02-2960-3456,,"
    "板橋區中山路一段161號,www.ntpc.gov.tw,\r\n"
    'Stefano Lo Russo,,史蒂芬諾,Sindaco,Città di Torino,Torino,IT,,,,,,"杜林市長\n'
    '2026 年於東京會面"\r\n'
)
ENGLISH = (
    "Name,Name_Latin,name zh,Title,Organisation,City,Country,E-mail,Phone,Mobile,Address,"
    "Website,Notes\r\n"
    "侯友宜,Hou Yu-ih,,市長,新北市政府,新北,臺灣,mayor@ntpc.gov.tw,02-2960-3456,,"
    "板橋區中山路一段161號,www.ntpc.gov.tw,\r\n"
    'Stefano Lo Russo,,史蒂芬諾,Sindaco,Città di Torino,Torino,IT,,,,,,"杜林市長\n'
    '2026 年於東京會面"\r\n'
)


def summary(contact: Contact) -> tuple:
    return (
        contact.row,
        contact.name,
        contact.name_latin,
        contact.name_zh,
        contact.title,
        contact.organisation,
        contact.city,
        contact.country,
        contact.email,
        contact.phone,
        contact.address,
        contact.website,
        contact.notes,
    )


EXPECTED = [
    (
        2,
        "侯友宜",
        "Hou Yu-ih",
        "",
        "市長",
        "新北市政府",
        "新北",
        "TW",
        "mayor@ntpc.gov.tw",
        "02-2960-3456",
        "板橋區中山路一段161號",
        "https://www.ntpc.gov.tw",
        "",
    ),
    (
        3,
        "Stefano Lo Russo",
        "",
        "史蒂芬諾",
        "Sindaco",
        "Città di Torino",
        "Torino",
        "IT",
        "",
        "",
        "",
        "",
        "杜林市長\n2026 年於東京會面",
    ),
]


@pytest.mark.parametrize("text", [CHINESE, ENGLISH], ids=["chinese", "english"])
def test_chinese_and_english_headers_read_the_same_contacts(text):
    parsed = read_csv(text.encode("utf-8"))
    assert [summary(c) for c in parsed.contacts] == EXPECTED
    assert (parsed.encoding, parsed.ignored) == ("utf-8", [])


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8-sig"),
        (lambda text: text.encode("cp950"), "cp950"),
    ],
    ids=["utf8-bom", "big5"],
)
def test_excel_files_in_utf8_with_bom_or_big5_are_read(encode, encoding):
    text = CHINESE.replace("Città", "Citta")  # CP950 has no à.
    parsed = read_csv(encode(text))
    assert [c.name for c in parsed.contacts] == ["侯友宜", "Stefano Lo Russo"]
    assert [c.organisation for c in parsed.contacts] == ["新北市政府", "Citta di Torino"]
    assert parsed.encoding == encoding


def test_columns_in_any_order_with_unknown_ones_listed_and_empty_rows_skipped():
    text = "備註,部門,name,Country\r\n,,,\r\n需回信,秘書處,Kertu Vuks,Estonia\r\n"
    parsed = read_csv(text.encode())
    assert [(c.row, c.name, c.country, c.notes) for c in parsed.contacts] == [
        (3, "Kertu Vuks", "EE", "需回信")
    ]
    assert parsed.ignored == ["部門"]


def test_a_tab_separated_file_is_read():
    parsed = read_csv("姓名\t國家\r\n松本明子\tJapan\r\n".encode())
    assert [(c.name, c.country) for c in parsed.contacts] == [("松本明子", "JP")]


def test_each_row_that_cannot_be_imported_says_why_with_its_row_number(cast):
    text = (
        "姓名,電子郵件,國家,網站,職稱\r\n"
        ",nobody@example.org,,,\r\n"
        "Kertu Vuks,kertu(at)tallinn.ee,,,\r\n"
        "Riga Person,,Ruritania,,\r\n"
        "Web Person,,,not a web address,\r\n"
        f"Long Title,,,,{'長' * 201}\r\n"
        "Fine Person,fine@example.org,lv,,\r\n"
    )
    contacts = read_csv(text.encode()).contacts
    plan = plan_import(contacts, user=cast["officer"])
    assert [(row.contact.row, row.outcome, row.errors) for row in plan] == [
        (2, Outcome.ERROR, ["缺少姓名。"]),
        (3, Outcome.ERROR, ["電子郵件「kertu(at)tallinn.ee」格式不正確。"]),
        (4, Outcome.ERROR, ["不認得國家「Ruritania」：請填國名或兩碼國家代碼（如 JP）。"]),
        (5, Outcome.ERROR, ["網站「not a web address」不是有效的網址。"]),
        (6, Outcome.ERROR, ["「職稱」超過 200 個字。"]),
        (7, Outcome.CREATE, []),
    ]


def test_a_name_may_come_from_the_latin_or_chinese_column_when_the_name_column_is_empty():
    text = "姓名,英文姓名,中文譯名\r\n,Yuriko Koike,\r\n,,迪內希\r\n"
    assert [c.name for c in read_csv(text.encode()).contacts] == ["Yuriko Koike", "迪內希"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "組織,城市\r\n東京都,東京\r\n".encode(),
            "找不到姓名欄：第一列必須是欄位名稱，例如「姓名」或「name」。",
        ),
        ("姓名\r\n".encode(), "檔案中沒有任何聯絡人資料。"),
        (
            '姓名,備註\r\nA,"never closed\r\n'.encode() + b"\x00",
            "這不是文字檔（含有二進位資料），無法匯入。",
        ),
        (
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
            "這不是文字檔（含有二進位資料），無法匯入。",
        ),
        (b"   \r\n", "檔案是空的。"),
    ],
    ids=["no-name-column", "header-only", "binary-inside", "xlsx", "blank"],
)
def test_a_file_that_is_not_a_readable_csv_is_refused_with_a_message(data, message):
    with pytest.raises(UnreadableFile) as refused:
        read_csv(data)
    assert refused.value.message == message


def test_a_file_with_more_rows_than_allowed_is_refused(monkeypatch):
    monkeypatch.setattr("envoy.relations.interop.contacts.MAX_CONTACTS", 2)
    with pytest.raises(UnreadableFile) as refused:
        read_csv("姓名\r\nA\r\nB\r\nC\r\n".encode())
    assert refused.value.message == "檔案有 3 筆聯絡人，一次最多匯入 2 筆：請分成幾個檔案。"


# ----- planning and importing -----


@pytest.fixture
def maris(cast):
    officer = cast["officer"]
    riga = services.get_or_create_city(user=officer, name="Rīga", country="LV")
    person = services.create_person(
        user=officer,
        data={
            "name": "Māris Sprindžuks",
            "country": "LV",
            "city": riga,
            "email": "old@riga.lv",
            "phone": "+371 6701 2345",
            "notes": "2025 年於里加會面。",
        },
    )
    services.add_position(
        user=officer,
        person=person,
        data={
            "title": "副市長",
            "organisation": services.get_or_create_organisation(
                user=officer, name="Riga City Council"
            ),
        },
    )
    return person


def test_a_row_matching_a_recorded_person_updates_them_without_erasing_what_it_leaves_empty(
    cast, maris
):
    text = (
        "name,name_latin,title,organisation,email,phone,mobile,notes\r\n"
        "Maris Sprindzuks,Maris Sprindzuks,Deputy Mayor,Rīgas dome,new@riga.lv,,+371 2000 0000,"
        "對防災公園有興趣。\r\n"
    )
    [planned] = plan_import(read_csv(text.encode()).contacts, user=cast["officer"])
    assert (planned.outcome, planned.person, planned.new_position, planned.new_organisation) == (
        Outcome.UPDATE,
        maris,
        True,
        True,
    )
    assert planned.changes == [
        Change("email", "old@riga.lv", "new@riga.lv"),
        Change("mobile", "", "+371 2000 0000"),
        Change("notes", "2025 年於里加會面。", "2025 年於里加會面。\n\n對防災公園有興趣。"),
    ]

    result = import_contacts(user=cast["officer"], contacts=[planned.contact])

    maris.refresh_from_db()
    assert (result.created, result.updated) == ([], [maris])
    assert (maris.email, maris.phone, maris.mobile, maris.name_latin, maris.version) == (
        "new@riga.lv",
        "+371 6701 2345",
        "+371 2000 0000",
        "",
        2,
    )
    assert maris.notes == "2025 年於里加會面。\n\n對防災公園有興趣。"
    assert [(p.title, p.organisation.name) for p in maris.positions.order_by("id")] == [
        ("副市長", "Riga City Council"),
        ("Deputy Mayor", "Rīgas dome"),
    ]
    assert maris.history.first().history_user == cast["officer"]


def test_a_row_is_matched_to_the_person_find_person_finds(cast, maris):
    services.create_person(user=cast["officer"], data={"name": "Maris Other"})
    contact = check_contact({"name": "Sprindzuks Maris"}, row=2)
    [planned] = plan_import([contact], user=cast["officer"])
    assert planned.person == services.find_person("Sprindzuks Maris") == maris


def test_cities_and_organisations_are_matched_as_the_services_match_them(cast):
    officer = cast["officer"]
    taipei = services.get_or_create_city(user=officer, name="臺北", country="TW", name_en="Taipei")
    services.get_or_create_city(user=officer, name="Springfield", country="US")
    springfield_uk = services.get_or_create_city(user=officer, name="Springfield", country="GB")
    metro = services.get_or_create_organisation(
        user=officer, name="東京都", name_en="Tokyo Metropolitan Government", abbreviation="TMG"
    )
    asked = [
        ("台北", "", "tmg"),
        ("TAIPEI", "TW", "Tokyo Metropolitan Government"),
        ("Springfield", "GB", "东京都"),
        ("Springfield", "", "Tokyo"),
    ]
    contacts = [
        check_contact({"name": f"P{n}", "city": c, "country": k, "organisation": o}, row=n)
        for n, (c, k, o) in enumerate(asked, start=2)
    ]
    plan = plan_import(contacts, user=cast["officer"])
    assert [(row.city, row.organisation) for row in plan] == [
        (services.find_city(c, k), services.find_organisation(o)) for c, k, o in asked
    ]
    assert [(row.city, row.organisation) for row in plan][:3] == [
        (taipei, metro),
        (taipei, metro),
        (springfield_uk, metro),
    ]


def test_other_names_fill_blanks_but_never_replace_a_recorded_name_or_repeat_one(cast):
    services.create_person(
        user=cast["officer"], data={"name": "迪內希", "name_latin": "Dinesh Vasu Dash"}
    )
    fills = check_contact(
        {"name": "Dinesh Vasu Dash", "name_latin": "Dinesh Dash", "name_zh": "迪內希·達什"}, row=2
    )
    repeats = check_contact({"name": "Dinesh Vasu Dash", "name_zh": "迪内希"}, row=2)
    assert [row.changes for row in plan_import([fills], user=cast["officer"])] == [
        [Change("name_zh", "", "迪內希·達什")]
    ]
    assert [row.changes for row in plan_import([repeats], user=cast["officer"])] == [[]]


def test_a_row_with_what_is_recorded_already_changes_nothing(cast, maris):
    contact = check_contact(
        {
            "name": "Māris Sprindžuks",
            "title": "副市長",
            "organisation": "Riga City Council",
            "city": "Riga",
            "country": "LV",
            "email": "old@riga.lv",
            "notes": "2025 年於里加會面。",
        },
        row=2,
    )
    [planned] = plan_import([contact], user=cast["officer"])
    assert (planned.outcome, planned.changes, planned.new_position) == (
        Outcome.UNCHANGED,
        [],
        False,
    )
    result = import_contacts(user=cast["officer"], contacts=[contact])
    assert (result.created, result.updated, result.unchanged) == ([], [], 1)
    assert AuditEntry.objects.filter(action="person.updated").count() == 0


def test_the_same_person_twice_in_one_file_is_imported_once(cast, maris):
    text = (
        "姓名,英文姓名,電子郵件\r\n"
        "小池百合子,Yuriko Koike,a@tokyo.jp\r\n"
        "Yuriko Koike,,b@tokyo.jp\r\n"
        "Maris Sprindzuks,,m1@riga.lv\r\n"
        "Māris Sprindžuks,,m2@riga.lv\r\n"
    )
    plan = plan_import(read_csv(text.encode()).contacts, user=cast["officer"])
    assert [(row.contact.row, row.outcome, row.errors) for row in plan] == [
        (2, Outcome.CREATE, []),
        (3, Outcome.ERROR, ["與第 2 筆是同一人，已略過。"]),
        (4, Outcome.UPDATE, []),
        (5, Outcome.ERROR, ["與第 4 筆是同一人，已略過。"]),
    ]


def test_importing_creates_people_with_their_city_organisation_and_position_each_audited(cast):
    parsed = read_csv(CHINESE.encode())
    result = import_contacts(user=cast["owner"], contacts=parsed.contacts)

    assert [p.name for p in result.created] == ["侯友宜", "Stefano Lo Russo"]
    hou = Person.objects.get(name="侯友宜")
    assert (hou.city.name, hou.city.country, hou.country, hou.website) == (
        "新北",
        "TW",
        "TW",
        "https://www.ntpc.gov.tw",
    )
    assert list(Position.objects.values_list("person__name", "title", "organisation__name")) == [
        ("Stefano Lo Russo", "Sindaco", "Città di Torino"),
        ("侯友宜", "市長", "新北市政府"),
    ]
    assert sorted(AuditEntry.objects.values_list("action", flat=True)) == sorted(
        ["city.created", "person.created", "organisation.created", "position.created"] * 2
    )
    assert {e.user for e in AuditEntry.objects.all()} == {cast["owner"]}


def test_a_refused_row_leaves_nothing_of_the_rows_before_it(cast):
    good = check_contact({"name": "Kertu Vuks", "city": "Tallinn", "country": "EE"}, row=2)
    # A contact that slipped past the checks: the service refuses it at the end.
    bad = Contact(row=3, name="Broken", email="not an address")
    with pytest.raises(UnreadableFile) as refused:
        import_contacts(user=cast["officer"], contacts=[good, bad])
    assert refused.value.message == "第 3 筆無法匯入，沒有寫入任何資料：請輸入有效的電子郵件地址。"
    assert (Person.objects.count(), City.objects.count(), AuditEntry.objects.count()) == (0, 0, 0)


# ----- export -----


@pytest.fixture
def exported(cast, maris):
    services.create_person(
        user=cast["officer"],
        data={"name": '=HYPERLINK("http://evil")', "phone": "+886 2 2960 3456"},
    )
    return Person.objects.select_related("city").prefetch_related("positions__organisation")


def test_the_export_opens_in_excel_with_every_column_for_staff(exported):
    data = people_csv(exported, private=True)
    assert data.startswith(codecs.BOM_UTF8)
    assert data.decode("utf-8-sig").split("\r\n") == [
        "姓名,英文姓名,中文譯名,職稱,組織,城市,國家,電子郵件,電話,手機,地址,網站,備註",
        '"\'=HYPERLINK(""http://evil"")",,,,,,,,\'+886 2 2960 3456,,,,',
        "Māris Sprindžuks,,,副市長,Riga City Council,Rīga,拉脫維亞,old@riga.lv,"
        "'+371 6701 2345,,,,2025 年於里加會面。",
        "",
    ]


def test_the_export_without_private_columns_has_names_positions_and_places_only(exported):
    with translation.override("en"):
        data = people_csv(exported, private=False, language="en")
    assert data.decode("utf-8-sig").split("\r\n") == [
        "name,name_latin,name_zh,title,organisation,city,country",
        '"\'=HYPERLINK(""http://evil"")",,,,,,',
        "Māris Sprindžuks,,,副市長,Riga City Council,Rīga,Latvia",
        "",
    ]


def test_people_exported_as_csv_and_imported_into_an_empty_directory_are_the_same(cast, exported):
    def snapshot():
        return [
            (
                *(getattr(p, name) for name in services.PERSON_FIELDS if name != "city"),
                p.city.name if p.city else "",
                [(pos.title, pos.organisation.name) for pos in p.positions.all()],
            )
            for p in Person.objects.select_related("city").prefetch_related(
                "positions__organisation"
            )
        ]

    before = snapshot()
    data = people_csv(exported, private=True)
    Person.objects.all().delete()
    Organisation.objects.all().delete()
    City.objects.all().delete()

    result = import_contacts(user=cast["officer"], contacts=read_csv(data).contacts)

    assert (len(result.created), result.errors) == (2, [])
    assert snapshot() == before


def test_the_rows_that_could_not_be_imported_download_as_uploaded_with_the_reason(cast):
    text = "姓名,電子郵件,部門\r\nKertu Vuks,kertu(at)tallinn.ee,市長室\r\n好人,ok@example.org,\r\n"
    parsed = read_csv(text.encode())
    errors = [
        row
        for row in plan_import(parsed.contacts, user=cast["officer"])
        if row.outcome == Outcome.ERROR
    ]
    data = errors_csv(errors, header=parsed.header)
    assert data.decode("utf-8-sig").split("\r\n") == [
        "原列號,姓名,電子郵件,部門,錯誤原因",
        "2,Kertu Vuks,kertu(at)tallinn.ee,市長室,電子郵件「kertu(at)tallinn.ee」格式不正確。",
        "",
    ]
