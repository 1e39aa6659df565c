"""The events pages: events and their sessions, the city's presentations and their slides,
site visits and their lessons — who may open them, what each role sees, what is saved and
what bad input answers."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from envoy.core.models import AuditEntry
from envoy.relations import services
from envoy.relations.models import Event, Interaction, Presentation, Session, SiteVisit
from tests.conftest import client_for

from .test_pages import (
    ROLES,
    WRITERS,
    add_meetings,
    build_world,
    count_queries,
    mission,
    outcome,
    texts,
    values,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODP_TYPE = "application/vnd.oasis.opendocument.presentation"
SUMMIT_TITLE = "赴日本東京出席 2026 G-NETS 首長高峰會"


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def content_types(main: str) -> bytes:
    return (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'content-types"><Override PartName="/x.xml" ContentType="{main}.main+xml"/></Types>'
    ).encode()


PPTX = zipped({"[Content_Types].xml": content_types(PPTX_TYPE), "ppt/presentation.xml": b"<p/>"})
ODP = zipped({"mimetype": ODP_TYPE.encode(), "content.xml": b"<office:document-content/>"})
DOCX = zipped(
    {
        "[Content_Types].xml": content_types(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
    }
)


@pytest.fixture
def world(cast, bureaus):
    """The relations pages' world (see test_pages.build_world) and, at the 2026 summit:
    its opening (115/4/27) and the parallel forum where the city spoke (115/4/28), an
    undated dinner, a talk given on no mission, and a meeting with Koike at the forum."""
    world = build_world(cast, bureaus)
    officer, event = cast["officer"], world["event"]
    opening = services.save_session(
        user=officer,
        session=Session(),
        data={"event": event, "title": "開幕式", "date": dt.date(2026, 4, 27)},
    )
    forum = services.save_session(
        user=officer,
        session=Session(),
        data={"event": event, "title": "平行論壇", "date": dt.date(2026, 4, 28)},
    )
    dinner = services.save_session(
        user=officer, session=Session(), data={"event": event, "title": "歡迎晚宴"}
    )
    speech = world["speech"]
    speech.session = forum
    speech.save()
    talk = services.save_presentation(
        user=officer,
        presentation=Presentation(),
        data={"title": "新北市的韌性城市經驗", "event": event, "date": dt.date(2026, 4, 27)},
    )
    at_forum = world["at_summit"]
    at_forum.event, at_forum.session = event, forum
    at_forum.save()
    return world | {"opening": opening, "forum": forum, "dinner": dinner, "talk": talk}


def pages(world) -> dict[str, str]:
    """The pages every signed-in role reads."""
    return {
        "events": reverse("relations:events"),
        "event": reverse("relations:event", args=[world["event"].pk]),
        "presentation": reverse("relations:presentation", args=[world["speech"].pk]),
        "site_visits": reverse("relations:site_visits"),
    }


def forms(world) -> dict[str, str]:
    """The forms every writer opens (none of them names a mission of the secretariat)."""
    event = world["event"]
    return {
        "event_create": reverse("relations:event_create"),
        "event_edit": reverse("relations:event_edit", args=[event.pk]),
        "session_edit": reverse("relations:session_edit", args=[event.pk, world["opening"].pk]),
        "presentation_create": reverse("relations:presentation_create"),
        "presentation_edit": reverse("relations:presentation_edit", args=[world["talk"].pk]),
        "site_visit_create": reverse("relations:site_visit_create"),
    }


def errors(response) -> dict:
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


def stored_files(media_root) -> list[str]:
    if not media_root.exists():
        return []
    return sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file())


# ----- Who may open what -----


def test_an_anonymous_visitor_is_sent_to_sign_in_from_every_page_form_and_download(world):
    speech = world["speech"]
    speech.slides = SimpleUploadedFile("綠動新北.pdf", PDF)
    speech.save()
    urls = {
        **pages(world),
        **forms(world),
        "site_visit": reverse("relations:site_visit", args=[world["visit"].pk]),
        "site_visit_edit": reverse("relations:site_visit_edit", args=[world["visit"].pk]),
        "slides": reverse("relations:presentation_slides", args=[speech.pk]),
        "sessions": reverse("relations:presentation_sessions") + f"?event={world['event'].pk}",
    }
    client = client_for(None)
    assert {name: outcome(client.get(url)) for name, url in urls.items()} == {
        name: "sign-in" for name in urls
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_role_reads_every_page(world, cast, role):
    client = client_for(cast[role])
    assert {name: client.get(url).status_code for name, url in pages(world).items()} == {
        name: 200 for name in pages(world)
    }


@pytest.mark.parametrize("role", ROLES)
def test_only_writers_open_the_forms(world, cast, role):
    client = client_for(cast[role])
    expected = 200 if role in WRITERS else 403
    assert {name: client.get(url).status_code for name, url in forms(world).items()} == {
        name: expected for name in forms(world)
    }


@pytest.mark.parametrize("role", ["reviewer", "viewer"])
def test_readers_cannot_record_or_change_anything(world, cast, role):
    event, opening = world["event"], world["opening"]
    client = client_for(cast[role])
    posts = {
        "event_create": (reverse("relations:event_create"), {"name": "ICLEI 世界大會"}),
        "event_edit": (reverse("relations:event_edit", args=[event.pk]), {"name": "改名"}),
        "session_add": (
            reverse("relations:session_add", args=[event.pk]),
            {"session-new-title": "閉幕式"},
        ),
        "session_remove": (
            reverse("relations:session_remove", args=[event.pk, opening.pk]),
            {},
        ),
        "presentation_create": (reverse("relations:presentation_create"), {"title": "簡報"}),
        "site_visit_create": (
            reverse("relations:site_visit_create"),
            {"name": "東京都廳", "mission": world["summit"].pk, "mission_q": SUMMIT_TITLE},
        ),
        "site_visit_edit": (
            reverse("relations:site_visit_edit", args=[world["visit"].pk]),
            {"name": "改名", "mission": world["summit"].pk, "mission_q": SUMMIT_TITLE},
        ),
    }
    assert {
        name: client.post(url, data, **HTMX).status_code for name, (url, data) in posts.items()
    } == {name: 403 for name in posts}
    assert (Event.objects.count(), Session.objects.count(), Presentation.objects.count()) == (
        1,
        3,
        2,
    )
    assert sorted(SiteVisit.objects.values_list("name", flat=True)) == [
        "東京臨海廣域防災公園",
        "首都圈外郭放水路",
    ]
    assert Event.objects.get().name == "2026 G-NETS 首長高峰會"


def test_a_record_that_does_not_exist_is_not_found(world, cast):
    client = client_for(cast["officer"])
    event = world["event"]
    urls = [
        reverse("relations:event", args=[999]),
        reverse("relations:event_edit", args=[999]),
        reverse("relations:session_edit", args=[event.pk, 999]),
        reverse("relations:session_edit", args=[999, world["opening"].pk]),
        reverse("relations:presentation", args=[999]),
        reverse("relations:presentation_edit", args=[999]),
        reverse("relations:presentation_slides", args=[999]),
        reverse("relations:presentation_slides", args=[world["talk"].pk]),  # no slides
        reverse("relations:site_visit", args=[999]),
        reverse("relations:site_visit_edit", args=[999]),
    ]
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)


# ----- Events -----


def test_the_events_list_is_newest_first_and_searched_folded(world, cast):
    officer = cast["officer"]
    for name, name_en, start in [
        ("臺北智慧城市展", "Smart City Summit & Expo", dt.date(2024, 3, 19)),
        ("ICLEI 世界大會", "ICLEI World Congress", None),
        ("2025 G-NETS 首長高峰會", "", dt.date(2025, 4, 1)),
    ]:
        services.save_event(
            user=officer,
            event=Event(),
            data={"name": name, "name_en": name_en, "start_date": start},
        )
    client = client_for(cast["viewer"])

    def found(q: str = "") -> list[str]:
        response = client.get(reverse("relations:events"), {"q": q} if q else {})
        return texts(response, "//table//td[@class='title-cell']/a")

    assert found() == [
        "2026 G-NETS 首長高峰會",
        "2025 G-NETS 首長高峰會",
        "臺北智慧城市展",
        "ICLEI 世界大會",
    ]
    assert found("台北") == ["臺北智慧城市展"]
    assert found("smart city") == ["臺北智慧城市展"]
    assert found("g-nets") == ["2026 G-NETS 首長高峰會", "2025 G-NETS 首長高峰會"]
    assert found("韌性城市") == ["2026 G-NETS 首長高峰會"]  # its theme
    assert found("nothing") == []
    response = client.get(reverse("relations:events"))
    assert texts(response, "//table/tbody/tr[1]/td") == [
        "2026 G-NETS 首長高峰會",
        "115/4/27–115/4/28",
        "東京",
        "全球永續發展城市網絡（G-NETS）",
        "1",
    ]


def test_the_event_page_shows_facts_missions_sessions_presentations_agreements_and_meetings(
    world, cast
):
    response = client_for(cast["owner"]).get(pages(world)["event"])
    assert texts(response, "//h1") == ["2026 G-NETS 首長高峰會"]
    assert texts(response, "//aside//dl[@class='facts']/dt") == [
        "名稱",
        "城市網絡",
        "主題",
        "城市",
        "日期",
    ]
    assert texts(response, "//aside//dl[@class='facts']/dd") == [
        "2026 G-NETS 首長高峰會",
        "全球永續發展城市網絡（G-NETS）",
        "韌性城市",
        "東京",
        "民國 115 年 4 月 27 日–民國 115 年 4 月 28 日",
    ]
    assert values(response, "//aside//dl[@class='facts']/dd/a/@href") == [
        reverse("relations:network", args=[world["gnets"].pk]),
        reverse("relations:city", args=[world["tokyo"].pk]),
    ]
    assert texts(response, "//section[@id='missions']//li/a") == [SUMMIT_TITLE]
    assert texts(response, "//ul[@class='sessions']/li//div[@class='session-line']") == [
        "115/4/27 開幕式",
        "115/4/28 平行論壇",
        "日期未詳 歡迎晚宴",
    ]
    assert texts(response, "//section[@id='presentations']//a[@class='presentation-title']") == [
        "新北市的韌性城市經驗",
        "綠動新北",
    ]
    speech = world["speech"]
    assert texts(response, f"//li[@id='presentation-{speech.pk}']/span[@class='meta']") == [
        f"祝惠美 · 平行論壇 · 115/4/28 · {SUMMIT_TITLE}"
    ]
    assert texts(response, "//section[@id='agreements']//li/a") == ["2026 G-NETS 共同宣言"]
    assert values(response, "//section[@id='meetings']//li[contains(@class, 'meeting')]/@id") == [
        f"meeting-{world['at_summit'].pk}"
    ]
    assert texts(response, "//section[@id='meetings']//p[@class='meeting-person']/a") == [
        "小池百合子"
    ]


def test_an_outsider_never_sees_the_secretariats_mission_on_an_event(world, cast):
    world["event"].missions.add(world["works"])
    outsider = client_for(cast["outsider"])
    page = outsider.get(pages(world)["event"])
    html = page.content.decode()
    assert SUMMIT_TITLE not in html
    assert "討論韌性城市與防災合作的後續交流" not in html
    assert texts(page, "//section[@id='missions']//li/a") == ["工務局赴東京考察下水道"]
    assert texts(page, "//section[@id='meetings']//p[contains(@class, 'empty')]") == [
        "尚無交流紀錄。"
    ]
    listed = outsider.get(reverse("relations:events"))
    assert texts(listed, "//table/tbody/tr[1]/td[@class='num-col']") == ["1"]
    owner = client_for(cast["owner"]).get(pages(world)["event"])
    assert texts(owner, "//section[@id='missions']//li/a") == [SUMMIT_TITLE]
    officer = client_for(cast["officer"]).get(pages(world)["event"])
    assert texts(officer, "//section[@id='missions']//li/a") == [
        SUMMIT_TITLE,
        "工務局赴東京考察下水道",
    ]
    for name in ("presentation", "events"):
        assert SUMMIT_TITLE not in outsider.get(pages(world)[name]).content.decode()


def event_data(**changes) -> dict:
    return {
        "name": "ICLEI 世界大會 2027",
        "name_en": "ICLEI World Congress 2027",
        "edition": "9",
        "theme": "淨零城市",
        "city_q": "里加",
        "start_date": "116/6/1",
        "end_date": "2027-06-03",
        "missions_q": "",
    } | changes


def test_a_new_event_is_recorded_with_its_city_and_missions(world, cast):
    summit = world["summit"]
    response = client_for(cast["owner"]).post(
        reverse("relations:event_create"),
        event_data(network=world["gnets"].pk, missions=[summit.pk]),
    )
    event = Event.objects.get(name="ICLEI 世界大會 2027")
    assert response["Location"] == reverse("relations:event", args=[event.pk])
    assert (
        event.name_en,
        event.network,
        event.edition,
        event.theme,
        event.city,
        event.start_date,
        event.end_date,
    ) == (
        "ICLEI World Congress 2027",
        world["gnets"],
        9,
        "淨零城市",
        world["riga"],
        dt.date(2027, 6, 1),
        dt.date(2027, 6, 3),
    )
    assert list(event.missions.all()) == [summit]
    assert AuditEntry.objects.filter(action="event.created", object_id=event.pk).count() == 1


def test_the_event_form_is_filled_in_from_the_address_with_only_missions_one_may_open(world, cast):
    query = f"?network={world['gnets'].pk}&city={world['tokyo'].pk}&mission={world['summit'].pk}"
    url = reverse("relations:event_create") + query
    owner = client_for(cast["owner"]).get(url)
    assert values(owner, "//select[@name='network']/option[@selected]/@value") == [
        str(world["gnets"].pk)
    ]
    assert values(owner, "//input[@name='city_q']/@value") == ["東京"]
    assert values(owner, "//input[@name='missions']/@value") == [str(world["summit"].pk)]
    outsider = client_for(cast["outsider"]).get(url)
    assert values(outsider, "//input[@name='missions']/@value") == []
    assert SUMMIT_TITLE not in outsider.content.decode()


def test_an_outsider_editing_an_event_keeps_the_missions_they_cannot_see(world, cast):
    event, works = world["event"], world["works"]
    client = client_for(cast["outsider"])
    opened = client.get(reverse("relations:event_edit", args=[event.pk]))
    assert values(opened, "//input[@name='missions']/@value") == []
    assert SUMMIT_TITLE not in opened.content.decode()
    response = client.post(
        reverse("relations:event_edit", args=[event.pk]),
        event_data(
            name="2026 G-NETS 首長高峰會",
            edition="",
            city=world["tokyo"].pk,
            city_q="東京",
            start_date="115/4/27",
            end_date="115/4/28",
            missions=[works.pk, world["summit"].pk],  # a forged id is ignored
        ),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.theme, event.network) == ("淨零城市", None)
    assert sorted(m.title for m in event.missions.all()) == ["工務局赴東京考察下水道", SUMMIT_TITLE]


def test_a_refused_event_form_never_names_a_mission_one_may_not_open(world, cast):
    response = client_for(cast["outsider"]).post(
        reverse("relations:event_create"),
        event_data(name="", city_q="", missions=[world["summit"].pk, world["works"].pk]),
    )
    assert errors(response) == {"name": ["這個欄位是必須的。"]}
    assert values(response, "//input[@name='missions']/@value") == [str(world["works"].pk)]
    assert SUMMIT_TITLE not in response.content.decode()


def test_an_event_ending_before_it_starts_is_refused(cast):
    response = client_for(cast["officer"]).post(
        reverse("relations:event_create"), event_data(city_q="", end_date="116/5/1")
    )
    assert errors(response) == {"end_date": ["結束日期不可早於開始日期。"]}
    assert Event.objects.count() == 0


def test_an_event_without_a_name_or_with_an_unknown_city_is_refused(cast):
    response = client_for(cast["officer"]).post(
        reverse("relations:event_create"), event_data(name="", city_q="亞特蘭提斯")
    )
    assert errors(response) == {
        "name": ["這個欄位是必須的。"],
        "city": ["找不到「亞特蘭提斯」。請從建議清單中選擇，或先新增這筆資料。"],
    }
    assert Event.objects.count() == 0


def test_the_same_event_is_not_recorded_twice(world, cast):
    response = client_for(cast["officer"]).post(
        reverse("relations:event_create"),
        event_data(
            name="2026 g-nets 首長高峰會", edition="", city_q="", start_date="115/4/27", end_date=""
        ),
    )
    assert errors(response) == {
        "name": ["已有同名、同屆次、同日期的活動「2026 G-NETS 首長高峰會」。"]
    }
    assert Event.objects.count() == 1


def test_new_event_dates_that_leave_a_session_outside_are_refused(world, cast):
    event = world["event"]
    response = client_for(cast["officer"]).post(
        reverse("relations:event_edit", args=[event.pk]),
        event_data(name=event.name, edition="", city_q="", start_date="115/4/28", end_date=""),
    )
    assert errors(response) == {
        "__all__": ["這些場次的日期會在活動期間之外，請先修改場次：開幕式（115/4/27）"]
    }
    event.refresh_from_db()
    assert event.start_date == dt.date(2026, 4, 27)


# ----- Sessions, in place -----


def test_a_session_is_added_in_place_with_htmx(world, cast):
    event = world["event"]
    response = client_for(cast["outsider"]).post(
        reverse("relations:session_add", args=[event.pk]),
        {"session-new-title": "全體大會", "session-new-date": "115/4/28"},
        **HTMX,
    )
    assert response.status_code == 200
    assert texts(response, "//p[@class='saved']") == ["已新增場次。"]
    assert texts(response, "//ul[@class='sessions']//span[@class='session-title']") == [
        "開幕式",
        "平行論壇",
        "全體大會",
        "歡迎晚宴",
    ]
    assert response.content.decode().lstrip().startswith('<section id="sessions"')
    assert Session.objects.get(title="全體大會").date == dt.date(2026, 4, 28)


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("115/4/26", "場次日期不可早於活動開始日期（115/4/27）。"),
        ("2026-04-29", "場次日期不可晚於活動結束日期（115/4/28）。"),
        ("4/31", "「4/31」沒有年份，請寫出完整日期，例如 115/4/26。"),
    ],
)
def test_a_session_dated_outside_its_event_comes_back_with_the_reason(world, cast, date, message):
    event = world["event"]
    response = client_for(cast["officer"]).post(
        reverse("relations:session_add", args=[event.pk]),
        {"session-new-title": "記者會", "session-new-date": date},
        **HTMX,
    )
    assert response.status_code == 422
    assert texts(response, "//details[@open]//ul[@class='errorlist']") == [message]
    assert values(response, "//input[@name='session-new-title']/@value") == ["記者會"]
    assert Session.objects.filter(title="記者會").count() == 0


def test_a_session_of_an_event_without_dates_takes_any_date(world, cast):
    event = services.save_event(user=cast["officer"], event=Event(), data={"name": "東京都廳參訪"})
    client_for(cast["officer"]).post(
        reverse("relations:session_add", args=[event.pk]),
        {"session-new-title": "簡報", "session-new-date": "100/1/1"},
        **HTMX,
    )
    assert Session.objects.get(event=event).date == dt.date(2011, 1, 1)


def test_a_session_is_edited_and_removed_in_place(world, cast):
    event, opening = world["event"], world["opening"]
    client = client_for(cast["officer"])
    url = reverse("relations:session_edit", args=[event.pk, opening.pk])
    opened = client.get(url, **HTMX)
    assert values(opened, f"//input[@name='session-{opening.pk}-title']/@value") == ["開幕式"]
    assert values(opened, f"//input[@name='session-{opening.pk}-date']/@value") == ["115/4/27"]
    saved = client.post(
        url,
        {f"session-{opening.pk}-title": "開幕式暨首長對談", f"session-{opening.pk}-date": ""},
        **HTMX,
    )
    assert texts(saved, "//p[@class='saved']") == ["已儲存場次。"]
    opening.refresh_from_db()
    assert (opening.title, opening.date) == ("開幕式暨首長對談", None)
    forum = world["forum"]
    removed = client.post(reverse("relations:session_remove", args=[event.pk, forum.pk]), **HTMX)
    assert texts(removed, "//p[@class='saved']") == ["已移除場次。"]
    assert texts(removed, "//ul[@class='sessions']//span[@class='session-title']") == [
        "開幕式暨首長對談",
        "歡迎晚宴",
    ]
    speech = Presentation.objects.get(pk=world["speech"].pk)
    assert (speech.event, speech.session) == (event, None)
    assert AuditEntry.objects.filter(action="session.deleted", object_id=forum.pk).count() == 1


def test_a_session_of_another_event_is_not_found(world, cast):
    other = services.save_event(user=cast["officer"], event=Event(), data={"name": "其他活動"})
    client = client_for(cast["officer"])
    opening = world["opening"]
    assert (
        client.get(reverse("relations:session_edit", args=[other.pk, opening.pk])).status_code
        == 404
    )
    assert (
        client.post(reverse("relations:session_remove", args=[other.pk, opening.pk])).status_code
        == 404
    )
    assert Session.objects.filter(pk=opening.pk).exists()


def test_without_javascript_a_session_change_returns_to_the_event_page(world, cast):
    event = world["event"]
    client = client_for(cast["officer"])
    response = client.post(
        reverse("relations:session_add", args=[event.pk]), {"session-new-title": "記者會"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("relations:event", args=[event.pk]) + "#sessions"
    refused = client.post(
        reverse("relations:session_add", args=[event.pk]),
        {"session-new-title": "", "session-new-date": "115/4/27"},
    )
    assert refused.status_code == 200
    assert texts(refused, "//h1") == ["2026 G-NETS 首長高峰會"]
    assert texts(refused, "//details[@open]//ul[@class='errorlist']") == ["這個欄位是必須的。"]


# ----- Presentations and their slides -----


def presentation_data(world, **changes) -> dict:
    return {
        "title": "淨零新北",
        "title_en": "Net-Zero New Taipei",
        "speaker": world["speaker"].pk,
        "speaker_q": "祝惠美",
        "event": world["event"].pk,
        "session": world["forum"].pk,
        "mission": world["summit"].pk,
        "mission_q": f"115/4/26 {SUMMIT_TITLE}",
        "date": "115/4/28",
    } | changes


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("淨零新北.pdf", PDF, "application/pdf"),
        ("淨零新北.PPTX", PPTX, PPTX_TYPE),
        ("淨零新北.odp", ODP, ODP_TYPE),
    ],
)
def test_a_presentation_is_recorded_with_its_slides_and_they_download(
    world, cast, name, content, content_type
):
    client = client_for(cast["owner"])
    response = client.post(
        reverse("relations:presentation_create"),
        presentation_data(world, slides=SimpleUploadedFile(name, content)),
    )
    presentation = Presentation.objects.get(title="淨零新北")
    assert response["Location"] == reverse("relations:presentation", args=[presentation.pk])
    assert (
        presentation.title_en,
        presentation.speaker,
        presentation.event,
        presentation.session,
        presentation.mission,
        presentation.date,
    ) == (
        "Net-Zero New Taipei",
        world["speaker"],
        world["event"],
        world["forum"],
        world["summit"],
        dt.date(2026, 4, 28),
    )
    download = client_for(cast["viewer"]).get(
        reverse("relations:presentation_slides", args=[presentation.pk])
    )
    assert (download.status_code, download["Content-Type"]) == (200, content_type)
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == content
    page = client.get(reverse("relations:presentation", args=[presentation.pk]))
    assert texts(page, "//table//tr[th='簡報檔']/td/a") == [name]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ\x90\x00", "只接受 PDF、PPTX 或 ODP 檔，「setup.exe」不是。"),
        ("簡報.pdf", b"MZ\x90\x00 a renamed program", "「簡報.pdf」的內容不是 PDF 檔。"),
        ("簡報.pptx", b"MZ\x90\x00 a renamed program", "「簡報.pptx」的內容不是 PPTX 檔。"),
        ("簡報.txt", "只是文字".encode(), "只接受 PDF、PPTX 或 ODP 檔，「簡報.txt」不是。"),
        ("簡報.pdf", "只是文字".encode(), "「簡報.pdf」的內容不是 PDF 檔。"),
        ("簡報.pptx", DOCX, "「簡報.pptx」的內容不是 PPTX 檔。"),
        ("簡報.pptx", b"PK\x03\x04 no zip after all", "「簡報.pptx」的內容不是 PPTX 檔。"),
        ("簡報.odp", PPTX, "「簡報.odp」的內容不是 ODP 檔。"),
        ("簡報.pdf", b"", "送出的檔案是空的。"),
    ],
)
def test_slides_that_are_not_pdf_pptx_or_odp_are_refused_and_nothing_is_written(
    world, cast, media_root, name, content, message
):
    response = client_for(cast["officer"]).post(
        reverse("relations:presentation_create"),
        presentation_data(world, slides=SimpleUploadedFile(name, content)),
    )
    assert response.status_code == 200
    assert errors(response) == {"slides": [message]}
    assert Presentation.objects.filter(title="淨零新北").count() == 0
    assert stored_files(media_root) == []


def test_slides_larger_than_the_limit_are_refused(world, cast, settings, media_root):
    settings.ENVOY_MAX_UPLOAD_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024))
    response = client_for(cast["officer"]).post(
        reverse("relations:presentation_create"), presentation_data(world, slides=big)
    )
    assert errors(response) == {"slides": ["檔案太大（1.0 MB），上限為 1 MB。"]}
    assert stored_files(media_root) == []


def test_a_presentations_session_must_be_of_its_event(world, cast):
    other = services.save_event(user=cast["officer"], event=Event(), data={"name": "其他活動"})
    elsewhere = services.save_session(
        user=cast["officer"], session=Session(), data={"event": other, "title": "其他場次"}
    )
    client = client_for(cast["officer"])
    wrong = client.post(
        reverse("relations:presentation_create"), presentation_data(world, session=elsewhere.pk)
    )
    assert errors(wrong) == {"session": ["請選擇所選活動的場次。"]}
    without_event = client.post(
        reverse("relations:presentation_create"), presentation_data(world, event="")
    )
    assert errors(without_event) == {"session": ["請選擇所選活動的場次。"]}
    assert Presentation.objects.filter(title="淨零新北").count() == 0


def test_the_presentation_form_offers_the_sessions_of_the_event_chosen(world, cast):
    client = client_for(cast["officer"])
    event = world["event"]
    url = (
        reverse("relations:presentation_create") + f"?event={event.pk}&session={world['forum'].pk}"
    )
    form = client.get(url)
    assert texts(form, "//select[@name='session']/option") == [
        "---------",
        "開幕式（115/4/27）",
        "平行論壇（115/4/28）",
        "歡迎晚宴",
    ]
    assert values(form, "//select[@name='session']/option[@selected]/@value") == [
        str(world["forum"].pk)
    ]
    assert values(form, "//input[@name='date']/@value") == ["115/4/28"]
    assert values(form, "//select[@name='event']/@hx-get") == [
        reverse("relations:presentation_sessions")
    ]
    options = client.get(reverse("relations:presentation_sessions"), {"event": event.pk}, **HTMX)
    assert texts(options, "//option") == [
        "---------",
        "開幕式（115/4/27）",
        "平行論壇（115/4/28）",
        "歡迎晚宴",
    ]
    empty = client.get(reverse("relations:presentation_sessions"), {"event": "x"}, **HTMX)
    assert texts(empty, "//option") == ["---------"]
    blank = client.get(reverse("relations:presentation_create"))
    assert texts(blank, "//select[@name='session']/option") == ["---------"]


def test_editing_a_presentation_keeps_its_slides_unless_new_ones_are_sent(world, cast):
    client = client_for(cast["officer"])
    speech = world["speech"]
    url = reverse("relations:presentation_edit", args=[speech.pk])
    client.post(
        url,
        presentation_data(world, title="綠動新北", slides=SimpleUploadedFile("綠動新北.odp", ODP)),
    )
    speech.refresh_from_db()
    stored = speech.slides.name
    assert stored.endswith(".odp")
    response = client.post(url, presentation_data(world, title="綠動新北：韌性與淨零"))
    assert response["Location"] == reverse("relations:presentation", args=[speech.pk])
    speech.refresh_from_db()
    assert (speech.title, speech.slides.name) == ("綠動新北：韌性與淨零", stored)
    refused = client.post(
        url,
        presentation_data(world, title="改名", slides=SimpleUploadedFile("x.pdf", b"text")),
    )
    assert errors(refused) == {"slides": ["「x.pdf」的內容不是 PDF 檔。"]}
    speech.refresh_from_db()
    assert (speech.title, speech.slides.name) == ("綠動新北：韌性與淨零", stored)


def test_an_outsider_cannot_change_a_presentation_given_on_a_mission_they_cannot_open(world, cast):
    speech = world["speech"]
    client = client_for(cast["outsider"])
    url = reverse("relations:presentation_edit", args=[speech.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, presentation_data(world, title="改名")).status_code == 403
    page = client.get(reverse("relations:presentation", args=[speech.pk]))
    assert texts(page, "//table//th") == ["講者", "活動", "場次", "日期", "簡報檔"]
    assert values(page, "//div[@class='actions']/a/@href") == []
    speech.refresh_from_db()
    assert speech.title == "綠動新北"


def test_an_outsider_cannot_put_a_presentation_on_a_mission_they_cannot_open(world, cast):
    response = client_for(cast["outsider"]).post(
        reverse("relations:presentation_create"), presentation_data(world)
    )
    assert errors(response) == {
        "mission": [f"找不到「115/4/26 {SUMMIT_TITLE}」。請從建議清單中選擇，或先新增這筆資料。"]
    }


def test_the_presentation_page_links_its_speaker_event_mission_and_slides(world, cast):
    speech = world["speech"]
    speech.slides = SimpleUploadedFile("綠動新北.pdf", PDF)
    speech.save()
    response = client_for(cast["owner"]).get(pages(world)["presentation"])
    assert texts(response, "//h1") == ["綠動新北"]
    assert texts(response, "//p[@class='lead']") == ["Green Movement"]
    assert texts(response, "//table//td") == [
        "祝惠美",
        "2026 G-NETS 首長高峰會",
        "平行論壇",
        "民國 115 年 4 月 28 日",
        SUMMIT_TITLE,
        speech.slides.name.rsplit("/", 1)[-1],
    ]
    assert values(response, "//table//td/a/@href") == [
        reverse("relations:person", args=[world["speaker"].pk]),
        reverse("relations:event", args=[world["event"].pk]),
        reverse("missions:detail", args=[world["summit"].pk]),
        reverse("relations:presentation_slides", args=[speech.pk]),
    ]
    assert values(response, "//div[@class='actions']/a/@href") == [
        reverse("relations:presentation_edit", args=[speech.pk])
    ]


# ----- Site visits -----


def test_the_site_visits_list_holds_only_visits_of_missions_one_may_open(world, cast):
    def listed(role: str, q: str = "") -> list[str]:
        response = client_for(cast[role]).get(
            reverse("relations:site_visits"), {"q": q} if q else {}
        )
        return texts(response, "//table//td[@class='title-cell']/a")

    assert listed("officer") == ["東京臨海廣域防災公園", "首都圈外郭放水路"]
    assert listed("viewer") == ["東京臨海廣域防災公園", "首都圈外郭放水路"]
    assert listed("owner") == ["東京臨海廣域防災公園"]
    assert listed("outsider") == ["首都圈外郭放水路"]
    assert listed("officer", "防災") == ["東京臨海廣域防災公園"]
    assert listed("officer", "nothing") == []


def test_the_site_visit_page_shows_the_lesson_and_its_mission(world, cast):
    visit = world["visit"]
    response = client_for(cast["owner"]).get(reverse("relations:site_visit", args=[visit.pk]))
    assert texts(response, "//h1") == ["東京臨海廣域防災公園"]
    assert texts(response, "//p[contains(@class, 'lesson')]") == ["防災體驗學習設施值得借鏡"]
    assert texts(response, "//table//td") == [SUMMIT_TITLE, "民國 115 年 4 月 29 日", "東京"]
    assert values(response, "//table//td/a/@href") == [
        reverse("missions:detail", args=[world["summit"].pk]),
        reverse("relations:city", args=[world["tokyo"].pk]),
    ]


def test_a_site_visit_of_a_mission_one_may_not_open_is_not_found(world, cast):
    visit = world["visit"]
    client = client_for(cast["outsider"])
    urls = [
        reverse("relations:site_visit", args=[visit.pk]),
        reverse("relations:site_visit_edit", args=[visit.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [404, 404]
    assert client.post(urls[1], {"name": "改名"}).status_code == 404
    works_visit = world["works_visit"]
    assert client.get(reverse("relations:site_visit", args=[works_visit.pk])).status_code == 200
    for role in ("reviewer", "viewer"):
        reader = client_for(cast[role])
        assert reader.get(urls[0]).status_code == 200
        assert reader.get(urls[1]).status_code == 403


def visit_data(world, **changes) -> dict:
    summit = world["summit"]
    return {
        "mission": summit.pk,
        "mission_q": f"115/4/26 {summit.title}",
        "name": "東京都水道局",
        "other_name": "Bureau of Waterworks",
        "date": "115/4/30",
        "city_q": "東京",
        "lesson": "漏水率低於 3%，管線汰換計畫值得借鏡",
    } | changes


def test_a_site_visit_is_recorded_on_a_mission_and_edited(world, cast):
    client = client_for(cast["owner"])
    response = client.post(reverse("relations:site_visit_create"), visit_data(world))
    visit = SiteVisit.objects.get(name="東京都水道局")
    assert response["Location"] == reverse("relations:site_visit", args=[visit.pk])
    assert (visit.mission, visit.other_name, visit.date, visit.city, visit.lesson) == (
        world["summit"],
        "Bureau of Waterworks",
        dt.date(2026, 4, 30),
        world["tokyo"],
        "漏水率低於 3%，管線汰換計畫值得借鏡",
    )
    url = reverse("relations:site_visit_edit", args=[visit.pk])
    opened = client.get(url)
    assert values(opened, "//input[@name='mission']/@value") == [str(world["summit"].pk)]
    assert values(opened, "//input[@name='date']/@value") == ["115/4/30"]
    client.post(url, visit_data(world, city_q="", lesson=""))
    visit.refresh_from_db()
    assert (visit.city, visit.lesson) == (None, "")
    assert AuditEntry.objects.filter(
        object_id=visit.pk, action__startswith="site_visit."
    ).values_list("action", "mission_id").order_by("id")[::1] == [
        ("site_visit.created", world["summit"].pk),
        ("site_visit.updated", world["summit"].pk),
    ]


def test_a_site_visit_needs_a_mission_and_a_name(world, cast):
    response = client_for(cast["officer"]).post(
        reverse("relations:site_visit_create"), visit_data(world, mission="", mission_q="", name="")
    )
    assert errors(response) == {"mission": ["請選擇或輸入名稱。"], "name": ["這個欄位是必須的。"]}
    assert SiteVisit.objects.count() == 2


def test_an_outsider_cannot_put_a_site_visit_on_a_mission_they_cannot_open(world, cast):
    client = client_for(cast["outsider"])
    prefilled = client.get(
        reverse("relations:site_visit_create") + f"?mission={world['summit'].pk}"
    )
    assert values(prefilled, "//input[@name='mission']/@value") == [""]
    response = client.post(reverse("relations:site_visit_create"), visit_data(world))
    assert errors(response) == {
        "mission": [f"找不到「115/4/26 {SUMMIT_TITLE}」。請從建議清單中選擇，或先新增這筆資料。"]
    }
    assert SiteVisit.objects.filter(name="東京都水道局").count() == 0


# ----- Links and queries -----


def test_the_network_page_links_its_events_to_their_pages(world, cast):
    response = client_for(cast["viewer"]).get(
        reverse("relations:network", args=[world["gnets"].pk])
    )
    assert values(response, "//section[@id='events']//p[@class='moment-title']/a/@href") == [
        reverse("relations:event", args=[world["event"].pk])
    ]


def test_the_event_page_takes_the_same_number_of_queries_whatever_it_holds(world, cast):
    client = client_for(cast["officer"])
    url = pages(world)["event"]
    client.get(url)  # sessions and caches warmed
    before = count_queries(client, url)
    event, officer = world["event"], cast["officer"]
    add_meetings(world, officer, 4)  # presentations on the event, and missions attending it
    for n in range(5):
        session = services.save_session(
            user=officer,
            session=Session(),
            data={"event": event, "title": f"分組論壇 {n}", "date": dt.date(2026, 4, 28)},
        )
        speaker = services.create_person(user=officer, data={"name": f"講者 {n}"})
        services.save_presentation(
            user=officer,
            presentation=Presentation(),
            data={"title": f"發表 {n}", "event": event, "session": session, "speaker": speaker},
        )
        services.record_interaction(
            user=officer,
            person=speaker,
            data={"event": event, "session": session, "mission": world["summit"]},
        )
    event.missions.add(mission(officer, None, "另一任務", dt.date(2026, 4, 27)))
    assert (event.sessions.count(), event.presentations.count()) == (8, 11)
    assert Interaction.objects.filter(event=event).count() == 6
    assert count_queries(client, url) == before
    assert before == 10  # 9, and the opportunities it came from (國際參與機會)


def test_the_events_pages_read_in_english(world, cast):
    viewer = cast["viewer"]
    viewer.language = "en"
    viewer.save()
    client = client_for(viewer)
    # The language middleware leaves English active in this thread after the response:
    # restored here, so that the tests after this one run in zh-Hant.
    with translation.override(None):
        listed = client.get(reverse("relations:events"))
        page = client.get(pages(world)["event"])
    assert texts(listed, "//table/tbody/tr[1]/td[2]") == ["2026-04-27–2026-04-28"]
    assert texts(page, "//ul[@class='sessions']/li//span[@class='session-date']") == [
        "2026-04-27",
        "2026-04-28",
        "Date unknown",
    ]
