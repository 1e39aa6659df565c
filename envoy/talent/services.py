"""The verbs of the talent pool: keeping a profile and its languages, matching a mission's
travellers to profiles, and recording experience.

Other apps record the experience they know of — a delegation hosted, a presentation given
at an online forum — with :func:`record_experience` and take it back with
:func:`remove_experience`; each names the row it comes from (``source``), so recording it
again rewrites the same entry. The experience of a mission (出訪) is kept here, from the
mission's travellers, by :func:`sync_mission`, which ``receivers`` run when a mission, its
delegation, its report or its presentations and meetings change.
"""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from envoy.core.lib.chinese import fold
from envoy.core.lib.locking import lock_version
from envoy.core.lib.places import is_country_code
from envoy.core.models import Bureau
from envoy.core.services import record
from envoy.missions.models import DelegationMember, Mission
from envoy.relations.models import Event, Interaction, Presentation

from .enums import ExperienceKind, Match
from .models import (
    Experience,
    LanguageSkill,
    StaffProfile,
    name_key,
    refresh_experience_text,
    refreshing_once,
)
from .permissions import can_edit_profile, keeps_pool

PROFILE_FIELDS = [
    "name",
    "name_en",
    "bureau",
    "agency",
    "unit",
    "title",
    "expertise",
    "policy_areas",
    "interpreting",
    "availability",
    "visibility",
]
LANGUAGE_FIELDS = ["language", "cefr", "test", "score", "tested_on"]
MEMBER_SOURCE = DelegationMember._meta.label_lower
PRESENTATION_SOURCE = Presentation._meta.label_lower
MEETING_SOURCE = Interaction._meta.label_lower


# Profiles -----------------------------------------------------------------------------


def _apply(profile: StaffProfile, data: dict) -> list[str]:
    changed = []
    for name in PROFILE_FIELDS:
        if name in data and getattr(profile, name) != data[name]:
            setattr(profile, name, data[name])
            changed.append(name)
    return changed


def _signed_in(user):
    """Who the history names for a change: the user, or no one for a command's."""
    return user if user is not None and user.is_authenticated else None


def _save_languages(profile: StaffProfile, rows: Iterable[dict], user=None) -> bool:
    """Make the profile's languages those of ``rows`` (dicts of ``LANGUAGE_FIELDS``, with the
    ``id`` of the skill they edit, if any, and ``DELETE``). True if anything changed."""
    existing = {skill.pk: skill for skill in profile.languages.all()}
    kept, changed = set(), False
    today = timezone.localdate()
    for row in rows:
        skill = existing.get(row.get("id") or 0)
        if row.get("DELETE") or not row.get("language"):
            continue
        if row.get("tested_on") and row["tested_on"] > today:
            raise ValidationError({"languages": _("檢定日期不能晚於今天。")})
        if skill is None:
            skill = LanguageSkill(profile=profile)
        elif all(getattr(skill, name) == row.get(name) for name in LANGUAGE_FIELDS):
            kept.add(skill.pk)
            continue
        for name in LANGUAGE_FIELDS:
            setattr(skill, name, row.get(name) or ("" if name != "tested_on" else None))
        skill.full_clean(exclude=["profile"])
        skill._history_user = _signed_in(user)
        skill.save()
        kept.add(skill.pk)
        changed = True
    for pk, skill in existing.items():
        if pk not in kept:
            skill._history_user = _signed_in(user)
            skill.delete()
            changed = True
    return changed


@transaction.atomic
def create_profile(*, user, data: dict, languages: Iterable[dict] = (), owner=None) -> StaffProfile:
    """A new profile. Officers and administrators add anyone's (``owner``: the user it
    belongs to, if any); any other user only their own (``owner`` is then themselves)."""
    if not keeps_pool(user):
        if owner is None or owner.pk != user.pk:
            raise PermissionDenied
    if owner is not None and StaffProfile.objects.filter(user=owner).exists():
        raise ValidationError({"user": _("這位使用者已經有人才資料。")})
    profile = StaffProfile(user=owner, confirmed=True)
    _apply(profile, data)
    profile.full_clean(exclude=["user", "name_key", "search_text"])
    profile._history_user = _signed_in(user)
    profile.save()
    _save_languages(profile, languages, user)
    record(user=user, action="talent.profile_created", obj=profile, summary=profile.name)
    return profile


@transaction.atomic
def update_profile(
    *,
    user,
    profile: StaffProfile,
    data: dict,
    expected_version: int,
    languages: Iterable[dict] | None = None,
) -> StaffProfile:
    """Save the changes of ``data`` (and the languages, when given); the change goes into the
    profile's history. Its owner or an officer saving it confirms it. Refused with
    ``EditConflict`` when someone saved it after ``expected_version``."""
    if not can_edit_profile(user, profile):
        raise PermissionDenied
    lock_version(profile, expected_version)
    changed = _apply(profile, data)
    profile.full_clean(exclude=["user", "name_key", "search_text"])
    if languages is not None and _save_languages(profile, languages, user):
        changed.append("languages")
    if not profile.confirmed:
        profile.confirmed = True
        changed.append("confirmed")
    profile.version += 1
    profile._history_user = _signed_in(user)
    profile.save()
    record(
        user=user,
        action="talent.profile_updated",
        obj=profile,
        summary=profile.name,
        details={"changed": changed},
    )
    return profile


@transaction.atomic
def own_profile(user) -> StaffProfile:
    """The profile of ``user``: theirs, or the one of their name and bureau not yet linked to
    anyone (made for them when they travelled), or a new one."""
    if not user.is_authenticated:
        raise PermissionDenied
    profile = StaffProfile.objects.filter(user=user).first()
    if profile is not None:
        return profile
    name = user.get_full_name() or user.username
    profile = (
        StaffProfile.objects.select_for_update()
        .filter(user__isnull=True, name_key=name_key(name), bureau_id=user.bureau_id)
        .exclude(bureau_id__isnull=True)
        .order_by("id")
        .first()
    )
    if profile is None:
        profile = StaffProfile(name=name, name_en=user.name_en, bureau_id=user.bureau_id)
    profile.user = user
    profile._history_user = user
    profile.save()
    record(user=user, action="talent.profile_claimed", obj=profile, summary=profile.name)
    return profile


@transaction.atomic
def link_account(*, user, profile: StaffProfile, account) -> StaffProfile:
    """An officer or administrator says whose profile this is: ``account`` (a user), or,
    with None, no one's (a wrong link undone). Refused for a user who has a profile already
    (``own_profile`` lets a user claim one; this is for those who have not)."""
    _require_keeper(user)
    profile = StaffProfile.objects.select_for_update().get(pk=profile.pk)
    previous = profile.user
    if account is not None:
        if not account.is_active:
            raise ValidationError({"account": _("這個帳號已停用。")})
        taken = StaffProfile.objects.filter(user=account).exclude(pk=profile.pk)
        if taken.exists():
            raise ValidationError({"account": _("這位使用者已經有人才資料。")})
    if previous == account:
        return profile
    profile.user = account
    profile._history_user = _signed_in(user)
    profile.save(update_fields=["user"])
    record(
        user=user,
        action="talent.profile_linked",
        obj=profile,
        summary=f"{profile.name}：{account.username if account else '—'}",
        details={
            "from": previous.pk if previous else None,
            "to": account.pk if account else None,
        },
    )
    return profile


# Experience -----------------------------------------------------------------------------


def record_experience(
    profile: StaffProfile,
    *,
    kind: str,
    source: models.Model,
    date: dt.date | None = None,
    end_date: dt.date | None = None,
    countries: Iterable[str] = (),
    city: str = "",
    network: str = "",
    title: str = "",
    topics: str = "",
    mission: Mission | None = None,
    match: str = Match.SURE,
) -> Experience:
    """Record that ``profile`` has this experience, which ``source`` (the row naming them:
    a host of a visit, a speaker of a presentation) stands for. Recording the same source
    for the same profile again rewrites the entry, so call it whenever the source changes.
    ``countries`` are ISO codes (others are dropped); text longer than a field holds is cut.
    Runs in the caller's transaction; writes no audit entry (the caller's change has one).
    """
    if kind not in ExperienceKind.values:
        raise ValueError(kind)
    experience = Experience.objects.filter(
        profile=profile, source_type=source._meta.label_lower, source_id=source.pk
    ).first() or Experience(
        profile=profile, source_type=source._meta.label_lower, source_id=source.pk
    )
    _fill(
        experience,
        kind=kind,
        date=date,
        end_date=end_date,
        countries=countries,
        city=city,
        network=network,
        title=title,
        topics=topics,
        mission=mission,
    )
    if experience.match != Match.CONFIRMED:
        experience.match = match
    experience.save()
    return experience


def remove_experience(*, source: models.Model, profile: StaffProfile | None = None) -> int:
    """Take back the experience ``source`` stood for (of ``profile`` only, if given): the
    source was deleted, or no longer names that person. Returns how many entries went."""
    rows = Experience.objects.filter(source_type=source._meta.label_lower, source_id=source.pk)
    if profile is not None:
        rows = rows.filter(profile=profile)
    return rows.delete()[0]


def _cut(value: str, field: str) -> str:
    return value[: Experience._meta.get_field(field).max_length]


def _fill(experience: Experience, *, countries, mission, **values) -> None:
    for name in ("city", "network", "title", "topics"):
        values[name] = _cut(values[name] or "", name)
    for name, value in values.items():
        setattr(experience, name, value)
    experience.countries = _cut(
        " ".join(dict.fromkeys(c for c in countries if is_country_code(c))), "countries"
    )
    experience.mission = mission


# Matching a mission's travellers ------------------------------------------------------------


def _bureau_of(member: DelegationMember, bureaus: list[Bureau]) -> Bureau | None:
    """The bureau a traveller's 服務機關/服務單位 names (秘書處 in 新北市政府 秘書處)."""
    text = fold(f"{member.agency} {member.unit}")
    for bureau in sorted(bureaus, key=lambda b: -len(b.name)):
        if fold(bureau.name) in text:
            return bureau
    return None


def _same_place(profile: StaffProfile, member: DelegationMember, bureau: Bureau | None) -> bool:
    if bureau is not None and profile.bureau_id == bureau.pk:
        return True
    return bool(profile.agency or profile.unit) and (
        fold(profile.agency + profile.unit).replace(" ", "")
        == fold(member.agency + member.unit).replace(" ", "")
    )


def match_member(member: DelegationMember, bureaus: list[Bureau]) -> tuple[StaffProfile, str]:
    """The profile of a traveller, and how sure the match is.

    One profile of the same name in the same bureau (or the same agency and unit as
    written): sure. Profiles of the same name elsewhere, or several in the same place: the
    first, unsure (an officer confirms or re-assigns it). None of the name: a new profile,
    unconfirmed, so the pool holds everyone who travelled.
    """
    bureau = _bureau_of(member, bureaus)
    candidates = list(StaffProfile.objects.filter(name_key=name_key(member.name)).order_by("id"))
    same = [profile for profile in candidates if _same_place(profile, member, bureau)]
    if len(same) == 1:
        return same[0], Match.SURE
    if candidates:
        return (same or candidates)[0], Match.UNSURE
    return _new_profile(member, bureau), Match.SURE


def _new_profile(member: DelegationMember, bureau: Bureau | None) -> StaffProfile:
    profile = StaffProfile(
        name=member.name,
        bureau=bureau,
        agency=member.agency,
        unit=member.unit,
        title=member.shown_title or member.title,
        confirmed=False,
    )
    for name in ("name", "agency", "unit", "title"):
        setattr(
            profile, name, getattr(profile, name)[: StaffProfile._meta.get_field(name).max_length]
        )
    profile.save()
    return profile


def _mission_facts(mission: Mission) -> dict:
    """What an experience of ``mission`` says: dates, places, networks, subjects."""
    events = list(Event.objects.filter(missions=mission).select_related("network"))
    # Both names, whatever the language of the request that saved the mission.
    networks = [
        " ".join(dict.fromkeys(n for n in (e.network.name, e.network.abbreviation) if n))
        for e in events
        if e.network_id
    ]
    topics = [event.theme for event in events if event.theme]
    report = getattr(mission, "report", None)
    if report is not None:
        topics += [*report.keywords, report.subject_category, report.policy_category]
    return {
        "date": mission.start_date,
        "end_date": mission.end_date,
        "countries": mission.destination_countries,
        "city": "、".join(mission.destination_cities),
        "network": "、".join(dict.fromkeys(networks)),
        "title": mission.title,
        "topics": "、".join(dict.fromkeys(t for t in topics if t)),
        "mission": mission,
    }


@transaction.atomic
def sync_mission(mission_id: int) -> None:
    """Bring the experience of mission ``mission_id`` up to date: one entry per traveller of a
    trip abroad on the traveller's profile (matched by :func:`match_member`; a match an
    officer confirmed stays), one per presentation given by a traveller (its speaker's name)
    and one per meeting a traveller held (named in 本府與會人員). Entries of travellers,
    presentations and meetings no longer there go. A visit received has none: its people
    are the visitors. The travellers' profiles' search text is refreshed once, at the end."""
    with refreshing_once():
        _sync_mission(mission_id)


def _sync_mission(mission_id: int) -> None:
    mission = Mission.objects.filter(pk=mission_id).select_related("report").first()
    # Only the entries this function writes: others of the mission (a visit's hosts,
    # recorded by the app that keeps them) are not its to remove.
    ours = Experience.objects.filter(
        mission_id=mission_id, source_type__in=[MEMBER_SOURCE, PRESENTATION_SOURCE, MEETING_SOURCE]
    )
    stale = {(e.source_type, e.source_id, e.profile_id): e for e in ours.select_related("profile")}
    if mission is not None and not mission.is_visit:
        facts = _mission_facts(mission)
        bureaus = list(Bureau.objects.all())
        by_member = {e.source_id: e for e in stale.values() if e.source_type == MEMBER_SOURCE}
        travellers: dict[str, StaffProfile] = {}
        for member in mission.members.all():
            earlier = by_member.get(member.pk)
            if earlier is not None and earlier.match == Match.CONFIRMED:
                profile, match = earlier.profile, Match.CONFIRMED
            else:
                profile, match = match_member(member, bureaus)
            stale.pop((MEMBER_SOURCE, member.pk, profile.pk), None)
            record_experience(
                profile, kind=ExperienceKind.MISSION, source=member, match=match, **facts
            )
            travellers[name_key(profile.name)] = profile
        for kind, source, profile, title in _contributions(mission, travellers):
            stale.pop((source._meta.label_lower, source.pk, profile.pk), None)
            record_experience(
                profile,
                kind=kind,
                source=source,
                **{**facts, "title": title, "date": source.date or mission.start_date},
            )
    for experience in stale.values():
        experience.delete()


def _contributions(mission: Mission, travellers: dict[str, StaffProfile]):
    """The presentations and meetings of ``mission`` that its travellers gave and held."""
    presentations = Presentation.objects.filter(mission=mission, speaker__isnull=False)
    for presentation in presentations.select_related("speaker"):
        for name in presentation.speaker.all_names():
            if profile := travellers.get(name_key(name)):
                yield ExperienceKind.PRESENTATION, presentation, profile, presentation.title
                break
    meetings = Interaction.objects.filter(mission=mission).exclude(met_by="")
    for meeting in meetings.select_related("person"):
        met_by = name_key(meeting.met_by)
        for key, profile in travellers.items():
            if key and key in met_by:
                yield ExperienceKind.MEETING, meeting, profile, meeting.person.name


# Presentations and meetings of no mission ------------------------------------------------


def _named_in(text: str) -> list[StaffProfile]:
    """The profiles whose name ``text`` holds (本府與會人員 as written: 「祝惠美處長、王小明」),
    each name only when one profile has it (namesakes are not guessed between), a name
    inside a longer one found (惠美 in 祝惠美) not counted."""
    key = name_key(text)
    if not key:
        return []
    rows = (
        StaffProfile.objects.alias(
            text=models.Value(key, output_field=models.TextField()), size=Length("name_key")
        )
        .filter(text__contains=models.F("name_key"), size__gte=2)
        .order_by("id")
    )
    by_key: dict[str, list[StaffProfile]] = {}
    for profile in rows:
        by_key.setdefault(profile.name_key, []).append(profile)
    return [
        found[0]
        for found_key, found in by_key.items()
        if len(found) == 1
        and not any(found_key != other and found_key in other for other in by_key)
    ]


def _speaker_profile(presentation: Presentation) -> StaffProfile | None:
    """The one profile of the speaker's name (any of their names), if exactly one."""
    keys = {name_key(name) for name in presentation.speaker.all_names()} - {""}
    found = list(StaffProfile.objects.filter(name_key__in=keys)[:2])
    return found[0] if len(found) == 1 else None


def _contribution_facts(source: Presentation | Interaction) -> dict:
    """What an experience of a presentation or meeting of no mission says: its date (or its
    event's), its city (the meeting's, or the event's; none for an event held online with
    no city), the event's network, and the event's name and theme as subjects."""
    event = source.event
    city = getattr(source, "city", None) or (event.city if event else None)
    network = event.network if event and event.network_id else None
    return {
        "date": source.date or (event.start_date if event else None),
        "countries": [city.country] if city and city.country else [],
        "city": city.name if city else "",
        "network": " ".join(dict.fromkeys(n for n in (network.name, network.abbreviation) if n))
        if network
        else "",
        "topics": "、".join(t for t in (event.name, event.theme) if t) if event else "",
        "mission": None,
    }


@transaction.atomic
def sync_contribution(source: Presentation | Interaction) -> None:
    """Bring the experience of a presentation or a meeting up to date. Of a mission, it is
    the mission's (:func:`sync_mission`: its travellers'); what was recorded while it had no
    mission, or another, goes. Of no mission — an online event's talk by a city speaker, a
    meeting at home — the profile of the speaker's name, or of each colleague 本府與會人員
    names, gets it (each name only when one profile has it); entries of others go."""
    existing = Experience.objects.filter(source_type=source._meta.label_lower, source_id=source.pk)
    if source.mission_id is not None:
        existing.exclude(mission_id=source.mission_id).delete()
        return
    if isinstance(source, Presentation):
        kind, title = ExperienceKind.PRESENTATION, source.title
        speaker = _speaker_profile(source) if source.speaker_id else None
        profiles = [speaker] if speaker else []
    else:
        kind, title = ExperienceKind.MEETING, source.person.name
        profiles = _named_in(source.met_by)
    facts = _contribution_facts(source) if profiles else {}
    for profile in profiles:
        record_experience(profile, kind=kind, source=source, title=title, **facts)
    existing.exclude(profile_id__in=[profile.pk for profile in profiles]).delete()


def sync_all_contributions() -> int:
    """Every presentation and meeting of no mission brought up to date (``talent_sync``)."""
    rows = [
        *Presentation.objects.filter(mission__isnull=True).select_related(
            "speaker", "event__city", "event__network"
        ),
        *Interaction.objects.filter(mission__isnull=True).select_related(
            "person", "city", "event__city", "event__network"
        ),
    ]
    for source in rows:
        sync_contribution(source)
    return len(rows)


def sync_all_missions() -> int:
    """Every trip abroad's experience brought up to date (``manage.py talent_sync``)."""
    ids = list(Mission.objects.order_by("id").values_list("id", flat=True))
    with refreshing_once():
        for mission_id in ids:
            sync_mission(mission_id)
    return len(ids)


# Settling unsure matches ----------------------------------------------------------------


def _require_keeper(user) -> None:
    if not keeps_pool(user):
        raise PermissionDenied


@transaction.atomic
def confirm_match(*, user, experience: Experience) -> Experience:
    """An officer says the traveller is this profile's person; later syncs keep it."""
    _require_keeper(user)
    experience.match = Match.CONFIRMED
    experience.save(update_fields=["match"])
    record(
        user=user,
        action="talent.match_confirmed",
        obj=experience,
        mission_id=experience.mission_id,
        summary=experience.profile.name,
    )
    return experience


@transaction.atomic
def reassign_match(*, user, experience: Experience, profile: StaffProfile | None) -> Experience:
    """An officer says the traveller is ``profile``'s person instead — or, with None, someone
    with no profile yet, who gets a new one (unconfirmed). Later syncs keep it."""
    _require_keeper(user)
    if experience.source_type != MEMBER_SOURCE:
        raise ValidationError(_("只有出國人員的比對可以改指定。"))
    member = DelegationMember.objects.filter(pk=experience.source_id).first()
    if member is None:
        raise ValidationError(_("這位出國人員已從任務刪除。"))
    if profile is None:
        profile = _new_profile(member, _bureau_of(member, list(Bureau.objects.all())))
    previous = experience.profile
    Experience.objects.filter(
        profile=profile, source_type=experience.source_type, source_id=experience.source_id
    ).exclude(pk=experience.pk).delete()
    experience.profile = profile
    experience.match = Match.CONFIRMED
    experience.save(update_fields=["profile", "match"])
    refresh_experience_text([previous.pk])
    record(
        user=user,
        action="talent.match_reassigned",
        obj=experience,
        mission_id=experience.mission_id,
        summary=f"{previous.name} → {profile.name}",
        details={"from": previous.pk, "to": profile.pk},
    )
    return experience
