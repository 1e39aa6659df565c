"""Editing a mission's delegation (出國人員) in place: add, change, remove and order the
travellers, on the editing page (``editing.py``)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import MemberForm
from ..models import DelegationMember, Mission
from ..permissions import get_mission_for_user
from .editing import DELEGATION, Pending, add_panel, back, part, removed, save, section_response


def _member(mission: Mission, member_pk: int) -> DelegationMember:
    return get_object_or_404(DelegationMember, pk=member_pk, mission=mission)


@login_required
def delegation(request, pk: int):
    return part(request, get_mission_for_user(request.user, pk, write=True), DELEGATION)


@login_required
def member_add(request, pk: int):
    """GET: the form for a new traveller; POST: add them."""
    mission = get_mission_for_user(request.user, pk, write=True)
    if request.method != "POST":
        form = MemberForm(new=True, prefix="member-new")
        pending = Pending("member", form)
        return add_panel(request, mission, DELEGATION, pending, member_add_form=form)
    pending = Pending("member", MemberForm(request.POST, new=True, prefix="member-new"))
    return save(
        request,
        mission,
        DELEGATION,
        pending,
        lambda form: services.add_member(user=request.user, mission=mission, data=form.changes()),
        _("已新增來訪人員。") if mission.is_visit else _("已新增出國人員。"),
    )


@login_required
def member_edit(request, pk: int, member_pk: int):
    """GET: the member's row opened for editing; POST: save it."""
    mission = get_mission_for_user(request.user, pk, write=True)
    member = _member(mission, member_pk)
    prefix = f"member-{member.pk}"
    if request.method != "POST":
        form = MemberForm(initial=MemberForm.initial_for(member), prefix=prefix)
        return section_response(
            request, mission, DELEGATION, pending=Pending("member", form, member.pk)
        )
    pending = Pending("member", MemberForm(request.POST, prefix=prefix), member.pk)
    return save(
        request,
        mission,
        DELEGATION,
        pending,
        lambda form: services.update_member(
            user=request.user,
            member=member,
            data=form.changes(),
            expected_version=form.cleaned_data["version"],
        ),
        _("已儲存來訪人員。") if mission.is_visit else _("已儲存出國人員。"),
    )


@login_required
@require_POST
def member_remove(request, pk: int, member_pk: int):
    mission = get_mission_for_user(request.user, pk, write=True)
    member = _member(mission, member_pk)
    return removed(
        request,
        mission,
        DELEGATION,
        lambda version: services.remove_member(
            user=request.user, member=member, expected_version=version
        ),
        _("已移除來訪人員。") if mission.is_visit else _("已移除出國人員。"),
    )


@login_required
@require_POST
def member_move(request, pk: int, member_pk: int):
    mission = get_mission_for_user(request.user, pk, write=True)
    member = _member(mission, member_pk)
    direction = request.POST.get("direction")
    if direction not in (services.UP, services.DOWN):
        return HttpResponse(status=400)
    services.move_member(user=request.user, member=member, direction=direction)
    return back(
        request,
        mission,
        DELEGATION,
        _("已調整來訪人員順序。") if mission.is_visit else _("已調整出國人員順序。"),
    )


urlpatterns = [
    path("<int:pk>/delegation/", delegation, name="delegation"),
    path("<int:pk>/members/add/", member_add, name="member_add"),
    path("<int:pk>/members/<int:member_pk>/", member_edit, name="member_edit"),
    path("<int:pk>/members/<int:member_pk>/remove/", member_remove, name="member_remove"),
    path("<int:pk>/members/<int:member_pk>/move/", member_move, name="member_move"),
]
