"""Editing a report's chapters and blocks in place: words kept as typed, saves refused when
someone else saved first, points and figures renumbered after every change."""

import datetime as dt
import re

import lxml.html
import pytest
from django.urls import reverse

from envoy.core.lib.locking import EditConflict
from envoy.core.models import AuditEntry
from envoy.reports import services
from envoy.reports.enums import BlockKind
from envoy.reports.models import Block, Chapter, Photo, Report
from tests.conftest import client_for

HTMX = {"HX-Request": "true"}
CONFLICT = str(EditConflict.message)


def chapter(report: Report, title: str) -> Chapter:
    chapter = Chapter.objects.select_related("report__mission").get(report=report, title=title)
    return chapter


def blocks(chapter: Chapter) -> list[Block]:
    return list(Block.objects.filter(chapter=chapter).order_by("position", "id"))


def points(chapter: Chapter) -> list[tuple[int, str]]:
    return [(b.number, b.text) for b in blocks(chapter) if b.kind == BlockKind.POINT]


def figure_labels(report: Report) -> list[str]:
    groups = Block.objects.filter(chapter__report=report, kind=BlockKind.FIGURES).order_by(
        "chapter__number", "position", "id"
    )
    return [g.figure_label for g in groups]


def add_photos(group: Block, count: int) -> None:
    for n in range(count):
        Photo.objects.create(
            figure_group=group, position=n, image=f"photos/{group.pk}-{n}.jpg", sha256="0" * 64
        )


def first_paragraph(report: Report) -> Block:
    return Block.objects.filter(chapter__report=report, kind=BlockKind.PARAGRAPH).first()


def without_csrf_tokens(html: str) -> str:
    """The page with its CSRF tokens blanked: each response masks the token afresh."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', html)


def edit_url(report: Report, block: Block) -> str:
    return reverse("reports:block_edit", args=[report.pk, block.pk])


# ----- Editing a block in place -----


def test_the_edit_button_swaps_in_the_form_of_that_block_only(mission_report, cast):
    block = first_paragraph(mission_report)
    response = client_for(cast["owner"]).get(edit_url(mission_report, block), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(
        f'<form class="block block-editing kind-paragraph" id="block-{block.pk}"'
    )
    assert "<html" not in html
    assert f'name="version" value="{block.version}"' in html


def test_without_javascript_the_edit_button_opens_a_page_with_the_form(mission_report, cast):
    block = first_paragraph(mission_report)
    response = client_for(cast["owner"]).get(edit_url(mission_report, block))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert f'id="block-{block.pk}"' in html
    assert block.text in html


def test_saving_a_paragraph_swaps_back_its_read_view_with_the_words_exactly_as_typed(
    mission_report, cast
):
    block = first_paragraph(mission_report)
    typed = "  開頭的空白保留\r\n第二行\t有定位字元  \r\n\r\n第四行  "
    response = client_for(cast["owner"]).post(
        edit_url(mission_report, block), {"text": typed, "version": 1}, headers=HTMX
    )
    assert response.status_code == 200
    assert (
        response.content.decode()
        .lstrip()
        .startswith(f'<article class="block kind-paragraph" id="block-{block.pk}">')
    )
    block.refresh_from_db()
    # The browser's CRLF is the line break the user typed; nothing else changes.
    assert block.text == "  開頭的空白保留\n第二行\t有定位字元  \n\n第四行  "
    assert block.version == 2


def test_a_plain_form_save_goes_back_to_the_block_on_the_page(mission_report, cast):
    block = first_paragraph(mission_report)
    response = client_for(cast["owner"]).post(
        edit_url(mission_report, block), {"text": "改寫", "version": 1}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{mission_report.pk}/edit/#block-{block.pk}"


def test_a_save_writes_an_audit_entry_with_the_mission(mission_report, cast):
    block = first_paragraph(mission_report)
    client_for(cast["colleague"]).post(
        edit_url(mission_report, block), {"text": "改寫", "version": 1}
    )
    entry = AuditEntry.objects.filter(action="block.updated").get()
    assert (entry.user, entry.object_type, entry.object_id, entry.mission_id) == (
        cast["colleague"],
        "reports.block",
        block.pk,
        mission_report.mission_id,
    )
    assert entry.summary == "目的：段落 改寫"


@pytest.mark.parametrize("htmx", [True, False])
def test_the_second_of_two_editors_is_refused_and_keeps_what_they_typed(mission_report, cast, htmx):
    block = first_paragraph(mission_report)
    first, second = client_for(cast["owner"]), client_for(cast["colleague"])
    url = edit_url(mission_report, block)
    # Both open the form of the same version.
    for client in (first, second):
        assert 'name="version" value="1"' in client.get(url, headers=HTMX).content.decode()
    headers = HTMX if htmx else {}
    saved = first.post(url, {"text": "第一位的文字", "version": 1}, headers=headers)
    assert saved.status_code == (200 if htmx else 302)
    refused = second.post(url, {"text": "第二位\n打的文字", "version": 1}, headers=headers)
    assert refused.status_code == 409
    html = refused.content.decode()
    assert f'<div class="conflict" role="alert">{CONFLICT}</div>' in html
    assert "第二位\n打的文字</textarea>" in html
    block.refresh_from_db()
    assert (block.text, block.version) == ("第一位的文字", 2)


def test_a_failed_validation_keeps_what_was_typed(mission_report, cast):
    day = Block.objects.filter(chapter__report=mission_report, kind=BlockKind.DAY).first()
    response = client_for(cast["owner"]).post(
        edit_url(mission_report, day),
        {"date": "115/5/9", "text": "  我打的標題", "version": 1},
        headers=HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "115/5/9 不在出國期間（115/4/26 至 115/4/30）內。" in html
    assert 'value="115/5/9"' in html
    assert 'value="  我打的標題"' in html
    day.refresh_from_db()
    assert (day.date, day.version) == (dt.date(2026, 4, 26), 1)


def test_a_day_heading_left_empty_is_written_from_its_date(mission_report, cast):
    day = Block.objects.filter(chapter__report=mission_report, kind=BlockKind.DAY).first()
    response = client_for(cast["owner"]).post(
        edit_url(mission_report, day), {"date": "2026-04-27", "text": "", "version": 1}
    )
    assert response.status_code == 302
    day.refresh_from_db()
    assert (day.date, day.text) == (dt.date(2026, 4, 27), "115 年 4 月 27 日（星期一）")


@pytest.mark.parametrize(
    ("typed", "date"), [("4/28", dt.date(2026, 4, 28)), ("4月29日", dt.date(2026, 4, 29))]
)
def test_a_day_heading_typed_without_its_year_is_a_day_of_the_trip(
    mission_report, cast, typed, date
):
    day = Block.objects.filter(chapter__report=mission_report, kind=BlockKind.DAY).first()
    response = client_for(cast["owner"]).post(
        edit_url(mission_report, day), {"date": typed, "text": "", "version": 1}
    )
    assert response.status_code == 302
    day.refresh_from_db()
    assert day.date == date


def test_an_empty_paragraph_is_refused(mission_report, cast):
    block = first_paragraph(mission_report)
    response = client_for(cast["owner"]).post(
        edit_url(mission_report, block), {"text": "  \r\n ", "version": 1}, headers=HTMX
    )
    assert response.status_code == 422
    assert "這個欄位是必須的。" in response.content.decode()
    block.refresh_from_db()
    assert block.version == 1


def test_cancelling_an_edit_swaps_back_the_read_view(mission_report, cast):
    block = first_paragraph(mission_report)
    url = reverse("reports:block", args=[mission_report.pk, block.pk])
    response = client_for(cast["owner"]).get(url, headers=HTMX)
    assert response.status_code == 200
    assert (
        response.content.decode()
        .lstrip()
        .startswith(f'<article class="block kind-paragraph" id="block-{block.pk}">')
    )


def test_a_figure_group_shows_its_photos_in_its_read_view(mission_report, cast):
    group = Block.objects.filter(chapter__report=mission_report, kind=BlockKind.FIGURES).first()
    add_photos(group, 1)
    photo = group.photos.get()
    client = client_for(cast["owner"])
    url = reverse("reports:block", args=[mission_report.pk, group.pk])
    html = without_csrf_tokens(client.get(url, headers=HTMX).content.decode())
    # The photos as the photo views draw them (reports/photos/figure_photos.html).
    photos = client.get(reverse("reports:photo_upload", args=[group.pk])).content.decode()
    assert without_csrf_tokens(photos).strip() in html
    assert f'<img src="{reverse("reports:photo", args=[photo.pk, "thumb"])}"' in html
    assert 'hx-encoding="multipart/form-data"' in html
    assert "圖 1 東京臨海廣域防災公園體驗學習設施" in html


# ----- Adding, removing and moving blocks; numbers follow -----


def add(client, report: Report, chapter: Chapter, after: Block | None, kind: str, **data):
    url = reverse("reports:block_add", args=[report.pk, chapter.pk])
    post = {"kind": kind, "after": after.pk if after else "", **data}
    return client.post(url, post, headers=HTMX)


def test_the_add_form_asks_for_what_the_kind_needs(mission_report, cast):
    process = chapter(mission_report, "過程")
    url = reverse("reports:block_add", args=[mission_report.pk, process.pk])
    html = client_for(cast["owner"]).get(f"{url}?kind=day", headers=HTMX).content.decode()
    assert 'name="date"' in html
    assert 'name="kind" value="day"' in html
    html = client_for(cast["owner"]).get(f"{url}?kind=section", headers=HTMX).content.decode()
    assert 'name="date"' not in html


def test_the_kinds_to_add_are_loaded_when_a_blocks_add_menu_is_opened(mission_report, cast):
    purpose = chapter(mission_report, "目的")
    first = blocks(purpose)[0]
    add = reverse("reports:block_add", args=[mission_report.pk, purpose.pk])
    client = client_for(cast["owner"])
    page = client.get(reverse("reports:edit", args=[mission_report.pk])).content.decode()
    assert (
        f'<details class="add-block" hx-get="{add}?after={first.pk}" hx-trigger="toggle once"'
        in page
    )
    assert f"{add}?kind=" not in page
    menu = client.get(f"{add}?after={first.pk}", headers=HTMX)
    assert menu.status_code == 200
    html = menu.content.decode()
    assert "<html" not in html
    kinds = ["paragraph", "section", "day", "point", "figures"]
    assert re.findall(r' hx-get="([^"]+)"', html) == [
        f"{add}?kind={kind}&amp;after={first.pk}" for kind in kinds
    ]
    assert html.count(f'hx-target="#add-after-{first.pk}"') == 5
    start = client.get(add, headers=HTMX).content.decode()
    assert re.findall(r' href="([^"]+)"', start) == [f"{add}?kind={kind}" for kind in kinds]
    assert start.count(f'hx-target="#add-start-{purpose.pk}"') == 5


def test_without_javascript_the_add_menu_opens_the_kinds_on_a_page(mission_report, cast):
    purpose = chapter(mission_report, "目的")
    first = blocks(purpose)[0]
    add = reverse("reports:block_add", args=[mission_report.pk, purpose.pk])
    client = client_for(cast["owner"])
    page = client.get(reverse("reports:edit", args=[mission_report.pk])).content.decode()
    assert f'<a class="button small" href="{add}?after={first.pk}">選擇類型</a>' in page
    response = client.get(f"{add}?after={first.pk}")
    assert response.status_code == 200
    assert response.templates[0].name == "reports/edit_form.html"
    html = response.content.decode()
    assert "（加在所選區塊之後）" in html
    assert f'href="{add}?kind=point&amp;after={first.pk}"' in html
    assert "hx-get" not in html.split('<main id="main">')[1]


def test_an_add_menu_after_a_block_of_another_chapter_is_not_found(mission_report, cast):
    purpose, process = chapter(mission_report, "目的"), chapter(mission_report, "過程")
    add = reverse("reports:block_add", args=[mission_report.pk, purpose.pk])
    client = client_for(cast["owner"])
    assert client.get(f"{add}?after={blocks(process)[0].pk}", headers=HTMX).status_code == 404
    assert client.get(f"{add}?after=first", headers=HTMX).status_code == 400


def test_adding_a_point_renumbers_the_points_of_its_chapter(mission_report, cast):
    advice = chapter(mission_report, "建議")
    after = blocks(advice)[1]  # the paragraph of point 1
    response = add(
        client_for(cast["owner"]), mission_report, advice, after, "point", text="新的建議"
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#chapters"
    assert points(advice) == [
        (1, "積極參與國際組織活動"),
        (2, "新的建議"),
        (3, "國際事務人才培育精進"),
        (4, "深化國際城市交流"),
    ]
    assert [b.position for b in blocks(advice)] == list(range(7))


def test_adding_at_the_start_of_a_chapter_puts_the_block_first(mission_report, cast):
    advice = chapter(mission_report, "建議")
    add(client_for(cast["owner"]), mission_report, advice, None, "point", text="置頂建議")
    assert points(advice)[:2] == [(1, "置頂建議"), (2, "積極參與國際組織活動")]


def test_removing_and_moving_points_keeps_them_numbered_one_to_n(mission_report, cast):
    client = client_for(cast["owner"])
    advice = chapter(mission_report, "建議")
    second = [b for b in blocks(advice) if b.kind == BlockKind.POINT][1]
    url = reverse("reports:block_remove", args=[mission_report.pk, second.pk])
    assert client.post(url, {"version": 1}, headers=HTMX).status_code == 200
    assert points(advice) == [(1, "積極參與國際組織活動"), (2, "深化國際城市交流")]
    # The removed point's paragraph stays: 1, ¶, ¶, 2, ¶. Three steps up put 2 before 1.
    last = [b for b in blocks(advice) if b.kind == BlockKind.POINT][-1]
    url = reverse("reports:block_move", args=[mission_report.pk, last.pk])
    for _ in range(3):
        client.post(url, {"direction": "up"}, headers=HTMX)
    assert points(advice) == [(1, "深化國際城市交流"), (2, "積極參與國際組織活動")]


def test_moving_the_first_block_up_changes_nothing(mission_report, cast):
    purpose = chapter(mission_report, "目的")
    before = [b.pk for b in blocks(purpose)]
    url = reverse("reports:block_move", args=[mission_report.pk, before[0]])
    response = client_for(cast["owner"]).post(url, {"direction": "up"}, headers=HTMX)
    assert response.status_code == 200
    assert [b.pk for b in blocks(purpose)] == before
    assert not AuditEntry.objects.filter(action="block.moved").exists()


def test_figures_are_renumbered_across_the_report_by_their_photos(mission_report, cast):
    assert figure_labels(mission_report) == [
        "1-3", "4-5", "6-7", "8", "9-12", "13-14", "15-16", "17-20", "21-22",
    ]  # fmt: skip
    groups = list(
        Block.objects.filter(chapter__report=mission_report, kind=BlockKind.FIGURES).order_by(
            "position"
        )
    )
    add_photos(groups[0], 3)
    add_photos(groups[4], 4)
    add_photos(groups[8], 2)
    # A new group at the start of 目的 (chapter 1) comes before every other figure.
    add(
        client_for(cast["owner"]),
        mission_report,
        chapter(mission_report, "目的"),
        None,
        "figures",
        text="出發前合影",
    )
    # Groups without photos keep the span they were imported with; a new one takes one number.
    assert figure_labels(mission_report) == [
        "1", "2-4", "5-6", "7-8", "9", "10-13", "14-15", "16-17", "18-21", "22-23",
    ]  # fmt: skip


def test_removing_a_figure_group_renumbers_the_figures_after_it(mission_report, cast):
    groups = list(
        Block.objects.filter(chapter__report=mission_report, kind=BlockKind.FIGURES).order_by(
            "position"
        )
    )
    for group in groups:
        add_photos(group, 2)
    url = reverse("reports:block_remove", args=[mission_report.pk, groups[1].pk])
    client_for(cast["owner"]).post(url, {"version": 1}, headers=HTMX)
    assert figure_labels(mission_report) == [
        "1-2", "3-4", "5-6", "7-8", "9-10", "11-12", "13-14", "15-16",
    ]  # fmt: skip


def test_moving_a_chapter_renumbers_chapters_and_figures(mission_report, cast):
    process = chapter(mission_report, "過程")
    purpose = chapter(mission_report, "目的")
    group = Block.objects.create(chapter=purpose, position=3, kind=BlockKind.FIGURES, text="合影")
    add_photos(group, 2)
    url = reverse("reports:chapter_move", args=[mission_report.pk, process.pk])
    client_for(cast["owner"]).post(url, {"direction": "up"}, headers=HTMX)
    titles = list(Chapter.objects.filter(report=mission_report).values_list("number", "title"))
    assert titles == [(1, "過程"), (2, "目的"), (3, "心得"), (4, "建議")]
    # 過程's nine groups (keeping their imported spans) now come before 目的's two photos.
    assert figure_labels(mission_report) == [
        "1-3", "4-5", "6-7", "8", "9-12", "13-14", "15-16", "17-20", "21-22", "23-24",
    ]  # fmt: skip


def test_removing_a_block_that_changed_since_it_was_shown_is_refused(mission_report, cast):
    block = first_paragraph(mission_report)
    services.update_block(
        user=cast["owner"], block=block, data={"text": "別人剛改的"}, expected_version=1
    )
    url = reverse("reports:block_remove", args=[mission_report.pk, block.pk])
    response = client_for(cast["colleague"]).post(url, {"version": 1}, headers=HTMX)
    assert response.status_code == 409
    assert CONFLICT in response.content.decode()
    assert Block.objects.filter(pk=block.pk).exists()


# ----- Chapters -----


def test_a_chapter_is_added_after_the_last_one(mission_report, cast):
    url = reverse("reports:chapter_add", args=[mission_report.pk])
    response = client_for(cast["owner"]).post(url, {"title": "附錄"}, headers=HTMX)
    assert response.status_code == 200
    assert 'id="chapters"' in response.content.decode()
    assert list(Chapter.objects.filter(report=mission_report).values_list("number", "title")) == [
        (1, "目的"), (2, "過程"), (3, "心得"), (4, "建議"), (5, "附錄"),
    ]  # fmt: skip


def test_a_chapter_without_a_title_is_refused_and_the_form_says_why(mission_report, cast):
    url = reverse("reports:chapter_add", args=[mission_report.pk])
    response = client_for(cast["owner"]).post(url, {"title": ""}, headers=HTMX)
    assert response.status_code == 422
    assert "這個欄位是必須的。" in response.content.decode()
    assert Chapter.objects.filter(report=mission_report).count() == 4


def test_renaming_a_chapter_swaps_back_its_heading(mission_report, cast):
    purpose = chapter(mission_report, "目的")
    url = reverse("reports:chapter_rename", args=[mission_report.pk, purpose.pk])
    response = client_for(cast["owner"]).post(
        url, {"title": "目的與背景", "version": 1}, headers=HTMX
    )
    assert response.status_code == 200
    assert '<h2 id="chapter-title-' in response.content.decode()
    purpose.refresh_from_db()
    assert (purpose.title, purpose.version) == ("目的與背景", 2)


def test_renaming_a_chapter_renamed_meanwhile_is_refused_with_the_typed_title(mission_report, cast):
    purpose = chapter(mission_report, "目的")
    url = reverse("reports:chapter_rename", args=[mission_report.pk, purpose.pk])
    client_for(cast["owner"]).post(url, {"title": "緣起", "version": 1}, headers=HTMX)
    response = client_for(cast["colleague"]).post(
        url, {"title": "出國目的", "version": 1}, headers=HTMX
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert CONFLICT in html
    assert 'value="出國目的"' in html
    purpose.refresh_from_db()
    assert purpose.title == "緣起"


def test_removing_a_chapter_renumbers_the_chapters_after_it(mission_report, cast):
    process = chapter(mission_report, "過程")
    url = reverse("reports:chapter_remove", args=[mission_report.pk, process.pk])
    client_for(cast["owner"]).post(url, {"version": 1}, headers=HTMX)
    assert list(Chapter.objects.filter(report=mission_report).values_list("number", "title")) == [
        (1, "目的"), (2, "心得"), (3, "建議"),
    ]  # fmt: skip
    assert figure_labels(mission_report) == []
    entry = AuditEntry.objects.get(action="chapter.removed")
    assert (entry.mission_id, entry.summary) == (mission_report.mission_id, "2 過程")


def test_every_editing_service_writes_one_audit_entry_with_the_mission(mission_report, cast):
    user = cast["owner"]
    purpose = chapter(mission_report, "目的")
    block = blocks(purpose)[0]
    services.add_chapter(user=user, report=mission_report, title="附錄")
    services.rename_chapter(user=user, chapter=purpose, title="緣起", expected_version=1)
    services.move_chapter(user=user, chapter=purpose, direction="down")
    new = services.add_block(
        user=user, chapter=purpose, after=block, kind=BlockKind.SECTION, data={"text": "背景"}
    )
    services.update_block(user=user, block=new, data={"text": "背景說明"}, expected_version=1)
    services.move_block(user=user, block=new, direction="up")
    services.remove_block(user=user, block=new)
    services.remove_chapter(user=user, chapter=Chapter.objects.get(title="附錄"))
    entries = AuditEntry.objects.exclude(action="report.imported").order_by("id")
    assert [(e.action, e.mission_id) for e in entries] == [
        (action, mission_report.mission_id)
        for action in [
            "chapter.added",
            "chapter.renamed",
            "chapter.moved",
            "block.added",
            "block.updated",
            "block.moved",
            "block.removed",
            "chapter.removed",
        ]
    ]


def test_services_refuse_a_user_who_may_not_edit(mission_report, cast):
    from django.core.exceptions import PermissionDenied

    block = first_paragraph(mission_report)
    with pytest.raises(PermissionDenied):
        services.update_block(
            user=cast["reviewer"], block=block, data={"text": "x"}, expected_version=1
        )
    block.refresh_from_db()
    assert block.version == 1


# ----- Without JavaScript -----


def test_without_javascript_every_form_opens_as_a_page_of_its_own(mission_report, cast):
    client = client_for(cast["owner"])
    purpose = chapter(mission_report, "目的")
    add = reverse("reports:block_add", args=[mission_report.pk, purpose.pk])
    rename = reverse("reports:chapter_rename", args=[mission_report.pk, purpose.pk])
    for url, field in [(f"{add}?kind=point", 'name="text"'), (rename, 'value="目的"')]:
        response = client.get(url)
        assert response.status_code == 200
        assert response.templates[0].name == "reports/edit_form.html"
        assert field in response.content.decode()


def test_without_javascript_a_refused_new_chapter_shows_its_form_again(mission_report, cast):
    url = reverse("reports:chapter_add", args=[mission_report.pk])
    response = client_for(cast["owner"]).post(url, {"title": " "})
    assert response.status_code == 200
    assert response.templates[0].name == "reports/edit_form.html"
    assert "這個欄位是必須的。" in response.content.decode()


def test_without_javascript_adding_a_block_goes_back_to_it_on_the_page(mission_report, cast):
    purpose = chapter(mission_report, "目的")
    url = reverse("reports:block_add", args=[mission_report.pk, purpose.pk])
    response = client_for(cast["owner"]).post(url, {"kind": "section", "after": "", "text": "緣起"})
    new = blocks(purpose)[0]
    assert (new.kind, new.text) == (BlockKind.SECTION, "緣起")
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{mission_report.pk}/edit/#block-{new.pk}"


def test_in_english_the_chapter_removal_question_keeps_its_quotes_inside_the_attribute(
    mission_report, cast
):
    """The English question quotes the chapter's title (Delete chapter 1, "…"?): it is
    escaped whole, so that its quotes do not end the hx-confirm attribute."""
    owner = cast["owner"]
    owner.language = "en"
    owner.save(update_fields=["language"])
    first = mission_report.chapters.get(number=1)
    url = reverse("reports:chapter_head", args=[mission_report.pk, first.pk])
    html = client_for(owner).get(url, headers=HTMX).content.decode()
    question = lxml.html.fragment_fromstring(html).xpath("//*[@hx-confirm]/@hx-confirm")
    assert question == [
        f'Delete chapter 1, "{first.title}", with all its content and photos? '
        "This cannot be undone."
    ]
