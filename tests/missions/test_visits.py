"""Visits received (來訪): their own form and page, no 出國類別, no report and so no
deadline; turning a trip into a visit or back keeps the rule that only a trip has a report."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from envoy.core.models import AuditEntry
from envoy.missions import services
from envoy.missions.models import Mission
from envoy.reports.document import report_document
from envoy.reports.enums import BlockKind
from envoy.reports.models import Report
from envoy.reports.services import (
    add_block,
    change_mission_direction,
    create_mission_with_report,
    save_document,
)
from envoy.search import facets
from envoy.search.documents import mission_documents
from envoy.search.services import search
from tests.conftest import client_for
from tests.search.helpers import found, indexed

from .conftest import has_class, outcome, texts, tree

pytestmark = pytest.mark.django_db

CREATE = reverse("missions:create")
NEW_VISIT = f"{CREATE}?direction=inbound"


def visit(user, *, start=dt.date(2026, 5, 11), days=2, **fields) -> Mission:
    """The Tokyo Metropolitan Government's delegation, received by the secretariat."""
    return create_mission_with_report(
        user=user,
        direction="inbound",
        title="東京都政府代表團來訪",
        start_date=start,
        end_date=start + dt.timedelta(days=days),
        visitor_organisation="東京都政府環境局",
        destination_countries=["日本"],
        destination_cities=["東京"],
        **fields,
    )


def trip(user, *, start=dt.date(2026, 4, 26)) -> Mission:
    return create_mission_with_report(
        user=user, title="赴東京出席高峰會", start_date=start, end_date=start + dt.timedelta(4)
    )


def field_names(response) -> list[str]:
    form = tree(response).xpath("//main//form[@method='post']")[0]
    return [name for name in form.xpath(".//*[@name]/@name") if name != "csrfmiddlewaretoken"]


# ----- Creating one -----


def test_an_editor_creates_a_visit_with_its_own_fields_and_no_report(cast, bureaus):
    response = client_for(cast["owner"]).post(
        NEW_VISIT,
        {
            "title": "東京都政府代表團來訪",
            "visitor_organisation": "東京都政府環境局",
            "destination_countries": "日本",
            "destination_cities": "東京",
            "start_date": "115/5/11",
            "end_date": "115/5/13",
        },
    )
    mission = Mission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("missions:edit", args=[mission.pk])
    assert (mission.direction, mission.visitor_organisation) == ("inbound", "東京都政府環境局")
    assert (mission.destination_countries, mission.destination_cities) == (["JP"], ["東京"])
    assert (mission.start_date, mission.end_date) == (dt.date(2026, 5, 11), dt.date(2026, 5, 13))
    assert mission.bureau == bureaus["secretariat"]  # the host bureau: the editor's
    assert not Report.objects.exists()
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["mission.created"]


def test_the_visit_form_asks_for_the_visit_and_nothing_of_a_trip_abroad(cast):
    response = client_for(cast["officer"]).get(NEW_VISIT)
    assert field_names(response) == [
        "title",
        "visitor_organisation",
        "destination_countries",
        "destination_cities",
        "start_date",
        "end_date",
        "bureau",
    ]
    labels = texts(response, "//main//form//label")
    assert labels == [
        "來訪名稱*",
        "來訪單位",
        "來訪者國家",
        "來訪者城市",
        "來訪開始日期*",
        "來訪結束日期*",
        "接待局處",
    ]
    assert "出國" not in tree(response).xpath("string(//main//form)")


def test_the_trip_form_is_unchanged(cast):
    response = client_for(cast["officer"]).get(CREATE)
    assert field_names(response) == [
        "title",
        "start_date",
        "end_date",
        "category",
        "category_detail",
        "bureau",
    ]


def test_a_visit_ending_before_it_starts_is_refused_in_its_own_words(cast):
    response = client_for(cast["owner"]).post(
        NEW_VISIT, {"title": "來訪", "start_date": "115/5/13", "end_date": "115/5/11"}
    )
    assert response.status_code == 200
    assert texts(response, "//ul[" + has_class("errorlist") + "]/li") == [
        "來訪結束日期不能早於開始日期。"
    ]
    assert not Mission.objects.exists()


def test_those_who_may_not_create_a_mission_may_not_create_a_visit(cast):
    for who in ("reviewer", "viewer"):
        assert outcome(client_for(cast[who]).post(NEW_VISIT, {"title": "x"})) == 403
    assert outcome(client_for(None).get(NEW_VISIT)) == "sign-in"
    assert not Mission.objects.exists()


# ----- No report, no deadline -----


def test_a_visit_page_shows_the_visit_without_report_or_trip_wording(cast, bureaus):
    mission = visit(cast["owner"])
    response = client_for(cast["owner"]).get(reverse("missions:detail", args=[mission.pk]))
    rows = texts(response, "//section[@id='metadata']//tr/th")
    assert rows == [
        "來訪名稱",
        "來訪單位",
        "來訪者國家",
        "來訪者城市",
        "接待局處",
        "來訪期間",
        "報告",
    ]
    assert texts(response, "//h2") == ["基本資料", "來訪人員", "接待行程"]
    assert "出國" not in tree(response).xpath("string(//main)")
    assert texts(response, "//div[" + has_class("page-head") + "]//a") == [
        "編輯任務",
        "行前簡報",
        "來訪接待",
    ]


def test_a_visit_editing_page_has_no_trip_fields(cast):
    mission = visit(cast["owner"])
    response = client_for(cast["owner"]).get(reverse("missions:edit", args=[mission.pk]))
    assert field_names(response) == [
        "version",
        "title",
        "visitor_organisation",
        "destination_countries",
        "destination_cities",
        "start_date",
        "end_date",
    ]
    assert "出國" not in tree(response).xpath("string(//section[@id='metadata'])")
    assert texts(response, "//section[@id='itinerary']/h2") == ["接待行程"]


def test_a_visit_saves_its_fields_through_the_editing_page(cast):
    mission = visit(cast["owner"])
    response = client_for(cast["owner"]).post(
        reverse("missions:edit", args=[mission.pk]),
        {
            "title": "東京都政府代表團來訪",
            "visitor_organisation": "東京都政府",
            "destination_countries": "日本",
            "destination_cities": "東京、橫濱",
            "start_date": "115/5/11",
            "end_date": "115/5/14",
            "version": mission.version,
        },
    )
    assert response.status_code == 302
    mission.refresh_from_db()
    assert (mission.visitor_organisation, mission.destination_cities) == (
        "東京都政府",
        ["東京", "橫濱"],
    )
    assert mission.direction == "inbound"
    assert mission.end_date == dt.date(2026, 5, 14)


def test_a_visit_programme_day_outside_the_visit_is_refused_in_its_own_words(cast):
    mission = visit(cast["owner"])
    with pytest.raises(ValidationError) as error:
        services.add_day(user=cast["owner"], mission=mission, data={"date": dt.date(2026, 5, 20)})
    assert error.value.message_dict == {
        "date": ["115/5/20 不在來訪期間（115/5/11 至 115/5/13）內。"]
    }


def test_the_list_says_a_visit_needs_no_report_and_has_no_deadline(cast):
    visit(cast["owner"])
    response = client_for(cast["owner"]).get(reverse("missions:list"))
    row = tree(response).xpath("//table[" + has_class("missions") + "]/tbody/tr")[0]
    cells = [" ".join(td.text_content().split()) for td in row.xpath("td")]
    assert cells == [
        "東京都政府代表團來訪 來訪",
        "115/5/11–115/5/13",
        "日本",
        "秘書處",
        "不需報告",
        "—",
    ]


def test_the_category_filter_leaves_visits_out(cast):
    visit(cast["owner"])
    trip(cast["owner"])
    response = client_for(cast["owner"]).get(reverse("missions:list"), {"category": "other"})
    assert texts(response, "//td[" + has_class("title-cell") + "]/a") == ["赴東京出席高峰會"]


def test_a_visit_long_past_is_not_overdue_and_not_a_report_to_write(cast):
    today = timezone.localdate()
    visit(cast["owner"], start=today - dt.timedelta(days=200))
    soon = visit(cast["owner"], start=today + dt.timedelta(days=5))
    Mission.objects.filter(pk=soon.pk).update(title="下週來訪")
    officer = client_for(cast["officer"]).get("/")
    assert texts(officer, "//section[@aria-labelledby='overdue']/p") == ["沒有逾期的報告。"]
    assert texts(officer, "//section[@aria-labelledby='trips']//li") == [
        f"{soon.start_date.year - 1911}/{soon.start_date.month}/{soon.start_date.day} "
        "下週來訪 來訪 秘書處"
    ]
    owner = client_for(cast["owner"]).get("/")
    assert texts(owner, "//section[@aria-labelledby='to-write']/p") == ["沒有待撰寫的報告。"]


def test_a_visit_is_searched_by_its_organisation_and_has_no_trip_category(cast):
    mission = visit(cast["owner"])
    (document,) = mission_documents([mission.pk])
    assert document.category == ""
    assert "東京都政府環境局" in document.body
    facets.forget()  # facet columns cached by an earlier test are not this database's
    indexed()
    results = search(cast["officer"], "環境局")
    assert found(results) == {("mission", "東京都政府代表團來訪")}
    assert search(cast["officer"], "環境局", filters={"category": ["other"]}).total == 0
    facets.forget()


# ----- Changing direction -----


def test_a_new_trip_turned_into_a_visit_loses_its_blank_report(cast):
    mission = trip(cast["owner"])
    change_mission_direction(
        user=cast["owner"], mission=mission, direction="inbound", expected_version=1
    )
    mission.refresh_from_db()
    assert mission.direction == "inbound"
    assert not Report.objects.filter(mission=mission).exists()
    entry = AuditEntry.objects.get(action="mission.direction_changed")
    assert entry.details == {"from": "outbound", "to": "inbound", "report": "removed"}


def test_a_trip_whose_report_has_words_cannot_become_a_visit(cast):
    mission = trip(cast["owner"])
    chapter = mission.report.chapters.first()
    add_block(
        user=cast["owner"], chapter=chapter, after=None, kind=BlockKind.PARAGRAPH,
        data={"text": "本次出訪目的"},
    )  # fmt: skip
    mission.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        change_mission_direction(
            user=cast["owner"], mission=mission, direction="inbound",
            expected_version=mission.version,
        )  # fmt: skip
    assert error.value.code == "report_not_blank"
    assert "不能改為來訪" in error.value.messages[0]
    mission.refresh_from_db()
    assert mission.direction == "outbound"
    assert Report.objects.filter(mission=mission).exists()


def test_a_visit_turned_into_a_trip_gets_its_blank_report_and_deadline(cast):
    mission = visit(cast["owner"])
    change_mission_direction(
        user=cast["owner"], mission=mission, direction="outbound", expected_version=1
    )
    report = Report.objects.get(mission=mission)
    assert [c.title for c in report.chapters.all()] == ["目的", "過程", "心得", "建議"]
    assert report.due_date is not None
    entry = AuditEntry.objects.get(action="mission.direction_changed")
    assert entry.details == {"from": "inbound", "to": "outbound", "report": "created"}


def test_the_direction_is_not_changed_by_the_metadata_form(cast):
    mission = trip(cast["owner"])
    with pytest.raises(TypeError):
        services.update_mission(
            user=cast["owner"], mission=mission, data={"direction": "inbound"}, expected_version=1
        )


def test_only_those_who_may_edit_the_mission_change_its_direction(cast):
    mission = trip(cast["owner"])
    with pytest.raises(PermissionDenied):
        change_mission_direction(
            user=cast["outsider"], mission=mission, direction="inbound", expected_version=1
        )
    url = reverse("missions:direction", args=[mission.pk])
    assert outcome(client_for(cast["outsider"]).post(url, {"version": 1})) == 404
    assert outcome(client_for(cast["reviewer"]).post(url, {"version": 1})) == 403
    assert Mission.objects.get().direction == "outbound"


def test_the_direction_page_asks_then_turns_a_visit_into_a_trip(cast):
    mission = visit(cast["owner"])
    url = reverse("missions:direction", args=[mission.pk])
    client = client_for(cast["colleague"])
    assert texts(client.get(url), "//h1") == ["改為出訪"]
    response = client.post(url, {"version": mission.version})
    assert response.status_code == 302
    assert Mission.objects.get().direction == "outbound"
    assert Report.objects.filter(mission=mission).exists()


def test_the_direction_page_says_why_a_written_report_stops_the_change(cast):
    mission = trip(cast["owner"])
    add_block(
        user=cast["owner"], chapter=mission.report.chapters.first(), after=None,
        kind=BlockKind.PARAGRAPH, data={"text": "目的"},
    )  # fmt: skip
    mission.refresh_from_db()
    url = reverse("missions:direction", args=[mission.pk])
    response = client_for(cast["owner"]).post(url, {"version": mission.version})
    assert response.status_code == 200
    assert "不能改為來訪" in texts(response, "//div[" + has_class("form-errors") + "]")[0]
    assert Mission.objects.get().direction == "outbound"


def test_an_imported_report_marked_as_a_visit_becomes_a_trip_and_says_so(cast, seed_report):
    document = report_document(seed_report)
    document["mission"]["direction"] = "inbound"
    report, warnings = save_document(document, user=cast["owner"])
    assert report.mission.direction == "outbound"
    assert warnings[0] == "出國報告屬於出訪任務（來訪不需出國報告）：已將任務設為出訪。"


def test_the_briefing_pack_of_a_visit_speaks_of_the_visitors_city(cast):
    mission = visit(cast["owner"])
    client = client_for(cast["owner"])
    response = client.get(reverse("relations:briefing", args=[mission.pk]))
    assert "來訪者城市" in texts(response, "//h2")
    assert texts(response, "//p[" + has_class("first-visit") + "]") == [
        "本府首次接待來自東京的訪客：尚無曾會晤人員、有效協定、待辦事項或過去報告的紀錄。"
    ]
    assert "出國" not in tree(response).xpath("string(//main)")
    pdf = client.get(reverse("relations:briefing_pdf", args=[mission.pk]))
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")


def test_deleting_a_visit_says_what_goes_with_it(cast):
    mission = visit(cast["owner"])
    response = client_for(cast["officer"]).get(reverse("missions:delete", args=[mission.pk]))
    assert (
        texts(response, "//main//li")[0]
        == "一併刪除：來訪人員、接待行程與參訪紀錄，也會從搜尋中移除。"
    )
    assert (
        client_for(cast["officer"]).post(reverse("missions:delete", args=[mission.pk])).status_code
        == 302
    )
    assert not Mission.objects.exists()


def test_the_list_filters_visits_from_trips(cast):
    visit(cast["owner"])
    trip(cast["owner"])
    client = client_for(cast["owner"])
    titles = "//td[" + has_class("title-cell") + "]/a"
    inbound = client.get(reverse("missions:list"), {"direction": "inbound"})
    assert texts(inbound, titles) == ["東京都政府代表團來訪"]
    outbound = client.get(reverse("missions:list"), {"direction": "outbound"})
    assert texts(outbound, titles) == ["赴東京出席高峰會"]
