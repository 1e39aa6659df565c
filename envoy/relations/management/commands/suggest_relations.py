import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from envoy.core.lib.places import country_name
from envoy.relations.enums import AgreementKind, OrganisationKind
from envoy.relations.suggesting import Suggestions, suggest
from envoy.reports.document import load_report, report_document
from envoy.reports.models import Report


class Command(BaseCommand):
    help = _(
        "列出一份報告提及的人物、機關、城市、城市網絡、活動、發表、參訪與協議（僅為建議，不寫入資料）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, help=_("報告 id"))
        parser.add_argument("--json", action="store_true", help=_("以 JSON 輸出"))

    def handle(self, *args, **options):
        try:
            report = load_report(options["id"])
        except Report.DoesNotExist:
            raise CommandError(_("找不到 id 為 %s 的報告。") % options["id"]) from None
        suggestions = suggest(
            report_document(report, photos="path"),
            home_city=settings.ENVOY_HOME_CITY,
            home_country=settings.ENVOY_HOME_COUNTRY,
        )
        if options["json"]:
            self.stdout.write(json.dumps(suggestions.to_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(readable(suggestions)))


def _join(*parts) -> str:
    return "，".join(str(p) for p in parts if p not in ("", None))


def _place(city: str, country: str) -> str:
    return _join(city, country_name(country) if country else "")


def _dates(dates) -> str:
    return "、".join(dates)


def readable(s: Suggestions) -> list[str]:
    """The suggestions as an indented list, one heading per kind."""
    sections = [
        (
            _("人物"),
            s.people,
            lambda p: (
                _join(
                    p.name + (f"（{p.name_zh}）" if p.name_zh else ""),
                    p.title,
                    p.organisation,
                    _place(p.city, p.country),
                    _("本府") if p.our_side else "",
                ),
                p.dates,
                p.evidence,
            ),
        ),
        (
            _("機關"),
            s.organisations,
            lambda o: (
                _join(
                    o.name,
                    OrganisationKind(o.kind).label,
                    _place(o.city, o.country),
                    _("本府") if o.our_side else "",
                ),
                o.dates,
                "",
            ),
        ),
        (
            _("城市"),
            s.cities,
            lambda c: (
                _join(
                    c.name_zh,
                    c.name_en,
                    country_name(c.country) if c.country else "",
                    f"GeoNames {c.geonames_id}" if c.geonames_id else _("地名資料中沒有"),
                ),
                c.dates,
                "",
            ),
        ),
        (
            _("城市網絡"),
            s.networks,
            lambda n: (
                _join(
                    n.name,
                    n.name_en,
                    n.abbreviation,
                    _("%(year)s 年由%(founder)s成立") % {"year": n.founded, "founder": n.founder}
                    if n.founded
                    else "",
                    _("本市 %s 年加入") % n.member_since if n.member_since else "",
                ),
                (),
                n.evidence,
            ),
        ),
        (
            _("活動"),
            s.events,
            lambda e: (
                _join(
                    e.name,
                    _("第 %s 屆") % e.edition if e.edition else "",
                    _("%s 年") % e.year if e.year else "",
                    _("主題「%s」") % e.theme if e.theme else "",
                    e.city,
                ),
                e.dates,
                "",
            ),
        ),
        (
            _("發表"),
            s.presentations,
            lambda p: (
                _join(f"「{p.title_zh}」", p.title_en, p.speaker, p.session),
                (p.date,) if p.date else (),
                "",
            ),
        ),
        (
            _("參訪"),
            s.site_visits,
            lambda v: (
                _join(v.name, v.other_name, v.city),
                (v.date,) if v.date else (),
                _("借鏡：%s") % v.lesson if v.lesson else "",
            ),
        ),
        (
            _("協議與宣言"),
            s.agreements,
            lambda a: (
                _join(
                    f"「{a.title}」", a.title_en, AgreementKind(a.kind).label, "、".join(a.parties)
                ),
                (a.date,) if a.date else (),
                "",
            ),
        ),
    ]
    lines = []
    for heading, items, describe in sections:
        lines.append(_("%(heading)s（%(count)d）") % {"heading": heading, "count": len(items)})
        for item in items:
            text, dates, note = describe(item)
            lines.append(f"  - {text}" + (f"［{_dates(dates)}］" if dates else ""))
            if note:
                lines.append(f"      {note}")
        lines.append("")
    return lines
