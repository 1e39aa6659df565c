"""The verbs of opportunities: adding and changing one, giving it to a bureau and a person,
and moving it along its statuses. Accepting one carries it out: a trip abroad becomes a
mission (with its blank report), an online one the event and the city's presentation —
each made by its own app's services, and linked from the opportunity.

Each verb runs in one transaction and writes its audit entry; changes carry the version
the user started from (``EditConflict`` when someone saved since)."""

from dataclasses import dataclass, field
from functools import cache
from zoneinfo import available_timezones

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from envoy.core.lib.locking import lock_version
from envoy.core.lib.text import check_lengths, clean_strings
from envoy.core.lib.zones import zone_for_place
from envoy.core.models import Bureau
from envoy.core.services import record
from envoy.missions.enums import TripCategory
from envoy.missions.permissions import can_create_mission
from envoy.relations import services as relations
from envoy.relations.models import Event, Presentation
from envoy.relations.permissions import can_edit_relations
from envoy.relations.services import find_city, find_organisation
from envoy.reports.services import create_mission_with_report
from envoy.talent.enums import ExperienceKind
from envoy.talent.models import StaffProfile
from envoy.talent.permissions import profiles_for_user
from envoy.talent.services import record_experience, remove_experience

from . import importing
from .enums import MOVES, OpportunityStatus
from .models import Opportunity
from .permissions import (
    can_add_opportunity,
    can_change_bureau,
    can_edit_opportunity,
    can_import_opportunities,
)
from .queries import network_named
from .speakers import language_code

S = OpportunityStatus

# What the add and edit forms change (status and assignment have their own verbs).
FIELDS = [
    "title",
    "title_en",
    "kind",
    "network",
    "organisation",
    "start_date",
    "end_date",
    "start_time",
    "end_time",
    "timezone",
    "online",
    "city",
    "venue",
    "registration_deadline",
    "abstract_deadline",
    "topics",
    "languages",
    "language_level",
    "source_url",
    "notes",
    "talk_title",
]


def _words(values) -> list[str]:
    """A list of words typed by people: trimmed, empty ones dropped, each once."""
    seen: list[str] = []
    for value in values or []:
        word = str(value).strip()
        if word and word not in seen:
            seen.append(word)
    return seen


def _languages(words) -> list[str]:
    """The pool's codes of the languages as typed (日語, Japanese, ja → ja), each once."""
    codes, unknown = [], []
    for word in _words(words):
        code = language_code(word)
        if code is None:
            unknown.append(word)
        elif code not in codes:
            codes.append(code)
    if unknown:
        raise ValidationError(
            {
                "languages": _("不認得「%(words)s」這個語言，請寫例如：日語、英語、Japanese。")
                % {"words": _("、").join(unknown)}
            }
        )
    return codes


def _apply(opportunity: Opportunity, data: dict) -> None:
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name, value in clean_strings(data).items():
        if name == "topics":
            value = _words(value)
        elif name == "languages":
            value = _languages(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(opportunity, name, value)
    _zone_from_city(opportunity)


def _zone_from_city(opportunity: Opportunity) -> None:
    """An opportunity in a recorded city keeps that city's zone unless another is given."""
    if not opportunity.timezone and opportunity.city is not None:
        opportunity.timezone = opportunity.city.timezone


def _check(opportunity: Opportunity) -> None:
    """The rules of a well-formed opportunity, each keyed by the field it concerns."""
    errors = {}
    if not opportunity.title:
        errors["title"] = _("請填寫名稱。")
    start, end = opportunity.start_date, opportunity.end_date
    if start and end and end < start:
        errors["end_date"] = _("結束日期不可早於開始日期。")
    if opportunity.end_time and not opportunity.start_time:
        errors["start_time"] = _("有結束時間時，請一併填寫開始時間。")
    if (opportunity.start_time or opportunity.end_time) and not start:
        errors["start_date"] = _("有時間時，請一併填寫日期。")
    if opportunity.timezone and opportunity.timezone not in available_timezones():
        errors["timezone"] = _("「%(zone)s」不是時區名稱，請從清單選擇，例如 Asia/Tokyo。") % {
            "zone": opportunity.timezone
        }
    if errors:
        raise ValidationError(errors)
    check_lengths([opportunity])


def add_opportunity(*, user, data: dict, bureau=None) -> Opportunity:
    """Record an opening that was spotted. It belongs to ``bureau`` (the user's own when
    none is given; only officers and administrators give it another). Raises
    ``PermissionDenied`` and ``ValidationError``."""
    if not can_add_opportunity(user):
        raise PermissionDenied
    if bureau is None:
        bureau = user.bureau
    elif bureau.pk != user.bureau_id and not can_change_bureau(user):
        raise PermissionDenied
    opportunity = Opportunity(bureau=bureau, created_by=user)
    _apply(opportunity, data)
    _check(opportunity)
    with transaction.atomic():
        opportunity.save()
        record(user=user, action="opportunity.created", obj=opportunity, summary=opportunity.title)
    return opportunity


def update_opportunity(
    *, user, opportunity: Opportunity, data: dict, expected_version: int
) -> Opportunity:
    """Change what is known of an opportunity (its dates, place, deadlines, topics…)."""
    if not can_edit_opportunity(user, opportunity):
        raise PermissionDenied
    _apply(opportunity, data)
    _check(opportunity)
    with transaction.atomic():
        lock_version(opportunity, expected_version)
        opportunity.version = expected_version + 1
        opportunity.save()
        record(user=user, action="opportunity.updated", obj=opportunity, summary=opportunity.title)
    return opportunity


def assign_opportunity(
    *, user, opportunity: Opportunity, bureau, assignee, expected_version: int
) -> Opportunity:
    """Give an opportunity to a bureau and a person (either may be none). Moving it to
    another bureau is for officers and administrators."""
    if not can_edit_opportunity(user, opportunity):
        raise PermissionDenied
    bureau_id = bureau.pk if bureau is not None else None
    if bureau_id != opportunity.bureau_id and not can_change_bureau(user):
        raise PermissionDenied
    if assignee is not None and not assignee.is_active:
        raise ValidationError({"assignee": _("這位使用者已停用，請選擇其他承辦人。")})
    with transaction.atomic():
        lock_version(opportunity, expected_version)
        opportunity.bureau, opportunity.assignee = bureau, assignee
        opportunity.version = expected_version + 1
        opportunity.save(update_fields=["bureau", "assignee", "version", "updated_at"])
        where = bureau.display_name if bureau is not None else _("未指定局處")
        who = assignee.display_name if assignee is not None else _("未指定承辦人")
        record(
            user=user,
            action="opportunity.assigned",
            obj=opportunity,
            summary=f"{where}／{who}",
        )
    return opportunity


def change_status(
    *, user, opportunity: Opportunity, status: str, expected_version: int
) -> Opportunity:
    """Move an opportunity to ``status`` (``MOVES`` says which moves exist). Accepting one
    carries it out (``carry_out``) in the same transaction: nothing is half-made when the
    mission or the event cannot be. Raises ``PermissionDenied`` and ``ValidationError``
    (a move that does not exist; an in-person one accepted without its dates)."""
    if not can_edit_opportunity(user, opportunity):
        raise PermissionDenied
    if status not in MOVES[S(opportunity.status)]:
        raise ValidationError(
            {
                "status": _("「%(from)s」的機會不能改為「%(to)s」。")
                % {"from": S(opportunity.status).label, "to": S(status).label}
            }
        )
    before = S(opportunity.status)
    with transaction.atomic():
        lock_version(opportunity, expected_version)
        opportunity.status = status
        if status == S.ACCEPTED:
            carry_out(user=user, opportunity=opportunity)
        if status == S.DONE:
            _record_talk(opportunity)
        opportunity.version = expected_version + 1
        opportunity.save()
        record(
            user=user,
            action="opportunity.status_changed",
            obj=opportunity,
            mission_id=opportunity.mission_id,
            summary=f"{before.label} → {S(status).label}：{opportunity.title}",
        )
    return opportunity


def set_speaker(
    *, user, opportunity: Opportunity, profile: StaffProfile | None, expected_version: int
) -> Opportunity:
    """Choose who speaks for the city (a profile of the talent pool the user may see), or
    nobody. Once the opportunity is done, the talk is in the speaker's experience: a new
    speaker's replaces the old one's."""
    if not can_edit_opportunity(user, opportunity):
        raise PermissionDenied
    if profile is not None and not profiles_for_user(user).filter(pk=profile.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        lock_version(opportunity, expected_version)
        opportunity.speaker = profile
        opportunity.version = expected_version + 1
        opportunity.save(update_fields=["speaker", "version", "updated_at"])
        if opportunity.status == S.DONE:
            _record_talk(opportunity)
        record(
            user=user,
            action="opportunity.speaker_changed",
            obj=opportunity,
            mission_id=opportunity.mission_id,
            summary=profile.name if profile else _("未指定講者"),
        )
    return opportunity


def _record_talk(opportunity: Opportunity) -> None:
    """The talk given at a done opportunity, as its speaker's experience in the talent pool
    (``talent.services.record_experience``, the opportunity its source); none without a
    speaker."""
    remove_experience(source=opportunity)
    if opportunity.speaker is None:
        return
    city = opportunity.city
    record_experience(
        opportunity.speaker,
        kind=ExperienceKind.PRESENTATION,
        source=opportunity,
        date=opportunity.start_date,
        end_date=opportunity.end_date,
        countries=[city.country] if city and city.country else [],
        city=city.name if city else "",
        network=str(opportunity.network) if opportunity.network else "",
        title=opportunity.talk_title or opportunity.title,
        topics="、".join(opportunity.topics),
        mission=opportunity.mission,
    )


def carry_out(*, user, opportunity: Opportunity) -> None:
    """What an accepted opportunity becomes, made once (an opportunity accepted again keeps
    what it became):

    - in person: a trip abroad (``reports.services.create_mission_with_report``, its
      blank report included) for the opportunity's bureau, with its dates and place, and
      the event it attends, linked to the mission so the network's pages list it;
    - online: the event, and the city's presentation at it when there is a talk title.

    The opportunity keeps the links (``mission``, ``event``, ``presentation``); the caller
    saves it."""
    if opportunity.online:
        if not can_edit_relations(user):
            raise PermissionDenied
    else:
        if not can_create_mission(user):
            raise PermissionDenied
        if opportunity.mission_id is None:
            opportunity.mission = _mission(user, opportunity)
    if opportunity.event_id is None:
        opportunity.event = relations.save_event(
            user=user,
            event=Event(),
            data={
                "name": opportunity.title,
                "name_en": opportunity.title_en,
                "network": opportunity.network,
                "city": opportunity.city,
                "start_date": opportunity.start_date,
                "end_date": opportunity.end_date,
            },
            missions=[opportunity.mission] if opportunity.mission else None,
        )
    if opportunity.online and opportunity.presentation_id is None and opportunity.talk_title:
        opportunity.presentation = relations.save_presentation(
            user=user,
            presentation=Presentation(),
            data={
                "title": opportunity.talk_title,
                "event": opportunity.event,
                "date": opportunity.start_date,
            },
        )


def _mission(user, opportunity: Opportunity):
    if not (opportunity.start_date and opportunity.end_date):
        raise ValidationError(
            {"status": _("親自出席的機會須有開始與結束日期，才能轉為出國任務。請先填寫日期。")}
        )
    city = opportunity.city
    organiser = opportunity.organiser
    return create_mission_with_report(
        user=user,
        title=opportunity.title,
        start_date=opportunity.start_date,
        end_date=opportunity.end_date,
        bureau=opportunity.bureau,
        category=TripCategory.OTHER,
        category_detail=opportunity.get_kind_display(),
        host_agency=str(organiser) if organiser else "",
        destination_countries=[city.country] if city and city.country else [],
        destination_cities=[city.name] if city else [],
    )


# ----- A spreadsheet of opportunities -----


@dataclass
class ImportResult:
    """What an import did — or, in a dry run or when a row was refused, would have done."""

    # The opportunities made (unsaved in a dry run or when refused), each with its ``line``.
    opportunities: list[Opportunity] = field(default_factory=list)
    # (line, title) of the rows already recorded, or given twice in the file: skipped.
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    # Why each refused row was refused, with its line number.
    errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    # The cities and organisations named in the file and not yet recorded: added with it.
    new_cities: list[str] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.errors and bool(self.opportunities)


def _same(title: str, start) -> tuple:
    """What makes two opportunities one: the title (case and spaces aside) and start date."""
    return (" ".join(title.split()).casefold(), start)


def _reasons(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    reasons = []
    for name, messages in error.message_dict.items():
        label = Opportunity._meta.get_field(name).verbose_name if name in FIELDS else ""
        reasons += [f"{label}：{message}" if label else message for message in messages]
    return reasons


def import_opportunities(*, user, data: bytes, name: str = "", dry_run: bool = False):
    """Record the opportunities of a spreadsheet (``importing``): all of them or, when any
    row is refused, none — each refused row said with its line number and why, so the file
    is corrected and loaded again whole. Rows already recorded (the same title and start
    date), or given twice, are skipped and said. The cities and organisers it names that
    are not recorded yet are added with it. Each belongs to the bureau its 局處 column
    names (a row naming none that is recorded is refused), else to the user's.

    ``dry_run`` checks the file and says what would be done, writing nothing. ``user`` None
    is the server's operator (``manage.py import_opportunities`` without ``--user``).
    Raises ``PermissionDenied``, and ``importing.ImportFileError`` for a file that is not
    a table of opportunities."""
    if user is not None and not can_import_opportunities(user):
        raise PermissionDenied
    rows, ignored = importing.read_rows(data)
    result = ImportResult(ignored_columns=ignored, dry_run=dry_run)
    starts = {row.data.get("start_date") for row in rows if row.data}
    recorded = Opportunity.objects.filter(title__in=[row.title for row in rows])
    seen = {_same(*pair) for pair in recorded.values_list("title", "start_date")}
    seen |= {
        _same(*pair)
        for pair in Opportunity.objects.filter(start_date__in=starts - {None}).values_list(
            "title", "start_date"
        )
    }
    own_bureau = user.bureau if user is not None else None
    bureau_of = cache(Bureau.objects.named)
    # Each name looked up once, however many rows give it.
    network_of, organisation_of = cache(network_named), cache(find_organisation)
    city_of = cache(find_city)
    made = []
    for row in rows:
        reasons = list(row.problems)
        if not reasons and _same(row.title, row.data.get("start_date")) in seen:
            result.duplicates.append((row.line, row.title))
            continue
        bureau = bureau_of(row.bureau) if row.bureau else own_bureau
        if bureau is None and row.bureau:
            reasons.append(_("找不到局處「%(bureau)s」。") % {"bureau": row.bureau})
        opportunity = Opportunity(bureau=bureau, created_by=user)
        opportunity.line = row.line
        if row.organiser:
            opportunity.network = network_of(row.organiser)
            if opportunity.network is None:
                opportunity.organisation = organisation_of(row.organiser)
            if opportunity.organiser is None and row.organiser not in result.new_organisations:
                result.new_organisations.append(row.organiser)
        if row.city:
            opportunity.city = city_of(row.city, row.country)
            if opportunity.city is None and not row.country:
                reasons.append(
                    _("找不到城市「%(city)s」；請一併填寫國家，以便新增這個城市。")
                    % {"city": row.city}
                )
            elif opportunity.city is None and row.city not in result.new_cities:
                result.new_cities.append(row.city)
        if not reasons:
            try:
                _apply(opportunity, row.data)
                _check(opportunity)
            except ValidationError as error:
                reasons += _reasons(error)
        if reasons:
            result.errors += [
                _("第 %(line)d 列：%(reason)s") % {"line": row.line, "reason": reason}
                for reason in reasons
            ]
            continue
        seen.add(_same(opportunity.title, opportunity.start_date))
        made.append((opportunity, row))
    result.opportunities = [opportunity for opportunity, _row in made]
    if not result.written:
        return result
    with transaction.atomic():
        for opportunity, row in made:
            if row.organiser and opportunity.organiser is None:
                opportunity.organisation = relations.get_or_create_organisation(
                    user=user, name=row.organiser
                )
            if row.city and opportunity.city is None:
                opportunity.city = relations.get_or_create_city(
                    user=user,
                    name=row.city,
                    country=row.country,
                    timezone=zone_for_place(row.city) or "",
                )
                _zone_from_city(opportunity)
            opportunity.save()
            record(
                user=user,
                action="opportunity.imported",
                obj=opportunity,
                summary=opportunity.title,
                details={"file": name, "line": row.line},
            )
    return result
