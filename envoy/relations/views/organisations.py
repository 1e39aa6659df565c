"""The organisations pages: every organisation recorded, one organisation with the people
who hold or held positions there, its agreements, the networks it founded and the meetings
with its people, and the forms that record and change one.

Notes only for the organisation's holders (``can_see_notes``); only writers record
organisations, and only holders change them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from envoy.core.lib.locking import EditConflict

from .. import services
from ..forms import OrganisationForm
from ..models import Organisation
from ..permissions import (
    can_edit_organisation,
    can_edit_relations,
    can_see_notes,
    can_see_private,
    get_organisation_for_user,
    require,
)
from ..queries import meetings_for_user, organisations_by_id
from .listing import listing


@login_required
@require_safe
def organisations(request):
    context = listing(
        request,
        Organisation.objects.all(),
        ["name", "name_en", "abbreviation"],
        organisations_by_id,
    )
    return render(request, "relations/pages/organisations.html", context)


@login_required
@require_safe
def organisation_detail(request, pk: int):
    organisation = get_organisation_for_user(request.user, pk)
    today = timezone.localdate()
    positions = list(
        organisation.positions.select_related("person").order_by(
            "person__name", "-start_date", "id"
        )
    )
    for position in positions:
        position.current = position.current_on(today)
    person_ids = {p.person_id for p in positions}
    meetings = list(meetings_for_user(request.user).filter(person_id__in=person_ids))
    return render(
        request,
        "relations/pages/organisation.html",
        {
            "organisation": organisation,
            "current_positions": [p for p in positions if p.current],
            "past_positions": [p for p in positions if not p.current],
            "agreements": list(organisation.agreements.select_related("network")),
            "networks_founded": list(organisation.networks_founded.all()),
            "meetings": meetings,
            "can_see_private": can_see_private(request.user),
            "can_see_notes": can_see_notes(request.user, organisation),
            "can_edit": can_edit_organisation(request.user, organisation),
        },
    )


def _organisation_form_page(request, form, *, organisation=None, status=200, conflict=False):
    return render(
        request,
        "relations/pages/organisation_form.html",
        {
            "form": form,
            "organisation": organisation,
            "conflict": conflict,
            "conflict_message": EditConflict.message,
        },
        status=status,
    )


@login_required
def organisation_create(request):
    require(can_edit_relations(request.user))
    if request.method != "POST":
        return _organisation_form_page(request, OrganisationForm(new=True))
    form = OrganisationForm(request.POST, new=True)
    if form.is_valid():
        existing = services.find_organisation(form.cleaned_data["name"])
        if existing is not None:
            form.add_error("name", _("已有名為「%(name)s」的組織。") % {"name": existing.name})
        else:
            try:
                organisation = services.save_organisation(
                    user=request.user, organisation=Organisation(), data=form.changes()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已新增組織。"))
                return redirect("relations:organisation", organisation.pk)
    return _organisation_form_page(request, form)


@login_required
def organisation_edit(request, pk: int):
    """An organisation's names, place and notes: for its holders."""
    organisation = get_organisation_for_user(request.user, pk, write=True)
    if request.method != "POST":
        form = OrganisationForm(initial=OrganisationForm.initial_for(organisation))
        return _organisation_form_page(request, form, organisation=organisation)
    form = OrganisationForm(request.POST)
    if form.is_valid():
        try:
            services.save_organisation(
                user=request.user,
                organisation=organisation,
                data=form.changes(),
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict:
            organisation.refresh_from_db()
            return _organisation_form_page(
                request, form, organisation=organisation, status=409, conflict=True
            )
        except ValidationError as error:
            organisation.refresh_from_db()
            form.add_error(None, error)
        else:
            messages.success(request, _("已儲存組織資料。"))
            return redirect("relations:organisation", organisation.pk)
    return _organisation_form_page(request, form, organisation=organisation)


urlpatterns = [
    path("organisations/", organisations, name="organisations"),
    path("organisations/new/", organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", organisation_detail, name="organisation"),
    path("organisations/<int:pk>/edit/", organisation_edit, name="organisation_edit"),
]
