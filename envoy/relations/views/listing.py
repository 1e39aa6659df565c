"""The searchable, paged lists of relations (people, organisations, cities, networks,
agreements, events, site visits) share one shape: a search box ``q``, pages of
``PER_PAGE`` rows, and only the rows shown fetched with what they display."""

from django.core.paginator import Paginator

from ..permissions import can_edit_relations
from ..queries import matching_ids

PER_PAGE = 25


def listing(request, queryset, name_fields: list[str], fetch) -> dict:
    """The page of ``queryset`` the request asks for, searched by ``q`` over
    ``name_fields``; ``fetch(ids)`` loads the rows shown, with what they need."""
    q = request.GET.get("q", "").strip()[:200]
    page = Paginator(matching_ids(queryset, name_fields, q), PER_PAGE).get_page(
        request.GET.get("page")
    )
    page_ids = list(page)
    shown = fetch(page_ids)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "q": q,
        "page": page,
        "rows": [shown[pk] for pk in page_ids if pk in shown],
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "query": query.urlencode(),
        "can_edit": can_edit_relations(request.user),
    }
