"""The review form (出國報告審核表): the checks Envoy makes before submission, the
traveller's self-check and the reviewer's part filled on the workflow page, returning with a
reason, the signature blocks, and the form printed as PDF and ODT and on the print page."""

import datetime as dt
import io

import pypdfium2 as pdfium
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from odfdo import Document

from envoy.core.models import AuditEntry
from envoy.reports import services
from envoy.reports.checks import run_checks, summary_length
from envoy.reports.enums import BlockKind, PointMarker, ReportStatus
from envoy.reports.models import Block, Chapter, Report, ReviewEvent, ReviewForm
from envoy.reports.review import review_sheet
from tests.conftest import FIXTURES, client_for, fill_cover

S = ReportStatus
HTMX = {"HX-Request": "true"}
CAST = ["officer", "owner", "colleague", "outsider", "reviewer", "viewer", "admin", "anonymous"]
SHAPES = FIXTURES / "reports" / "shapes"
# A 摘要 of exactly 250 characters (no whitespace).
GOOD_SUMMARY = "本府代表團出席高峰會並分享新北經驗。" * 13 + "本府代表團出席高峰會"


@pytest.fixture
def ready_report(mission_report):
    report = fill_cover(mission_report)
    Report.objects.filter(pk=report.pk).update(summary=GOOD_SUMMARY)
    report.refresh_from_db()
    return report


def at_status(report: Report, status: str) -> Report:
    Report.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()
    return report


def chapter(report: Report, title: str) -> Chapter:
    return Chapter.objects.get(report=report, title=title)


def findings(report: Report, **kwargs) -> dict[str, bool]:
    return {check.code: check.ok for check in run_checks(report, **kwargs)}


def self_url(report):
    return reverse("reports:review_self_check", args=[report.pk])


def reviewer_url(report):
    return reverse("reports:review_reviewer", args=[report.pk])


def workflow_url(report):
    return reverse("reports:workflow", args=[report.pk])


def stored_form(report) -> ReviewForm:
    return ReviewForm.objects.get(report=report)


REVIEW = {
    "on_time": "on",
    "format_complete": "on",
    "no_plagiarism": "on",
    "content_complete": "on",
    "recommendations_useful": "on",
    "refer_internal": "on",
    "publication_methods": ["briefing", "other"],
    "publication_other": "於本府國際事務知識平台分享",
    "other_opinion": "請國際事務科彙整建議事項列管。",
    "reviewer_title": "科長",
    "version": "1",
}


# ----- The checks -----


def test_the_seed_passes_every_check_but_its_short_summary_and_due_date(mission_report):
    report = fill_cover(mission_report)
    checks = run_checks(report, today=dt.date(2026, 6, 1))
    assert {c.code: c.ok for c in checks} == {
        "summary": False,
        "parts": True,
        "recommendations": True,
        "placeholders": True,
        "captions": True,
        "due": True,
    }
    assert checks.get("recommendations").message == "建議事項 3 點。"
    assert checks.get("summary").message == "摘要目前 19 字（不含空白），應為 200–300 字。"
    assert checks.get("summary").places[0].url == f"/reports/{report.pk}/edit/#metadata"


@pytest.mark.parametrize(
    ("length", "ok"),
    [(150, False), (199, False), (200, True), (250, True), (300, True), (350, False)],
)
def test_the_summary_must_be_200_to_300_characters(ready_report, length, ok):
    Report.objects.filter(pk=ready_report.pk).update(summary="字" * length)
    ready_report.refresh_from_db()
    check = run_checks(ready_report).get("summary")
    assert check.ok is ok
    if not ok:
        assert check.message == f"摘要目前 {length} 字（不含空白），應為 200–300 字。"


def test_whitespace_does_not_count_in_the_summary_but_punctuation_and_latin_do():
    assert summary_length("G-NETS 高峰會，\r\n  東京。\t") == 13
    assert summary_length("字 " * 200) == 200


def test_a_report_without_reflections_lacks_a_part_and_links_to_the_chapters(ready_report):
    chapter(ready_report, "心得").delete()
    check = run_checks(ready_report).get("parts")
    assert check.ok is False
    assert check.message == "本文缺少：心得（應具備目的、過程、心得及建議事項）。"
    assert [p.url for p in check.places] == [f"/reports/{ready_report.pk}/edit/#chapters"]


def test_a_report_without_recommendations_lacks_the_part_and_the_three_points(ready_report):
    chapter(ready_report, "建議").delete()
    checks = run_checks(ready_report)
    assert checks.get("parts").message == "本文缺少：建議（應具備目的、過程、心得及建議事項）。"
    assert checks.get("recommendations").message == (
        "建議事項目前 0 點，至少應有 3 點具體建議（以一、二、三條列）。"
    )


def test_merged_chapter_titles_count_as_the_four_parts(ready_report):
    titles = {"目的": "出國目的", "過程": "行程及過程", "心得": "心得及建議"}
    for old, new in titles.items():
        Chapter.objects.filter(report=ready_report, title=old).update(title=new)
    # 建議's points move into 心得及建議, after a section heading naming them.
    merged = chapter(ready_report, "心得及建議")
    recommendations = chapter(ready_report, "建議")
    Block.objects.create(chapter=merged, position=100, kind=BlockKind.SECTION, text="建議事項")
    Block.objects.filter(chapter=recommendations).update(chapter=merged, position=200)
    recommendations.delete()
    checks = run_checks(ready_report)
    assert (checks.get("parts").ok, checks.get("recommendations").message) == (
        True,
        "建議事項 3 點。",
    )


@pytest.mark.parametrize(
    "name",
    [
        "labor-vocational-korea-2011.txt",  # 出國目的 / 行程及過程 / 心得及建議
        "taipei-zoo-leipzig-2014.txt",  # 考察目的 / 考察內容 / 結論與建議
        "moe-germany-vocational-2019.txt",  # 前言 / 參訪過程 / 心得 / 建議事項
        "wra-netherlands-2016.docx",  # 前言 / 考察行程及內容 / 心得 / 建議
        "tari-research-tsukuba-2005.txt",  # 目的 / 研究過程 / 研究心得 / 建議
        "taichung-hospital-usa-2023.txt",  # 目的 / 過程 / 心得與建議
    ],
)
def test_reports_written_to_other_templates_have_the_four_parts(db, name):
    report = services.import_report_file(SHAPES / name).report
    assert run_checks(report).get("parts").ok is True


def test_the_least_number_of_recommendations_is_a_setting(ready_report, settings):
    settings.ENVOY_MIN_RECOMMENDATIONS = 5
    check = run_checks(ready_report).get("recommendations")
    assert check.ok is False
    assert check.message == "建議事項目前 3 點，至少應有 5 點具體建議（以一、二、三條列）。"
    assert check.places[0].url.endswith(f"#chapter-{chapter(ready_report, '建議').pk}")
    settings.ENVOY_MIN_RECOMMENDATIONS = 0
    assert "recommendations" not in findings(ready_report)


def test_sub_points_of_a_recommendation_are_not_counted_as_recommendations(ready_report):
    recommendations = chapter(ready_report, "建議")
    for n in range(4):
        Block.objects.create(
            chapter=recommendations,
            position=300 + n,
            kind=BlockKind.POINT,
            marker=PointMarker.PAREN,
            text=f"細項 {n}",
        )
    assert run_checks(ready_report).get("recommendations").message == "建議事項 3 點。"


def test_placeholders_left_in_the_text_are_found_with_links_to_each_block(ready_report):
    process = chapter(ready_report, "過程")
    one = Block.objects.create(
        chapter=process, position=500, kind=BlockKind.PARAGRAPH, text="拜會東京都○○局長。"
    )
    two = Block.objects.create(
        chapter=process, position=501, kind=BlockKind.PARAGRAPH, text="會後參訪（待填）"
    )
    Report.objects.filter(pk=ready_report.pk).update(summary=GOOD_SUMMARY + "TODO")
    ready_report.refresh_from_db()
    check = run_checks(ready_report).get("placeholders")
    assert check.ok is False
    assert check.message == "有 3 處留有待填文字（○○、XXX、待填、TODO）。"
    base = f"/reports/{ready_report.pk}/edit/"
    assert [p.url for p in check.places] == [
        base + "#metadata",
        base + f"#block-{one.pk}",
        base + f"#block-{two.pk}",
    ]
    assert check.places[1].label == "…拜會東京都○○局長。…"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("拜會○○局長", True),
        ("〇〇〇年〇月〇日", True),
        ("於二〇〇一年開通", False),
        ("二○○五年起", False),
        ("尺寸 XXXL 以上", True),
        ("todo：補照片", True),
        ("本府 Xbox 展示", False),
    ],
)
def test_placeholders_are_told_from_years_written_with_circles(ready_report, text, found):
    Block.objects.create(
        chapter=chapter(ready_report, "過程"), position=900, kind=BlockKind.PARAGRAPH, text=text
    )
    assert findings(ready_report)["placeholders"] is not found


def test_many_placeholders_list_five_places_and_count_the_rest(ready_report):
    process = chapter(ready_report, "過程")
    Block.objects.bulk_create(
        Block(chapter=process, position=600 + n, kind=BlockKind.PARAGRAPH, text=f"XXX {n}")
        for n in range(8)
    )
    check = run_checks(ready_report).get("placeholders")
    assert (len(check.places), check.more) == (5, 3)


def test_an_uncaptioned_figure_group_is_found(ready_report):
    group = Block.objects.filter(chapter__report=ready_report, kind=BlockKind.FIGURES).first()
    Block.objects.filter(pk=group.pk).update(text="  ")
    check = run_checks(ready_report).get("captions")
    assert check.ok is False
    assert check.message == "1 組圖片沒有圖說。"
    assert check.places[0].label == f"圖 {group.figure_label}"
    assert check.places[0].url.endswith(f"#block-{group.pk}")


def test_the_due_date_check_shows_overdue_and_then_the_day_of_submission(ready_report):
    due = ready_report.due_date
    assert run_checks(ready_report, today=due).get("due").message.startswith("繳交期限 ")
    late = run_checks(ready_report, today=due + dt.timedelta(days=3)).get("due")
    assert (late.ok, late.message) == (
        False,
        f"已逾繳交期限（{due.year - 1911}/{due.month}/{due.day}）3 天，請儘速送審。",
    )
    on_time = run_checks(ready_report, today=due + dt.timedelta(days=30), submitted_on=due)
    assert on_time.get("due").ok is True


def test_warnings_do_not_block_submission_but_missing_cover_fields_do(mission_report, cast):
    report = fill_cover(mission_report)
    chapter(report, "心得").delete()
    assert findings(report)["parts"] is False
    services.move_report(user=cast["owner"], report=report, to_status=S.SUBMITTED)
    assert Report.objects.get(pk=report.pk).status == S.SUBMITTED


def test_the_panel_shows_the_checks_with_links_to_fix_them_for_editors_only(ready_report, cast):
    chapter(ready_report, "心得").delete()
    html = client_for(cast["owner"]).get(workflow_url(ready_report)).content.decode()
    assert "送審前檢查" in html
    assert "本文缺少：心得（應具備目的、過程、心得及建議事項）。" in html
    assert f'<a href="/reports/{ready_report.pk}/edit/#chapters">新增或修改章名</a>' in html
    at_status(ready_report, S.SUBMITTED)
    html = client_for(cast["reviewer"]).get(workflow_url(ready_report)).content.decode()
    assert "本文缺少：心得" in html
    assert f'href="/reports/{ready_report.pk}/edit/#chapters"' not in html


def test_the_panel_leaves_the_checks_out_once_the_report_is_approved(ready_report, cast):
    at_status(ready_report, S.APPROVED)
    html = client_for(cast["owner"]).get(workflow_url(ready_report)).content.decode()
    assert "送審前檢查" not in html
    assert "系統檢查：本文具備目的、過程、心得及建議事項。" in html  # on the form, still


def test_the_workflow_page_takes_as_many_queries_for_a_long_report_as_a_short_one(
    ready_report, cast
):
    client = client_for(cast["owner"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(workflow_url(ready_report)).status_code == 200
        return len(captured)

    queries()
    short = queries()
    process = chapter(ready_report, "過程")
    Block.objects.bulk_create(
        Block(chapter=process, position=700 + n, kind=kind, text=text)
        for n, (kind, text) in enumerate(
            [(BlockKind.PARAGRAPH, "○○"), (BlockKind.FIGURES, "")] * 15
        )
    )
    services.save_self_check(
        user=cast["owner"], report=ready_report, data={"self_on_time": True}, expected_version=1
    )
    assert queries() == short


# ----- Filling in the form -----


@pytest.mark.parametrize("who", CAST)
def test_the_self_check_is_filled_by_those_who_may_change_the_report(ready_report, cast, who):
    response = client_for(cast[who]).post(
        self_url(ready_report), {"self_on_time": "on", "self_no_plagiarism": "on", "version": "1"}
    )
    allowed = {"officer", "owner", "colleague", "admin"}
    expected = 302 if who in allowed else {"outsider": 404, "anonymous": 302}.get(who, 403)
    assert response.status_code == expected
    if who in allowed:
        form = stored_form(ready_report)
        assert (form.self_on_time, form.self_format_complete, form.self_no_plagiarism) == (
            True,
            False,
            True,
        )
        assert (form.self_checked_by, form.version) == (cast[who], 2)
        assert response["Location"] == workflow_url(ready_report) + "#review-form"
    else:
        assert not ReviewForm.objects.exists()


def test_the_self_check_is_closed_once_submitted(ready_report, cast):
    at_status(ready_report, S.SUBMITTED)
    response = client_for(cast["owner"]).post(self_url(ready_report), {"version": "1"})
    assert response.status_code == 403


@pytest.mark.parametrize("who", CAST)
def test_the_reviewers_part_is_filled_by_reviewers_of_a_submitted_report(ready_report, cast, who):
    at_status(ready_report, S.SUBMITTED)
    response = client_for(cast[who]).post(reviewer_url(ready_report), REVIEW)
    allowed = {"reviewer", "admin"}
    expected = 302 if who in allowed else {"outsider": 404, "anonymous": 302}.get(who, 403)
    assert response.status_code == expected
    if who in allowed:
        form = stored_form(ready_report)
        assert (form.refer_internal, form.refer_superior, form.return_reasons) == (True, False, [])
        assert form.publication_methods == ["briefing", "other"]
        assert (form.publication_other, form.other_opinion, form.reviewer_title) == (
            "於本府國際事務知識平台分享",
            "請國際事務科彙整建議事項列管。",
            "科長",
        )
        assert form.reviewed_by == cast[who]
    else:
        assert not ReviewForm.objects.exists()


def test_the_reviewers_part_is_closed_before_submission(ready_report, cast):
    response = client_for(cast["reviewer"]).post(reviewer_url(ready_report), REVIEW)
    assert response.status_code == 403


def test_the_forms_are_saved_in_place_with_htmx(ready_report, cast):
    response = client_for(cast["owner"]).post(
        self_url(ready_report), {"self_on_time": "on", "version": "1"}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="card review-form" id="review-form"')
    assert "審核表自評已儲存。" in html
    assert 'name="version" value="2"' in html


def test_a_save_made_from_an_older_form_is_refused_and_keeps_what_was_typed(ready_report, cast):
    client = client_for(cast["owner"])
    client.post(self_url(ready_report), {"self_on_time": "on", "version": "1"})
    response = client.post(
        self_url(ready_report), {"self_content_complete": "on", "version": "1"}, headers=HTMX
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "已被其他人修改並儲存" in html
    assert 'name="self_content_complete" id="id_self_self_content_complete" checked' in html
    form = stored_form(ready_report)
    assert (form.self_on_time, form.self_content_complete, form.version) == (True, False, 2)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"publication_methods": ["other"], "publication_other": " "},
            "勾選「其他」時請寫明公開發表方式。",
        ),
        ({"return_reasons": ["lazy"]}, "lazy"),
        ({"version": "x"}, ""),
    ],
)
def test_bad_input_on_the_reviewers_part_is_refused_with_a_message(
    ready_report, cast, data, message
):
    at_status(ready_report, S.SUBMITTED)
    response = client_for(cast["reviewer"]).post(
        reviewer_url(ready_report), {**REVIEW, **data}, headers=HTMX
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ReviewForm.objects.exists()


def test_items_1_and_2_start_from_what_the_system_checked(ready_report, cast):
    at_status(ready_report, S.SUBMITTED)
    response = client_for(cast["reviewer"]).get(workflow_url(ready_report))
    form = response.context["reviewer_form"]
    assert form["format_complete"].value() is True
    assert form["no_plagiarism"].value() is False
    chapter(ready_report, "心得").delete()
    response = client_for(cast["reviewer"]).get(workflow_url(ready_report))
    assert response.context["reviewer_form"]["format_complete"].value() is False


def test_a_reviewers_next_form_starts_from_the_title_they_typed_last(ready_report, cast):
    at_status(ready_report, S.SUBMITTED)
    client = client_for(cast["reviewer"])
    assert (
        client.get(workflow_url(ready_report)).context["reviewer_form"]["reviewer_title"].value()
        == ""
    )
    client.post(reviewer_url(ready_report), REVIEW)
    from envoy.missions.models import Mission

    other = services.create_mission_with_report(
        user=cast["owner"],
        title="另一個任務",
        start_date=dt.date(2026, 5, 1),
        end_date=dt.date(2026, 5, 3),
        bureau=ready_report.mission.bureau,
    ).report
    at_status(other, S.SUBMITTED)
    form = client.get(workflow_url(other)).context["reviewer_form"]
    assert form["reviewer_title"].value() == "科長"
    assert Mission.objects.count() == 2


def test_saving_the_form_is_recorded_in_the_audit_trail(ready_report, cast):
    client_for(cast["owner"]).post(self_url(ready_report), {"self_on_time": "on", "version": "1"})
    at_status(ready_report, S.SUBMITTED)
    client_for(cast["reviewer"]).post(reviewer_url(ready_report), {**REVIEW, "version": "2"})
    entries = AuditEntry.objects.filter(object_type="reports.reviewform").order_by("id")
    assert [(e.action, e.user, e.mission_id) for e in entries] == [
        ("review_form.self_checked", cast["owner"], ready_report.mission_id),
        ("review_form.reviewed", cast["reviewer"], ready_report.mission_id),
    ]


# ----- Returning with reasons -----


def test_a_return_may_tick_reasons_instead_of_writing_a_comment(ready_report, cast):
    at_status(ready_report, S.SUBMITTED)
    response = client_for(cast["reviewer"]).post(
        workflow_url(ready_report),
        {
            "to_status": S.RETURNED,
            "comment": "",
            "reasons_shown": "1",
            "reasons": ["thin", "uncited"],
        },
    )
    assert response.status_code == 302
    event = ReviewEvent.objects.get(report=ready_report)
    assert (event.comment, event.reasons) == ("", ["thin", "uncited"])
    assert stored_form(ready_report).return_reasons == ["thin", "uncited"]
    html = client_for(cast["owner"]).get(workflow_url(ready_report)).content.decode()
    assert "退回補正原因：內容空洞簡略或未涵蓋規定要項、引用其他資料未註明資料來源" in html
    entry = AuditEntry.objects.get(action="report.returned")
    assert (
        entry.summary
        == "已送審 → 退回修改（內容空洞簡略或未涵蓋規定要項、引用其他資料未註明資料來源）"
    )


def test_reasons_ticked_on_the_form_count_for_a_return(ready_report, cast):
    at_status(ready_report, S.SUBMITTED)
    client = client_for(cast["reviewer"])
    client.post(reviewer_url(ready_report), {**REVIEW, "return_reasons": ["plagiarism"]})
    services.move_report(user=cast["reviewer"], report=ready_report, to_status=S.RETURNED)
    assert ReviewEvent.objects.get(report=ready_report).reasons == ["plagiarism"]


def test_a_report_cannot_be_approved_with_return_reasons_ticked(ready_report, cast):
    at_status(ready_report, S.SUBMITTED)
    client = client_for(cast["reviewer"])
    client.post(reviewer_url(ready_report), {**REVIEW, "return_reasons": ["plagiarism"]})
    response = client.post(workflow_url(ready_report), {"to_status": S.APPROVED})
    assert response.status_code == 422
    assert "審核表已勾選「退回補正」原因，不能核定" in response.content.decode()
    assert Report.objects.get(pk=ready_report.pk).status == S.SUBMITTED


def test_resubmitting_starts_a_new_round_without_the_old_reasons(ready_report, cast):
    at_status(ready_report, S.SUBMITTED)
    services.move_report(
        user=cast["reviewer"], report=ready_report, to_status=S.RETURNED, reasons=["thin"]
    )
    services.move_report(user=cast["owner"], report=ready_report, to_status=S.SUBMITTED)
    assert stored_form(ready_report).return_reasons == []
    assert ReviewEvent.objects.filter(reasons=["thin"]).count() == 1
    services.move_report(user=cast["reviewer"], report=ready_report, to_status=S.APPROVED)


def test_an_unknown_reason_is_refused(ready_report, cast):
    at_status(ready_report, S.SUBMITTED)
    with pytest.raises(Exception) as error:
        services.move_report(
            user=cast["reviewer"], report=ready_report, to_status=S.RETURNED, reasons=["lazy"]
        )
    assert "不明的退回補正原因。" in str(error.value)


# ----- Signatures -----


def test_signatures_come_from_the_delegation_and_the_review_events(ready_report, cast):
    from envoy.missions.models import DelegationMember

    DelegationMember.objects.create(mission=ready_report.mission, name="林小明", title="科員")
    services.save_self_check(
        user=cast["owner"], report=ready_report, data={"self_on_time": True}, expected_version=1
    )
    services.move_report(user=cast["owner"], report=ready_report, to_status=S.SUBMITTED)
    services.save_review(
        user=cast["reviewer"],
        report=ready_report,
        data={**{k: v for k, v in REVIEW.items() if k != "version"}, "publication_methods": []},
        expected_version=2,
    )
    services.move_report(
        user=cast["reviewer"], report=ready_report, to_status=S.RETURNED, comment="請補充。"
    )
    sheet = review_sheet(ready_report)
    assert [(s.label, s.name, s.title) for s in sheet.signatures] == [
        ("出國人員", "祝惠美", "處長"),
        ("一級單位主管", "reviewer", "科長"),
        ("機關首長或其授權人員", "", ""),
    ]
    services.move_report(user=cast["owner"], report=ready_report, to_status=S.SUBMITTED)
    services.move_report(user=cast["admin"], report=ready_report, to_status=S.APPROVED)
    sheet = review_sheet(Report.objects.get(pk=ready_report.pk))
    today = timezone.localdate()
    assert [(s.name, s.title, s.date) for s in sheet.signatures] == [
        ("祝惠美", "處長", today),
        ("reviewer", "科長", today),
        ("admin", "", today),
    ]
    assert (sheet.travellers, sheet.submitted_on) == (2, today)


def test_the_unit_head_is_whoever_decided_when_nobody_filled_the_reviewers_part(ready_report, cast):
    at_status(ready_report, S.SUBMITTED)
    services.move_report(user=cast["reviewer"], report=ready_report, to_status=S.APPROVED)
    sheet = review_sheet(ready_report)
    assert [s.name for s in sheet.signatures] == ["祝惠美", "reviewer", "reviewer"]


# ----- Printing -----


def reviewed(ready_report, cast) -> Report:
    services.save_self_check(
        user=cast["owner"],
        report=ready_report,
        data={"self_on_time": True, "self_format_complete": True},
        expected_version=1,
    )
    services.move_report(user=cast["owner"], report=ready_report, to_status=S.SUBMITTED)
    data = {k: v for k, v in REVIEW.items() if k != "version"}
    services.save_review(user=cast["reviewer"], report=ready_report, data=data, expected_version=2)
    services.move_report(user=cast["reviewer"], report=ready_report, to_status=S.APPROVED)
    return Report.objects.get(pk=ready_report.pk)


def pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    return "".join(text.split())


def test_the_review_form_prints_as_a_pdf_of_one_page_with_its_ticks_and_signatures(
    ready_report, cast
):
    report = reviewed(ready_report, cast)
    data = services.export_review_form(report.pk, "pdf")
    assert len(pdfium.PdfDocument(data)) == 1
    text = pdf_text(data)
    assert text.startswith("出國報告審核表出國報告名稱赴日本東京出席")
    for expected in [
        "出國人員祝惠美（處長）",
        "服務單位新北市政府秘書處",
        "出國類別其他(出席國際會議)",
        "審核項目出國人員自評審核意見",
        "1.依限繳交出國報告",
        "系統檢查：本文具備目的、過程、心得及建議事項。",
        "3.無抄襲相關出國報告□■",
        "6.送本機關參考或研辦—■",
        "7.送上級機關參考—□",
        "■辦理出國報告座談會或說明會□於本機關業務會報提出報告■其他：於本府國際事務知識平台分享",
        "10.其他處理意見及方式：請國際事務科彙整建議事項列管。—■",
        "出國人員簽章一級單位主管簽章機關首長或其授權人員簽章",
        "reviewer科長",
    ]:
        assert expected in text, expected
    assert text.count("□不符原核定出國計畫") == 1


def test_the_review_form_prints_as_an_odt_with_the_same_content(ready_report, cast):
    report = reviewed(ready_report, cast)
    odf = Document(io.BytesIO(services.export_review_form(report.pk, "odt")))
    text = odf.get_formatted_text()
    flat = "".join(text.split())
    assert flat.startswith("出國報告審核表出國報告名稱赴日本東京出席")
    assert "6.送本機關參考或研辦—■" in flat
    assert "出國人員簽章一級單位主管簽章機關首長或其授權人員簽章祝惠美處長" in flat
    tables = odf.body.get_tables()
    assert [t.name for t in tables] == ["審核表", "簽章"]
    assert tables[0].height == 6 + 1 + 10


@pytest.mark.parametrize("who", CAST)
def test_the_review_form_downloads_for_whoever_may_see_the_report(ready_report, cast, who):
    url = reverse("reports:review_form_download", args=[ready_report.pk, "odt"])
    response = client_for(cast[who]).get(url)
    expected = {"outsider": 404, "anonymous": 302}.get(who, 200)
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
        assert "odt" in response["Content-Disposition"]


def test_the_review_form_downloads_only_as_pdf_or_odt(ready_report, cast):
    url = reverse("reports:review_form_download", args=[ready_report.pk, "docx"])
    assert client_for(cast["owner"]).get(url).status_code == 404
    url = reverse("reports:review_form_download", args=[ready_report.pk, "pdf"])
    response = client_for(cast["owner"]).get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")


def test_the_print_page_shows_the_review_form_and_its_downloads(ready_report, cast):
    report = reviewed(ready_report, cast)
    html = (
        client_for(cast["viewer"]).get(reverse("reports:print", args=[report.pk])).content.decode()
    )
    assert '<section class="card review-form" id="review-form"' in html
    assert f'href="/reports/{report.pk}/review-form/download/pdf/"' in html
    assert f'href="/reports/{report.pk}/review-form/download/odt/"' in html
    assert "請國際事務科彙整建議事項列管。" in html
    assert 'action="/reports/' not in html.split('id="review-form"')[1]
