"""Organisations: the host agency, city governments (a city the gazetteer knows followed by
政府/廳: 東京都廳, 東京都政府), ministries and agencies written after a place, after 本府,
or after a conjunction (由經濟部及國家發展委員會), and those people's titles name."""

import re

from ..names import strip_city_suffix
from .context import Context, OrganisationHint
from .gazetteer import fold_chars
from .suggestions import OrganisationSuggestion, make_key

_GOVERNMENT = re.compile("市政府|政府|市役所|廳")
# The last characters of a ministry's or an agency's name.
_UNIT = re.compile("委員會|部|局|署|處")
_KINDS = {"部": "ministry"}
_BEFORE_UNIT = set("由與及和、向暨")
_NOT_A_MINISTRY_AFTER = set("門分落隊份位")
# Words that end like a unit and are none: 簽署, 總部, 郵局, 好處.
_NOT_UNITS = tuple(
    (
        "簽署 部署 佈署 連署 全部 內部 外部 本部 總部 局部 樂部 當局 格局 "
        "布局 佈局 結局 郵局 大局 出局 飯局 到處 好處 之處 相處 處處 益處 "
        "用處 "
    ).split()
)
_OUR_PREFIXES = ("本府", "本市", "市府")


def _host(context: Context) -> list[OrganisationHint]:
    if not context.host_agency:
        return []
    found = context.mentions_of(context.host_agency).first()
    segment, start, end = found if found else (None, 0, 0)
    return [
        OrganisationHint(
            context.host_agency,
            "agency",
            context.home_city,
            context.home_country,
            True,
            segment,
            start,
            end,
        )
    ]


def _governments(context: Context) -> list[OrganisationHint]:
    gazetteer, out = context.gazetteer, []
    for segment in context.segments:
        if segment.chapter is None:
            continue
        for match in _GOVERNMENT.finditer(segment.folded):
            for length in range(6, 1, -1):
                start = match.start() - length
                if start < 0:
                    continue
                city = segment.text[start : match.start()]
                place = gazetteer.city(city)
                if place and not context.is_home_city(city):
                    out.append(
                        OrganisationHint(
                            segment.text[start : match.end()],
                            "city_government",
                            strip_city_suffix(city),
                            place.country,
                            False,
                            segment,
                            start,
                            match.end(),
                        )
                    )
                    break
    return out


def _units(context: Context) -> list[OrganisationHint]:
    """經濟部, 國家發展委員會, 本府青年局, 東京都保健醫療局、港灣局及環保局."""
    out = []
    for segment in context.segments:
        if segment.chapter is None:
            continue
        folded, text = segment.folded, segment.text
        last_end, last_place = -1, None
        for match in _UNIT.finditer(folded):
            end = match.end()
            if match.group() == "部" and folded[end : end + 1] in _NOT_A_MINISTRY_AFTER:
                continue
            if folded[match.start() - 1 : end] in _NOT_UNITS:
                continue
            found = None
            for start in range(match.start() - 2, max(match.start() - 7, -1), -1):
                if (
                    _UNIT.search(folded, start, match.start())
                    or "副" in folded[start : match.start()]
                ):
                    break  # 國際關係處副處長: the unit ended at the first 處
                place = _place_ending_at(context, folded, text, start)
                if place is not None:
                    found = (start, place)
                    break
                if start > 0 and folded[start - 1] in _BEFORE_UNIT and match.group() != "處":
                    # 由經濟部: a unit after a conjunction (處 is too common a word alone).
                    found = (start, None)
                    break
            if found is None:
                continue
            start, place = found
            if place is None and last_place and start - 1 == last_end:
                place = last_place  # 東京都保健醫療局、港灣局: the list shares its city
            unit = text[start:end]
            if place == "ours":
                name = context.home_government + unit
                if context.host_agency.endswith(unit):
                    name = context.host_agency
                city, country, ours = context.home_city, context.home_country, True
            elif place:
                written, code = place
                name, city, country, ours = written + unit, strip_city_suffix(written), code, False
            else:
                name, city, country, ours = unit, "", context.home_country, False
            kind = _KINDS.get(match.group(), "agency")
            if kind == "ministry" and place and place != "ours":
                name, city = unit, ""  # a country's ministry: 環境部 of Taiwan
            out.append(OrganisationHint(name, kind, city, country, ours, segment, start, end))
            last_end, last_place = end, place
    return out


def _place_ending_at(context: Context, folded: str, text: str, start: int):
    """What stands right before a unit starting at ``start``: "ours" (本府), (city, code),
    (country, code), or None."""
    for prefix in _OUR_PREFIXES:
        if folded.endswith(prefix, 0, start):
            return "ours"
    for length in range(6, 1, -1):
        if start - length < 0:
            continue
        written = text[start - length : start]
        if context.is_home_city(written):
            return "ours"
        code = context.gazetteer.country(written)
        if code:
            return (written, code)
        place = context.gazetteer.city(written)
        if place:
            return (written, place.country)
    return None


def find_organisations(context: Context) -> list[OrganisationSuggestion]:
    hints = _host(context) + context.organisations + _governments(context) + _units(context)
    groups: dict[str, list[OrganisationHint]] = {}
    for hint in hints:
        if hint.kind == "city_government":
            same = "city_government:" + fold_chars(hint.city)
        else:
            same = fold_chars(hint.name)
        groups.setdefault(same, []).append(hint)
    out = []
    for group in groups.values():
        # A government's own name (東京都廳) before the place it governs (東京都).
        named = [h for h in group if fold_chars(h.name).endswith(("政府", "廳", "市役所"))]
        first = (named or group)[0]
        names = list(dict.fromkeys(h.name for h in group))
        others = tuple(n for n in names if n != first.name)
        found = context.mentions_of(*names)
        if not found.found:
            for hint in group:
                if hint.segment is not None:
                    found.add(hint.segment, hint.start, hint.end)
        out.append(
            OrganisationSuggestion(
                key=make_key("organisation", first.name),
                name=first.name,
                other_names=others,
                kind=first.kind,
                city=first.city,
                country=first.country,
                our_side=any(h.our_side for h in group),
                dates=found.dates(),
                blocks=found.blocks(),
                evidence=found.evidence(),
            )
        )
    return out
