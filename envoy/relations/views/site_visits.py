"""Site visits (參訪) of missions and the lessons drawn from them (借鏡): the places visited,
one visit, and the forms that record and change one.

A site visit belongs to its mission: whoever may not open the mission does not find the
visit at all. Only writers record and change visits.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import services
from ..forms import add_refusal
from ..forms_events import SiteVisitForm
from ..models import SiteVisit
from ..permissions import can_edit_relations, require
from ..queries import site_visits_by_id, site_visits_for_user, visible_mission
from .listing import listing


def _visit_for_user(user, pk: int) -> SiteVisit:
    try:
        return site_visits_for_user(user).select_related("mission", "city").get(pk=pk)
    except SiteVisit.DoesNotExist:
        raise Http404 from None


@login_required
@require_safe
def site_visits(request):
    """The places visited on the missions the user may open, newest first, searched by
    name."""
    rows = site_visits_for_user(request.user).order_by(F("date").desc(nulls_last=True), "-id")
    context = listing(request, rows, ["name", "other_name"], site_visits_by_id)
    return render(request, "relations/events/site_visits.html", context)


@login_required
@require_safe
def site_visit_detail(request, pk: int):
    """A site visit and its lesson; not found for whoever may not open its mission."""
    visit = _visit_for_user(request.user, pk)
    return render(
        request,
        "relations/events/site_visit.html",
        {"visit": visit, "can_edit": can_edit_relations(request.user)},
    )


def _site_visit_form_page(request, form, visit=None):
    return render(request, "relations/events/site_visit_form.html", {"form": form, "visit": visit})


def _save_site_visit(request, form, visit: SiteVisit) -> SiteVisit | None:
    try:
        return services.save_site_visit(user=request.user, visit=visit, data=form.changes())
    except ValidationError as error:
        add_refusal(form, error)
        return None


@login_required
def site_visit_create(request):
    """A new site visit; ``?mission=`` fills the mission in."""
    user = request.user
    require(can_edit_relations(user))
    if request.method != "POST":
        initial = {}
        if mission := visible_mission(user, request.GET.get("mission", "")):
            initial["mission"] = mission
        return _site_visit_form_page(request, SiteVisitForm(initial=initial, user=user))
    form = SiteVisitForm(request.POST, user=user)
    if form.is_valid() and (visit := _save_site_visit(request, form, SiteVisit())):
        messages.success(request, _("已新增參訪地點。"))
        return redirect("relations:site_visit", visit.pk)
    return _site_visit_form_page(request, form)


@login_required
def site_visit_edit(request, pk: int):
    user = request.user
    visit = _visit_for_user(user, pk)
    require(can_edit_relations(user))
    if request.method != "POST":
        form = SiteVisitForm(initial=SiteVisitForm.initial_for(visit), user=user)
        return _site_visit_form_page(request, form, visit)
    form = SiteVisitForm(request.POST, user=user)
    if form.is_valid() and _save_site_visit(request, form, visit):
        messages.success(request, _("已儲存參訪地點。"))
        return redirect("relations:site_visit", visit.pk)
    visit.refresh_from_db()
    return _site_visit_form_page(request, form, visit)


urlpatterns = [
    path("site-visits/", site_visits, name="site_visits"),
    path("site-visits/new/", site_visit_create, name="site_visit_create"),
    path("site-visits/<int:pk>/", site_visit_detail, name="site_visit"),
    path("site-visits/<int:pk>/edit/", site_visit_edit, name="site_visit_edit"),
]
