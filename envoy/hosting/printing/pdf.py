"""A visit's printables, typeset by Typst (``visit.typ``): the programme, name badges, table
cards, the seating plan, the welcome pack and the caterer's list.

Each is worked out here into plain data and handed to the template as JSON in
``sys.inputs``; the template prints every string as text, never as Typst markup. Fonts and the
per-thread compiler are the report printer's (:mod:`envoy.reports.printing.pdf`).

Printed in Chinese with English beside it, whatever the reader's language, as visits are
hosted. A name is printed in a face made for its own script (``scripts.script_of``): a
Japanese name in Noto Sans CJK JP, a Korean one in Noto Sans CJK KR, Latin letters in a
Latin face. The caterer's list carries visitors' dietary needs and allergies, personal
data: only staff print it (``PRIVATE``).
"""

from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from envoy.core.lib.rocdates import format_roc_short, roc_date
from envoy.reports.printing.common import SANS_FONTS
from envoy.reports.printing.pdf import available_fonts, compile_pdf

from .. import queries, seating
from ..enums import HostRole
from ..scripts import script_of

TEMPLATE = Path(__file__).with_name("visit.typ")

# The printables, by the slug of their address, with their names (Chinese, English).
PRINTABLES = {
    "programme": (gettext_lazy("接待行程"), "Programme"),
    "badges": (gettext_lazy("名牌"), "Name badges"),
    "cards": (gettext_lazy("桌牌"), "Table cards"),
    "seating": (gettext_lazy("座位表"), "Seating plan"),
    "welcome": (gettext_lazy("歡迎手冊"), "Welcome pack"),
    "catering": (gettext_lazy("餐飲需求表"), "Dietary requirements"),
}
PRIVATE = {"catering"}

SCRIPT_FONTS = {
    "ja": ("Noto Sans CJK JP", "Noto Sans CJK TC"),
    "ko": ("Noto Sans CJK KR", "Noto Sans CJK TC"),
    "zh-Hans": ("Noto Sans CJK SC", "Noto Sans CJK TC"),
    "zh-Hant": ("Noto Sans CJK TC",),
}
# Typst's language of each script, so that it shapes and breaks lines as that language does.
SCRIPT_LANG = {"ja": "ja", "ko": "ko", "zh-Hans": "zh", "zh-Hant": "zh", "latin": "en"}
LATIN_FONTS = ("Noto Sans", "DejaVu Sans")
# The diets in English beside the Chinese, for caterers and visitors who read English.
DIETS_EN = {
    "halal": "Halal",
    "kosher": "Kosher",
    "vegetarian": "Vegetarian (lacto-ovo)",
    "vegan": "Vegan",
    "no_pork": "No pork",
    "no_beef": "No beef",
    "no_seafood": "No seafood",
    "gluten_free": "Gluten-free",
    "no_alcohol": "No alcohol",
}


def printables(care: bool) -> list[tuple[str, str, str]]:
    """(slug, Chinese name, English name) of what ``care`` (staff or not) may print."""
    return [
        (slug, str(zh), en) for slug, (zh, en) in PRINTABLES.items() if care or slug not in PRIVATE
    ]


def render(kind: str, mission, *, care: bool = False) -> bytes:
    """The printable ``kind`` of the visit ``mission`` as an A4 PDF."""
    with translation.override(settings.LANGUAGE_CODE):
        data = visit_data(kind, mission, care=care)
    return compile_pdf(TEMPLATE, data)


def _fonts() -> dict:
    latin = available_fonts(LATIN_FONTS)
    sans = available_fonts(tuple(SANS_FONTS))
    fonts = {"sans": sans, "latin": [*latin, *sans]}
    for script, families in SCRIPT_FONTS.items():
        fonts[script] = [*latin, *available_fonts(families), *sans]
    return fonts


def _name(text: str, country: str = "") -> dict:
    """A name with the script it is printed in."""
    script = script_of(text, country)
    return {"text": text, "script": script, "lang": SCRIPT_LANG[script]}


def _period(mission) -> str:
    if not mission.start_date:
        return ""
    if mission.end_date and mission.end_date != mission.start_date:
        return f"{roc_date(mission.start_date)}至{roc_date(mission.end_date)}"
    return roc_date(mission.start_date)


def _time(item) -> str:
    if item.start_time is None:
        return ""
    start = item.start_time.strftime("%H:%M")
    return f"{start}–{item.end_time.strftime('%H:%M')}" if item.end_time else start


def _country(mission) -> str:
    countries = mission.destination_countries or []
    return countries[0] if countries and len(countries[0]) == 2 else ""


def visit_data(kind: str, mission, *, care: bool = False) -> dict:
    """What visit.typ prints for ``kind``, as JSON-able data."""
    hosting = queries.hosting_of(mission)
    visitors = queries.visitors(mission)
    hosts = queries.hosts(mission)
    zh, en = PRINTABLES[kind]
    data = {
        "kind": kind,
        "title": f"{zh} {en} · {mission.title}",
        "heading": str(zh),
        "heading_en": en,
        "visit": mission.title,
        "organisation": mission.visitor_organisation,
        "period": _period(mission),
        "host_bureau": str(mission.bureau or ""),
        "fonts": _fonts(),
        "empty": _("尚無資料。"),
    }
    country = _country(mission)
    ordered_visitors = queries.by_precedence(visitors)
    ordered_hosts = queries.by_precedence(hosts)
    people = [_visitor(v, country) for v in ordered_visitors] + [_host(h) for h in ordered_hosts]
    if kind in ("badges", "cards"):
        data["people"] = (
            people
            if kind == "badges"
            else [p for p in people if p["role"] != str(HostRole.LIAISON.label)]
        )
    if kind in ("programme", "welcome"):
        data["days"] = _days(queries.programme(mission))
    if kind == "welcome":
        data["welcome"] = {"zh": hosting.welcome_note, "en": hosting.welcome_note_en}
        data["visitors"] = [_visitor(v, country) for v in ordered_visitors]
        data["hosts"] = [_host(h) for h in ordered_hosts]
        data["legs"] = _legs(queries.legs(mission))
        data["labels"] = _welcome_labels()
        # The visitors read English: each heading of the pack carries it.
        data["labels_en"] = {
            "welcome": "Welcome",
            "delegation": "Delegation",
            "hosts": "Your hosts",
            "programme": "Programme",
            "transport": "Transport",
        }
    if kind == "seating":
        plan = queries.seating_plan(hosting, visitors, hosts)
        data["rows"] = [_row(row, country) for row in plan.rows]
        data["rule"] = _seating_rule(plan.layout)
        data["tables_rule"] = _tables_rule(plan, hosting.table_size)
        data["labels"] = {"place": _("座位"), "name": _("姓名"), "title": _("職稱")}
    if kind == "catering":
        if not care:
            raise PermissionError("the caterer's list is for staff")
        days = queries.programme(mission)
        data["meals"] = [_meal(meal, country) for meal in queries.meals(days, visitors, hosts)]
        data["totals"] = [f"{label} {n}" for label, n in queries.diet_totals(visitors)]
        data["labels"] = {
            "diners": _("用餐人數"),
            "name": _("姓名"),
            "diet": _("飲食需求"),
            "allergies": _("過敏"),
            "totals": _("特殊飲食合計"),
            "none": _("無特殊飲食需求。"),
            "whole": _("全程各餐"),
            "notice": _("含個人健康與宗教資料，僅供本次餐飲準備使用。"),
        }
    return data


def _visitor(visitor, country: str) -> dict:
    member = visitor.member
    name = visitor.shown_name
    return {
        "name": _name(name, country),
        "name_en": visitor.other_name,
        "title": member.shown_title or member.title,
        "title_en": visitor.title_en,
        "organisation": member.agency,
        "organisation_en": visitor.organisation_en,
        "role": _("來賓"),
        "role_en": "Guest",
        "diets": visitor.diet_labels,
        "allergies": visitor.allergies,
        "guest": True,
    }


def _host(host) -> dict:
    return {
        "name": _name(host.name, "TW"),
        "name_en": host.name_en,
        "title": host.title,
        "title_en": host.title_en,
        "organisation": host.bureau.name if host.bureau else "",
        "organisation_en": host.bureau.name_en if host.bureau else "",
        "role": str(HostRole(host.role).label),
        "role_en": {"host": "Host", "interpreter": "Interpreter", "liaison": "Liaison"}.get(
            host.role, ""
        ),
        "phone": host.phone,
        "languages": host.languages,
        "guest": False,
    }


def _days(days) -> list[dict]:
    return [
        {
            "date": f"{format_roc_short(day.date)}（{day.date.isoformat()}）",
            "heading": day.heading,
            "items": [
                {"time": _time(item), "text": item.text, "place": item.place}
                for item in day.items.all()
            ],
        }
        for day in days
    ]


def _legs(legs) -> list[list[str]]:
    return [
        [
            format_roc_short(leg.date),
            leg.departs_at.strftime("%H:%M") if leg.departs_at else "",
            f"{leg.origin} → {leg.destination}",
            leg.get_kind_display(),
            " ".join(p for p in (leg.vehicle, leg.contact) if p),
        ]
        for leg in legs
    ]


def _welcome_labels() -> dict:
    return {
        "welcome": _("歡迎詞"),
        "delegation": _("來訪團員（依禮賓順序）"),
        "hosts": _("本府接待人員"),
        "programme": _("接待行程"),
        "transport": _("交通安排"),
        "transport_columns": [_("日期"), _("時間"), _("路線"), _("交通方式"), _("車號與聯絡人")],
    }


def _row(row: seating.Row, country: str) -> dict:
    def seat(s: seating.Seat) -> dict:
        return {
            "place": s.place,
            "name": _name(s.sitter.name, country if s.sitter.guest else "TW"),
            "name_en": s.sitter.name_en,
            "title": s.sitter.title,
            "guest": s.sitter.guest,
        }

    return {
        "heading": row.heading,
        "order": [seat(s) for s in row.seats],
        "line": [seat(s) for s in row.left_to_right],
    }


def _tables_rule(plan: seating.SeatingPlan, table_size: int | None) -> str:
    """How the tables of a banquet at several are placed and filled ("" at one table)."""
    if not plan.several_tables:
        return ""
    return _(
        "每桌 %(size)s 人以內分桌：主桌居前居中，第 2 桌在主桌右側，第 3 桌在左側，其餘依此先右後左"
        "向外排列；其餘各桌依禮賓順序由本府接待人員各主持一桌，來賓依禮賓順序由高桌而低桌入座。"
    ) % {"size": table_size}


def _seating_rule(layout: str) -> str:
    if layout == "meeting":
        return _(
            "賓主對坐：主人與主賓居各方中央相對，其餘依禮賓順序先右後左、由內而外交錯入座（以右為尊）。"
        )
    return _(
        "主人居中，主賓坐主人右側，第二位來賓坐主人左側，其餘依禮賓順序先右後左、由內而外交錯入座"
        "（以右為尊）；來賓在前，本府陪同人員依序在後。"
    )


def _meal(meal, country: str) -> dict:
    item = meal.item
    if item is None:
        heading = _("全程各餐")
    else:
        heading = " ".join(p for p in (format_roc_short(meal.date), _time(item), item.text) if p)
    return {
        "heading": heading,
        "place": item.place if item else "",
        "diners": meal.diners,
        "needs": [
            {
                "name": _name(v.shown_name, country),
                "name_en": v.other_name,
                "diets": "、".join(
                    f"{label} {DIETS_EN.get(code, '')}".strip()
                    for code, label in zip(v.diets, v.diet_labels, strict=True)
                ),
                "allergies": v.allergies,
            }
            for v in meal.needs
        ],
    }
