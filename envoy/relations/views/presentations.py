"""The city's presentations (發表) at events: one with its titles, speaker, session and
slides, the forms that record and change one, and the slides themselves.

Every signed-in role reads presentations and downloads slides (served by a view that checks
the user, never as public media); only writers record them, and one given on a mission the
user may not open is not theirs to change (``can_edit_mission_linked``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import services
from ..forms import add_refusal
from ..forms_events import SLIDE_TYPES, PresentationForm, session_label, sessions_of
from ..models import Event, Person, Presentation
from ..permissions import (
    can_edit_mission_linked,
    can_edit_relations,
    can_see_relations,
    may_open_mission_of,
    require,
)
from ..queries import visible_mission
from .attachments import download, file_name


def _presentation(pk: int) -> Presentation:
    return get_object_or_404(
        Presentation.objects.select_related("speaker", "event", "session", "mission"), pk=pk
    )


@login_required
@require_safe
def presentation_detail(request, pk: int):
    """A presentation: its titles, speaker, event and session, its mission (when the user
    may open it) and its slides."""
    user = request.user
    presentation = _presentation(pk)
    mission_shown = presentation.mission_id is not None and may_open_mission_of(user, presentation)
    return render(
        request,
        "relations/events/presentation.html",
        {
            "presentation": presentation,
            "mission_shown": mission_shown,
            "slides_name": file_name(presentation.slides),
            "can_edit": can_edit_mission_linked(user, presentation),
        },
    )


@login_required
@require_safe
def presentation_slides(request, pk: int):
    """The presentation's slides, to whoever may read relations (media is never served as
    is)."""
    require(can_see_relations(request.user))
    return download(get_object_or_404(Presentation, pk=pk).slides, SLIDE_TYPES)


@login_required
@require_safe
def presentation_sessions(request):
    """The session choices of the event ``?event=`` (htmx, for the presentation form)."""
    require(can_edit_relations(request.user))
    event_id = request.GET.get("event", "")
    sessions = sessions_of(event_id) if event_id.isdigit() else []
    choices = [(session.pk, session_label(session)) for session in sessions]
    return render(request, "relations/events/session_options.html", {"choices": choices})


def _presentation_form_page(request, form, presentation=None):
    return render(
        request,
        "relations/events/presentation_form.html",
        {"form": form, "presentation": presentation},
    )


def _save_presentation(request, form, presentation: Presentation) -> Presentation | None:
    try:
        return services.save_presentation(
            user=request.user, presentation=presentation, data=form.changes()
        )
    except ValidationError as error:
        add_refusal(form, error)
        return None


@login_required
def presentation_create(request):
    """A new presentation; ``?event=``, ``?session=``, ``?speaker=`` and ``?mission=`` fill
    the form in."""
    user = request.user
    require(can_edit_relations(user))
    if request.method != "POST":
        initial = {}
        if (event_id := request.GET.get("event", "")).isdigit():
            event = Event.objects.filter(pk=event_id).first()
            if event is not None:
                initial["event"] = event.pk
                if (session_id := request.GET.get("session", "")).isdigit():
                    session = event.sessions.filter(pk=session_id).first()
                    if session is not None:
                        initial |= {"session": session.pk, "date": session.date}
        if (speaker_id := request.GET.get("speaker", "")).isdigit():
            initial["speaker"] = Person.objects.filter(pk=speaker_id).first()
        if mission := visible_mission(user, request.GET.get("mission", "")):
            initial["mission"] = mission
        return _presentation_form_page(request, PresentationForm(initial=initial, user=user))
    form = PresentationForm(request.POST, request.FILES, user=user)
    if form.is_valid() and (presentation := _save_presentation(request, form, Presentation())):
        messages.success(request, _("已新增發表。"))
        return redirect("relations:presentation", presentation.pk)
    return _presentation_form_page(request, form)


@login_required
def presentation_edit(request, pk: int):
    """A presentation recorded before. One given on a mission the user may not open is not
    theirs to change (403): the form would have to name that mission."""
    user = request.user
    presentation = _presentation(pk)
    require(can_edit_mission_linked(user, presentation))
    if request.method != "POST":
        form = PresentationForm(initial=PresentationForm.initial_for(presentation), user=user)
        return _presentation_form_page(request, form, presentation)
    form = PresentationForm(
        request.POST, request.FILES, initial={"slides": presentation.slides}, user=user
    )
    if form.is_valid() and _save_presentation(request, form, presentation):
        messages.success(request, _("已儲存發表。"))
        return redirect("relations:presentation", presentation.pk)
    presentation.refresh_from_db()
    return _presentation_form_page(request, form, presentation)


urlpatterns = [
    path("presentations/new/", presentation_create, name="presentation_create"),
    path("presentations/sessions/", presentation_sessions, name="presentation_sessions"),
    path("presentations/<int:pk>/", presentation_detail, name="presentation"),
    path("presentations/<int:pk>/edit/", presentation_edit, name="presentation_edit"),
    path("presentations/<int:pk>/slides/", presentation_slides, name="presentation_slides"),
]
