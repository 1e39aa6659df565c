"""Who may open the report editing page and use each of its write addresses.

Editing is for the officer, the owner, a colleague of the same bureau and the administrator;
an outsider does not even learn the report exists (404); a reviewer or a viewer sees it but
may not change it (403); anonymous visitors are sent to sign in. Once the report is
submitted, only the administrator may still change it.
"""

from urllib.parse import quote

import pytest
from django.urls import reverse

from envoy.reports.enums import BlockKind, ReportStatus
from envoy.reports.models import Block, Chapter, Report
from tests.conftest import client_for, fill_cover

CAST = ["officer", "owner", "colleague", "outsider", "reviewer", "viewer", "admin", "anonymous"]
EDITORS = {"officer", "owner", "colleague", "admin"}
DENIED = {"outsider": 404, "reviewer": 403, "viewer": 403}


def first_paragraph(report: Report) -> Block:
    return Block.objects.filter(chapter__report=report, kind=BlockKind.PARAGRAPH).first()


def metadata(report: Report) -> dict:
    return {
        "title": report.title,
        "keywords": "G-NETS、韌性城市",
        "subject_category": "",
        "policy_category": "",
        "summary": "",
        "report_date": "",
        "page_count": "",
        "portal_id": "",
        "version": report.version,
    }


def write_requests(report: Report) -> dict:
    """Every write address of the editing page, with a valid plain-form POST for it."""
    chapter = Chapter.objects.get(report=report, number=1)
    block = first_paragraph(report)
    pk = report.pk
    return {
        "metadata": (reverse("reports:edit", args=[pk]), metadata(report)),
        "summary count": (reverse("reports:edit_summary_count", args=[pk]), {"summary": "摘要"}),
        "add chapter": (reverse("reports:chapter_add", args=[pk]), {"title": "附錄"}),
        "rename chapter": (
            reverse("reports:chapter_rename", args=[pk, chapter.pk]),
            {"title": "目的與背景", "version": chapter.version},
        ),
        "remove chapter": (
            reverse("reports:chapter_remove", args=[pk, chapter.pk]),
            {"version": chapter.version},
        ),
        "move chapter": (
            reverse("reports:chapter_move", args=[pk, chapter.pk]),
            {"direction": "down"},
        ),
        "add block": (
            reverse("reports:block_add", args=[pk, chapter.pk]),
            {"kind": "paragraph", "after": block.pk, "text": "新段落"},
        ),
        "edit block": (
            reverse("reports:block_edit", args=[pk, block.pk]),
            {"text": "改寫的段落", "version": block.version},
        ),
        "remove block": (
            reverse("reports:block_remove", args=[pk, block.pk]),
            {"version": block.version},
        ),
        "move block": (reverse("reports:block_move", args=[pk, block.pk]), {"direction": "down"}),
    }


def read_addresses(report: Report) -> dict:
    """The GET addresses of the editing page (forms and read views of its pieces)."""
    chapter = Chapter.objects.get(report=report, number=1)
    block = first_paragraph(report)
    pk = report.pk
    add = reverse("reports:block_add", args=[pk, chapter.pk])
    return {
        "page": reverse("reports:edit", args=[pk]),
        "rename form": reverse("reports:chapter_rename", args=[pk, chapter.pk]),
        "chapter heading": reverse("reports:chapter_head", args=[pk, chapter.pk]),
        "add form": f"{add}?kind=paragraph&after={block.pk}",
        "block": reverse("reports:block", args=[pk, block.pk]),
        "block form": reverse("reports:block_edit", args=[pk, block.pk]),
    }


WRITES = [
    "metadata",
    "summary count",
    "add chapter",
    "rename chapter",
    "remove chapter",
    "move chapter",
    "add block",
    "edit block",
    "remove block",
    "move block",
]
READS = ["page", "rename form", "chapter heading", "add form", "block", "block form"]


def assert_denied(response, who: str, url: str, *, htmx: bool = False) -> None:
    if who == "anonymous" and htmx:
        # htmx would follow a redirect and swap the sign-in page in: 401 instead.
        assert (response.status_code, response.content) == (401, b"")
    elif who == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={quote(url, safe='/')}"
    else:
        assert response.status_code == DENIED[who]


@pytest.mark.parametrize("who", CAST)
def test_editing_page_opens_for_editors_only(mission_report, cast, who):
    url = reverse("reports:edit", args=[mission_report.pk])
    response = client_for(cast[who]).get(url)
    if who in EDITORS:
        assert response.status_code == 200
        assert response.templates[0].name == "reports/edit.html"
    else:
        assert_denied(response, who, url)


@pytest.mark.parametrize("address", READS)
@pytest.mark.parametrize("who", CAST)
def test_every_editing_form_opens_for_editors_only(mission_report, cast, who, address):
    url = read_addresses(mission_report)[address]
    response = client_for(cast[who]).get(url, headers={"HX-Request": "true"})
    if who in EDITORS:
        assert response.status_code == 200
    else:
        assert_denied(response, who, url, htmx=True)


@pytest.mark.parametrize("endpoint", WRITES)
@pytest.mark.parametrize("who", CAST)
def test_every_write_is_allowed_for_editors_and_refused_to_the_rest(
    mission_report, cast, who, endpoint
):
    url, data = write_requests(mission_report)[endpoint]
    before = Block.objects.filter(chapter__report=mission_report).count()
    response = client_for(cast[who]).post(url, data)
    if who in EDITORS:
        expected = 200 if endpoint == "summary count" else 302
        assert response.status_code == expected
        if expected == 302:
            assert response["Location"].startswith(
                reverse("reports:edit", args=[mission_report.pk])
            )
    else:
        assert_denied(response, who, url)
        assert Block.objects.filter(chapter__report=mission_report).count() == before
        assert Report.objects.get(pk=mission_report.pk).version == 1
        assert Chapter.objects.filter(report=mission_report, version__gt=1).count() == 0


def submit(report: Report, user) -> None:
    from envoy.reports.services import move_report

    fill_cover(report)
    move_report(user=user, report=report, to_status=ReportStatus.SUBMITTED)


@pytest.mark.parametrize("who", ["owner", "colleague", "officer"])
def test_after_submission_editors_may_no_longer_edit(mission_report, cast, who):
    submit(mission_report, cast["owner"])
    client = client_for(cast[who])
    assert client.get(reverse("reports:edit", args=[mission_report.pk])).status_code == 403
    for endpoint in WRITES:
        url, data = write_requests(mission_report)[endpoint]
        assert client.post(url, data).status_code == 403, endpoint


def test_after_submission_the_administrator_may_still_edit(mission_report, cast):
    submit(mission_report, cast["owner"])
    client = client_for(cast["admin"])
    assert client.get(reverse("reports:edit", args=[mission_report.pk])).status_code == 200
    url, data = write_requests(mission_report)["edit block"]
    assert client.post(url, data).status_code == 302
    assert first_paragraph(mission_report).text == "改寫的段落"


def test_a_returned_report_is_editable_again_by_its_owner(mission_report, cast):
    from envoy.reports.services import move_report

    submit(mission_report, cast["owner"])
    move_report(
        user=cast["reviewer"],
        report=mission_report,
        to_status=ReportStatus.RETURNED,
        comment="請補充摘要。",
    )
    response = client_for(cast["owner"]).get(reverse("reports:edit", args=[mission_report.pk]))
    assert response.status_code == 200


def test_a_block_of_another_report_is_not_found_through_this_one(mission_report, cast, bureaus):
    from envoy.reports.services import import_report_file
    from tests.conftest import SEED

    other = import_report_file(SEED, user=cast["owner"], bureau=bureaus["secretariat"]).report
    block = first_paragraph(other)
    url = reverse("reports:block_edit", args=[mission_report.pk, block.pk])
    response = client_for(cast["owner"]).post(url, {"text": "x", "version": block.version})
    assert response.status_code == 404
    assert first_paragraph(other).text == block.text
