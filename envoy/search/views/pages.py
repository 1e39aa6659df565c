"""The search page: one box over everything the user may open, facets, highlighted results.

A term found in more than ``services.RANK_LIMIT`` records is answered from the newest of them
first (a few milliseconds whatever the number of hits); the exact count and the facets then
come in a second request (``facets/``, loaded by htmx, or followed as a link without
JavaScript).
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from ..facets import FACETS
from ..services import MAX_PAGE, RANK_LIMIT, search

PER_PAGE = 20
FACET_TITLES = {
    "kind": _("類型"),
    "year": _("年度"),
    "country": _("國家／地區"),
    "category": _("出國類別"),
    "bureau": _("局處"),
    "network": _("城市網絡"),
}
# Facet values shown before "more".
FACET_SHOWN = 12


def _page_number(value: str) -> int:
    return min(int(value), MAX_PAGE) if value.isdigit() and int(value) > 0 else 1


def _page_range(current: int, last: int) -> list[int | None]:
    """Page numbers around the current one, None for a gap."""
    numbers = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    out: list[int | None] = []
    for number in numbers:
        if out and number - (out[-1] or 0) > 1:
            out.append(None)
        out.append(number)
    return out


def _request(request) -> tuple[str, dict, list]:
    query = request.GET.get("q", "").strip()
    filters = {name: request.GET.getlist(name) for name in FACETS if request.GET.getlist(name)}
    kept = [(name, value) for name, values in filters.items() for value in values]
    return query, filters, kept


def _facet_groups(results, query: str, kept: list) -> list[dict]:
    groups = []
    for name in FACETS:
        values = results.facets.get(name, [])
        if not values:
            continue
        for value in values:
            others = [(n, v) for n, v in kept if (n, v) != (name, value.value)]
            chosen = others if value.selected else [*others, (name, value.value)]
            value.toggle_url = "?" + urlencode([("q", query), *chosen])
        groups.append(
            {
                "name": name,
                "title": FACET_TITLES[name],
                "values": values[:FACET_SHOWN],
                "more": values[FACET_SHOWN:],
            }
        )
    return groups


@login_required
def search_page(request):
    """``/search/?q=…&kind=…&year=…&page=N``: results as a whole page, or only the results
    part for htmx (search as you type)."""
    query, filters, kept = _request(request)
    page = _page_number(request.GET.get("page", ""))
    # ``all``: count every hit now (the link shown to browsers without JavaScript).
    exact = bool(request.GET.get("all"))
    results = search(
        request.user, query, filters=filters, page=page, per_page=PER_PAGE, exact=exact
    )
    base = urlencode([("q", query), *kept])
    if not results.total:
        page_range = []
    elif results.total_exact:
        page_range = _page_range(results.page, results.pages)
    else:
        # The last page is not known yet: numbers up to two pages ahead.
        page_range = list(range(max(1, results.page - 2), results.page + 3))
    context = {
        "query": query,
        "results": results,
        "facets": _facet_groups(results, query, kept),
        "filtered": bool(kept),
        "base_query": base,
        "rank_limit": RANK_LIMIT,
        "page_range": page_range,
    }
    template = "search/search.html"
    if request.htmx and request.htmx.target == "search-results":
        template += "#results"
    return render(request, template, context)


@login_required
def search_facets(request):
    """The exact count and the facets of a search whose page showed only its newest hits."""
    query, filters, kept = _request(request)
    results = search(request.user, query, filters=filters, hits=False)
    context = {
        "query": query,
        "results": results,
        "facets": _facet_groups(results, query, kept),
        "filtered": bool(kept),
        "base_query": urlencode([("q", query), *kept]),
        "rank_limit": RANK_LIMIT,
        "oob": True,
    }
    return render(request, "search/search.html#facets_response", context)


urlpatterns = [
    path("", search_page, name="search"),
    path("facets/", search_facets, name="facets"),
]
