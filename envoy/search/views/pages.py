"""The search page: one box over everything the user may open, facets, highlighted results."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from ..facets import FACETS
from ..services import MAX_PAGE, search

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


@login_required
def search_page(request):
    """``/search/?q=…&kind=…&year=…&page=N``: results as a whole page, or only the results
    part for htmx (search as you type)."""
    query = request.GET.get("q", "").strip()
    filters = {name: request.GET.getlist(name) for name in FACETS if request.GET.getlist(name)}
    page = _page_number(request.GET.get("page", ""))
    results = search(request.user, query, filters=filters, page=page, per_page=PER_PAGE)
    kept = [(name, value) for name, values in filters.items() for value in values]
    base = urlencode([("q", query), *kept])
    facets = []
    for name in FACETS:
        values = results.facets.get(name, [])
        if values:
            for value in values:
                others = [(n, v) for n, v in kept if (n, v) != (name, value.value)]
                chosen = others if value.selected else [*others, (name, value.value)]
                value.toggle_url = "?" + urlencode([("q", query), *chosen])
            facets.append(
                {"name": name, "title": FACET_TITLES[name], "values": values[:FACET_SHOWN],
                 "more": values[FACET_SHOWN:]}
            )  # fmt: skip
    context = {
        "query": query,
        "results": results,
        "facets": facets,
        "filtered": bool(kept),
        "base_query": base,
        "page_range": _page_range(results.page, results.pages) if results.total else [],
    }
    template = "search/search.html"
    if request.htmx and request.htmx.target == "search-results":
        template += "#results"
    return render(request, template, context)


urlpatterns = [path("", search_page, name="search")]
