"""The rows the mission pages repeat, drawn in Python: form fields, itinerary items, the
missions list's rows and the report countdown.

An editing page has some thirty form fields and twenty itinerary items, the mission page the
same items again, the list 25 missions. Each was an ``{% include %}`` or a dozen template
nodes: drawn by the template engine they cost most of the page's time, in includes, variable
look-ups, ``{% translate %}`` and escaping. Here the labels are translated and escaped once
a page and each row is a format_html.

Each piece is drawn in one place only: the templates call these tags wherever they show a
field or an item, in the pages and in the sections htmx redraws alike.
"""

from django import template
from django.forms import BoundField
from django.template.defaultfilters import linebreaksbr, truncatechars
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from envoy.core.templatetags.envoy import format_rows_html, roc_short, roc_weekday
from envoy.reports.enums import BlockKind, ReportStatus
from envoy.reports.models import Report
from envoy.reports.templatetags.report_editing import restricted_badge

from ..enums import Direction, ItemKind
from ..models import ItineraryDay, ItineraryItem, Mission

register = template.Library()


class _Page:
    """What the rows of one page share, worked out for the first of them. The labels are
    escaped here, once, so that format_html passes them through as they are."""

    def __init__(self, context: template.Context):
        self.kinds = {kind.value: escape(kind.label) for kind in ItemKind}
        self.required = escape(_("必填"))
        self.edit = escape(_("編輯"))
        self.up, self.down = escape(_("上移")), escape(_("下移"))
        self.remove = escape(_("刪除"))
        self.edit_day = escape(_("編輯這一天"))
        # Messages with a value in them, translated once and filled in for each row.
        self.remarks = _("備註：%(remarks)s")
        self.place = _("地點：%(place)s")
        self.confirm_item = _("確定要刪除「%(text)s」嗎？")
        self.csrf = CsrfTokenNode().render(context)
        # The missions list
        self.directions = {direction.value: escape(direction.label) for direction in Direction}
        self.statuses = {status.value: escape(status.label) for status in ReportStatus}
        self.not_set = escape(_("未定"))
        self.no_report = escape(_("尚無報告"))
        self.due_today = escape(_("今天到期"))
        # The mission page's report
        self.empty_chapter = escape(_("本章尚無內容。"))


def _page(context: template.Context) -> _Page:
    # The render context lasts as long as the rendering of the template (or partial) that
    # calls the tag: one _Page for all the rows of a page.
    page = context.render_context.get(_Page)
    if page is None:
        page = context.render_context[_Page] = _Page(context)
    return page


# ----- Form fields -----


@register.simple_tag(takes_context=True)
def form_field(context: template.Context, field: BoundField, wide: bool = False) -> str:
    """``{% form_field form.title wide=True %}``: the field with its label, help and errors.
    ``wide`` spans the form's grid."""
    page = _page(context)
    classes = "field" + (" wide" if wide else "") + (" has-error" if field.errors else "")
    if field.widget_type == "checkbox":
        label = format_rows_html('<label class="check">{} {}</label>', field, field.label)
    else:
        required = ""
        if field.field.required:
            required = format_rows_html('<span class="required" title="{}">*</span>', page.required)
        label = format_rows_html(
            '<label for="{}">{}{}</label>\n{}',
            field.id_for_label,
            field.label,
            required,
            field,
        )
    help_text = ""
    if field.help_text:
        help_text = format_rows_html(
            '\n<small class="help" id="{}_helptext">{}</small>', field.auto_id, field.help_text
        )
    errors = ""
    if field.errors:
        errors = format_rows_html(
            '\n<ul class="errorlist" role="alert">{}</ul>',
            format_html_join("", "<li>{}</li>", ((error,) for error in field.errors)),
        )
    return format_rows_html('<div class="{}">\n{}{}{}\n</div>', classes, label, help_text, errors)


# ----- Itinerary days and items -----


def _day_where(day: ItineraryDay) -> str:
    if not (day.countries or day.places):
        return ""
    between = " · " if day.countries and day.places else ""
    return format_rows_html(
        '\n<p class="day-where">{}{}{}</p>',
        " / ".join(day.countries),
        between,
        " → ".join(day.places),
    )


def _day_heading(day: ItineraryDay) -> str:
    return format_rows_html('\n<p class="day-heading">{}</p>', day.heading) if day.heading else ""


def _day_remarks(page: _Page, day: ItineraryDay) -> str:
    if not day.remarks:
        return ""
    remarks = page.remarks % {"remarks": day.remarks}
    return format_rows_html('\n<p class="remarks">{}</p>', remarks)


def _day_date(day: ItineraryDay) -> str:
    return format_rows_html(
        '<time datetime="{}">{}</time>', day.date.isoformat(), roc_weekday(day.date)
    )


@register.simple_tag(takes_context=True)
def itinerary_day(context: template.Context, day: ItineraryDay) -> str:
    """A day of the mission page's itinerary, with its items (``day.items.all``, each with
    its local times)."""
    page = _page(context)
    items = ""
    lines = [_item_line(page, item, day) for item in day.items.all()]
    if lines:
        items = format_rows_html(
            '\n<ol class="items">\n{}\n</ol>',
            mark_safe("".join(f'<li class="item">{line}</li>' for line in lines)),
        )
    return format_rows_html(
        '<li class="day" id="day-{}">\n<h3 class="day-date">{}</h3>{}{}{}{}\n</li>',
        day.pk,
        _day_date(day),
        _day_where(day),
        _day_heading(day),
        items,
        _day_remarks(page, day),
    )


@register.simple_tag(takes_context=True)
def editable_day_head(context: template.Context, day: ItineraryDay) -> str:
    """The heading of a day of the editing page, with its tools. ``day`` carries its
    ``urls`` (see views/editing.py)."""
    page = _page(context)
    count = len(day.items.all())
    confirm = ngettext(
        "確定要刪除 %(date)s 及其 %(counter)s 個行程項目嗎？",
        "確定要刪除 %(date)s 及其 %(counter)s 個行程項目嗎？",
        count,
    ) % {"date": roc_short(day.date), "counter": count}
    return format_rows_html(
        '<div class="day-head">\n'
        "<div>\n"
        "<h3>{date}</h3>{where}{heading}{remarks}\n"
        "</div>\n"
        '<div class="row-actions">\n'
        '<a class="button small" href="{edit}" hx-get="{edit}">{edit_label}</a>\n'
        '<form method="post" action="{remove}" hx-post="{remove}" hx-confirm="{confirm}">'
        '{csrf}<input type="hidden" name="version" value="{version}">'
        '<button type="submit" class="small danger">{remove_label}</button></form>\n'
        "</div>\n"
        "</div>",
        date=_day_date(day),
        where=_day_where(day),
        heading=_day_heading(day),
        remarks=_day_remarks(page, day),
        edit=day.urls["edit"],
        edit_label=page.edit_day,
        remove=day.urls["remove"],
        confirm=confirm,
        csrf=page.csrf,
        version=day.version,
        remove_label=page.remove,
    )


def _local_time(moment) -> str:
    """09:00 CST: the wall-clock time, with its zone's abbreviation and name when known."""
    zone = ""
    if moment.zone:
        zone = format_rows_html(
            ' <abbr class="zone" title="{}">{}</abbr>', moment.zone, moment.abbreviation
        )
    return format_rows_html(
        '<time datetime="{}">{}</time>{}', moment.iso, moment.time.strftime("%H:%M"), zone
    )


def _item_line(page: _Page, item: ItineraryItem, day: ItineraryDay) -> str:
    times = ""
    if item.start_local or item.end_local:
        start = _local_time(item.start_local) if item.start_local else ""
        end = ""
        if item.end_local:
            end_date = ""
            if item.end_date and item.end_date != day.date:
                end_date = format_rows_html(
                    '<span class="end-date">{}</span> ', roc_short(item.end_date)
                )
            end = format_rows_html(" → {}{}", end_date, _local_time(item.end_local))
        times = format_rows_html('<span class="times">{}{}</span>', start, end)
    place = ""
    if item.place:
        place = format_rows_html(
            '\n<span class="item-place">{}</span>', page.place % {"place": item.place}
        )
    flight = ""
    if item.flight_number or item.origin or item.destination:
        number = (
            format_rows_html("<strong>{}</strong> ", item.flight_number)
            if item.flight_number
            else ""
        )
        arrow = " → " if item.origin or item.destination else ""
        flight = format_rows_html(
            '\n<span class="flight">{}{}{}{}</span>', number, item.origin, arrow, item.destination
        )
    return format_rows_html(
        '<span class="kind kind-{}">{}</span>\n{}\n<span class="item-text">{}</span>{}{}',
        item.kind,
        page.kinds.get(item.kind, item.kind),
        times,
        item.text,
        place,
        flight,
    )


@register.simple_tag(takes_context=True)
def item_line(context: template.Context, item: ItineraryItem, day: ItineraryDay) -> str:
    """An itinerary item as read: its kind, local times, text, place and flight. ``item``
    has its ``start_local``/``end_local`` (see views/pages.py: with_local_times)."""
    return _item_line(_page(context), item, day)


@register.simple_tag(takes_context=True)
def editable_item(
    context: template.Context, item: ItineraryItem, day: ItineraryDay, first: bool, last: bool
) -> str:
    """An item of the editing page's itinerary, with its tools; ``first``/``last`` disable
    moving it further. ``item`` carries its ``urls`` (see views/editing.py)."""
    page = _page(context)
    urls = item.urls
    confirm = page.confirm_item % {"text": truncatechars(item.text, 30)}
    return format_rows_html(
        '<li id="item-{pk}">\n'
        '<div class="item-line">{line}</div>\n'
        '<div class="row-actions">\n'
        '<a class="button small" href="{edit}" hx-get="{edit}">{edit_label}</a>\n'
        # One form for the three buttons: each posts where it says (formaction, hx-post).
        '<form method="post" action="{move}">{csrf}'
        '<input type="hidden" name="version" value="{version}">\n'
        '<button type="submit" class="small" name="direction" value="up" hx-post="{move}"'
        ' title="{up}" aria-label="{up}"{first}>↑</button>\n'
        '<button type="submit" class="small" name="direction" value="down" hx-post="{move}"'
        ' title="{down}" aria-label="{down}"{last}>↓</button>\n'
        '<button type="submit" class="small danger" formaction="{remove}" hx-post="{remove}"'
        ' hx-confirm="{confirm}">{remove_label}</button>\n'
        "</form>\n"
        "</div>\n"
        "</li>",
        pk=item.pk,
        line=_item_line(page, item, day),
        edit=urls["edit"],
        edit_label=page.edit,
        move=urls["move"],
        csrf=page.csrf,
        version=item.version,
        up=page.up,
        first=" disabled" if first else "",
        down=page.down,
        last=" disabled" if last else "",
        remove=urls["remove"],
        confirm=confirm,
        remove_label=page.remove,
    )


# ----- The missions list and the report countdown -----


def _countdown(page: _Page, countdown) -> str:
    """The badge of a report's countdown (views/pages.py: Countdown); "" without one."""
    if countdown is None:
        return ""
    if countdown.overdue:
        late = countdown.late
        text = ngettext("逾期 %(days)s 天", "逾期 %(days)s 天", late) % {"days": late}
        return format_rows_html('<span class="badge overdue">{}</span>', text)
    if countdown.days == 0:
        return format_rows_html('<span class="badge due-today">{}</span>', page.due_today)
    days = countdown.days
    text = ngettext("還有 %(days)s 天", "還有 %(days)s 天", days) % {"days": days}
    soon = " soon" if days <= 14 else ""
    return format_rows_html('<span class="due-countdown{}">{}</span>', soon, text)


@register.simple_tag(takes_context=True)
def countdown_badge(context: template.Context, countdown) -> str:
    return _countdown(_page(context), countdown)


@register.simple_tag(takes_context=True)
def mission_row(
    context: template.Context, mission: Mission, report: Report | None, countdown
) -> str:
    """A row of the missions list. ``mission`` carries its ``url``; ``countdown`` is the
    report's (views/pages.py: report_countdown)."""
    page = _page(context)
    inbound = ""
    if mission.direction == Direction.INBOUND:
        inbound = format_rows_html(
            ' <span class="badge">{}</span>', page.directions[mission.direction]
        )
    if mission.start_date:
        dates = format_rows_html(
            "{}–{}", roc_short(mission.start_date), roc_short(mission.end_date)
        )
    else:
        dates = format_rows_html('<span class="muted">{}</span>', page.not_set)
    if report is not None:
        status = format_rows_html(
            '<span class="badge {}">{}</span>',
            report.status,
            page.statuses.get(report.status, report.status),
        )
    else:
        status = format_rows_html('<span class="muted">{}</span>', page.no_report)
    # The countdown has the due date already; an approved report has none but still shows it.
    due = countdown.due if countdown else report.due_date if report is not None else None
    if due:
        due_cell = format_rows_html(
            '<span class="nowrap">{}</span> {}', roc_short(due), _countdown(page, countdown)
        )
    else:
        due_cell = format_rows_html('<span class="muted">—</span>')
    return format_rows_html(
        "<tr>\n"
        '<td class="title-cell"><a href="{url}">{title}</a>{inbound}</td>\n'
        '<td class="nowrap">{dates}</td>\n'
        "<td>{where}</td>\n"
        "<td>{bureau}</td>\n"
        "<td>{status}</td>\n"
        '<td class="due">{due}</td>\n'
        "</tr>",
        url=mission.url,
        title=mission.title,
        inbound=inbound,
        dates=dates,
        where=mission.region or "、".join(mission.destination_countries),
        bureau=mission.bureau or "—",
        status=status,
        due=due_cell,
    )


# ----- The report on the mission page -----


def _read_block(block) -> str:
    html = _read_block_text(block)
    if block.restricted:
        # 限閱: shown to those who may open the mission, marked as never published.
        return format_rows_html(
            '<div class="block-restricted">{}\n{}</div>', restricted_badge(), html
        )
    return html


def _read_block_text(block) -> str:
    if block.kind == BlockKind.DAY:
        return format_rows_html('<h4 class="block-day">{}</h4>', block.heading)
    if block.kind == BlockKind.SECTION:
        return format_rows_html('<h5 class="block-section">{}</h5>', block.text)
    if block.kind == BlockKind.POINT:
        label = getattr(block, "label", "")  # none when the point has no number
        return format_rows_html('<h5 class="block-point">{}{}</h5>', label, block.text)
    if block.kind == BlockKind.FIGURES:
        return format_rows_html(
            '<p class="block-figures"><a href="#figure-{}">{}</a></p>', block.pk, block.caption
        )
    return format_rows_html(
        '<p class="block-paragraph">{}</p>', linebreaksbr(block.text, autoescape=True)
    )


@register.simple_tag(takes_context=True)
def report_chapters(context: template.Context, report: Report) -> str:
    """The report's chapters as read on the mission page: ``report.chapter_list``, each with
    its ``heading`` and ``block_list`` (views/pages.py: _report_for_page)."""
    page = _page(context)
    chapters = []
    for chapter in report.chapter_list:
        blocks = [_read_block(block) for block in chapter.block_list]
        if not blocks:
            blocks = [format_rows_html('<p class="muted">{}</p>', page.empty_chapter)]
        chapters.append(
            format_rows_html(
                '<article class="chapter">\n<h3>{}</h3>\n{}\n</article>',
                chapter.heading,
                mark_safe("\n".join(blocks)),
            )
        )
    return mark_safe("\n".join(chapters))
