"""The traveller's handbook as an A5 PDF, typeset by Typst (``handbook.typ``) with the
report printer's fonts and per-thread compiler (:mod:`envoy.reports.printing.pdf`).

Printed in the reader's language, as the page is: it is carried by the traveller, not
filed. Every string reaches Typst as data, never as markup.
"""

from pathlib import Path

from django.utils.translation import gettext as _

from envoy.core.lib.punctuation import aside, labelled
from envoy.reports.printing import common
from envoy.reports.printing.pdf import available_fonts, compile_pdf

from .handbook import Handbook, handbook_data

TEMPLATE = Path(__file__).with_name("handbook.typ")


def render_handbook_pdf(handbook: Handbook) -> bytes:
    return compile_pdf(TEMPLATE, pdf_data(handbook))


def pdf_data(handbook: Handbook) -> dict:
    """What handbook.typ prints: the handbook's data, its labels and fonts."""
    data = handbook_data(handbook)
    title = _("出國手冊")
    data["title"] = f"{title}：{handbook.mission.title}"
    data["fonts"] = available_fonts(tuple(common.SANS_FONTS))
    data["home_note"] = _(
        "時間為當地時間；與臺灣時間（%(offset)s，%(city)s）不同時，並列臺灣時間。"
    ) % {
        "offset": data["home_offset"],
        "city": handbook.home_city,
    }
    data["labels"] = {
        "handbook": title,
        "period": _("出國期間"),
        "cities": _("前往城市"),
        "home_time": _("時間"),
        "emergency": _("緊急聯絡"),
        "kind": _("類別"),
        "name": _("姓名"),
        "phone": _("電話"),
        "schedule": _("每日行程"),
        "no_items": _("這一天沒有排定行程。"),
        "night": labelled(_("住宿"), ""),
        "head_aside": aside(_("團長")),
        "flights": _("航班"),
        "no_flights": _("行程中沒有航班。"),
        "date": _("日期"),
        "flight": _("航班"),
        "departure": _("出發"),
        "arrival": _("抵達"),
        "lodging": _("住宿"),
        "no_lodging": _("尚未填寫住宿。"),
        "check_in": labelled(_("入住"), ""),
        "check_out": labelled(_("退房"), ""),
        "phone_colon": labelled(_("電話"), ""),
        "venues": _("行程地點"),
        "no_venues": _("行程項目沒有填寫地點。"),
        "venue": _("地點"),
        "people": _("預定會晤人員"),
        "no_people": _("尚無前往城市的人員紀錄。"),
        "last_met": labelled(_("上次會晤"), ""),
        "follow_ups": _("待辦後續事項"),
        "no_follow_ups": _("沒有待辦的後續事項。"),
        "due": _("辦理期限"),
        "person": _("對象"),
        "follow_up": _("後續辦理事項"),
        "delegation": _("出國人員"),
        "title": _("服務機關及職稱"),
        "head": _("團長"),
        "notes": _("備註"),
    }
    return data
