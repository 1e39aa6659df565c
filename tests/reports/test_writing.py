"""A chapter (or the whole body) written as one text: written out, read back as an import
reads it, and saved without losing what belongs to the blocks — photos, 限閱 marks, the
follow-up actions proposed from them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from envoy.core.lib.locking import EditConflict
from envoy.core.models import AuditEntry
from envoy.reports import services, writing
from envoy.reports.enums import BlockKind
from envoy.reports.models import Block, Chapter, Photo, Report


def chapters_of(report: Report) -> list[Chapter]:
    return writing.load_chapters(report)


def state(report: Report) -> list:
    """Everything the body holds, block by block, ids included."""
    return [
        (
            c.pk,
            c.number,
            c.title,
            [
                (
                    b.pk,
                    b.kind,
                    b.text,
                    b.date,
                    b.number,
                    b.marker,
                    b.restricted,
                    b.figure_first,
                    b.figure_last,
                    b.position,
                )
                for b in c.block_list
            ],
        )
        for c in chapters_of(report)
    ]


def save(report, text, *, user, chapter=None, kinds=None):
    chapters = writing.load_chapters(report, chapter)
    return services.rewrite_body(
        user=user,
        report=report,
        text=text,
        base=writing.fingerprint(chapters),
        chapter=chapter,
        kinds=kinds,
    )


def written(report, chapter=None) -> str:
    chapters = writing.load_chapters(report, chapter)
    return writing.body_text(chapters, headings=chapter is None, style=report.heading_style)


def test_the_seed_written_out_and_saved_unchanged_changes_nothing(mission_report, cast):
    before = state(mission_report)
    audit = AuditEntry.objects.count()
    plan = save(mission_report, written(mission_report), user=cast["owner"])
    assert not plan.changes_anything
    assert state(mission_report) == before
    assert AuditEntry.objects.count() == audit


def test_each_chapter_saved_unchanged_changes_nothing(mission_report, cast):
    before = state(mission_report)
    for chapter in chapters_of(mission_report):
        plan = save(
            mission_report, written(mission_report, chapter), user=cast["owner"], chapter=chapter
        )
        assert not plan.changes_anything, chapter.title
    assert state(mission_report) == before


def chapter_titled(report, word) -> Chapter:
    return next(c for c in chapters_of(report) if word in c.title)


def test_a_changed_word_keeps_the_block_its_mark_and_its_actions(mission_report, cast):
    from envoy.actions.models import Action

    process = chapter_titled(mission_report, "過程")
    block = next(b for b in process.block_list if b.kind == BlockKind.PARAGRAPH)
    Block.objects.filter(pk=block.pk).update(restricted=True)
    action = Action.objects.create(
        report=mission_report, text="借鏡", source_block=block, kind="lesson"
    )
    text = written(mission_report, process).replace(
        block.text, block.text.replace("本府", "本市", 1)
    )
    plan = save(mission_report, text, user=cast["owner"], chapter=process)
    assert plan.counts["changed"] == 1 and plan.counts["removed"] == 0
    block.refresh_from_db()
    assert block.restricted and block.text.startswith(block.text[:2]) and "本市" in block.text
    action.refresh_from_db()
    assert action.source_block_id == block.pk
    entry = AuditEntry.objects.filter(action="block.updated", object_id=block.pk).latest("id")
    assert "本府" in entry.details["before"]["text"]


def test_pasted_text_splits_as_an_import_reads_it(mission_report, cast):
    empty = services.add_chapter(user=cast["owner"], report=mission_report, title="附錄")
    empty.report = mission_report
    text = (
        "115年4月27日（星期一）\n"
        "參訪東京都廳\n"
        "上午拜會東京都政策企畫局，說明本市淨零政策。\n"
        "一、防災公園兼具教育與指揮功能\n"
        "二、深層下水道更新\n"
        "（一）東京都的調節池可容納 150 萬立方公尺。\n"
        "圖1 與東京都官員合影\n"
    )
    save(mission_report, text, user=cast["owner"], chapter=empty)
    kinds = [(b.kind, b.text) for b in Block.objects.filter(chapter=empty).order_by("position")]
    assert kinds == [
        ("day", "115年4月27日（星期一）"),
        ("section", "參訪東京都廳"),
        ("paragraph", "上午拜會東京都政策企畫局，說明本市淨零政策。"),
        ("point", "防災公園兼具教育與指揮功能"),
        ("point", "深層下水道更新"),
        ("point", "東京都的調節池可容納 150 萬立方公尺。"),
        ("figures", "與東京都官員合影"),
    ]
    day = Block.objects.get(chapter=empty, kind="day")
    assert day.date == dt.date(2026, 4, 27)
    numbers = list(
        Block.objects.filter(chapter=empty, kind="point")
        .order_by("position")
        .values_list("number", "marker")
    )
    assert [n for n, _ in numbers] == [1, 2, 1]


def test_a_short_paragraph_read_as_a_heading_is_made_a_paragraph_on_the_writers_word(
    mission_report, cast
):
    empty = services.add_chapter(user=cast["owner"], report=mission_report, title="附錄")
    empty.report = mission_report
    text = "以上報告\n1. 第一點\n"
    preview = writing.plan(
        mission_report, writing.load_chapters(mission_report, empty), text, whole=False
    )
    assert [s.kind for s in preview.chapters[0].steps] == ["section", "point"]
    save(
        mission_report,
        text,
        user=cast["owner"],
        chapter=empty,
        kinds={0: "paragraph", 1: "paragraph"},
    )
    assert [(b.kind, b.text) for b in Block.objects.filter(chapter=empty).order_by("position")] == [
        ("paragraph", "以上報告"),
        ("paragraph", "1. 第一點"),
    ]


def test_a_figure_group_with_photos_is_never_removed_by_text(mission_report, cast):
    process = chapter_titled(mission_report, "過程")
    group = next(b for b in process.block_list if b.kind == BlockKind.FIGURES)
    Photo.objects.create(figure_group=group, position=0, image="photos/x.jpg", sha256="0" * 64)
    line = writing.block_line(group)
    text = written(mission_report, process).replace(line + "\n", "")
    before = state(mission_report)
    with pytest.raises(ValidationError) as refused:
        save(mission_report, text, user=cast["owner"], chapter=process)
    assert "照片" in refused.value.messages[0]
    assert state(mission_report) == before
    # Its caption changed is the same group, photos and all.
    text = written(mission_report, process).replace(line, line + "（一）")
    save(mission_report, text, user=cast["owner"], chapter=process)
    group.refresh_from_db()
    assert group.text.endswith("（一）") and group.photos.count() == 1


def test_text_written_from_an_older_state_is_refused(mission_report, cast):
    process = chapter_titled(mission_report, "過程")
    base = writing.fingerprint(writing.load_chapters(mission_report, process))
    text = written(mission_report, process) + "\n新的一段。\n"
    block = process.block_list[2]
    services.update_block(
        user=cast["colleague"],
        block=block,
        data={"text": "別人改的。"},
        expected_version=block.version,
    )
    with pytest.raises(EditConflict):
        services.rewrite_body(
            user=cast["owner"], report=mission_report, text=text, base=base, chapter=process
        )
    block.refresh_from_db()
    assert block.text == "別人改的。"


def test_a_day_outside_the_trip_is_refused_naming_its_line(mission_report, cast):
    process = chapter_titled(mission_report, "過程")
    text = written(mission_report, process) + "\n115年9月1日（星期二）\n"
    with pytest.raises(ValidationError) as refused:
        save(mission_report, text, user=cast["owner"], chapter=process)
    assert "115年9月1日" in refused.value.messages[0]


def test_whole_body_a_chapter_inserted_first_keeps_every_block(mission_report, cast):
    before = {
        b.pk: (b.kind, b.text, b.restricted)
        for c in chapters_of(mission_report)
        for b in c.block_list
    }
    text = "第一章 前言\n\n本報告說明出國經過。\n\n" + written(mission_report)
    # The old chapters' headings now say one number too few: their words are what count.
    save(mission_report, text, user=cast["owner"])
    after = chapters_of(mission_report)
    assert [c.title for c in after][:2] == ["前言", "目的"]
    assert [c.number for c in after] == list(range(1, len(after) + 1))
    kept = {b.pk: (b.kind, b.text, b.restricted) for c in after for b in c.block_list}
    assert all(kept[pk] == value for pk, value in before.items())


def test_a_paragraph_with_a_line_break_inside_is_one_block_again(mission_report, cast):
    process = chapter_titled(mission_report, "過程")
    block = next(b for b in process.block_list if b.kind == BlockKind.PARAGRAPH)
    services.update_block(
        user=cast["owner"],
        block=block,
        data={"text": "第一行\n第二行"},
        expected_version=block.version,
    )
    before = state(mission_report)
    plan = save(
        mission_report, written(mission_report, process), user=cast["owner"], chapter=process
    )
    assert not plan.changes_anything
    assert state(mission_report) == before


def test_undo_puts_back_the_words_and_undoing_again_redoes(mission_report, cast):
    block = Block.objects.filter(chapter__report=mission_report, kind="paragraph").first()
    block.chapter.report = mission_report
    old = block.text
    services.update_block(
        user=cast["owner"], block=block, data={"text": "改過的。"}, expected_version=block.version
    )
    services.undo_block_change(user=cast["owner"], block=block, expected_version=block.version)
    block.refresh_from_db()
    assert block.text == old
    block.chapter.report = mission_report
    services.undo_block_change(user=cast["owner"], block=block, expected_version=block.version)
    block.refresh_from_db()
    assert block.text == "改過的。"


def test_nothing_to_undo_is_said(mission_report, cast):
    block = Block.objects.filter(chapter__report=mission_report, kind="paragraph").first()
    block.chapter.report = mission_report
    with pytest.raises(ValidationError):
        services.undo_block_change(user=cast["owner"], block=block, expected_version=block.version)


# ----- The pages -----

HTMX = {"HX-Request": "true"}


def text_url(report, chapter=None):
    from django.urls import reverse

    if chapter is None:
        return reverse("reports:body_text", args=[report.pk])
    return reverse("reports:chapter_text", args=[report.pk, chapter.pk])


def form_fields(html: str) -> dict:
    import lxml.html

    form = lxml.html.fromstring(html).xpath("//form[contains(@class, 'body-text')]")[0]
    fields = {name: value or "" for name, value in form.fields.items()}
    fields.pop("csrfmiddlewaretoken", None)
    # A browser drops the line break that opens a textarea's content (Django writes one).
    fields["text"] = fields["text"].removeprefix("\n")
    return fields


def test_the_text_box_previews_then_saves(mission_report, cast):
    from tests.conftest import client_for

    client = client_for(cast["owner"])
    empty = services.add_chapter(user=cast["owner"], report=mission_report, title="附錄")
    page = client.get(text_url(mission_report, empty), headers=HTMX)
    assert page.status_code == 200
    fields = form_fields(page.content.decode())
    fields["text"] = "參訪心得\n一、防災教育\n以上。\n"
    preview = client.post(
        text_url(mission_report, empty), {**fields, "step": "preview"}, headers=HTMX
    )
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "分段預覽" in html and 'name="kind-0"' in html and 'name="kind-1"' in html
    assert not Block.objects.filter(chapter=empty).exists()  # a preview saves nothing
    fields = form_fields(html)
    fields["kind-0"] = "paragraph"  # the writer's correction of the first line
    saved = client.post(text_url(mission_report, empty), {**fields, "step": "save"}, headers=HTMX)
    assert saved.status_code == 200 and saved.headers["HX-Retarget"] == "#chapters"
    assert [(b.kind, b.text) for b in Block.objects.filter(chapter=empty).order_by("position")] == [
        ("paragraph", "參訪心得"),
        ("point", "防災教育"),
        ("paragraph", "以上。"),
    ]


def test_a_correction_made_on_another_text_is_not_applied(mission_report, cast):
    from tests.conftest import client_for

    client = client_for(cast["owner"])
    empty = services.add_chapter(user=cast["owner"], report=mission_report, title="附錄")
    fields = form_fields(client.get(text_url(mission_report, empty), headers=HTMX).content.decode())
    fields["text"] = "參訪心得\n"
    fields = form_fields(
        client.post(
            text_url(mission_report, empty), {**fields, "step": "preview"}, headers=HTMX
        ).content.decode()
    )
    fields["kind-0"] = "paragraph"
    fields["text"] = "另一個標題\n"  # changed after the preview
    client.post(text_url(mission_report, empty), {**fields, "step": "save"}, headers=HTMX)
    assert [(b.kind, b.text) for b in Block.objects.filter(chapter=empty)] == [
        ("section", "另一個標題")
    ]


def test_the_text_box_keeps_the_text_on_a_conflict_and_on_refusal(mission_report, cast):
    from tests.conftest import client_for

    client = client_for(cast["owner"])
    process = chapter_titled(mission_report, "過程")
    fields = form_fields(
        client.get(text_url(mission_report, process), headers=HTMX).content.decode()
    )
    fields["text"] += "\n115年9月1日（星期二）\n"
    refused = client.post(
        text_url(mission_report, process), {**fields, "step": "save"}, headers=HTMX
    )
    assert refused.status_code == 422
    assert "115年9月1日" in refused.content.decode()
    assert form_fields(refused.content.decode())["text"] == fields["text"]
    block = next(b for b in process.block_list if b.kind == BlockKind.PARAGRAPH)
    services.update_block(
        user=cast["colleague"],
        block=block,
        data={"text": block.text + "。"},
        expected_version=block.version,
    )
    conflict = client.post(
        text_url(mission_report, process), {**fields, "step": "save"}, headers=HTMX
    )
    assert conflict.status_code == 409
    assert form_fields(conflict.content.decode())["text"] == fields["text"]


def test_the_whole_body_text_box_without_javascript(mission_report, cast):
    from tests.conftest import client_for

    client = client_for(cast["owner"])
    page = client.get(text_url(mission_report))
    assert page.status_code == 200 and "以文字編輯全文" in page.content.decode()
    fields = form_fields(page.content.decode())
    fields["text"] = fields["text"].replace("第一章 目的", "第一章 計畫目的")
    saved = client.post(text_url(mission_report), {**fields, "step": "save"})
    assert saved.status_code == 302
    assert chapters_of(mission_report)[0].title == "計畫目的"


def test_only_those_who_may_edit_the_report_may_write_it(mission_report, cast):
    from tests.conftest import client_for

    for role in ("outsider", "viewer", "reviewer"):
        assert client_for(cast[role]).get(text_url(mission_report)).status_code in (403, 404), role
        assert client_for(cast[role]).post(
            text_url(mission_report), {"text": "", "base": "x", "step": "save"}
        ).status_code in (403, 404)


def test_undo_from_the_page(mission_report, cast):
    from django.urls import reverse

    from tests.conftest import client_for

    client = client_for(cast["owner"])
    block = Block.objects.filter(chapter__report=mission_report, kind="paragraph").first()
    old = block.text
    edit = reverse("reports:block_edit", args=[mission_report.pk, block.pk])
    saved = client.post(edit, {"text": "改過的。", "version": block.version}, headers=HTMX)
    assert "復原上次修改" in saved.content.decode()
    block.refresh_from_db()
    undo = reverse("reports:block_undo", args=[mission_report.pk, block.pk])
    answer = client.post(undo, {"version": block.version}, headers=HTMX)
    assert answer.status_code == 200
    block.refresh_from_db()
    assert block.text == old
    # The edit form offers it too, once there is a change to undo.
    assert "復原上次修改" in client.get(edit, headers=HTMX).content.decode()
    stale = client.post(undo, {"version": block.version - 1}, headers=HTMX)
    assert stale.status_code == 409


def test_the_editor_marks_placeholders_and_bare_figures(mission_report, cast):
    from django.urls import reverse

    from tests.conftest import client_for

    block = Block.objects.filter(chapter__report=mission_report, kind="paragraph").first()
    Block.objects.filter(pk=block.pk).update(text="本次由○○處長率團。")
    Block.objects.filter(chapter__report=mission_report, kind="figures").update(text="")
    html = (
        client_for(cast["owner"])
        .get(reverse("reports:edit", args=[mission_report.pk]))
        .content.decode()
    )
    assert html.count("留有待填文字") >= 1
    assert (
        html.count("缺少圖說")
        == Block.objects.filter(chapter__report=mission_report, kind="figures").count()
    )


def test_a_change_saved_in_place_tells_the_page_to_redraw_its_checks(mission_report, cast):
    from django.urls import reverse

    from tests.conftest import client_for

    client = client_for(cast["owner"])
    block = Block.objects.filter(chapter__report=mission_report, kind="paragraph").first()
    edit = reverse("reports:block_edit", args=[mission_report.pk, block.pk])
    saved = client.post(
        edit, {"text": "本次由○○處長率團。", "version": block.version}, headers=HTMX
    )
    assert "report-changed" in saved.headers["HX-Trigger"]
    refused = client.post(edit, {"text": "x", "version": block.version}, headers=HTMX)
    assert refused.status_code == 409 and "HX-Trigger" not in refused.headers
    page = client.get(reverse("reports:edit", args=[mission_report.pk])).content.decode()
    assert 'hx-trigger="report-changed from:body delay:300ms"' in page
    assert "留有待填文字" in page
