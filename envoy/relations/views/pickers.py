"""The search-as-you-type pickers of the relations forms: up to ten people, cities,
organisations or missions matching what was typed, and — for cities — the packaged
gazetteer's city of that name when Envoy has not recorded it yet, recorded when chosen.

Missions offered are those the user may open; gazetteer cities only to writers.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from envoy.core.lib.places import country_name

from .. import services
from ..forms import KINDS
from ..models import City
from ..names import is_han, name_key
from ..permissions import can_edit_relations, require
from ..queries import pick_cities, pick_missions, pick_organisations, pick_people
from ..suggesting.gazetteer import gazetteer


@dataclass(frozen=True)
class GazetteerPlace:
    """A city the packaged gazetteer knows and Envoy has not recorded yet."""

    name: str
    geonames_id: int
    name_en: str
    country: str
    country_name: str


def _gazetteer_suggestions(q: str) -> list[GazetteerPlace]:
    """The gazetteer's city called ``q`` (a Chinese name), unless it is recorded already —
    by its GeoNames id, or by its name in its country."""
    if not is_han(q):
        return []
    place = gazetteer().city(q)
    if place is None:
        return []
    if City.objects.filter(geonames_id=place.geonames_id).exists():
        return []
    if services.find_city(q, place.country) is not None:
        return []
    return [
        GazetteerPlace(
            q, place.geonames_id, place.name_en, place.country, country_name(place.country)
        )
    ]


@login_required
@require_safe
def pick(request, kind: str):
    """Up to ten records matching what was typed, as an htmx fragment of choices. For
    cities, a writer is also offered the gazetteer's city of that name when not recorded."""
    if kind not in KINDS:
        raise Http404
    field_name = request.GET.get("field", "")
    q = (request.GET.get("q") or request.GET.get(f"{field_name}_q") or "").strip()[:200]
    matches, places = [], []
    if name_key(q):
        if kind == "person":
            matches = pick_people(q, timezone.localdate())
        elif kind == "city":
            matches = pick_cities(q)
            if can_edit_relations(request.user):
                places = _gazetteer_suggestions(q)
        elif kind == "organisation":
            matches = pick_organisations(q)
        else:
            matches = pick_missions(q, request.user)
    label = KINDS[kind].label
    return render(
        request,
        "relations/partials/pick_results.html",
        {
            "q": q,
            "choices": [(record.pk, label(record), hint) for record, hint in matches],
            "places": places,
        },
    )


@login_required
@require_POST
def pick_gazetteer(request):
    """Record the gazetteer's city chosen in a picker (services.get_or_create_city, with
    its GeoNames id, coordinates and English name) and answer with it as the choice."""
    require(can_edit_relations(request.user))
    name = request.POST.get("name", "").strip()[:100]
    place = gazetteer().city(name) if name else None
    if place is None or str(place.geonames_id) != request.POST.get("geonames_id", ""):
        return HttpResponse(_("找不到這個城市，請重新搜尋。"), status=422)
    city = services.get_or_create_city(
        user=request.user,
        name=name,
        country=place.country,
        name_en=place.name_en,
        latitude=place.latitude,
        longitude=place.longitude,
        timezone=place.timezone,
        geonames_id=place.geonames_id,
    )
    return render(
        request,
        "relations/partials/pick_results.html",
        {"choices": [(city.pk, city.display_name, city.name_en)], "picked": True},
    )


urlpatterns = [
    path("pick/city/gazetteer/", pick_gazetteer, name="pick_gazetteer"),
    path("pick/<str:kind>/", pick, name="pick"),
]
