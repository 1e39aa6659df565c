"""The review form (出國報告審核表) as it is shown and printed: its ten items with the
traveller's and the reviewer's ticks, and its three signature blocks.

Signatures are not typed in: they are read from the records the workflow keeps.

- 出國人員 (2 人以上得以 1 人為代表): the head of the delegation (團長), else its first
  member — name, and 服務單位 and 職稱 as the delegation lists them; dated the day the
  report was last submitted (送審), when the traveller's self-check is handed in.
- 一級單位主管: the reviewer who filled in the reviewer's part (``reviewed_by``), else
  whoever took the last decision (退回 or 核定) on a submission; the 職稱 the reviewer typed
  on the form (users have no 職稱 of their own); dated that reviewer's last decision, else
  the day they saved their part.
- 機關首長或其授權人員: whoever approved (核定) the report — in Envoy a reviewer or an
  administrator approves under the authority delegated to them (分層負責), so this is often
  the same person as above; dated the approval. Blank until approved.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from envoy.core.lib.punctuation import labelled
from envoy.core.lib.rocdates import format_roc_span

from .checks import Checks, run_checks
from .enums import REVIEW_ITEMS, PublicationMethod, ReportStatus, ReturnReason
from .models import QUALITY_ITEMS, SELF, Report, ReviewEvent, ReviewForm

SELF_CHECKED = set(QUALITY_ITEMS)
SIGNATURE_ROLES = [
    ("traveller", _("出國人員")),
    ("unit_head", _("一級單位主管")),
    ("authority", _("機關首長或其授權人員")),
]


@dataclass
class Option:
    label: str
    ticked: bool


@dataclass
class Item:
    number: int
    code: str
    text: str
    ticked: bool
    self_ticked: bool | None  # None: the traveller does not tick this item
    note: str = ""  # what the system found (items 1 and 2)
    options: list[Option] = field(default_factory=list)
    words: str = ""


@dataclass
class Signature:
    role: str
    label: str
    name: str = ""
    title: str = ""
    date: dt.date | None = None


@dataclass
class ReviewSheet:
    title: str
    traveller: str
    traveller_title: str
    traveller_unit: str
    travellers: int
    category: str
    period: str
    submitted_on: dt.date | None
    items: list[Item]
    signatures: list[Signature]
    reviewed: bool  # the reviewer has saved their part


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def first_submission(events: list[ReviewEvent]) -> dt.date | None:
    """The day the report was first submitted: 依限繳交 counts from it."""
    return next((_day(e.at) for e in events if e.to_status == ReportStatus.SUBMITTED), None)


def _last(events, *, to: set, frm: set | None = None, actor_id=None) -> ReviewEvent | None:
    found = [
        e
        for e in events
        if e.to_status in to
        and (frm is None or e.from_status in frm)
        and (actor_id is None or e.actor_id == actor_id)
    ]
    return found[-1] if found else None


def _name(user) -> str:
    return user.display_name if user is not None else ""


def signatures(report: Report, form: ReviewForm, events: list[ReviewEvent], members) -> list:
    """The three signature blocks (see the module's docstring for where each comes from)."""
    labels = dict(SIGNATURE_ROLES)
    traveller = Signature("traveller", labels["traveller"])
    head = next((m for m in members if m.is_head), members[0] if members else None)
    if head is not None:
        traveller.name, traveller.title = head.name, head.title
    submitted = _last(events, to={ReportStatus.SUBMITTED})
    traveller.date = _day(submitted.at) if submitted else None

    decisions = {ReportStatus.RETURNED, ReportStatus.APPROVED}
    unit_head = Signature("unit_head", labels["unit_head"])
    reviewer = form.reviewed_by if form.reviewed_by_id else None
    if reviewer is not None:
        decided = _last(events, to=decisions, frm={ReportStatus.SUBMITTED}, actor_id=reviewer.pk)
        unit_head.name, unit_head.title = _name(reviewer), form.reviewer_title
        unit_head.date = _day(decided.at) if decided else _day(form.reviewed_at)
    else:
        decided = _last(events, to=decisions, frm={ReportStatus.SUBMITTED})
        if decided is not None:
            unit_head.name, unit_head.date = _name(decided.actor), _day(decided.at)

    authority = Signature("authority", labels["authority"])
    approved = _last(events, to={ReportStatus.APPROVED}, frm={ReportStatus.SUBMITTED})
    if approved is not None and report.status in (ReportStatus.APPROVED, ReportStatus.PUBLISHED):
        authority.name, authority.date = _name(approved.actor), _day(approved.at)
        if reviewer is not None and approved.actor_id == reviewer.pk:
            authority.title = form.reviewer_title
    return [traveller, unit_head, authority]


def review_sheet(
    report: Report,
    *,
    form: ReviewForm | None = None,
    events: list[ReviewEvent] | None = None,
    checks: Checks | None = None,
) -> ReviewSheet:
    """The review form of ``report`` as shown and printed. Reads what the caller has not
    given: the form, the review events, the checks, and the delegation."""
    if form is None:
        form = ReviewForm.objects.select_related("reviewed_by").filter(
            report=report
        ).first() or ReviewForm(report=report)
    if events is None:
        events = list(
            ReviewEvent.objects.filter(report=report).select_related("actor").order_by("at", "id")
        )
    if checks is None:
        checks = run_checks(report, submitted_on=first_submission(events))
    mission = report.mission
    members = list(mission.members.all())
    head = next((m for m in members if m.is_head), members[0] if members else None)
    notes = {
        "on_time": checks.get("due").message,
        "format_complete": checks.get("parts").message,
    }
    items = []
    for number, (code, text) in enumerate(REVIEW_ITEMS, 1):
        item = Item(number, code, str(text), False, None, notes.get(code, ""))
        if code in SELF_CHECKED:
            item.ticked = getattr(form, code)
            item.self_ticked = getattr(form, SELF + code)
        elif code == "return_reasons":
            item.ticked = bool(form.return_reasons)
            item.options = [
                Option(str(label), value in form.return_reasons)
                for value, label in ReturnReason.choices
            ]
        elif code == "publication_methods":
            item.ticked = bool(form.publication_methods)
            item.options = [
                Option(
                    labelled(label, form.publication_other)
                    if value == PublicationMethod.OTHER and form.publication_other
                    else str(label),
                    value in form.publication_methods,
                )
                for value, label in PublicationMethod.choices
            ]
        elif code == "other_opinion":
            item.ticked = bool(form.other_opinion.strip())
            item.words = form.other_opinion
        else:
            item.ticked = getattr(form, code)
        items.append(item)
    submitted = _last(events, to={ReportStatus.SUBMITTED})
    return ReviewSheet(
        title=report.title,
        traveller=head.name if head else "",
        traveller_title=head.title if head else "",
        traveller_unit="".join(p for p in (head.agency, head.unit) if p) if head else "",
        travellers=len(members),
        category=mission.category_label if mission.category else "",
        period=format_roc_span(mission.start_date, mission.end_date)
        if mission.start_date and mission.end_date
        else "",
        submitted_on=_day(submitted.at) if submitted else None,
        items=items,
        signatures=signatures(report, form, events, members),
        reviewed=form.reviewed_by_id is not None,
    )


# ----- What other apps put beside the review -----

# A panel: given the report, a template and its context, or None when it has nothing to
# say. The planning app adds the trip held against its approved plan (出國計畫), which the
# review's 「不符原核定出國計畫」 asks about; this app cannot know of plans itself.
ReviewPanel = Callable[[Report], "tuple[str, dict] | None"]
_PANELS: list[ReviewPanel] = []


def add_review_panel(panel: ReviewPanel) -> None:
    """Show ``panel`` on every report's workflow page (call once, from an app's ready())."""
    if panel not in _PANELS:
        _PANELS.append(panel)


def review_panels(report: Report) -> list[tuple[str, dict]]:
    """The panels that have something to say about ``report``, as (template, context)."""
    return [shown for panel in _PANELS if (shown := panel(report)) is not None]
