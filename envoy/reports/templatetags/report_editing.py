"""The report editor's blocks and a figure group's photos, drawn in Python.

A report has about thirty blocks, each with its tools (edit, move, remove) and its "add after"
menu. Drawn by the template engine they cost about 1 ms each, most of the page's time, spent
on variable look-ups, ``{% translate %}`` and escaping; drawn here they cost a few dozen µs.
The labels are translated and escaped once a page, the URLs come from patterns reversed once
(core/lib/urls.py).

There is still one drawing of each thing: ``reports/edit.html`` calls ``{% editable_block %}``
both in its loop over the blocks and in the ``block`` partial that htmx answers redraw one
block with, and ``reports/photos/figure_photos.html`` (which the photo views answer with) is
``{% figure_photos %}``.
"""

from django import template
from django.template.defaultfilters import truncatechars
from django.template.defaulttags import CsrfTokenNode
from django.templatetags.static import static
from django.utils.html import escape, format_html_join
from django.utils.translation import gettext as _

from envoy.core.lib.urls import ID, route
from envoy.core.templatetags.envoy import format_rows_html, roc_short
from envoy.reports import numbering
from envoy.reports.enums import BlockKind
from envoy.reports.models import Block, Chapter, Photo

register = template.Library()


class _Page:
    """What the blocks of one page share, worked out for the first of them. The labels are
    escaped here, once, so that format_html passes them through as they are."""

    def __init__(self, context: template.Context):
        self.kinds = {kind.value: escape(kind.label) for kind in BlockKind}
        self.confirm_remove = {
            kind.value: escape(_("確定刪除這個%(kind)s？此動作無法復原。") % {"kind": kind.label})
            for kind in BlockKind
        }
        self.edit = escape(_("編輯"))
        self.up, self.down = escape(_("上移")), escape(_("下移"))
        self.remove = escape(_("刪除"))
        self.add_after = escape(_("＋ 在此之後新增"))
        self.add_at_start = escape(_("＋ 在本章開頭新增"))
        self.choose = escape(_("選擇類型"))
        self.csrf = CsrfTokenNode().render(context)
        # Messages with a value in them, translated once and filled in for each block.
        self.figure = _("圖 %(n)s")
        self.confirm_chapter = _("確定刪除第 %(n)s 章「%(t)s」及其所有內容與照片？此動作無法復原。")
        self.photo_figure = _("圖 %(number)s")
        self.photo_nth = _("第 %(n)s 張")
        # Chapters
        self.rename = escape(_("改章名"))
        self.chapter_up, self.chapter_down = escape(_("整章上移")), escape(_("整章下移"))
        self.remove_chapter = escape(_("刪除章"))
        # A figure group's photos
        self.photos_css = static("reports/photos.css")
        self.earlier, self.later = escape(_("往前移")), escape(_("往後移"))
        self.confirm_photo = escape(_("確定要移除這張照片嗎？"))
        self.remove_photo = escape(_("移除"))
        self.no_photos = escape(_("這個圖組還沒有照片。"))
        self.add_photos = escape(_("新增照片（JPEG、PNG 或 WebP，可一次選多張）"))
        self.upload = escape(_("上傳"))
        self.photo_routes = {
            "full": route("reports:photo", ID, "full"),
            "thumb": route("reports:photo", ID, "thumb"),
            "move": route("reports:photo_move", ID),
            "delete": route("reports:photo_delete", ID),
            "upload": route("reports:photo_upload", ID),
        }


def _page(context: template.Context) -> _Page:
    # The render context lasts as long as the rendering of the template (or partial) that
    # calls the tag: one _Page for all the blocks of a page.
    page = context.render_context.get(_Page)
    if page is None:
        page = context.render_context[_Page] = _Page(context)
    return page


# ----- Blocks -----


def _add_menu(page: _Page, url: str, label: str, slot: str) -> str:
    """The "＋ 新增" menu: the kinds are loaded when it is opened (htmx); without
    JavaScript its link opens them on a page of their own."""
    return format_rows_html(
        '<details class="add-block" hx-get="{url}" hx-trigger="toggle once"'
        ' hx-target="find .add-kinds" hx-swap="outerHTML">\n'
        "  <summary>{label}</summary>\n"
        '  <span class="add-kinds"><a class="button small" href="{url}">{choose}</a></span>\n'
        "</details>\n"
        '<div class="add-slot" id="{slot}"></div>',
        url=url,
        label=label,
        choose=page.choose,
        slot=slot,
    )


def _body(context: template.Context, page: _Page, block: Block) -> str:
    if block.kind == BlockKind.DAY:
        return format_rows_html(
            '<h3 class="block-day">{} <span class="muted small">{}</span></h3>',
            block.text,
            roc_short(block.date),
        )
    if block.kind == BlockKind.SECTION:
        return format_rows_html('<h4 class="block-section">{}</h4>', block.text)
    if block.kind == BlockKind.POINT:
        return format_rows_html(
            '<h4 class="block-point"><span class="point-number">{}</span>{}</h4>',
            numbering.point_label(block.marker, block.number),
            block.text,
        )
    if block.kind == BlockKind.FIGURES:
        return format_rows_html(
            '<figure class="block-figures">\n{}\n<figcaption>{} {}</figcaption>\n</figure>',
            _figure_photos(page, block, can_edit=True),
            page.figure % {"n": block.figure_label},
            block.text,
        )
    return format_rows_html('<p class="block-paragraph">{}</p>', block.text)


@register.simple_tag(takes_context=True)
def editable_block(context: template.Context, block: Block) -> str:
    """A block as read in the editor, with its tools and its "add after" menu. ``block``
    carries its ``urls`` (see reports/views/editing.py)."""
    page = _page(context)
    urls = block.urls
    return format_rows_html(
        '<article class="block kind-{kind}{restricted_class}" id="block-{pk}">\n'
        '<div class="block-row">\n'
        '<div class="block-body">{body}</div>\n'
        '<div class="block-tools">\n'
        '{restricted}<span class="block-kind">{kind_label}</span>\n'
        '<a class="button small" href="{edit}" hx-get="{edit}" hx-target="#block-{pk}"'
        ' hx-swap="outerHTML">{edit_label}</a>\n'
        "{tools}"
        "</div>\n"
        "</div>\n"
        "{add}\n"
        "</article>",
        kind=block.kind,
        restricted_class=" restricted" if block.restricted else "",
        restricted=format_rows_html("{}\n", restricted_badge()) if block.restricted else "",
        pk=block.pk,
        body=_body(context, page, block),
        kind_label=page.kinds.get(block.kind, block.kind),
        edit=urls["edit"],
        edit_label=page.edit,
        tools=_move_and_remove(
            page,
            urls,
            block.version,
            (page.up, page.down, page.remove),
            page.confirm_remove.get(block.kind, ""),
        ),
        add=_add_menu(page, urls["add_after"], page.add_after, f"add-after-{block.pk}"),
    )


def _move_and_remove(page, urls: dict, version: int, labels: tuple, confirm: str) -> str:
    """A block's or a chapter's ↑ ↓ and remove buttons: one form, each button posting where
    it says (formaction, hx-post). ``labels``: (up, down, remove)."""
    up, down, remove = labels
    return format_rows_html(
        '<form method="post" action="{move}" class="inline" hx-target="#chapters"'
        ' hx-swap="outerHTML">{csrf}<input type="hidden" name="version" value="{version}">\n'
        '<button type="submit" class="small" name="direction" value="up" hx-post="{move}"'
        ' title="{up}" aria-label="{up}">↑</button>\n'
        '<button type="submit" class="small" name="direction" value="down" hx-post="{move}"'
        ' title="{down}" aria-label="{down}">↓</button>\n'
        '<button type="submit" class="small danger" formaction="{remove}" hx-post="{remove}"'
        ' hx-confirm="{confirm}">{remove_label}</button>\n'
        "</form>\n",
        move=urls["move"],
        csrf=page.csrf,
        version=version,
        up=up,
        down=down,
        remove=urls["remove"],
        confirm=confirm,
        remove_label=remove,
    )


def restricted_badge() -> str:
    """The 限閱 badge of a classified block, in the editor and on the mission page."""
    return format_rows_html(
        '<span class="badge restricted" title="{}">{}</span>',
        _("不公開（限閱）：不出現在公開的報告、PDF 與搜尋中"),
        _("限閱"),
    )


@register.simple_tag(takes_context=True)
def chapter_head(context: template.Context, chapter: Chapter) -> str:
    """A chapter's heading with its tools; the ``chapter_head`` partial and the page's
    loop over the chapters both call it. ``chapter`` carries its ``urls``."""
    page = _page(context)
    urls = chapter.urls
    confirm = page.confirm_chapter % {
        "n": chapter.number,
        "t": chapter.title,
    }
    return format_rows_html(
        '<header class="chapter-head" id="chapter-head-{pk}">\n'
        '<h2 id="chapter-title-{pk}">{heading}</h2>\n'
        '<div class="tools">\n'
        '<a class="button small" href="{rename}" hx-get="{rename}"'
        ' hx-target="#chapter-head-{pk}" hx-swap="outerHTML">{rename_label}</a>\n'
        "{tools}"
        "</div>\n"
        "</header>",
        pk=chapter.pk,
        heading=chapter.numbered_title(chapter.report.heading_style),
        rename=urls["rename"],
        rename_label=page.rename,
        tools=_move_and_remove(
            page,
            urls,
            chapter.version,
            (page.chapter_up, page.chapter_down, page.remove_chapter),
            confirm,
        ),
    )


@register.simple_tag(takes_context=True)
def chapter_add_menu(context: template.Context, chapter: Chapter) -> str:
    """The menu adding a block at the start of ``chapter``."""
    page = _page(context)
    return _add_menu(page, chapter.urls["add"], page.add_at_start, f"add-start-{chapter.pk}")


# ----- A figure group's photos -----


def _photo(page: _Page, block: Block, photo: Photo, index: int, last: bool, can_edit) -> str:
    if block.figure_first:
        number = page.photo_figure % {"number": block.figure_first + index}
        alt = f"{number} {block.text}"
    else:
        number = page.photo_nth % {"n": index + 1}
        alt = block.text
    name = ""
    if photo.original_filename:
        name = format_rows_html(
            ' <span class="muted">{}</span>', truncatechars(photo.original_filename, 24)
        )
    tools = ""
    if can_edit:
        move = page.photo_routes["move"].format(photo.pk)
        delete = page.photo_routes["delete"].format(photo.pk)
        tools = format_rows_html(
            '\n<div class="photo-tools">\n'
            '<form method="post" action="{move}" class="inline" hx-post="{move}"'
            ' hx-target="#{target}" hx-swap="outerHTML">{csrf}'
            '<input type="hidden" name="direction" value="left">'
            '<button type="submit" title="{earlier}" aria-label="{earlier}"{first}>←</button>'
            "</form>\n"
            '<form method="post" action="{move}" class="inline" hx-post="{move}"'
            ' hx-target="#{target}" hx-swap="outerHTML">{csrf}'
            '<input type="hidden" name="direction" value="right">'
            '<button type="submit" title="{later}" aria-label="{later}"{last}>→</button>'
            "</form>\n"
            '<form method="post" action="{delete}" class="inline" hx-post="{delete}"'
            ' hx-target="#{target}" hx-swap="outerHTML" hx-confirm="{confirm}">{csrf}'
            '<button type="submit" class="danger">{remove}</button></form>\n'
            "</div>",
            move=move,
            delete=delete,
            target=f"figure-photos-{block.pk}",
            csrf=page.csrf,
            earlier=page.earlier,
            later=page.later,
            first=" disabled" if index == 0 else "",
            last=" disabled" if last else "",
            confirm=page.confirm_photo,
            remove=page.remove_photo,
        )
    return format_rows_html(
        "<figure>\n"
        '<a href="{full}" target="_blank" rel="noopener">'
        '<img src="{thumb}" alt="{alt}" loading="lazy"></a>\n'
        "<figcaption>{number}{name}</figcaption>{tools}\n"
        "</figure>",
        full=page.photo_routes["full"].format(photo.pk),
        thumb=page.photo_routes["thumb"].format(photo.pk),
        alt=alt,
        number=number,
        name=name,
        tools=tools,
    )


def _figure_photos(page: _Page, block: Block, *, can_edit, errors=()) -> str:
    """The photos of a figure group (``block``, its photos prefetched); with ``can_edit``,
    the upload form and each photo's tools; ``errors``, the files just refused."""
    photos = list(block.photos.all())
    if photos:
        gallery = format_rows_html(
            '<div class="gallery">\n{}\n</div>',
            format_html_join(
                "\n",
                "{}",
                (
                    (_photo(page, block, photo, index, index == len(photos) - 1, can_edit),)
                    for index, photo in enumerate(photos)
                ),
            ),
        )
    else:
        gallery = format_rows_html('<p class="muted">{}</p>', page.no_photos)
    refused = ""
    if errors:
        refused = format_rows_html(
            '\n<ul class="errorlist" role="alert">{}</ul>',
            format_html_join("", "<li>{}</li>", ((error,) for error in errors)),
        )
    upload = ""
    if can_edit:
        url = page.photo_routes["upload"].format(block.pk)
        upload = format_rows_html(
            '\n<form class="photo-upload" method="post" action="{url}" enctype="multipart/form-data"'
            ' hx-post="{url}" hx-encoding="multipart/form-data" hx-target="#figure-photos-{pk}"'
            ' hx-swap="outerHTML">\n'
            "{csrf}\n"
            '<label for="photo-input-{pk}">{label}</label>\n'
            '<input type="file" id="photo-input-{pk}" name="photos"'
            ' accept="image/jpeg,image/png,image/webp" multiple required>\n'
            '<button type="submit">{upload}</button>\n'
            "</form>",
            url=url,
            pk=block.pk,
            csrf=page.csrf,
            label=page.add_photos,
            upload=page.upload,
        )
    return format_rows_html(
        '<div class="figure-photos" id="figure-photos-{pk}">\n'
        '<link rel="stylesheet" href="{css}">\n'
        "{gallery}{refused}{upload}\n"
        "</div>",
        pk=block.pk,
        css=page.photos_css,
        gallery=gallery,
        refused=refused,
        upload=upload,
    )


@register.simple_tag(takes_context=True)
def figure_photos(context: template.Context, block: Block, can_edit=False, errors=()) -> str:
    """``{% figure_photos block can_edit photo_errors %}``: see _figure_photos."""
    return _figure_photos(_page(context), block, can_edit=can_edit, errors=errors or ())


# ----- Form fields -----


@register.simple_tag(takes_context=True)
def report_field(context: template.Context, field) -> str:
    """``{% report_field form.title %}``: a field of the report's forms with its label, help
    and errors (eight of them on the editing page, an include each before)."""
    required = ""
    if field.field.required:
        required = format_rows_html(' <span class="required" aria-hidden="true">*</span>')
    help_text = ""
    if field.help_text:
        help_text = format_rows_html(
            '\n<small class="help" id="{}_help">{}</small>', field.auto_id, field.help_text
        )
    errors = ""
    if field.errors:
        errors = format_rows_html('\n<div class="field-error" role="alert">{}</div>', field.errors)
    return format_rows_html(
        '<label for="{}">{}{}</label>\n{}{}{}',
        field.id_for_label,
        field.label,
        required,
        field,
        help_text,
        errors,
    )
