"""The briefing pack (行前簡報) for a mission: a page and its PDF.

Whoever may open the mission may open its briefing (``get_mission_for_user``: 404
otherwise); what it shows of meetings, earlier reports and contact details is decided in
``envoy.relations.briefing``.
"""

from types import SimpleNamespace

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from envoy.missions.permissions import get_mission_for_user
from envoy.reports.views.files import report_filename

from ..briefing import briefing_for
from ..printing.pdf import render_briefing_pdf


@login_required
@require_safe
def briefing_page(request, pk: int):
    mission = get_mission_for_user(request.user, pk)
    briefing = briefing_for(mission, user=request.user)
    return render(
        request,
        "relations/briefing/page.html",
        {"mission": mission, "briefing": briefing},
    )


@login_required
@require_safe
def briefing_pdf(request, pk: int):
    mission = get_mission_for_user(request.user, pk)
    pdf = render_briefing_pdf(
        briefing_for(mission, user=request.user), site=request.build_absolute_uri("/")[:-1]
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = SimpleNamespace(title=f"{_('行前簡報')} {mission.title}", pk=mission.pk)
    response["Content-Disposition"] = content_disposition_header(
        False, report_filename(name, "pdf")
    )
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("briefing/<int:pk>/", briefing_page, name="briefing"),
    path("briefing/<int:pk>.pdf", briefing_pdf, name="briefing_pdf"),
]
