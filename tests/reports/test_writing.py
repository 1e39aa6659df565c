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
from tests.conftest import FIXTURES


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
                (b.pk, b.kind, b.text, b.date, b.number, b.marker, b.restricted, b.figure_first,
                 b.figure_last, b.position)
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
        plan = save(mission_report, written(mission_report, chapter), user=cast["owner"], chapter=chapter)
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
    text = written(mission_report, process).replace(block.text, block.text.replace("本府", "本市", 1))
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
        Block.objects.filter(chapter=empty, kind="point").order_by("position").values_list("number", "marker")
    )
    assert [n for n, _ in numbers] == [1, 2, 1]


def test_a_short_paragraph_read_as_a_heading_is_made_a_paragraph_on_the_writers_word(mission_report, cast):
    empty = services.add_chapter(user=cast["owner"], report=mission_report, title="附錄")
    empty.report = mission_report
    text = "以上報告\n1. 第一點\n"
    preview = writing.plan(mission_report, writing.load_chapters(mission_report, empty), text, whole=False)
    assert [s.kind for s in preview.chapters[0].steps] == ["section", "point"]
    save(mission_report, text, user=cast["owner"], chapter=empty, kinds={0: "paragraph", 1: "paragraph"})
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
        user=cast["colleague"], block=block, data={"text": "別人改的。"}, expected_version=block.version
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
    before = {b.pk: (b.kind, b.text, b.restricted) for c in chapters_of(mission_report) for b in c.block_list}
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
        user=cast["owner"], block=block, data={"text": "第一行\n第二行"}, expected_version=block.version
    )
    before = state(mission_report)
    plan = save(mission_report, written(mission_report, process), user=cast["owner"], chapter=process)
    assert not plan.changes_anything
    assert state(mission_report) == before


def test_undo_puts_back_the_words_and_undoing_again_redoes(mission_report, cast):
    block = Block.objects.filter(chapter__report=mission_report, kind="paragraph").first()
    block.chapter.report = mission_report
    old = block.text
    services.update_block(user=cast["owner"], block=block, data={"text": "改過的。"}, expected_version=block.version)
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
