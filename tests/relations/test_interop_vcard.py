"""vCard 3.0 and 4.0 in and out: the mapping, hand-written cards from address books, the
round trip, and files that are not what they claim."""

import codecs

import pytest

from envoy.relations import services
from envoy.relations.interop import UnreadableFile
from envoy.relations.interop.contacts import Outcome, import_contacts, plan_import
from envoy.relations.interop.vcard import people_to_vcards, person_to_vcard, read_vcards
from envoy.relations.models import City, Organisation, Person, Position

pytestmark = pytest.mark.django_db

CARD_FIELDS = (
    "name",
    "name_latin",
    "name_zh",
    "title",
    "title_en",
    "organisation",
    "city",
    "country",
    "email",
    "phone",
    "mobile",
    "address",
    "website",
    "notes",
)


def crlf(text: str) -> bytes:
    return text.strip().replace("\n", "\r\n").encode("utf-8") + b"\r\n"


def fields(contact) -> dict:
    return {name: getattr(contact, name) for name in CARD_FIELDS}


def person_fields(person: Person) -> dict:
    return {
        **{name: getattr(person, name) for name in services.PERSON_FIELDS if name != "city"},
        "city": (person.city.name, person.city.country) if person.city else None,
        "positions": [
            (p.title, p.title_en, p.organisation.name if p.organisation else "")
            for p in person.positions.all()
        ],
    }


@pytest.fixture
def koike(cast):
    officer = cast["officer"]
    tokyo = services.get_or_create_city(user=officer, name="東京", country="JP")
    person = services.create_person(
        user=officer,
        data={
            "name": "小池百合子",
            "name_latin": "Yuriko Koike",
            "country": "JP",
            "city": tokyo,
            "email": "koike@metro.tokyo.lg.jp",
            "phone": "+81-3-5321-1111",
            "mobile": "+81 90 1234 5678",
            "address": "2-8-1 Nishi-Shinjuku, Shinjuku-ku",
            "website": "https://www.metro.tokyo.lg.jp/",
            "notes": "G-NETS 首長會議主席。\n喜歡談防災; 也談綠能, 氫能。",
        },
    )
    services.add_position(
        user=officer,
        person=person,
        data={
            "title": "知事",
            "title_en": "Governor",
            "organisation": services.get_or_create_organisation(user=officer, name="東京都"),
        },
    )
    return person


@pytest.fixture
def dinesh(cast):
    person = services.create_person(
        user=cast["officer"],
        data={"name": "Dinesh Vasu Dash", "name_zh": "迪內希", "country": "GB"},
    )
    services.add_position(
        user=cast["officer"],
        person=person,
        data={
            "title": "執行長",
            "title_en": "Chief Executive",
            "organisation": services.get_or_create_organisation(
                user=cast["officer"], name="WaterAid"
            ),
        },
    )
    return person


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_people_exported_and_imported_into_an_empty_directory_have_the_same_fields(
    cast, koike, dinesh, version
):
    people = Person.objects.prefetch_related("positions__organisation")
    before = [person_fields(p) for p in people]
    cards = people_to_vcards(people, version=version).encode("utf-8")
    Person.objects.all().delete()
    Organisation.objects.all().delete()
    City.objects.all().delete()

    contacts, encoding = read_vcards(cards)
    result = import_contacts(user=cast["officer"], contacts=contacts)

    assert (len(result.created), len(result.updated), result.errors) == (2, 0, [])
    assert [person_fields(p) for p in Person.objects.all()] == before
    assert encoding == "utf-8"


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_importing_a_person_s_own_card_again_changes_nothing(cast, koike, version):
    contacts, _encoding = read_vcards(person_to_vcard(koike, version=version).encode())
    [planned] = plan_import(contacts, user=cast["officer"])
    assert (planned.outcome, planned.person, planned.changes) == (Outcome.UNCHANGED, koike, [])


def test_a_vcard_3_has_the_native_name_in_fn_and_n_and_the_others_in_envoy_properties(koike):
    assert person_to_vcard(koike, version="3.0").split("\r\n") == [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//Envoy//Relations//EN",
        "ADR;TYPE=WORK:;;2-8-1 Nishi-Shinjuku\\, Shinjuku-ku;東京;;;日本",
        "EMAIL;TYPE=INTERNET,WORK:koike@metro.tokyo.lg.jp",
        "FN:小池百合子",
        "N:小池百合子;;;;",
        "NOTE:G-NETS 首長會議主席。\\n喜歡談防災\\; 也談綠能\\, 氫能。",
        "ORG:東京都",
        "TEL;TYPE=WORK,VOICE:+81-3-5321-1111",
        "TEL;TYPE=CELL:+81 90 1234 5678",
        "TITLE:知事",
        "URL:https://www.metro.tokyo.lg.jp/",
        "X-ENVOY-NAME-LATIN:Yuriko Koike",
        "X-ENVOY-TITLE-EN:Governor",
        "END:VCARD",
        "",
    ]


def test_a_vcard_4_gives_alternative_names_and_titles_by_altid_and_language(cast):
    officer = cast["officer"]
    person = services.create_person(
        user=officer, data={"name": "Dinesh Vasu Dash", "name_zh": "迪內希"}
    )
    services.add_position(user=officer, person=person, data={"title": "WaterAid 執行長"})
    assert person_to_vcard(person, version="4.0").split("\r\n") == [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "PRODID:-//Envoy//Relations//EN",
        "FN;ALTID=1:Dinesh Vasu Dash",
        "FN;ALTID=1;LANGUAGE=zh-Hant:迪內希",
        "N:Dinesh Vasu Dash;;;;",
        "TITLE:WaterAid 執行長",
        "END:VCARD",
        "",
    ]


def test_a_card_for_someone_who_may_not_see_contact_details_keeps_names_title_and_city(koike):
    card = person_to_vcard(koike, version="4.0", private=False)
    assert card.split("\r\n") == [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "PRODID:-//Envoy//Relations//EN",
        "ADR;TYPE=work:;;;東京;;;日本",
        "FN;ALTID=1:小池百合子",
        "FN;ALTID=1;LANGUAGE=und-Latn:Yuriko Koike",
        "N:小池百合子;;;;",
        "ORG:東京都",
        "TITLE;ALTID=2:知事",
        "TITLE;ALTID=2;LANGUAGE=en:Governor",
        "END:VCARD",
        "",
    ]


def test_a_past_position_is_not_written_on_the_card(cast):
    import datetime as dt

    person = services.create_person(user=cast["officer"], data={"name": "Kertu Vuks"})
    services.add_position(
        user=cast["officer"],
        person=person,
        data={"title": "Adviser", "end_date": dt.date(2020, 1, 1)},
    )
    assert "TITLE" not in person_to_vcard(person)


def test_a_vcard_3_written_by_an_address_book_is_read_field_by_field():
    card = crlf(r"""
BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//iPhone OS 17.4//EN
N:Sprindžuks;Māris;;;
FN:Māris Sprindžuks
ORG:Riga City Council;Mayor's Office
TITLE:Deputy Mayor
item1.EMAIL;type=INTERNET;type=HOME:maris@example.lv
item2.EMAIL;type=INTERNET;type=WORK;type=pref:maris.sprindzuks@riga.lv
TEL;type=FAX;type=WORK:+371 6701 2000
TEL;type=WORK;type=VOICE:+371 6701 2345
TEL;type=CELL;type=VOICE:+371 2000 0000
item3.ADR;type=WORK:;;Rātslaukums 1;Rīga;;LV-1539;Latvia
item4.URL:www.riga.lv
NOTE:Met at the G-NETS summit.\nInterested in flood parks\, sewers.
PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkS
 Ew8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgN
END:VCARD
""")
    [contact], _encoding = read_vcards(card)
    assert fields(contact) == {
        "name": "Māris Sprindžuks",
        "name_latin": "",
        "name_zh": "",
        "title": "Deputy Mayor",
        "title_en": "",
        "organisation": "Riga City Council",
        "city": "Rīga",
        "country": "LV",
        "email": "maris.sprindzuks@riga.lv",
        "phone": "+371 6701 2345",
        "mobile": "+371 2000 0000",
        "address": "Rātslaukums 1, LV-1539",
        "website": "https://www.riga.lv",
        "notes": "Met at the G-NETS summit.\nInterested in flood parks, sewers.",
    }
    assert (contact.problems, contact.notices) == ([], [])


def test_a_vcard_4_with_names_in_several_languages_and_tel_uris_is_read():
    card = crlf("""
BEGIN:VCARD
VERSION:4.0
FN;ALTID=1;LANGUAGE=ja:小池百合子
FN;ALTID=1;LANGUAGE=en:Yuriko Koike
FN;ALTID=1;LANGUAGE=zh-Hant:小池百合子
N;ALTID=1;LANGUAGE=ja:小池;百合子;;;
TITLE;ALTID=2;LANGUAGE=ja:知事
TITLE;ALTID=2;LANGUAGE=en:Governor
ORG:東京都
TEL;VALUE=uri;TYPE="voice,work":tel:+81-3-5321-1111
TEL;VALUE=uri;TYPE=cell:tel:+81-90-1234-5678
EMAIL;PREF=1:koike@metro.tokyo.lg.jp
ADR;TYPE=work;LABEL="2-8-1 Nishi-Shinjuku":;;2-8-1 Nishi-Shinjuku;東京;;163-8001;JP
END:VCARD
""")
    [contact], _encoding = read_vcards(card)
    assert fields(contact) == {
        "name": "小池百合子",
        "name_latin": "Yuriko Koike",
        "name_zh": "小池百合子",
        "title": "知事",
        "title_en": "Governor",
        "organisation": "東京都",
        "city": "東京",
        "country": "JP",
        "email": "koike@metro.tokyo.lg.jp",
        "phone": "+81-3-5321-1111",
        "mobile": "+81-90-1234-5678",
        "address": "2-8-1 Nishi-Shinjuku, 163-8001",
        "website": "",
        "notes": "",
    }


def test_a_card_without_fn_takes_its_name_from_n_in_the_order_of_its_script():
    cards = crlf("""
BEGIN:VCARD
VERSION:3.0
N:侯;友宜;;;
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Lo Russo;Stefano;;Dott.;
END:VCARD
""")
    contacts, _encoding = read_vcards(cards)
    assert [c.name for c in contacts] == ["侯友宜", "Dott. Stefano Lo Russo"]
    assert [c.row for c in contacts] == [1, 2]


def test_an_android_vcard_2_1_with_quoted_printable_values_is_read():
    card = (
        "BEGIN:VCARD\r\n"
        "VERSION:2.1\r\n"
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E6=9E=97;=E5=B0=8F=E7=BE=8E;;;\r\n"
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E6=9E=97=E5=B0=8F=E7=BE=8E\r\n"
        "TEL;CELL:0912-345-678\r\n"
        "TEL;WORK:02-2960-3456\r\n"
        "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E7=AC=AC=E4=B8=80=E8=A1=8C, =E9=80=97=\r\n"
        "=E8=99=9F=0D=0A=E7=AC=AC=E4=BA=8C=E8=A1=8C\r\n"
        "PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\r\n"
        "  Ew8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL\r\n"
        "\r\n"
        "END:VCARD\r\n"
    ).encode("ascii")
    [contact], _encoding = read_vcards(card)
    assert (contact.name, contact.mobile, contact.phone, contact.notes) == (
        "林小美",
        "0912-345-678",
        "02-2960-3456",
        "第一行, 逗號\n第二行",
    )


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8-sig"),
        (lambda text: text.encode("cp950"), "cp950"),
    ],
)
def test_a_vcard_in_big5_or_with_a_utf8_bom_is_read(encode, encoding):
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:侯友宜\r\nTITLE:市長\r\nORG:新北市政府\r\nEND:VCARD\r\n"
    )
    [contact], found = read_vcards(encode(text))
    assert (contact.name, contact.title, contact.organisation, found) == (
        "侯友宜",
        "市長",
        "新北市政府",
        encoding,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "\u6a94\u6848\u662f\u7a7a\u7684\u3002"),
        ("姓名,email\n侯友宜,a@b.tw\n".encode(), "這不是 vCard 檔（.vcf）：找不到 BEGIN:VCARD。"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR BEGIN:VCARD",
            "這不是文字檔（含有二進位資料），無法匯入。",
        ),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\n", "vCard 檔不完整：有名片缺少結尾的 END:VCARD。"),
        (
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nthis is not a property\r\nEND:VCARD\r\n",
            "第 4 行無法解讀，這不是有效的 vCard 檔。",
        ),
        (
            b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nBEGIN:VCARD",
            "vCard 檔不完整：有名片缺少結尾的 END:VCARD。",
        ),
        (
            b"BEGIN:VCALENDAR\r\nX-NOTE:BEGIN:VCARD\r\nEND:VCALENDAR\r\n",
            "檔案中沒有任何 vCard 名片。",
        ),
    ],
)
def test_a_file_that_is_not_a_readable_vcard_is_refused_with_a_message(data, message):
    with pytest.raises(UnreadableFile) as refused:
        read_vcards(data)
    assert refused.value.message == message


def test_a_file_with_more_cards_than_allowed_is_refused(monkeypatch):
    monkeypatch.setattr("envoy.relations.interop.contacts.MAX_CONTACTS", 2)
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\n"
    with pytest.raises(UnreadableFile) as refused:
        read_vcards((card * 3).encode())
    assert refused.value.message == "檔案有 3 筆聯絡人，一次最多匯入 2 筆：請分成幾個檔案。"


def test_a_card_that_cannot_be_imported_says_why_and_the_others_are_imported(cast):
    cards = crlf("""
BEGIN:VCARD
VERSION:3.0
FN:Kertu Vuks
EMAIL:kertu@tallinn.ee
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:
EMAIL:nobody-at-example
ADR:;;;Atlantis;;;Atlantis
END:VCARD
""")
    contacts, _encoding = read_vcards(cards)
    result = import_contacts(user=cast["officer"], contacts=contacts)
    assert [p.name for p in result.created] == ["Kertu Vuks"]
    assert [(row.contact.row, row.errors) for row in result.errors] == [
        (
            2,
            [
                "缺少姓名。",
                "電子郵件「nobody-at-example」格式不正確。",
                "不認得國家「Atlantis」：請填國名或兩碼國家代碼（如 JP）。",
            ],
        )
    ]
    assert list(Person.objects.values_list("name", "email")) == [("Kertu Vuks", "kertu@tallinn.ee")]
    assert not Position.objects.exists()
