"""The public archive's pages: home, the list of published reports, search, a report.

No sign-in, no session, no form that needs a CSRF token (search is a GET), and nothing of the
staff's pages: every link stays under /archive/ (and static files). A report that is not
published answers the very 404 a missing one does.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from envoy.core.enums import Language
from envoy.core.lib.rocdates import year_label
from envoy.reports import numbering
from envoy.reports.enums import BlockKind
from envoy.reports.models import Block
from envoy.search.enums import Kind
from envoy.search.services import MAX_PAGE, search

from .. import catalogue
from ..catalogue import FACET_TITLES, FACETS

PER_PAGE = 20
LATEST = 10
# Facet values shown on the home page; the list page shows them all.
HOME_FACET_VALUES = 12


def not_found(request):
    """The archive's 404: the same for a report that does not exist and one not published."""
    return render(request, "portal/not_found.html", status=404)


def _page_number(value: str) -> int:
    return min(int(value), MAX_PAGE) if value.isdigit() and int(value) > 0 else 1


def _list_url(filters: dict) -> str:
    return reverse("portal:reports") + ("?" + urlencode(filters) if filters else "")


def _facet_groups(counts: dict, filters: dict, *, limit: int | None = None) -> list[dict]:
    """The facets as the pages show them, each value with the list URL that chooses it (or
    drops it when it is chosen), the other choices kept."""
    groups = []
    for name in FACETS:
        values = counts.get(name, [])
        for value in values:
            chosen = {k: v for k, v in filters.items() if k != name}
            if not value.selected:
                chosen[name] = value.value
            value.url = _list_url(chosen)
        groups.append(
            {
                "name": name,
                "title": FACET_TITLES[name],
                "values": values[:limit] if limit else values,
                "more": len(values) - limit if limit and len(values) > limit else 0,
            }
        )
    return groups


@require_safe
def home(request):
    counts = catalogue.facet_counts({})
    latest = catalogue.list_rows(catalogue.newest_first(catalogue.published_reports()))[:LATEST]
    context = {
        "total": catalogue.published_reports().count(),
        "facets": _facet_groups(counts, {}, limit=HOME_FACET_VALUES),
        "latest": latest,
    }
    return render(request, "portal/home.html", context)


@require_safe
def report_list(request):
    """``/archive/reports/?subject=…&policy=…&country=…&year=…&agency=…&page=N``."""
    filters, error = catalogue.read_filters(request.GET)
    reports = catalogue.filtered(catalogue.published_reports(), filters)
    paginator = Paginator(catalogue.list_rows(catalogue.newest_first(reports)), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    counts = catalogue.facet_counts(filters)
    # Each choice made, with the address of the list without it.
    chosen = [
        {
            "title": FACET_TITLES[name],
            "label": next((v.label for v in counts[name] if v.selected), value),
            "url": _list_url({k: v for k, v in filters.items() if k != name}),
        }
        for name, value in filters.items()
    ]
    context = {
        "page": page,
        "facets": _facet_groups(counts, filters),
        "chosen": chosen,
        "error": error,
        "base_query": urlencode(filters),
    }
    return render(request, "portal/reports.html", context, status=400 if error else 200)


def _portal_links(hits) -> None:
    """Point each hit at the report's public page (a recommendation at its point there) and
    drop the hits whose report is no longer published (the index may lag a moment)."""
    points = {hit.object_id for hit in hits if hit.kind == Kind.RECOMMENDATION}
    point_reports = dict(
        Block.objects.filter(pk__in=points).values_list("id", "chapter__report_id")
    )
    # Any other kind (none is searched here) is dropped, never linked.
    report_of = {
        hit.document_id: hit.object_id
        if hit.kind == Kind.REPORT
        else point_reports.get(hit.object_id)
        if hit.kind == Kind.RECOMMENDATION
        else None
        for hit in hits
    }
    published = set(
        catalogue.published_reports()
        .filter(pk__in=[pk for pk in report_of.values() if pk])
        .values_list("id", flat=True)
    )
    kept = []
    for hit in hits:
        report_id = report_of[hit.document_id]
        if report_id not in published:
            continue
        hit.url = reverse("portal:report", args=[report_id])
        if hit.kind == Kind.RECOMMENDATION:
            hit.url += f"#block-{hit.object_id}"
        kept.append(hit)
    hits[:] = kept


@require_safe
def search_page(request):
    """``/archive/search/?q=…&year=…&page=N``: published reports and their recommendations."""
    query = request.GET.get("q", "").strip()
    year = request.GET.get("year", "").strip()
    filters = {"year": [year]} if year.isdigit() else {}
    page = _page_number(request.GET.get("page", ""))
    results = search(
        None, query, published_only=True, filters=filters, page=page, per_page=PER_PAGE
    )
    _portal_links(results.hits)
    years = []
    for value in results.facets.get("year", []):
        chosen = [("q", query)] + ([] if value.selected else [("year", value.value)])
        years.append(
            {
                "label": year_label(int(value.value)),
                "count": value.count,
                "selected": value.selected,
                "url": reverse("portal:search") + "?" + urlencode(chosen),
            }
        )
    base = urlencode([("q", query)] + ([("year", year)] if filters else []))
    context = {
        "query": query,
        "results": results,
        "years": years,
        "base_query": base,
        "previous": results.page - 1 if results.page > 1 and results.total else None,
        "next": results.page + 1 if results.has_next else None,
    }
    return render(request, "portal/search.html", context)


@require_safe
def report_page(request, pk):
    report = catalogue.public_report(pk)
    if report is None:
        return not_found(request)
    mission = report.mission
    chapters = list(report.chapters.all())
    for chapter in chapters:
        chapter.heading = chapter.numbered_title(report.heading_style)
        for block in chapter.public_blocks:
            if block.kind == BlockKind.POINT:
                block.label = numbering.point_label(block.marker, block.number)
    context = {
        "report": report,
        "mission": mission,
        "members": list(mission.members.all()),
        "chapters": chapters,
    }
    return render(request, "portal/report.html", context)


@require_safe
def language(request):
    """``/archive/language/?lang=en&next=/archive/…``: the language switch for visitors, a
    plain link (the staff's switch is a form). Remembered in the language cookie."""
    next_url = request.GET.get("next") or reverse("portal:home")
    if not (
        next_url.startswith(reverse("portal:home"))
        and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
    ):
        next_url = reverse("portal:home")
    response = HttpResponseRedirect(next_url)
    lang = request.GET.get("lang")
    if lang in Language.values:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, lang, max_age=365 * 24 * 3600, samesite="Lax"
        )
    return response


urlpatterns = [
    path("", home, name="home"),
    path("reports/", report_list, name="reports"),
    path("reports/<int:pk>/", report_page, name="report"),
    path("search/", search_page, name="search"),
    path("language/", language, name="language"),
]
