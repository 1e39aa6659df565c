"""The notices settings page (which kinds arrive by e-mail, the personal calendar's address),
the personal calendar feed, a mission's itinerary and the open opportunities as .ics files.

The feed at ``calendar/<token>.ics`` needs no sign-in (calendar apps cannot sign in); its
token is the one the follow-ups feed uses, so a password change revokes both. A token that
is not the user's current one is answered 404.
"""

import datetime as dt
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from envoy.missions.permissions import get_mission_for_user
from envoy.opportunities.permissions import opportunities_for_user
from envoy.opportunities.queries import calendar_rows
from envoy.relations.interop.ical import feed_token, user_for_feed_token

from . import calendar, registry, services
from .forms import NoticeSettingsForm


def _ics(content: bytes, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    if filename:
        response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _uid_domain(request) -> str:
    return request.get_host().split(":")[0]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notice_settings(request):
    muted = services.muted_kinds(request.user)
    if request.method == "POST":
        form = NoticeSettingsForm(request.POST)
        if form.is_valid():
            services.set_muted_kinds(user=request.user, codes=form.muted())
            messages.success(request, _("通知設定已儲存。"))
            return redirect("notices:settings")
    else:
        on = [kind.code for kind in registry.kinds() if kind.code not in muted]
        form = NoticeSettingsForm(initial={"kinds": on})
    feed = request.build_absolute_uri(reverse("notices:feed", args=[feed_token(request.user)]))
    return render(
        request,
        "notices/settings.html",
        {
            "form": form,
            "kinds": registry.kinds(),
            "feed": feed,
            "webcal": re.sub(r"^https?://", "webcal://", feed),
            "has_email": bool(request.user.email),
        },
    )


def _personal(request, user) -> HttpResponse:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        content = calendar.write(
            calendar.personal_entries(user, timezone.localdate()),
            name=_("Envoy 我的行事曆"),
            base_url=request.build_absolute_uri("/").rstrip("/"),
            uid_domain=_uid_domain(request),
            now=timezone.now(),
        )
    return _ics(content)


@require_safe
def personal_feed(request, token: str):
    user = user_for_feed_token(token)
    if user is None:
        raise Http404
    return _personal(request, user)


@login_required
@require_safe
def personal_download(request):
    response = _personal(request, request.user)
    response["Content-Disposition"] = content_disposition_header(True, "envoy.ics")
    return response


@login_required
@require_safe
def itinerary_ics(request, pk: int):
    mission = get_mission_for_user(request.user, pk)
    content = calendar.write(
        calendar.itinerary_entries(mission),
        name=mission.title,
        base_url=request.build_absolute_uri("/").rstrip("/"),
        uid_domain=_uid_domain(request),
        now=timezone.now(),
    )
    return _ics(content, f"itinerary-{mission.pk}.ics")


@login_required
@require_safe
def opportunities_ics(request):
    """The open opportunities the user may see, with their deadlines."""
    since = timezone.localdate() - dt.timedelta(days=calendar.FEED_PAST_DAYS)
    content = calendar.write(
        calendar.opportunity_entries(calendar_rows(opportunities_for_user(request.user), since)),
        name=_("Envoy 國際參與機會"),
        base_url=request.build_absolute_uri("/").rstrip("/"),
        uid_domain=_uid_domain(request),
        now=timezone.now(),
    )
    return _ics(content, "opportunities.ics")


urlpatterns = [
    path("", notice_settings, name="settings"),
    path("calendar.ics", personal_download, name="calendar_ics"),
    path("calendar/<str:token>.ics", personal_feed, name="feed"),
    path("missions/<int:pk>/itinerary.ics", itinerary_ics, name="itinerary_ics"),
    path("opportunities.ics", opportunities_ics, name="opportunities_ics"),
]
