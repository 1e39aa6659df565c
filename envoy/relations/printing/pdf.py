"""The briefing pack (行前簡報) as PDF, typeset by Typst.

:func:`render_briefing_pdf` turns a :class:`~envoy.relations.briefing.Briefing` into plain
data — a cover and sections of subheadings, label/value facts, tables and paragraphs — and
hands it to ``briefing.typ`` as JSON in ``sys.inputs``; the template prints every string as
text, never as Typst markup. Fonts and the per-thread compiler are the report printer's
(:mod:`envoy.reports.printing.pdf`), so a warm call only lays the pages out.

The pack is printed in Chinese whatever language the reader uses, as reports are. Contact
details come only from ``Contact.details``, which the briefing fills for staff alone.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from envoy.core.lib.punctuation import aside
from envoy.core.lib.rocdates import format_roc_short, roc_date
from envoy.reports.printing import common
from envoy.reports.printing.pdf import available_fonts, compile_pdf

from ..briefing import Briefing, Destination, ReportExcerpt

TEMPLATE = Path(__file__).with_name("briefing.typ")
DASH = "—"


def render_briefing_pdf(briefing: Briefing, *, site: str = "") -> bytes:
    """The briefing as an A4 PDF in Traditional Chinese. ``site`` (https://envoy.example)
    makes the links to earlier reports absolute."""
    with translation.override(settings.LANGUAGE_CODE):
        data = briefing_data(briefing, site=site)
    return compile_pdf(TEMPLATE, data)


def briefing_data(briefing: Briefing, *, site: str = "") -> dict:
    """What briefing.typ prints, as JSON-able data, in the active language."""
    mission = briefing.mission
    title = _("行前簡報")
    return {
        "title": f"{title}：{mission.title}",
        "header": f"{title} · {mission.title}",
        "fonts": {"serif": available_fonts(tuple(common.SERIF_FONTS))},
        "cover": {
            "heading": title,
            "title": mission.title,
            "lines": [_fact(label, value) for label, value in _cover_lines(briefing)],
            "notice": _("本資料含個人聯絡資料，僅供公務使用，請勿外流。")
            if briefing.show_private
            else None,
        },
        "notice": _first_visit(briefing),
        "sections": [
            _destinations(briefing),
            _contacts(briefing),
            *_other_contacts(briefing),
            _agreements(briefing),
            _follow_ups(briefing),
            _recommendations(briefing),
            *(_panel(panel) for panel in briefing.panels),
            _lessons(briefing, site),
        ],
    }


# ----- building blocks, as briefing.typ knows them -----


def _lines(text: str) -> list[str]:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _fact(label: str, value: str | list[str]) -> dict:
    lines = value if isinstance(value, list) else _lines(value or DASH)
    return {"label": str(label), "lines": lines or [DASH]}


def _subheading(text: str) -> dict:
    return {"kind": "subheading", "text": text}


def _paragraph(text: str) -> dict:
    return {"kind": "paragraph", "lines": _lines(text)}


def _note(text: str) -> dict:
    return {"kind": "note", "text": text}


def _facts(rows: list[tuple[str, str | list[str]]]) -> dict:
    return {"kind": "facts", "rows": [_fact(label, value) for label, value in rows]}


def _table(columns: list[str], widths: list[float], rows: list[list[str]], flags=None) -> dict:
    """A table; ``widths`` are relative (fr); a row whose flag is true prints in red."""
    flags = flags or [False] * len(rows)
    return {
        "kind": "table",
        "columns": [str(c) for c in columns],
        "widths": widths,
        "rows": [
            {"cells": [_lines(cell or DASH) for cell in row], "flag": flag}
            for row, flag in zip(rows, flags, strict=True)
        ],
    }


def _section(heading: str, items: list[dict], empty: str) -> dict:
    return {"heading": heading, "items": items, "empty": None if items else empty}


def _panel(panel) -> dict:
    """A table an app above relations adds (``relations.panels``)."""
    widths = [3.0] + [1.0] * (len(panel.columns) - 1)
    flags = [flag for _cells, _link, flag in panel.table]
    items = [_table(panel.columns, widths, panel.rows, flags)] if panel.rows else []
    return _section(panel.heading, items, panel.empty)


def _short(day) -> str:
    return format_roc_short(day) if day else DASH


def _span(start, end) -> str:
    if not start:
        return ""
    if not end or end == start:
        return format_roc_short(start)
    return f"{format_roc_short(start)}–{format_roc_short(end)}"


# ----- the cover -----


def _cover_lines(briefing: Briefing) -> list[tuple[str, str]]:
    mission = briefing.mission
    period = ""
    if mission.start_date and mission.end_date:
        period = _("%(start)s至%(end)s（共 %(days)s 天）") % {
            "start": roc_date(mission.start_date),
            "end": roc_date(mission.end_date),
            "days": mission.duration_days,
        }
    elif mission.start_date:
        period = roc_date(mission.start_date)
    if mission.is_visit:
        who = (_("來訪單位"), mission.visitor_organisation or DASH)
    else:
        who = (_("主辦機關"), mission.host_agency or DASH)
    return [
        (mission.period_label, period or DASH),
        (mission.cities_label, briefing.destination_names or DASH),
        who,
        (mission.bureau_label, str(mission.bureau) if mission.bureau else DASH),
        (_("製表日期"), roc_date(briefing.today)),
    ]


def _first_visit(briefing: Briefing) -> str | None:
    if not briefing.first_visit:
        return None
    names = briefing.destination_names
    visit = briefing.mission.is_visit
    if not names:
        if visit:
            return _("本來訪尚未填寫來訪者城市，無法整理往來紀錄。")
        return _("本任務尚未填寫前往城市，無法整理往來紀錄。")
    if visit:
        return _(
            "本府首次接待來自%(cities)s的訪客：尚無曾會晤人員、有效協定、待辦事項或過去報告的紀錄。"
        ) % {"cities": names}
    return _("本府首次前往%(cities)s：尚無曾會晤人員、有效協定、待辦事項或過去報告的紀錄。") % {
        "cities": names
    }


# ----- the sections -----


def membership_line(membership) -> str:
    """全球城市永續網絡（G-NETS），2023 年加入; 2022 年發起成立 for its founder."""
    if membership.founder:
        if membership.since_year:
            return _("%(network)s，%(year)s 年發起成立") % {
                "network": membership.network,
                "year": membership.since_year,
            }
        return _("%(network)s，發起城市") % {"network": membership.network}
    if membership.since_year:
        return _("%(network)s，%(year)s 年加入") % {
            "network": membership.network,
            "year": membership.since_year,
        }
    return str(membership.network)


def networks_label(destination: Destination) -> str:
    return _("與本市共同參與的城市網絡") if destination.shared else _("參與的城市網絡")


def _destinations(briefing: Briefing) -> dict:
    items = []
    for destination in briefing.destinations:
        city = destination.city
        if city is None:
            items.append(_subheading(destination.name))
            items.append(_paragraph(_("尚無「%(name)s」的城市資料。") % {"name": destination.name}))
            continue
        heading = city.name
        if city.name_en and city.name_en != city.name:
            heading = city.name + aside(city.name_en)
        items.append(_subheading(heading))
        networks = [membership_line(m) for m in destination.memberships]
        items.append(
            _facts(
                [
                    (_("國家"), city.country_name or DASH),
                    (_("座標"), destination.coordinates or DASH),
                    (_("時區"), city.timezone or DASH),
                    (networks_label(destination), networks or [_("尚無紀錄")]),
                ]
            )
        )
    if briefing.mission.is_visit:
        return _section(_("來訪者城市"), items, _("本來訪尚未填寫來訪者城市。"))
    return _section(_("前往城市"), items, _("本任務尚未填寫前往城市。"))


def person_heading(person) -> str:
    """小池百合子 Koike Yuriko; Dinesh Vasu Dash（迪內希）."""
    name = person.display_name
    if person.name_latin and person.name_latin != person.name:
        name = f"{name} {person.name_latin}"
    return name


def meeting_where(meeting) -> str:
    """The mission (or event) a meeting was part of."""
    if meeting.mission is not None:
        return meeting.mission.title
    return meeting.event.name if meeting.event is not None else ""


def _contacts(briefing: Briefing) -> dict:
    return _section(
        _("曾會晤人員"), _contact_items(briefing.contacts), _("尚無這些城市的人員紀錄。")
    )


def _other_contacts(briefing: Briefing) -> list[dict]:
    """People met from other cities: a section only when there are some."""
    if not briefing.other_contacts:
        return []
    items = [_note(_("本任務提及、但不在前往城市的人員。"))]
    return [_section(_("其他城市的會晤對象"), items + _contact_items(briefing.other_contacts), "")]


def _contact_items(contacts) -> list[dict]:
    items = []
    for contact in contacts:
        items.append(_subheading(person_heading(contact.person)))
        facts = [
            (_("城市"), contact.city.display_name),
            (_("職稱"), contact.position_text or DASH),
        ]
        facts += [(str(label), value) for label, value in contact.details]
        items.append(_facts(facts))
        if contact.meetings:
            items.append(
                _table(
                    [_("日期"), _("任務"), _("本府與會人員"), _("當時職稱")],
                    [1.1, 3, 1.6, 1.4],
                    [
                        [_short(m.date), meeting_where(m), m.met_by, m.title_then]
                        for m in contact.meetings
                    ],
                )
            )
        else:
            items.append(_paragraph(_("尚無交流紀錄。")))
    return items


def agreement_parties(agreement) -> str:
    names = [c.display_name for c in agreement.cities.all()]
    names += [o.display_name for o in agreement.organisations.all()]
    return "、".join(names)


def _agreements(briefing: Briefing) -> dict:
    items = []
    if briefing.agreements:
        items.append(
            _table(
                [_("簽署日期"), _("類型"), _("名稱"), _("締約方")],
                [1.1, 1.1, 3, 2],
                [
                    [_short(a.date), str(a.get_kind_display()), a.title, agreement_parties(a)]
                    for a in briefing.agreements
                ],
            )
        )
    heading = _("有效協定（%(date)s）") % {"date": format_roc_short(briefing.on)}
    if briefing.mission.is_visit:
        return _section(heading, items, _("來訪日沒有有效的協定。"))
    return _section(heading, items, _("出國日沒有有效的協定。"))


def follow_up_status(follow_up) -> str:
    if follow_up.overdue:
        return ngettext("逾期 %(days)s 天", "逾期 %(days)s 天", follow_up.days_late) % {
            "days": follow_up.days_late
        }
    return _("辦理中")


def _follow_ups(briefing: Briefing) -> dict:
    items = []
    if briefing.follow_ups:
        rows = []
        for follow_up in briefing.follow_ups:
            meeting = follow_up.interaction
            owner = meeting.follow_up_owner
            rows.append(
                [
                    _short(meeting.follow_up_due),
                    meeting.person.display_name,
                    meeting.follow_up,
                    owner.display_name if owner else "",
                    follow_up_status(follow_up),
                ]
            )
        items.append(
            _table(
                [_("辦理期限"), _("對象"), _("後續辦理事項"), _("承辦人"), _("狀態")],
                [1.1, 1.5, 3, 1.1, 1.1],
                rows,
                [f.overdue for f in briefing.follow_ups],
            )
        )
    return _section(_("待辦後續事項"), items, _("沒有未完成的後續辦理事項。"))


def excerpt_heading(excerpt: ReportExcerpt) -> str:
    """赴日本東京出席…（115/4/26–115/4/30）."""
    mission = excerpt.mission
    span = _span(mission.start_date, mission.end_date)
    return f"{mission.title}（{span}）" if span else mission.title


def _points(excerpt: ReportExcerpt) -> list[dict]:
    items = []
    for point in excerpt.points:
        if point.title:
            items.append({"kind": "point", "text": point.heading})
        items += [_paragraph(text) for text in point.paragraphs]
    return items


def _recommendations(briefing: Briefing) -> dict:
    items = []
    for excerpt in briefing.recommendations:
        items.append(_subheading(excerpt_heading(excerpt)))
        items += _points(excerpt)
    return _section(_("過去報告的建議"), items, _("過去前往這些城市的報告沒有建議。"))


def report_url(excerpt: ReportExcerpt, site: str = "") -> str:
    return f"{site}{reverse('missions:detail', args=[excerpt.mission.pk])}#report-body"


def _lessons(briefing: Briefing, site: str) -> dict:
    items = []
    lessons = briefing.lessons
    if lessons is not None:
        items.append(_subheading(excerpt_heading(lessons)))
        items.append({"kind": "link", "text": _("報告全文"), "url": report_url(lessons, site)})
        items += _points(lessons)
    else:
        items.append(_paragraph(_("過去前往這些城市的報告沒有心得。")))
    items.append(_subheading(_("參訪借鏡")))
    if briefing.site_visits:
        items.append(
            _table(
                [_("日期"), _("參訪地點"), _("城市"), _("可借鏡之處")],
                [1.1, 1.8, 0.9, 4],
                [
                    [_short(v.date), v.name, v.city.display_name if v.city else "", v.lesson]
                    for v in briefing.site_visits
                ],
            )
        )
    else:
        items.append(_paragraph(_("尚無參訪地點的借鏡紀錄。")))
    return _section(_("上次報告的心得"), items, "")
