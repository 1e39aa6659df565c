"""The traveller's handbook (出國手冊) of a trip abroad: a page for the phone that keeps
working offline once opened, its web app manifest and service worker, and an A5 PDF.

Whoever may open the mission may open its handbook (``get_mission_for_user``: 404
otherwise); a visit received has none. The service worker is served from under the
handbook's own address, so its scope is that one handbook: it keeps the page and the static
files the page uses, answers from the network first and from its cache when offline.
"""

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from envoy.missions.models import Mission
from envoy.missions.permissions import get_mission_for_user

from .handbook import handbook_for
from .handbook_pdf import render_handbook_pdf

# The static files the handbook page loads (base.html's and its own): the service worker
# keeps them with the page.
STATIC_FILES = [
    "envoy/envoy.css",
    "envoy/envoy.js",
    "envoy/favicon.svg",
    "django_htmx/htmx-2.min.js",
    "planning/handbook.css",
    "planning/handbook.js",
]


def _trip(request, pk: int) -> Mission:
    mission = get_mission_for_user(request.user, pk)
    if mission.is_visit:  # a visit received is no trip of ours: nothing to carry
        raise Http404
    return mission


@login_required
@require_GET
@never_cache
def handbook_page(request, pk: int):
    mission = _trip(request, pk)
    handbook = handbook_for(mission, user=request.user)
    return render(request, "planning/handbook/page.html", {"handbook": handbook})


@login_required
@require_GET
def handbook_manifest(request, pk: int):
    """The web app manifest: the handbook added to a phone's home screen opens as an app."""
    mission = _trip(request, pk)
    page = reverse("planning:handbook", args=[mission.pk])
    manifest = {
        "name": _("出國手冊：%(title)s") % {"title": mission.title},
        "short_name": _("出國手冊"),
        "start_url": page,
        "scope": page,
        "display": "standalone",
        "background_color": "#f5f6f8",
        "theme_color": "#14324f",
        "lang": translation.get_language(),
        "icons": [{"src": static("envoy/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return JsonResponse(manifest, content_type="application/manifest+json")


@login_required
@require_GET
@never_cache
def handbook_worker(request, pk: int):
    """The service worker that keeps this handbook offline (``handbook/worker.js``). Never
    cached by the browser's HTTP cache, so that a new version of the page's static files
    reaches the phone at its next visit online."""
    mission = _trip(request, pk)
    config = {
        "cache": f"envoy-handbook-{mission.pk}",
        "page": reverse("planning:handbook", args=[mission.pk]),
        "files": [static(name) for name in STATIC_FILES],
    }
    return render(
        request,
        "planning/handbook/worker.js",
        {"config": json.dumps(config)},
        content_type="text/javascript; charset=utf-8",
    )


@login_required
@require_GET
def handbook_pdf(request, pk: int):
    """The handbook as an A5 PDF, to print and fold into a passport wallet."""
    mission = _trip(request, pk)
    pdf = render_handbook_pdf(handbook_for(mission, user=request.user))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="handbook-{mission.pk}.pdf"'
    return response


urlpatterns = [
    path("missions/<int:pk>/handbook/", handbook_page, name="handbook"),
    path("missions/<int:pk>/handbook/manifest.json", handbook_manifest, name="handbook_manifest"),
    path("missions/<int:pk>/handbook/worker.js", handbook_worker, name="handbook_worker"),
    path("missions/<int:pk>/handbook.pdf", handbook_pdf, name="handbook_pdf"),
]
