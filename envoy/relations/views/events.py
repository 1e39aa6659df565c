"""The events pages: events attended (summits, forums), each with its sessions edited in
place, the missions that attended, the city's presentations, the agreements signed and the
meetings held there.

Every signed-in role reads events; only writers record and change them. A mission the user
may not open is never named, and stays attached when they save the event. The event page
takes a fixed number of queries whatever the number of sessions, presentations, missions
and meetings.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from envoy.missions.permissions import missions_for_user

from .. import services
from ..forms import add_refusal
from ..forms_events import EventForm, SessionForm, sessions_of
from ..models import City, Event, Network, Session
from ..permissions import can_edit_relations, can_see_private, require
from ..queries import event_presentations, events_by_id, meetings_for_user, visible_mission
from .listing import listing

# ----- Events -----


@login_required
@require_safe
def events(request):
    """Every event recorded, newest first, searched by name or theme."""
    context = listing(
        request,
        Event.objects.all(),
        ["name", "name_en", "theme"],
        lambda ids: events_by_id(ids, request.user),
    )
    return render(request, "relations/events/events.html", context)


@dataclass
class PendingSession:
    """The session form the user is working on: ``pk`` None for a new one."""

    form: SessionForm
    pk: int | None = None


def _event(pk: int) -> Event:
    return get_object_or_404(Event.objects.select_related("network", "city"), pk=pk)


def _sessions_context(
    request, event: Event, *, pending: PendingSession | None = None, saved: str = ""
) -> dict:
    sessions = list(sessions_of(event.pk))
    add_form = SessionForm(prefix="session-new", event=event)
    for session in sessions:
        session.form = None
        if pending is not None and pending.pk == session.pk:
            session.form = pending.form
    if pending is not None and pending.pk is None:
        add_form = pending.form
    return {
        "event": event,
        "sessions": sessions,
        "session_add_form": add_form,
        "adding_session": pending is not None and pending.pk is None,
        "saved": saved,
        "can_edit": can_edit_relations(request.user),
    }


def _event_page_context(request, event: Event, **section) -> dict:
    """Everything the event page shows: the missions the user may open, sessions in date
    order, presentations, agreements and the meetings the user may see."""
    user = request.user
    context = _sessions_context(request, event, **section)
    context |= {
        "missions": list(
            event.missions.filter(pk__in=missions_for_user(user).values("pk")).order_by(
                "-start_date", "-id"
            )
        ),
        "presentations": event_presentations(event, user),
        "agreements": list(event.agreements.all()),
        "meetings": list(meetings_for_user(user).filter(event=event)),
        "can_see_private": can_see_private(user),
        "today": timezone.localdate(),
    }
    return context


@login_required
@require_safe
def event_detail(request, pk: int):
    event = _event(pk)
    return render(request, "relations/events/event.html", _event_page_context(request, event))


def _event_form_page(request, form, event=None, status=200):
    return render(
        request, "relations/events/event_form.html", {"form": form, "event": event}, status=status
    )


@login_required
def event_create(request):
    """A new event; ``?network=``, ``?city=`` and ``?mission=`` fill the form in."""
    user = request.user
    require(can_edit_relations(user))
    if request.method != "POST":
        initial = {}
        if (network_id := request.GET.get("network", "")).isdigit():
            initial["network"] = Network.objects.filter(pk=network_id).first()
        if (city_id := request.GET.get("city", "")).isdigit():
            initial["city"] = City.objects.filter(pk=city_id).first()
        if mission := visible_mission(user, request.GET.get("mission", "")):
            initial["missions"] = [mission]
        return _event_form_page(request, EventForm(initial=initial, user=user))
    form = EventForm(request.POST, user=user)
    if form.is_valid():
        if (same := form.same_event()) is not None:
            form.add_error(
                "name", _("已有同名、同屆次、同日期的活動「%(name)s」。") % {"name": same}
            )
        else:
            try:
                event = services.save_event(
                    user=user,
                    event=Event(),
                    data=form.changes(),
                    missions=form.cleaned_data["missions"],
                )
            except ValidationError as error:
                add_refusal(form, error)
            else:
                messages.success(request, _("已新增活動。"))
                return redirect("relations:event", event.pk)
    return _event_form_page(request, form)


@login_required
def event_edit(request, pk: int):
    """An event's facts and missions. Missions the user may not open are neither shown nor
    dropped: they stay attached as they were."""
    user = request.user
    require(can_edit_relations(user))
    event = _event(pk)
    visible = missions_for_user(user)
    if request.method != "POST":
        shown = event.missions.filter(pk__in=visible.values("pk"))
        form = EventForm(initial=EventForm.initial_for(event, shown), user=user, event=event)
        return _event_form_page(request, form, event)
    form = EventForm(request.POST, user=user, event=event)
    if form.is_valid():
        if (same := form.same_event()) is not None:
            form.add_error(
                "name", _("已有同名、同屆次、同日期的活動「%(name)s」。") % {"name": same}
            )
        else:
            hidden = list(event.missions.exclude(pk__in=visible.values("pk")))
            try:
                services.save_event(
                    user=user,
                    event=event,
                    data=form.changes(),
                    missions=[*form.cleaned_data["missions"], *hidden],
                )
            except ValidationError as error:
                add_refusal(form, error)
            else:
                messages.success(request, _("已儲存活動資料。"))
                return redirect("relations:event", event.pk)
        event.refresh_from_db()
    return _event_form_page(request, form, event)


# ----- Sessions, in place on the event page -----


def _sessions_section(request, event, *, status=200, pending=None, saved=""):
    """The sessions section (htmx), or the event page drawn with it."""
    if request.htmx:
        context = _sessions_context(request, event, pending=pending, saved=saved)
        return render(request, "relations/events/event.html#sessions", context, status=status)
    context = _event_page_context(request, event, pending=pending, saved=saved)
    return render(
        request, "relations/events/event.html", context, status=200 if status == 422 else status
    )


def _sessions_back(request, event, message: str):
    if request.htmx:
        return _sessions_section(request, event, saved=message)
    messages.success(request, message)
    return redirect(reverse("relations:event", args=[event.pk]) + "#sessions")


def _save_session(request, event, pending: PendingSession, session: Session, done: str):
    form = pending.form
    if form.is_valid():
        try:
            services.save_session(
                user=request.user, session=session, data={"event": event, **form.changes()}
            )
        except ValidationError as error:
            add_refusal(form, error)
        else:
            return _sessions_back(request, event, done)
    return _sessions_section(request, event, status=422, pending=pending)


def _writable_event(request, pk: int) -> Event:
    require(can_edit_relations(request.user))
    return _event(pk)


@login_required
@require_safe
def event_sessions(request, pk: int):
    """The sessions section alone (htmx: cancelling an edit); the event page otherwise."""
    event = _writable_event(request, pk)
    if request.htmx:
        return _sessions_section(request, event)
    return redirect(reverse("relations:event", args=[event.pk]) + "#sessions")


@login_required
@require_POST
def session_add(request, pk: int):
    event = _writable_event(request, pk)
    form = SessionForm(request.POST, prefix="session-new", event=event)
    return _save_session(request, event, PendingSession(form), Session(), _("已新增場次。"))


def _session(event: Event, session_pk: int) -> Session:
    return get_object_or_404(Session, pk=session_pk, event=event)


@login_required
def session_edit(request, pk: int, session_pk: int):
    """GET: the session's row opened for editing; POST: save it."""
    event = _writable_event(request, pk)
    session = _session(event, session_pk)
    prefix = f"session-{session.pk}"
    if request.method != "POST":
        form = SessionForm(initial=SessionForm.initial_for(session), prefix=prefix, event=event)
        return _sessions_section(request, event, pending=PendingSession(form, session.pk))
    form = SessionForm(request.POST, prefix=prefix, event=event)
    return _save_session(
        request, event, PendingSession(form, session.pk), session, _("已儲存場次。")
    )


@transaction.atomic
@login_required
@require_POST
def session_remove(request, pk: int, session_pk: int):
    event = _writable_event(request, pk)
    services.remove_session(user=request.user, session=_session(event, session_pk))
    return _sessions_back(request, event, _("已移除場次。"))


urlpatterns = [
    path("events/", events, name="events"),
    path("events/new/", event_create, name="event_create"),
    path("events/<int:pk>/", event_detail, name="event"),
    path("events/<int:pk>/edit/", event_edit, name="event_edit"),
    path("events/<int:pk>/sessions/", event_sessions, name="event_sessions"),
    path("events/<int:pk>/sessions/add/", session_add, name="session_add"),
    path("events/<int:pk>/sessions/<int:session_pk>/", session_edit, name="session_edit"),
    path(
        "events/<int:pk>/sessions/<int:session_pk>/remove/",
        session_remove,
        name="session_remove",
    ),
]
