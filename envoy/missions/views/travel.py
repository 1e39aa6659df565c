"""Editing a mission's travel arrangements in place: where the delegation stays (住宿) and
whom to call when something goes wrong (緊急聯絡人), on the editing page (``editing.py``).
The traveller's handbook prints them."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import EmergencyContactForm, LodgingForm
from ..models import EmergencyContact, Lodging
from ..permissions import get_mission_for_user
from .editing import TRAVEL, Pending, add_panel, part, removed, save, section_response


@login_required
def travel(request, pk: int):
    return part(request, get_mission_for_user(request.user, pk, write=True), TRAVEL)


@login_required
def lodging_add(request, pk: int):
    """GET: the form for a new lodging; POST: add it."""
    mission = get_mission_for_user(request.user, pk, write=True)
    if request.method != "POST":
        form = LodgingForm(mission=mission, new=True, prefix="lodging-new")
        return add_panel(request, mission, TRAVEL, Pending("lodging", form), lodging_add_form=form)
    form = LodgingForm(request.POST, mission=mission, new=True, prefix="lodging-new")
    return save(
        request,
        mission,
        TRAVEL,
        Pending("lodging", form),
        lambda form: services.add_lodging(user=request.user, mission=mission, data=form.changes()),
        _("已新增住宿。"),
    )


@login_required
def lodging_edit(request, pk: int, lodging_pk: int):
    """GET: the lodging opened for editing; POST: save it."""
    mission = get_mission_for_user(request.user, pk, write=True)
    lodging = get_object_or_404(Lodging, pk=lodging_pk, mission=mission)
    prefix = f"lodging-{lodging.pk}"
    if request.method != "POST":
        form = LodgingForm(initial=LodgingForm.initial_for(lodging), mission=mission, prefix=prefix)
        return section_response(
            request, mission, TRAVEL, pending=Pending("lodging", form, lodging.pk)
        )
    form = LodgingForm(request.POST, mission=mission, prefix=prefix)
    return save(
        request,
        mission,
        TRAVEL,
        Pending("lodging", form, lodging.pk),
        lambda form: services.update_lodging(
            user=request.user,
            lodging=lodging,
            data=form.changes(),
            expected_version=form.cleaned_data["version"],
        ),
        _("已儲存住宿。"),
    )


@login_required
@require_POST
def lodging_remove(request, pk: int, lodging_pk: int):
    mission = get_mission_for_user(request.user, pk, write=True)
    lodging = get_object_or_404(Lodging, pk=lodging_pk, mission=mission)
    return removed(
        request,
        mission,
        TRAVEL,
        lambda version: services.remove_lodging(
            user=request.user, lodging=lodging, expected_version=version
        ),
        _("已移除住宿。"),
    )


@login_required
def contact_add(request, pk: int):
    """GET: the form for a new emergency contact; POST: add them."""
    mission = get_mission_for_user(request.user, pk, write=True)
    if request.method != "POST":
        form = EmergencyContactForm(new=True, prefix="contact-new")
        return add_panel(request, mission, TRAVEL, Pending("contact", form), contact_add_form=form)
    form = EmergencyContactForm(request.POST, new=True, prefix="contact-new")
    return save(
        request,
        mission,
        TRAVEL,
        Pending("contact", form),
        lambda form: services.add_emergency_contact(
            user=request.user, mission=mission, data=form.changes()
        ),
        _("已新增緊急聯絡人。"),
    )


@login_required
def contact_edit(request, pk: int, contact_pk: int):
    """GET: the contact opened for editing; POST: save it."""
    mission = get_mission_for_user(request.user, pk, write=True)
    contact = get_object_or_404(EmergencyContact, pk=contact_pk, mission=mission)
    prefix = f"contact-{contact.pk}"
    if request.method != "POST":
        form = EmergencyContactForm(
            initial=EmergencyContactForm.initial_for(contact), prefix=prefix
        )
        return section_response(
            request, mission, TRAVEL, pending=Pending("contact", form, contact.pk)
        )
    form = EmergencyContactForm(request.POST, prefix=prefix)
    return save(
        request,
        mission,
        TRAVEL,
        Pending("contact", form, contact.pk),
        lambda form: services.update_emergency_contact(
            user=request.user,
            contact=contact,
            data=form.changes(),
            expected_version=form.cleaned_data["version"],
        ),
        _("已儲存緊急聯絡人。"),
    )


@login_required
@require_POST
def contact_remove(request, pk: int, contact_pk: int):
    mission = get_mission_for_user(request.user, pk, write=True)
    contact = get_object_or_404(EmergencyContact, pk=contact_pk, mission=mission)
    return removed(
        request,
        mission,
        TRAVEL,
        lambda version: services.remove_emergency_contact(
            user=request.user, contact=contact, expected_version=version
        ),
        _("已移除緊急聯絡人。"),
    )


urlpatterns = [
    path("<int:pk>/travel/", travel, name="travel"),
    path("<int:pk>/lodgings/add/", lodging_add, name="lodging_add"),
    path("<int:pk>/lodgings/<int:lodging_pk>/", lodging_edit, name="lodging_edit"),
    path("<int:pk>/lodgings/<int:lodging_pk>/remove/", lodging_remove, name="lodging_remove"),
    path("<int:pk>/contacts/add/", contact_add, name="contact_add"),
    path("<int:pk>/contacts/<int:contact_pk>/", contact_edit, name="contact_edit"),
    path("<int:pk>/contacts/<int:contact_pk>/remove/", contact_remove, name="contact_remove"),
]
