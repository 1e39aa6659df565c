"""The verbs of hosting: keyword-only, one transaction each, each checking that the user may
change the visit and writing its audit entry (with the visit's id).

A visit's rows of this app are made on the first change: pages read defaults
(``queries.hosting_of``, ``queries.visitors``) and never write.

Every change of a row is held to optimistic locking (``core.lib.locking``): given the
``expected_version`` the user's form was drawn from, a save over someone else's later save
raises ``EditConflict`` and changes nothing. Without it (commands, tests) any version passes.
The defaults of a visit's hosting facts or of a visitor have version 1, as the row made from
them on the first save has.

Hosting is experience: each of our people chosen from the talent pool (``Host.profile``) has
the visit among their experience in the pool, recorded through the pool's own service
(``talent.services.record_experience``) whenever the host, the visit's hosting facts or the
visit itself change, and taken back when the host is removed or unlinked.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from envoy.core.lib.locking import lock_version
from envoy.core.lib.numbers import thousands
from envoy.core.services import record
from envoy.missions.models import DelegationMember, Mission
from envoy.relations import services as relations
from envoy.relations.models import Interaction
from envoy.talent import services as talent
from envoy.talent.enums import ExperienceKind
from envoy.talent.models import StaffProfile

from . import ethics
from .enums import GiftDirection, GiftHandling, GiftRecipient, HostRole
from .models import Gift, Host, Hosting, TransportLeg, Visitor
from .permissions import can_edit_hosting

HOSTING_FIELDS = [
    "visitor_city",
    "network",
    "seating_layout",
    "table_size",
    "welcome_note",
    "welcome_note_en",
]
VISITOR_FIELDS = [
    "name_native",
    "name_en",
    "title_en",
    "organisation_en",
    "precedence",
    "diets",
    "allergies",
    "needs",
    "organisation",
]
HOST_FIELDS = [
    "profile",
    "role",
    "name",
    "name_en",
    "title",
    "title_en",
    "bureau",
    "languages",
    "phone",
    "precedence",
    "notes",
]
LEG_FIELDS = [
    "date",
    "departs_at",
    "origin",
    "destination",
    "kind",
    "vehicle",
    "contact",
    "notes",
]
GIFT_FIELDS = [
    "direction",
    "date",
    "description",
    "value_ntd",
    "counterpart",
    "our_person",
    "recipient",
    "handling",
    "reported_on",
    "notes",
]


def _check(user, mission: Mission) -> None:
    if not can_edit_hosting(user, mission):
        raise PermissionDenied


def _apply(instance, data: dict, fields: list[str]) -> None:
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])


def _lock(instance, expected_version: int | None) -> None:
    """Hold ``instance``'s row until the transaction ends, refuse the save if someone saved it
    since ``expected_version``, and give ``instance`` its next version."""
    instance.version = lock_version(instance, expected_version).version + 1


def _audit(user, action: str, obj, mission: Mission, summary: str) -> None:
    record(user=user, action=action, obj=obj, mission_id=mission.pk, summary=summary)


# ----- the visit's hosting facts -----


@transaction.atomic
def save_hosting(
    *, user, mission: Mission, data: dict, expected_version: int | None = None
) -> Hosting:
    """The visitors' city and network, the seating layout and the welcome note."""
    _check(user, mission)
    hosting, _created = Hosting.objects.get_or_create(mission=mission)
    _lock(hosting, expected_version)
    _apply(hosting, data, HOSTING_FIELDS)
    hosting.full_clean()
    hosting.save()
    _audit(user, "hosting.updated", hosting, mission, _("接待資料"))
    record_hosting_experience(mission)
    return hosting


# ----- visitors -----


@transaction.atomic
def save_visitor(
    *, user, member: DelegationMember, data: dict, expected_version: int | None = None
) -> Visitor:
    """A visitor's names, precedence, dietary needs, allergies and organisation."""
    mission = member.mission
    _check(user, mission)
    visitor, _created = Visitor.objects.get_or_create(member=member)
    _lock(visitor, expected_version)
    _apply(visitor, data, VISITOR_FIELDS)
    visitor.diets = list(dict.fromkeys(visitor.diets or []))
    visitor.full_clean()
    visitor.save()
    _audit(user, "visitor.updated", visitor, mission, member.name)
    return visitor


@transaction.atomic
def link_visitor_person(*, user, member: DelegationMember) -> Visitor:
    """Link the visitor to the city's relations: the person already recorded under one of
    their names, else a new person made from them (through relations' own service). Kept
    once linked."""
    mission = member.mission
    _check(user, mission)
    visitor, _created = Visitor.objects.get_or_create(member=member)
    if visitor.person_id:
        return visitor
    names = [n for n in (visitor.name_native, member.name, visitor.name_en) if n]
    person = relations.find_person(*names)
    if person is None:
        hosting = Hosting.objects.filter(mission=mission).select_related("visitor_city").first()
        city = hosting.visitor_city if hosting else None
        country = city.country if city else (mission.destination_countries or [""])[0]
        person = relations.create_person(
            user=user,
            data={
                "name": visitor.name_native or member.name,
                "name_latin": visitor.name_en,
                "country": country if len(country) == 2 else "",
                "city": city,
            },
        )
    visitor.person = person
    visitor.save(update_fields=["person"])
    _audit(user, "visitor.linked", visitor, mission, str(person))
    return visitor


# ----- our hosts, transport, gifts -----


@transaction.atomic
def save_host(
    *,
    user,
    mission: Mission,
    host: Host | None,
    data: dict,
    expected_version: int | None = None,
) -> Host:
    _check(user, mission)
    creating = host is None
    host = host or Host(mission=mission)
    if host.mission_id != mission.pk:
        raise PermissionDenied
    if not creating:
        _lock(host, expected_version)
    if "profile" in data and host.profile_id and data["profile"] != host.profile:
        talent.remove_experience(source=host, profile=host.profile)
    _apply(host, data, HOST_FIELDS)
    host.full_clean()
    host.save()
    _audit(user, "host.created" if creating else "host.updated", host, mission, str(host))
    record_hosting_experience(mission, hosts=[host])
    return host


@transaction.atomic
def add_host_from_profile(
    *, user, mission: Mission, profile: StaffProfile, role: str = HostRole.HOST
) -> Host:
    """One of our people chosen from the talent pool (a profile ``user`` may see: the view
    asks ``talent.permissions``): their name, English name, title and bureau copied, the
    languages they know listed, and the visit recorded as their experience. A profile already
    at the visit in the same role is not added twice."""
    _check(user, mission)
    existing = Host.objects.filter(mission=mission, profile=profile, role=role).first()
    if existing is not None:
        return existing
    languages = "、".join(str(skill.summary) for skill in profile.languages.all())
    host = Host(
        mission=mission,
        profile=profile,
        role=role,
        name=profile.name,
        name_en=profile.name_en,
        title=profile.title,
        bureau=profile.bureau,
        languages=languages[: Host._meta.get_field("languages").max_length],
    )
    host.full_clean()
    host.save()
    _audit(user, "host.created", host, mission, str(host))
    record_hosting_experience(mission, hosts=[host])
    return host


def record_hosting_experience(mission: Mission, *, hosts: list[Host] | None = None) -> None:
    """Record the visit as experience (接待來訪) of each host of ``hosts`` (default: all of
    the visit's) chosen from the talent pool: the visit's title, dates, the visitors'
    countries, city and network, and the visit itself (so the pool links to it). Runs in
    the caller's transaction.

    The pool's own bringing up to date of a mission (``talent.services.sync_mission``, run
    whenever the visit is saved) rewrites and removes only the entries it writes — of
    travellers, presentations and meetings — so it leaves the hosts' entries be."""
    if hosts is None:
        hosts = list(Host.objects.filter(mission=mission, profile__isnull=False))
    hosts = [h for h in hosts if h.profile_id]
    if not hosts:
        return
    hosting = Hosting.objects.filter(mission=mission).select_related("visitor_city", "network")
    hosting = hosting.first()
    city = hosting.visitor_city.display_name if hosting and hosting.visitor_city else ""
    network = str(hosting.network) if hosting and hosting.network else ""
    for host in hosts:
        talent.record_experience(
            host.profile,
            kind=ExperienceKind.HOSTED,
            source=host,
            date=mission.start_date,
            end_date=mission.end_date,
            countries=mission.destination_countries or [],
            city=city or "、".join(mission.destination_cities or []),
            network=network,
            title=mission.title,
            mission=mission,
        )


@transaction.atomic
def save_leg(
    *,
    user,
    mission: Mission,
    leg: TransportLeg | None,
    data: dict,
    expected_version: int | None = None,
) -> TransportLeg:
    _check(user, mission)
    creating = leg is None
    leg = leg or TransportLeg(mission=mission)
    if leg.mission_id != mission.pk:
        raise PermissionDenied
    if not creating:
        _lock(leg, expected_version)
    _apply(leg, data, LEG_FIELDS)
    leg.full_clean()
    leg.save()
    _audit(user, "transport.created" if creating else "transport.updated", leg, mission, str(leg))
    return leg


def check_gift(gift: Gift) -> None:
    """The ethics rule's refusals (``ethics``): a gift over the limit for its recipient (a
    person, or many people of the office), or of no estimated value, is not simply kept; a
    report is not dated before the gift; only gifts received are handled or reported, or
    have a recipient of ours."""
    errors = {}
    if gift.direction == GiftDirection.GIVEN:
        gift.handling, gift.reported_on = GiftHandling.PENDING, None
        gift.recipient = GiftRecipient.PERSON
    elif gift.handling == GiftHandling.KEPT and not ethics.may_keep(
        gift.direction, gift.value_ntd, gift.recipient
    ):
        errors["handling"] = _(
            "市價超過新臺幣 %(limit)s 元（或尚未估價）的受贈禮品不得逕行留存：請退還、付費收受、"
            "歸公、轉贈慈善機構或交政風單位處理，並於受贈後 %(days)s 日內知會政風單位。"
        ) % {"limit": thousands(ethics.limit(gift.recipient)), "days": ethics.REPORT_WITHIN_DAYS}
    if gift.reported_on and gift.date and gift.reported_on < gift.date:
        errors["reported_on"] = _("知會日期不可早於受贈日期。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_gift(
    *,
    user,
    mission: Mission,
    gift: Gift | None,
    data: dict,
    expected_version: int | None = None,
) -> Gift:
    """A gift given or received; one received is held to the ethics rule (``check_gift``)."""
    _check(user, mission)
    creating = gift is None
    gift = gift or Gift(mission=mission)
    if gift.mission_id != mission.pk:
        raise PermissionDenied
    if not creating:
        _lock(gift, expected_version)
    _apply(gift, data, GIFT_FIELDS)
    check_gift(gift)
    gift.full_clean()
    gift.save()
    _audit(user, "gift.created" if creating else "gift.updated", gift, mission, gift.description)
    return gift


@transaction.atomic
def remove(
    *,
    user,
    mission: Mission,
    item: Host | TransportLeg | Gift,
    expected_version: int | None = None,
) -> None:
    """Remove one of our hosts, a transport leg or a gift of ``mission`` — unless someone
    changed or removed it since the page showed ``expected_version`` (``EditConflict``)."""
    _check(user, mission)
    if item.mission_id != mission.pk:
        raise PermissionDenied
    lock_version(item, expected_version)
    removed = {Host: "host.deleted", TransportLeg: "transport.deleted", Gift: "gift.deleted"}
    _audit(user, removed[type(item)], item, mission, str(item))
    item.delete()  # a host's experience goes with them (``receivers``)


# ----- afterwards -----


@transaction.atomic
def add_follow_up(
    *,
    user,
    member: DelegationMember,
    follow_up: str,
    owner=None,
    due: dt.date | None = None,
    notes: str = "",
) -> Interaction:
    """What the city owes a visitor after the visit: a meeting of the visit in the city's
    relations (``relations.Interaction``) with the follow-up, its owner and due date. The
    visitor is linked to a person first when they are not yet."""
    mission = member.mission
    _check(user, mission)
    if not follow_up.strip():
        raise ValidationError({"follow_up": _("請填寫後續辦理事項。")})
    visitor = link_visitor_person(user=user, member=member)
    hosts = Host.objects.filter(mission=mission, role=HostRole.HOST).order_by("precedence", "id")
    return relations.record_interaction(
        user=user,
        person=visitor.person,
        data={
            "date": mission.start_date,
            "mission": mission,
            "met_by": "、".join(str(h) for h in hosts[:5]),
            "title_then": member.title,
            "notes": notes,
            "follow_up": follow_up.strip(),
            "follow_up_owner": owner,
            "follow_up_due": due,
        },
    )
