"""Forms of the events pages: events and their sessions, the city's presentations with
their slides, and the site visits of missions. They read and check what the user typed;
the services save.

Missions are chosen with the mission picker, which offers only the missions the user may
open; people and cities with theirs (see ``forms``).
"""

import zipfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from envoy.core.forms import RocDateField, model_form_field
from envoy.core.lib.punctuation import aside, join_list
from envoy.core.lib.rocdates import format_roc_short
from envoy.missions.permissions import missions_for_user

from .forms import ChangesMixin, MultiPickField, PickField
from .models import Event, Network, Presentation, Session, SiteVisit
from .names import name_key

# ----- Events and sessions -----

EVENT_FIELDS = ["name", "name_en", "edition", "theme", "city", "start_date", "end_date"]


class EventForm(ChangesMixin, forms.Form):
    """An event attended: its names, network and edition, theme, city, dates, and the
    missions that attended it."""

    name = model_form_field(Event, "name", help_text=_("例如：2026 G-NETS 首長高峰會"))
    name_en = model_form_field(Event, "name_en")
    network = forms.ModelChoiceField(
        label=_("城市網絡"), queryset=Network.objects.all(), required=False
    )
    edition = forms.IntegerField(label=_("屆次"), required=False, min_value=1, max_value=1000)
    theme = model_form_field(Event, "theme")
    city = PickField("city", label=_("城市"))
    start_date = RocDateField(label=_("開始日期"), required=False)
    end_date = RocDateField(label=_("結束日期"), required=False)
    missions = MultiPickField("mission", label=_("出席任務"))

    def __init__(self, *args, user, event: Event | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["missions"].user = user
        self.event = event
        if self.is_bound and hasattr(self.data, "getlist"):
            # The picker draws a sent id with its mission's title when the form comes back
            # with errors: ids of missions the user may not open are dropped first.
            sent = [i for i in self.data.getlist("missions") if i.isdigit()]
            visible = missions_for_user(user).filter(pk__in=sent).values_list("pk", flat=True)
            self.data = self.data.copy()
            self.data.setlist("missions", [str(pk) for pk in visible])

    @classmethod
    def initial_for(cls, event: Event, visible_missions) -> dict:
        """The form drawn from ``event``: of its missions, only those the user may open."""
        initial = {name: getattr(event, name) for name in EVENT_FIELDS}
        return initial | {"network": event.network_id, "missions": list(visible_missions)}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("結束日期不可早於開始日期。"))
        elif self.event is not None and self.event.pk and (start or end):
            outside = [
                session
                for session in self.event.sessions.exclude(date=None)
                if (start and session.date < start) or (end and session.date > end)
            ]
            if outside:
                names = join_list(session_label(s) for s in outside)
                self.add_error(
                    None,
                    _("這些場次的日期會在活動期間之外，請先修改場次：%(sessions)s")
                    % {"sessions": names},
                )
        return data

    def changes(self) -> dict:
        """What to give ``save_event`` as data; the missions go apart."""
        return {k: v for k, v in self.cleaned_data.items() if k != "missions"}

    def same_event(self) -> Event | None:
        """An event recorded already under this name (spelling variants aside), edition and
        first day."""
        data = self.cleaned_data
        key = name_key(data["name"])
        rows = Event.objects.filter(edition=data.get("edition"), start_date=data.get("start_date"))
        if self.event is not None and self.event.pk:
            rows = rows.exclude(pk=self.event.pk)
        return next(
            (e for e in rows if key in {name_key(e.name), name_key(e.name_en)}),
            None,
        )


class SessionForm(ChangesMixin, forms.Form):
    """One session of an event; its date, when given, falls within the event's dates."""

    title = model_form_field(Session, "title", help_text=_("例如：開幕式、平行論壇、全體大會"))
    date = RocDateField(label=_("日期"), required=False)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    @classmethod
    def initial_for(cls, session: Session) -> dict:
        return {"title": session.title, "date": session.date}

    def clean_date(self):
        day = self.cleaned_data.get("date")
        event = self.event
        if day and event.start_date and day < event.start_date:
            raise forms.ValidationError(
                _("場次日期不可早於活動開始日期（%(date)s）。")
                % {"date": format_roc_short(event.start_date)}
            )
        if day and event.end_date and day > event.end_date:
            raise forms.ValidationError(
                _("場次日期不可晚於活動結束日期（%(date)s）。")
                % {"date": format_roc_short(event.end_date)}
            )
        return day


# ----- Slides -----

# The suffixes accepted, and what the content must then be.
SLIDE_TYPES = {
    ".pdf": "application/pdf",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
PPTX_CONTENT_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODP_MIMETYPE = b"application/vnd.oasis.opendocument.presentation"
# [Content_Types].xml is a few kilobytes; more is not a presentation's.
MANIFEST_LIMIT = 1024 * 1024


def _zip_member(upload, name: str) -> bytes | None:
    """The start of member ``name`` of the zip ``upload``; None if it is no zip or lacks it."""
    try:
        with zipfile.ZipFile(upload) as archive:
            with archive.open(name) as member:
                return member.read(MANIFEST_LIMIT)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        return None
    finally:
        upload.seek(0)


def _is_slides(upload, suffix: str) -> bool:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if suffix == ".pdf":
        return head.startswith(b"%PDF-")
    if not head.startswith(b"PK\x03\x04"):
        return False
    if suffix == ".odp":
        return (_zip_member(upload, "mimetype") or b"").strip() == ODP_MIMETYPE
    return PPTX_CONTENT_TYPE in (_zip_member(upload, "[Content_Types].xml") or b"")


def slides_error(upload) -> str:
    """Why ``upload`` cannot be kept as a presentation's slides; empty when it can. The
    suffix must be .pdf, .pptx or .odp and the content what the suffix says: a PDF, or a
    zip holding a presentation's [Content_Types].xml (PPTX) or mimetype (ODP)."""
    suffix = Path(upload.name or "").suffix.lower()
    limit = settings.ENVOY_MAX_UPLOAD_BYTES
    if suffix not in SLIDE_TYPES:
        return _("只接受 PDF、PPTX 或 ODP 檔，「%(name)s」不是。") % {"name": upload.name}
    if upload.size > limit:
        return _("檔案太大（%(size).1f MB），上限為 %(limit)d MB。") % {
            "size": upload.size / 1024 / 1024,
            "limit": limit // (1024 * 1024),
        }
    if upload.size == 0:
        return _("檔案是空的。")
    if not _is_slides(upload, suffix):
        return _("「%(name)s」的內容不是 %(kind)s 檔。") % {
            "name": upload.name,
            "kind": suffix[1:].upper(),
        }
    return ""


class SlidesField(forms.FileField):
    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and hasattr(value, "size") and value is not initial:
            if error := slides_error(value):
                raise forms.ValidationError(error, code="file")
        return value


# ----- Presentations -----


def sessions_of(event_id) -> QuerySet[Session]:
    """An event's sessions in date order, the undated last."""
    return Session.objects.filter(event_id=event_id).order_by(F("date").asc(nulls_last=True), "id")


def session_label(session: Session) -> str:
    """開幕式（115/4/27） — a session as the presentation form offers it."""
    if session.date:
        return session.title + aside(format_roc_short(session.date))
    return session.title


class PresentationForm(ChangesMixin, forms.Form):
    """One of the city's presentations: title in both languages, speaker, where and when
    it was given, and its slides."""

    title = model_form_field(Presentation, "title")
    title_en = model_form_field(Presentation, "title_en")
    speaker = PickField("person", label=_("講者"))
    event = forms.ModelChoiceField(
        label=_("活動"), queryset=Event.objects.select_related("network"), required=False
    )
    session = forms.ModelChoiceField(
        label=_("場次"),
        queryset=Session.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("請選擇所選活動的場次。")},
    )
    mission = PickField("mission", label=_("任務"))
    date = RocDateField(label=_("日期"), required=False)
    slides = SlidesField(
        label=_("簡報檔"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SLIDE_TYPES)}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].user = user
        limit = settings.ENVOY_MAX_UPLOAD_BYTES // (1024 * 1024)
        self.fields["slides"].help_text = _("PDF、PPTX 或 ODP，%(limit)d MB 以內。") % {
            "limit": limit
        }
        # The sessions offered are those of the event chosen; choosing another event
        # fetches its sessions (htmx).
        self.fields["event"].widget.attrs |= {
            "hx-get": reverse("relations:presentation_sessions"),
            "hx-target": "#id_session",
            "hx-swap": "innerHTML",
            "hx-trigger": "change",
        }
        self.fields["session"].label_from_instance = session_label
        event_id = self._chosen_event_id()
        if event_id:
            self.fields["session"].queryset = sessions_of(event_id)
        else:
            self.fields["session"].help_text = _("先選擇活動，再選擇場次。")

    def _chosen_event_id(self) -> str:
        if self.is_bound:
            value = self.data.get("event", "")
        else:
            value = self.initial.get("event") or ""
            value = getattr(value, "pk", value)
        return str(value) if str(value).isdigit() else ""

    @classmethod
    def initial_for(cls, presentation: Presentation) -> dict:
        return {
            "title": presentation.title,
            "title_en": presentation.title_en,
            "speaker": presentation.speaker,
            "event": presentation.event_id,
            "session": presentation.session_id,
            "mission": presentation.mission,
            "date": presentation.date,
            "slides": presentation.slides,
        }

    def clean(self):
        data = super().clean()
        event, session = data.get("event"), data.get("session")
        if session is not None and (event is None or session.event_id != event.pk):
            self.add_error("session", _("請選擇所選活動的場次。"))
        return data

    def changes(self) -> dict:
        """What to give ``save_presentation``: the slides only when a file was uploaded or
        the old one cleared."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "slides"}
        upload = self.cleaned_data.get("slides")
        if upload is False:
            data["slides"] = ""
        elif upload and "slides" in self.files:
            data["slides"] = upload
        return data


# ----- Site visits -----


class SiteVisitForm(ChangesMixin, forms.Form):
    """A place visited on a mission, and what the city could learn from it (借鏡)."""

    mission = PickField("mission", label=_("任務"), required=True)
    name = model_form_field(SiteVisit, "name", help_text=_("例如：東京臨海廣域防災公園"))
    other_name = model_form_field(SiteVisit, "other_name")
    date = RocDateField(label=_("日期"), required=False)
    city = PickField("city", label=_("城市"))
    lesson = model_form_field(SiteVisit, "lesson", widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].user = user

    @classmethod
    def initial_for(cls, visit: SiteVisit) -> dict:
        return {name: getattr(visit, name) for name in cls.base_fields}


__all__ = [
    "EventForm",
    "PresentationForm",
    "SessionForm",
    "SiteVisitForm",
    "slides_error",
]
