"""The follow-up calendar: the page with a person's follow-ups (後續辦理事項) and their feed
address, the .ics download, and the feed itself.

The feed at ``followups/<token>.ics`` needs no sign-in: calendar apps cannot sign in. A token
that is not the user's current one is answered 404.
"""

import re

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..interop.ical import (
    feed_token,
    follow_up_calendar,
    follow_ups_for,
    user_for_feed_token,
)
from ..permissions import (
    can_see_all_follow_ups,
    can_see_relations,
    require,
)


def _everyone(request) -> bool:
    return request.GET.get("all") == "1"


def _calendar(request, user, *, everyone: bool) -> HttpResponse:
    name = _("Envoy 後續辦理事項（全部）") if everyone else _("Envoy 後續辦理事項")
    content = follow_up_calendar(
        follow_ups_for(user, everyone=everyone),
        name=name,
        person_url=lambda p: request.build_absolute_uri(reverse("relations:person", args=[p.pk])),
        uid_domain=request.get_host().split(":")[0],
        now=timezone.now(),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def followups_page(request):
    require(can_see_relations(request.user))
    token = feed_token(request.user)
    feed = request.build_absolute_uri(reverse("relations:followups_feed", args=[token]))
    everyone = can_see_all_follow_ups(request.user)
    return render(
        request,
        "relations/interop/followups.html",
        {
            "feed": feed,
            "webcal": re.sub(r"^https?://", "webcal://", feed),
            "everyone": everyone,
            "follow_ups": follow_ups_for(request.user, everyone=False),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_safe
def followups_download(request):
    require(can_see_relations(request.user))
    everyone = _everyone(request)
    require(not everyone or can_see_all_follow_ups(request.user))
    response = _calendar(request, request.user, everyone=everyone)
    response["Content-Disposition"] = content_disposition_header(True, "followups.ics")
    return response


@require_safe
def followups_feed(request, token: str):
    user = user_for_feed_token(token)
    everyone = _everyone(request)
    if user is None or (everyone and not can_see_all_follow_ups(user)):
        raise Http404
    with translation.override(user.language or settings.LANGUAGE_CODE):
        return _calendar(request, user, everyone=everyone)


urlpatterns = [
    path("followups/", followups_page, name="followups"),
    path("followups.ics", followups_download, name="followups_ics"),
    path("followups/<str:token>.ics", followups_feed, name="followups_feed"),
]
