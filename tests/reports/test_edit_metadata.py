"""The report's portal metadata on the editing page: saved as typed, the 摘要's length
warned about but never blocking, refused when someone else saved first."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from envoy.core.lib.locking import EditConflict
from envoy.core.models import AuditEntry
from envoy.reports.enums import BlockKind
from envoy.reports.models import Block, CategoryCode, Chapter, Report
from tests.conftest import client_for

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def category_lists(db):
    """The entries the form below picks, whether or not the seeded lists are still there
    (a transactional test earlier in the session empties what migrations filled)."""
    CategoryCode.objects.get_or_create(kind="subject", code="S16", defaults={"name": "國際事務"})
    CategoryCode.objects.get_or_create(kind="policy", code="P01", defaults={"name": "綜合規劃"})


def form_data(**changes) -> dict:
    data = {
        "title": "赴日本東京出席 2026 G-NETS 首長高峰會出國報告",
        "keywords": "G-NETS、韌性城市, 城市外交，永續",
        "subject_category": "國際事務",
        "policy_category": "綜合規劃",
        "summary": "摘" * 250,
        "report_date": "115/7/15",
        "page_count": "38",
        "portal_id": "C11500123",
        "version": 1,
    }
    return {**data, **changes}


def edit_url(report: Report) -> str:
    return reverse("reports:edit", args=[report.pk])


def test_the_metadata_is_saved_with_keywords_as_a_list_and_the_roc_date_read(mission_report, cast):
    response = client_for(cast["owner"]).post(edit_url(mission_report), form_data())
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{mission_report.pk}/edit/#metadata"
    report = Report.objects.get(pk=mission_report.pk)
    assert (
        report.title,
        report.keywords,
        report.subject_category,
        report.policy_category,
        report.summary,
        report.report_date,
        report.page_count,
        report.portal_id,
        report.version,
    ) == (
        "赴日本東京出席 2026 G-NETS 首長高峰會出國報告",
        ["G-NETS", "韌性城市", "城市外交", "永續"],
        "國際事務",
        "綜合規劃",
        "摘" * 250,
        dt.date(2026, 7, 15),
        38,
        "C11500123",
        2,
    )
    entry = AuditEntry.objects.get(action="report.metadata_updated")
    assert (entry.user, entry.mission_id) == (cast["owner"], mission_report.mission_id)


def test_the_form_shows_keywords_joined_by_the_enumeration_comma(mission_report, cast):
    Report.objects.filter(pk=mission_report.pk).update(keywords=["G-NETS", "韌性城市"])
    html = client_for(cast["owner"]).get(edit_url(mission_report)).content.decode()
    assert 'name="keywords" value="G-NETS、韌性城市"' in html


@pytest.mark.parametrize("length", [0, 150, 199, 301, 420])
def test_a_short_or_long_summary_is_saved_with_a_warning(mission_report, cast, length):
    client = client_for(cast["owner"])
    response = client.post(edit_url(mission_report), form_data(summary="字" * length), follow=True)
    assert response.status_code == 200
    messages = [(m.level_tag, m.message) for m in response.context["messages"]]
    assert messages == [
        ("success", "報告資料已儲存。"),
        ("warning", f"摘要目前 {length} 字，建議 200–300 字。"),
    ]
    assert Report.objects.get(pk=mission_report.pk).summary == "字" * length


@pytest.mark.parametrize("length", [200, 250, 300])
def test_a_summary_of_200_to_300_characters_brings_no_warning(mission_report, cast, length):
    client = client_for(cast["owner"])
    response = client.post(edit_url(mission_report), form_data(summary="字" * length), follow=True)
    messages = [(m.level_tag, m.message) for m in response.context["messages"]]
    assert messages == [("success", "報告資料已儲存。")]


def test_with_htmx_the_saved_form_comes_back_with_the_warning(mission_report, cast):
    response = client_for(cast["owner"]).post(
        edit_url(mission_report), form_data(summary="字" * 120), headers=HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card metadata" id="metadata"')
    assert "報告資料已儲存。" in html
    assert "摘要目前 120 字，建議 200–300 字。" in html
    assert 'name="version" value="2"' in html


def test_line_breaks_do_not_count_in_the_summary_length(mission_report, cast):
    url = reverse("reports:edit_summary_count", args=[mission_report.pk])
    summary = "字" * 100 + "\r\n" + "字" * 100
    response = client_for(cast["owner"]).post(url, {"summary": summary}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<p id="summary-count" class="summary-count"')
    assert "摘要目前 200 字。" in html


def test_the_live_counter_warns_as_the_user_types(mission_report, cast):
    url = reverse("reports:edit_summary_count", args=[mission_report.pk])
    response = client_for(cast["owner"]).post(url, {"summary": "短短的摘要"}, headers=HTMX)
    html = response.content.decode()
    assert '<p id="summary-count" class="summary-count warning-box"' in html
    assert "摘要目前 5 字，建議 200–300 字。" in html


def test_the_summary_field_asks_for_the_counter_as_the_user_types(mission_report, cast):
    html = client_for(cast["owner"]).get(edit_url(mission_report)).content.decode()
    count_url = reverse("reports:edit_summary_count", args=[mission_report.pk])
    assert f'hx-post="{count_url}"' in html
    # Every change, a paste with the mouse included (keyup missed those).
    assert 'hx-trigger="input changed delay:300ms"' in html


def test_the_summary_is_kept_exactly_as_typed(mission_report, cast):
    summary = "  第一段，前有空白。\r\n\r\n  第二段。  "
    client_for(cast["owner"]).post(edit_url(mission_report), form_data(summary=summary))
    assert (
        Report.objects.get(pk=mission_report.pk).summary == "  第一段，前有空白。\n\n  第二段。  "
    )


@pytest.mark.parametrize("htmx", [True, False])
def test_a_metadata_save_after_someone_elses_is_refused_with_the_typed_form(
    mission_report, cast, htmx
):
    headers = HTMX if htmx else {}
    client_for(cast["owner"]).post(edit_url(mission_report), form_data(portal_id="C1"))
    response = client_for(cast["colleague"]).post(
        edit_url(mission_report), form_data(portal_id="C2", summary="我的摘要"), headers=headers
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert f'<div class="conflict" role="alert">{EditConflict.message}</div>' in html
    assert 'name="portal_id" value="C2"' in html
    assert "我的摘要</textarea>" in html
    assert Report.objects.get(pk=mission_report.pk).portal_id == "C1"


def test_an_invalid_metadata_form_keeps_what_was_typed(mission_report, cast):
    response = client_for(cast["owner"]).post(
        edit_url(mission_report),
        form_data(title="", report_date="明年", summary="打到一半的摘要"),
        headers=HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "這個欄位是必須的。" in html
    assert "無法辨識「明年」，請輸入日期，例如 115/4/26 或 2026-04-26。" in html
    assert 'value="明年"' in html
    assert "打到一半的摘要</textarea>" in html
    assert Report.objects.get(pk=mission_report.pk).version == 1


def count_page_queries(client, report: Report) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(edit_url(report)).status_code == 200
    return len(queries)


def test_the_editing_page_takes_as_many_queries_for_one_block_as_for_the_whole_seed(
    mission_report, cast
):
    from envoy.reports.models import Photo

    client = client_for(cast["owner"])
    small = Report.objects.create(mission=_new_mission(mission_report), title="短報告")
    one = Chapter.objects.create(report=small, number=1, title="目的")
    group = Block.objects.create(chapter=one, kind=BlockKind.FIGURES, text="合影")
    Photo.objects.create(figure_group=group, image="photos/a.jpg", sha256="0" * 64)
    for n, seed_group in enumerate(
        Block.objects.filter(kind=BlockKind.FIGURES, chapter__report=mission_report)
    ):
        for position in range(n % 3 + 1):
            Photo.objects.create(
                figure_group=seed_group, position=position, image="photos/b.jpg", sha256="1" * 64
            )
    count_page_queries(client, small)  # the working-day calendar is read once a process
    few = count_page_queries(client, small)
    many = count_page_queries(client, mission_report)
    assert Block.objects.filter(chapter__report=mission_report).count() == 54
    assert many == few


def _new_mission(report: Report):
    from envoy.missions.models import Mission

    return Mission.objects.create(
        title="另一任務",
        bureau=report.mission.bureau,
        start_date=report.mission.start_date,
        end_date=report.mission.end_date,
    )
