"""What the public archive lists: published reports (``ReportStatus.PUBLISHED``) only, browsed
by 主題分類, 施政分類, 前往國家, year and 主辦機關.

Every function here reads, and starts from :func:`published_reports`: a report in any other
status (draft, submitted, returned, approved) is never counted, listed or opened. Classified
blocks (限閱) are never loaded at all (see :func:`public_report`).

A list page is one count, one page of rows with their missions, and one query per facet: a
grouped count, but for the countries (a list a mission) the lists of the reports chosen by the
other facets, counted here.
"""

import json
from collections import Counter

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from envoy.core.lib.places import country_code, country_name, is_country_code
from envoy.core.lib.rocdates import year_label
from envoy.reports.enums import ReportStatus
from envoy.reports.models import Block, Chapter, Photo, Report
from envoy.search.facets import FacetValue

# The facets, in the order the pages show them: query-string name → what is grouped.
FACETS = {
    "subject": "subject_category",
    "policy": "policy_category",
    "country": "mission__destination_countries",
    "year": "year",
    "agency": "mission__host_agency",
}
FACET_TITLES = {
    "subject": gettext_lazy("主題分類"),
    "policy": gettext_lazy("施政分類"),
    "country": gettext_lazy("前往國家"),
    "year": gettext_lazy("年度"),
    "agency": gettext_lazy("主辦機關"),
}
MAX_VALUE_LENGTH = 200


def published_reports() -> QuerySet[Report]:
    """Every report the public may read."""
    return Report.objects.filter(status=ReportStatus.PUBLISHED)


def newest_first(reports: QuerySet[Report]) -> QuerySet[Report]:
    """By the mission's start, newest first; reports of undated missions last."""
    return reports.order_by(F("mission__start_date").desc(nulls_last=True), "-id")


def read_filters(query) -> tuple[dict[str, str], str]:
    """The facet values chosen in ``query`` (a QueryDict), one a facet, blanks dropped; and
    a message for the visitor when a value cannot be read (a year that is not a year), which
    is then left out. A country is an ISO code; one by name (``region=韓國``, as the archive's
    addresses had it) is read as its code."""
    filters, error = {}, ""
    for name in FACETS:
        value = (query.get(name) or "").strip()[:MAX_VALUE_LENGTH]
        if name == "country" and not value:
            value = (query.get("region") or "").strip()[:MAX_VALUE_LENGTH]
        if not value:
            continue
        if name == "year" and not (value.isdigit() and 1 <= int(value) <= 9999):
            error = _("年度「%s」不是年份，請以西元年表示，例如 2026。") % value
            continue
        if name == "country":
            value = country_code(value) or value
        filters[name] = value
    return filters, error


def _has_country(value: str) -> Q:
    """Missions whose countries hold ``value`` (a code, or a name no country was found for):
    the lists are JSON, on SQLite stored with \\u escapes, on PostgreSQL as text."""
    return Q(mission__destination_countries__icontains=json.dumps(value)) | Q(
        mission__destination_countries__icontains=json.dumps(value, ensure_ascii=False)
    )


def filtered(reports: QuerySet[Report], filters: dict[str, str], *, skip: str = ""):
    """``reports`` narrowed by every filter but ``skip``."""
    for name, value in filters.items():
        if name == skip:
            continue
        if name == "year":
            reports = reports.filter(mission__start_date__year=int(value))
        elif name == "country":
            reports = reports.filter(_has_country(value))
        else:
            reports = reports.filter(**{FACETS[name]: value})
    return reports


def _label(name: str, value) -> str:
    if name == "year":
        return year_label(int(value))
    if name == "country":
        return country_name(value)
    return str(value)


def _country_counts(reports: QuerySet[Report]) -> list[tuple[str, int]]:
    """How many of ``reports`` went to each country (codes; a name no country was found for
    is not a value to browse by)."""
    lists = reports.values_list("mission__destination_countries", flat=True)
    counter = Counter(
        code for codes in lists for code in dict.fromkeys(codes or []) if is_country_code(code)
    )
    return list(counter.items())


def facet_counts(filters: dict[str, str]) -> dict[str, list[FacetValue]]:
    """How many published reports each value of each facet has, among those the other
    filters leave (a value chosen in a facet does not narrow its own counts). One grouped
    query a facet."""
    out = {}
    for name, field in FACETS.items():
        reports = filtered(published_reports(), filters, skip=name)
        if name == "country":
            rows = _country_counts(reports)
        else:
            if name == "year":
                reports = reports.filter(mission__start_date__isnull=False).annotate(
                    year=ExtractYear("mission__start_date")
                )
            else:
                reports = reports.exclude(**{field: ""})
            rows = reports.values(field).annotate(n=Count("id")).order_by().values_list(field, "n")
        chosen = filters.get(name)
        values = [
            FacetValue(str(value), _label(name, value), n, str(value) == chosen)
            for value, n in rows
        ]
        if name == "year":
            values.sort(key=lambda v: -int(v.value))
        else:
            values.sort(key=lambda v: (-v.count, v.label))
        out[name] = values
    return out


def list_rows(reports: QuerySet[Report]) -> QuerySet[Report]:
    """What a list row shows: the report and its mission, in one query."""
    return reports.select_related("mission").only(
        "id",
        "title",
        "subject_category",
        "policy_category",
        "report_date",
        "mission__title",
        "mission__host_agency",
        "mission__destination_countries",
        "mission__start_date",
        "mission__end_date",
    )


def public_report(pk: int) -> Report | None:
    """The published report ``pk`` with what its page shows, or None (missing and not
    published alike). Its chapters carry ``public_blocks`` (classified blocks are not even
    read) and ``withheld``, how many blocks were left out; its figure groups their photos."""
    report = (
        published_reports()
        .filter(pk=pk)
        .select_related("mission")
        .prefetch_related(
            "mission__members",
            Prefetch(
                "chapters",
                queryset=Chapter.objects.annotate(
                    withheld=Count("blocks", filter=Q(blocks__restricted=True))
                ).prefetch_related(
                    Prefetch(
                        "blocks",
                        queryset=Block.objects.filter(restricted=False).prefetch_related(
                            Prefetch("photos", queryset=Photo.objects.order_by("position", "id"))
                        ),
                        to_attr="public_blocks",
                    )
                ),
            ),
        )
        .first()
    )
    return report


def public_photo(pk: int) -> Photo | None:
    """Photo ``pk`` when the public may see it: its figure group is not classified and its
    report is published."""
    return (
        Photo.objects.filter(
            pk=pk,
            figure_group__restricted=False,
            figure_group__chapter__report__status=ReportStatus.PUBLISHED,
        )
        .select_related("figure_group")
        .first()
    )
