"""Classified blocks (限閱): kept in the record and the staff's copies, marked in the editor,
left out of the copy that may be published, and carried through the JSON export."""

import json

import pytest
from django.urls import reverse

from envoy.reports import services
from envoy.reports.document import load_report, report_document
from envoy.reports.enums import BlockKind
from envoy.reports.forms import BlockForm
from envoy.reports.importing import UnreadableReport
from envoy.reports.importing.jsonfile import load_document
from envoy.reports.models import Block, Chapter, Report
from tests.conftest import client_for

HTMX = {"HX-Request": "true"}
SECRET = "限閱測試文字甲乙丙"


def first_paragraph(report: Report) -> Block:
    return Block.objects.filter(chapter__report=report, kind=BlockKind.PARAGRAPH).first()


def restrict(block: Block, text: str = SECRET) -> Block:
    Block.objects.filter(pk=block.pk).update(text=text, restricted=True)
    block.refresh_from_db()
    return block


def texts(document: dict) -> list[str]:
    return [b["text"] for c in document["report"]["chapters"] for b in c["blocks"]]


def edit_url(report: Report, block: Block) -> str:
    return reverse("reports:block_edit", args=[report.pk, block.pk])


# ----- The document -----


def test_the_public_document_leaves_classified_blocks_out(mission_report):
    block = restrict(first_paragraph(mission_report))
    internal = report_document(load_report(mission_report.pk), photos="path")
    public = report_document(load_report(mission_report.pk), photos="path", public=True)
    assert SECRET in texts(internal)
    assert SECRET not in texts(public)
    assert len(texts(internal)) - len(texts(public)) == 1
    chapter = block.chapter
    internal_chapter = internal["report"]["chapters"][chapter.number - 1]
    assert [b for b in internal_chapter["blocks"] if b.get("restricted")] == [
        {"kind": "paragraph", "text": SECRET, "restricted": True}
    ]


def test_a_chapter_all_classified_keeps_its_heading_over_a_notice(mission_report):
    chapter = Chapter.objects.get(report=mission_report, number=1)
    Block.objects.filter(chapter=chapter).update(restricted=True)
    public = report_document(load_report(mission_report.pk), photos="path", public=True)
    assert [(c["number"], c["title"]) for c in public["report"]["chapters"]][0] == (
        1,
        chapter.title,
    )
    assert public["report"]["chapters"][0]["blocks"] == [
        {"kind": "paragraph", "text": "本章內容限閱，不予公開。"}
    ]


def test_an_empty_chapter_stays_empty_in_the_public_document(mission_report):
    chapter = services.add_chapter(
        user=mission_report.mission.created_by, report=mission_report, title="附錄"
    )
    public = report_document(load_report(mission_report.pk), photos="path", public=True)
    assert public["report"]["chapters"][chapter.number - 1] == {
        "number": chapter.number,
        "title": "附錄",
        "blocks": [],
    }


def test_the_public_document_drops_the_imported_table_of_contents(mission_report):
    assert mission_report.source_toc
    public = report_document(load_report(mission_report.pk), photos="path", public=True)
    assert public["report"]["source_toc"] == []


def test_the_staff_pdf_still_prints_classified_blocks(mission_report):
    import pypdfium2 as pdfium

    restrict(first_paragraph(mission_report))
    pdf = pdfium.PdfDocument(services.export_report(mission_report.pk, "pdf"))
    text = "".join("".join(page.get_textpage().get_text_range().split()) for page in pdf)
    assert SECRET in text


# ----- JSON export and import -----


def test_json_marks_only_classified_blocks_and_reads_the_flag_back(mission_report):
    restrict(first_paragraph(mission_report))
    exported = json.loads(services.export_report(mission_report.pk, "json"))
    flags = [b.get("restricted") for c in exported["report"]["chapters"] for b in c["blocks"]]
    assert flags.count(True) == 1
    assert set(flags) == {None, True}
    copy, _ = services.save_document(load_document(json.dumps(exported).encode()))
    assert list(
        Block.objects.filter(chapter__report=copy, restricted=True).values_list("text", flat=True)
    ) == [SECRET]
    again = json.loads(services.export_report(copy.pk, "json"))
    assert again["report"]["chapters"] == exported["report"]["chapters"]


def test_json_with_a_flag_that_is_not_true_or_false_is_refused(mission_report):
    exported = json.loads(services.export_report(mission_report.pk, "json"))
    exported["report"]["chapters"][0]["blocks"][0]["restricted"] = "yes"
    with pytest.raises(UnreadableReport) as error:
        load_document(json.dumps(exported).encode())
    assert error.value.message == "JSON 檔的「report.chapters[0].blocks[0].restricted」內容不正確。"


# ----- The service -----


def test_update_block_sets_and_clears_the_flag(mission_report, cast):
    block = first_paragraph(mission_report)
    services.update_block(
        user=cast["owner"], block=block, data={"text": "甲", "restricted": True}, expected_version=1
    )
    block.refresh_from_db()
    assert (block.text, block.restricted, block.version) == ("甲", True, 2)
    services.update_block(
        user=cast["owner"],
        block=block,
        data={"text": "乙", "restricted": False},
        expected_version=2,
    )
    block.refresh_from_db()
    assert (block.text, block.restricted) == ("乙", False)


def test_update_block_without_the_flag_keeps_it(mission_report, cast):
    block = restrict(first_paragraph(mission_report))
    services.update_block(
        user=cast["owner"], block=block, data={"text": "改寫"}, expected_version=1
    )
    block.refresh_from_db()
    assert (block.text, block.restricted) == ("改寫", True)


def test_add_block_can_add_a_classified_block(mission_report, cast):
    chapter = Chapter.objects.get(report=mission_report, number=1)
    block = services.add_block(
        user=cast["owner"],
        chapter=chapter,
        after=None,
        kind=BlockKind.PARAGRAPH,
        data={"text": SECRET, "restricted": True},
    )
    assert (block.text, block.restricted, block.position) == (SECRET, True, 0)


# ----- The editor -----


def test_the_editor_marks_classified_blocks(mission_report, cast):
    block = restrict(first_paragraph(mission_report))
    html = client_for(cast["owner"]).get(reverse("reports:edit", args=[mission_report.pk]))
    html = html.content.decode()
    assert f'<article class="block kind-paragraph restricted" id="block-{block.pk}">' in html
    assert html.count('<span class="badge restricted"') == 1


def test_the_block_form_has_the_flag_ticked_for_a_classified_block(mission_report):
    block = restrict(first_paragraph(mission_report))
    rendered = str(BlockForm.for_block(block, auto_id="id_%s")["restricted"])
    assert rendered == (
        '<input type="hidden" name="restricted_shown" value="1">'
        '<input type="checkbox" name="restricted" aria-describedby="id_restricted_helptext"'
        ' id="id_restricted" checked>'
    )


@pytest.mark.parametrize(
    "who, status, restricted",
    [
        ("owner", 200, True),
        ("colleague", 200, True),
        ("officer", 200, True),
        ("admin", 200, True),
        ("outsider", 404, False),
        ("reviewer", 403, False),
        ("viewer", 403, False),
        ("anonymous", 401, False),  # an htmx request: 401, not the sign-in redirect
    ],
)
def test_ticking_the_flag_in_the_block_form(mission_report, cast, who, status, restricted):
    block = first_paragraph(mission_report)
    response = client_for(cast[who]).post(
        edit_url(mission_report, block),
        {"text": block.text, "version": 1, "restricted": "on", "restricted_shown": "1"},
        headers=HTMX,
    )
    assert response.status_code == status
    block.refresh_from_db()
    assert block.restricted is restricted


def test_unticking_the_flag_publishes_the_block_again(mission_report, cast):
    block = restrict(first_paragraph(mission_report))
    client_for(cast["owner"]).post(
        edit_url(mission_report, block),
        {"text": block.text, "version": 1, "restricted_shown": "1"},
        headers=HTMX,
    )
    block.refresh_from_db()
    assert block.restricted is False


def test_a_form_that_did_not_draw_the_flag_leaves_it_alone(mission_report, cast):
    block = restrict(first_paragraph(mission_report))
    client_for(cast["owner"]).post(
        edit_url(mission_report, block), {"text": "改寫", "version": 1}, headers=HTMX
    )
    block.refresh_from_db()
    assert (block.text, block.restricted) == ("改寫", True)


def checkbox(html: str) -> str:
    start = html.index('<input type="checkbox" name="restricted"')
    return html[start : html.index(">", start) + 1]


def test_the_edit_and_add_forms_draw_the_flag(mission_report, cast):
    block = restrict(first_paragraph(mission_report))
    client = client_for(cast["owner"])
    html = client.get(edit_url(mission_report, block), headers=HTMX).content.decode()
    assert '<input type="hidden" name="restricted_shown" value="1">' in html
    assert checkbox(html).endswith(" checked>")
    add = reverse("reports:block_add", args=[mission_report.pk, block.chapter_id])
    html = client.get(add, {"kind": "paragraph"}, headers=HTMX).content.decode()
    assert '<input type="hidden" name="restricted_shown" value="1">' in html
    assert "checked" not in checkbox(html)


def test_the_mission_page_marks_classified_blocks_for_those_who_may_open_it(mission_report, cast):
    restrict(first_paragraph(mission_report))
    html = client_for(cast["viewer"]).get(
        reverse("missions:detail", args=[mission_report.mission_id])
    )
    html = html.content.decode()
    assert html.count('<div class="block-restricted"><span class="badge restricted"') == 1
    assert SECRET in html
