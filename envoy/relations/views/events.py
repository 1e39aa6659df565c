"""The events pages: events attended (with their sessions, edited in place), the city's
presentations (with their slides) and the site visits of missions (with their lessons, 借鏡).

Who sees what is decided in ``permissions`` and ``missions.permissions``: every signed-in
role reads events and presentations; only writers open forms; a mission the user may not
open is never named, and a site visit — which belongs to its mission — is not found for
them at all. Slides are served by a view that checks the user, never as public media. The
event page takes a fixed number of queries whatever the number of sessions, presentations,
missions and meetings.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from envoy.missions.permissions import missions_for_user

from .. import services
from ..forms_events import (
    SLIDE_TYPES,
    EventForm,
    PresentationForm,
    SessionForm,
    SiteVisitForm,
    session_label,
    sessions_of,
)
from ..models import City, Event, Network, Person, Presentation, Session, SiteVisit
from ..permissions import (
    can_edit_mission_linked,
    can_edit_relations,
    can_see_private,
    can_see_relations,
    may_open_mission_of,
    require,
)
from ..queries import (
    event_presentations,
    events_by_id,
    meetings_for_user,
    site_visits_by_id,
    site_visits_for_user,
    visible_mission,
)
from .attachments import download, file_name
from .listing import listing


def _refuse(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


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
                _refuse(form, error)
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
                _refuse(form, error)
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
            _refuse(form, error)
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


# ----- Presentations -----


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
        _refuse(form, error)
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


# ----- Site visits -----


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
        _refuse(form, error)
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
    path("presentations/new/", presentation_create, name="presentation_create"),
    path("presentations/sessions/", presentation_sessions, name="presentation_sessions"),
    path("presentations/<int:pk>/", presentation_detail, name="presentation"),
    path("presentations/<int:pk>/edit/", presentation_edit, name="presentation_edit"),
    path("presentations/<int:pk>/slides/", presentation_slides, name="presentation_slides"),
    path("site-visits/", site_visits, name="site_visits"),
    path("site-visits/new/", site_visit_create, name="site_visit_create"),
    path("site-visits/<int:pk>/", site_visit_detail, name="site_visit"),
    path("site-visits/<int:pk>/edit/", site_visit_edit, name="site_visit_edit"),
]
