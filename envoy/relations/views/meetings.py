"""Meetings with people (交流紀錄): recording one, changing it, and marking its follow-up
done. Any writer records meetings; a meeting on a mission the user may not open is not
found for them (``permissions.interactions_for_user``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import MeetingForm
from ..models import Interaction, Person
from ..permissions import can_edit_relations, require
from ..queries import meetings_for_user, visible_mission


def _meeting_form_page(request, form, *, interaction=None, person=None):
    return render(
        request,
        "relations/pages/meeting_form.html",
        {"form": form, "interaction": interaction, "person": person},
    )


def _meeting_url(interaction: Interaction) -> str:
    """The meeting on its person's page."""
    return reverse("relations:person", args=[interaction.person_id]) + f"#meeting-{interaction.pk}"


@login_required
def meeting_create(request):
    """A meeting with someone: ``?person=`` and ``?mission=`` fill the form in."""
    user = request.user
    require(can_edit_relations(user))
    if request.method != "POST":
        initial = {}
        if (person_id := request.GET.get("person", "")).isdigit():
            initial["person"] = Person.objects.filter(pk=person_id).first()
        if (mission_id := request.GET.get("mission", "")).isdigit():
            initial["mission"] = visible_mission(user, mission_id)
        form = MeetingForm(initial=initial, user=user)
        return _meeting_form_page(request, form, person=initial.get("person"))
    form = MeetingForm(request.POST, user=user)
    if form.is_valid():
        data = form.changes()
        person = data.pop("person")
        try:
            interaction = services.record_interaction(user=user, person=person, data=data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已新增交流紀錄。"))
            return redirect(_meeting_url(interaction))
    return _meeting_form_page(request, form)


def _meeting_for_user(user, pk: int) -> Interaction:
    try:
        return meetings_for_user(user).get(pk=pk)
    except Interaction.DoesNotExist:
        raise Http404 from None


@login_required
def meeting_edit(request, pk: int):
    """A meeting recorded before; whom it was with stays as it is."""
    user = request.user
    interaction = _meeting_for_user(user, pk)
    require(can_edit_relations(user))
    if request.method != "POST":
        form = MeetingForm(initial=MeetingForm.initial_for(interaction), user=user)
    else:
        form = MeetingForm(request.POST, user=user)
    del form.fields["person"]
    if request.method == "POST" and form.is_valid():
        try:
            services.update_interaction(user=user, interaction=interaction, data=form.changes())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已儲存交流紀錄。"))
            return redirect(_meeting_url(interaction))
    return _meeting_form_page(request, form, interaction=interaction, person=interaction.person)


@login_required
@require_POST
def meeting_done(request, pk: int):
    """The follow-up of a meeting done today."""
    interaction = _meeting_for_user(request.user, pk)
    require(can_edit_relations(request.user))
    if interaction.follow_up_open:
        services.complete_follow_up(
            user=request.user, interaction=interaction, on=timezone.localdate()
        )
        messages.success(request, _("已將後續辦理事項標示為完成。"))
    return redirect(_meeting_url(interaction))


urlpatterns = [
    path("meetings/new/", meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/edit/", meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/done/", meeting_done, name="meeting_done"),
]
