"""The verbs of relations: recording people, organisations, cities, networks, agreements and
meetings; merging duplicates; auditing exports. Keyword-only, one transaction each, each
writing its audit entry (and, for people, their history).

A new person or organisation is held by the bureau of the user who records it (none for a
user without one, or nobody signed in: the international-affairs office)."""

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from envoy.core.lib.locking import lock_version
from envoy.core.lib.titles import title_without_organisation
from envoy.core.services import record

from .models import (
    Agreement,
    City,
    Event,
    Interaction,
    Membership,
    Network,
    Organisation,
    Person,
    Position,
    Presentation,
    Session,
    SiteVisit,
)
from .names import name_key, strip_city_suffix, word_set_key

PERSON_FIELDS = [
    "name",
    "name_latin",
    "name_zh",
    "country",
    "city",
    "our_side",
    "email",
    "phone",
    "mobile",
    "address",
    "website",
    "notes",
]
POSITION_FIELDS = ["title", "title_en", "organisation", "start_date", "end_date"]


def _apply(instance, data: dict, allowed: list[str]) -> list[str]:
    """Set the fields of ``allowed`` that ``data`` holds on ``instance``; the names of those
    whose value changed."""
    changed = []
    for name in allowed:
        if name not in data:
            continue
        try:
            current = getattr(instance, name)
        except ObjectDoesNotExist:  # a required relation not set yet on a new record
            current = None
        if current != data[name]:
            setattr(instance, name, data[name])
            changed.append(name)
    return changed


def _signed_in(user):
    """``user`` if signed in, else None: whom a history record names as the author."""
    return user if user is not None and user.is_authenticated else None


def _holder(user):
    """The bureau that holds what ``user`` records."""
    signed_in = _signed_in(user)
    return signed_in.bureau if signed_in is not None else None


# ----- places -----


def city_key(name: str) -> str:
    """name_key without 市/都/縣…: 新北市 and 新北, 東京都 and 東京 are one city."""
    return name_key(strip_city_suffix((name or "").strip()))


def find_city(name: str, country: str = "") -> City | None:
    """An existing city called ``name`` (in Chinese or English, any script variant, with or
    without 市/都), in ``country`` when given."""
    key = city_key(name)
    if not key:
        return None
    rows = City.objects.all()
    if country:
        rows = rows.filter(country=country.upper())
    for city in rows:
        if key in (city_key(city.name), name_key(city.name_en)):
            return city
    return None


@transaction.atomic
def get_or_create_city(*, user, name: str, country: str = "", **extra) -> City:
    """The city called ``name`` in ``country``, made from ``extra`` (name_en, latitude,
    longitude, timezone, geonames_id) when it is not recorded yet."""
    city = find_city(name, country)
    if city is None and extra.get("geonames_id"):
        city = City.objects.filter(geonames_id=extra["geonames_id"]).first()
    if city is not None:
        return city
    city = City.objects.create(name=name.strip(), country=country.upper(), **extra)
    record(user=user, action="city.created", obj=city, summary=city.name)
    return city


@transaction.atomic
def save_city(*, user, city: City, data: dict) -> City:
    _apply(city, data, ["name", "name_en", "country", "latitude", "longitude", "timezone"])
    city.country = (city.country or "").upper()
    creating = city.pk is None
    city.full_clean()
    city.save()
    record(
        user=user,
        action="city.created" if creating else "city.updated",
        obj=city,
        summary=city.name,
    )
    return city


# ----- organisations -----


def find_organisation(name: str) -> Organisation | None:
    key = name_key(name)
    if not key:
        return None
    for organisation in Organisation.objects.all():
        names = (organisation.name, organisation.name_en, organisation.abbreviation)
        if key in {name_key(n) for n in names if n}:
            return organisation
    return None


@transaction.atomic
def get_or_create_organisation(*, user, name: str, **extra) -> Organisation:
    organisation = find_organisation(name)
    if organisation is not None:
        return organisation
    organisation = Organisation.objects.create(name=name.strip(), bureau=_holder(user), **extra)
    record(user=user, action="organisation.created", obj=organisation, summary=organisation.name)
    return organisation


@transaction.atomic
def save_organisation(
    *, user, organisation: Organisation, data: dict, expected_version: int | None = None
) -> Organisation:
    creating = organisation.pk is None
    if creating:
        organisation.bureau = _holder(user)
    else:
        lock_version(organisation, expected_version)
    _apply(
        organisation,
        data,
        ["name", "name_en", "abbreviation", "kind", "city", "country", "website", "notes"],
    )
    organisation.full_clean(exclude=["version"])
    if not creating:
        organisation.version += 1
    organisation.save()
    record(
        user=user,
        action="organisation.created" if creating else "organisation.updated",
        obj=organisation,
        summary=organisation.name,
    )
    return organisation


# ----- people -----


def find_person(*names: str) -> Person | None:
    """A recorded person known by any of ``names`` (diacritics, script and word order
    aside)."""
    wanted = {word_set_key(n) for n in names if n and name_key(n)}
    if not wanted:
        return None
    for person in Person.objects.all():
        if wanted & {word_set_key(n) for n in person.all_names()}:
            return person
    return None


@transaction.atomic
def create_person(*, user, data: dict) -> Person:
    """A new person, held by ``user``'s bureau; their history starts with this version, made
    by ``user``."""
    person = Person(bureau=_holder(user))
    _apply(person, data, PERSON_FIELDS)
    if not person.name.strip():
        raise ValidationError({"name": _("請填寫姓名。")})
    person.country = (person.country or "").upper()
    person.full_clean(exclude=["version"])
    person._history_user = _signed_in(user)
    person.save()
    record(user=user, action="person.created", obj=person, summary=person.name)
    return person


@transaction.atomic
def update_person(*, user, person: Person, data: dict, expected_version: int) -> Person:
    """Save the changes in ``data``; refused with EditConflict if someone saved the person
    after ``expected_version``. The change goes into the person's history."""
    lock_version(person, expected_version)
    changed = _apply(person, data, PERSON_FIELDS)
    person.country = (person.country or "").upper()
    person.full_clean(exclude=["version"])
    person.version = expected_version + 1
    person._history_user = _signed_in(user)
    person.save()
    record(
        user=user,
        action="person.updated",
        obj=person,
        summary=person.name,
        details={"fields": changed},
    )
    return person


@transaction.atomic
def delete_person(*, user, person: Person, expected_version: int | None) -> None:
    lock_version(person, expected_version)
    record(user=user, action="person.deleted", obj=person, summary=person.name)
    person._history_user = _signed_in(user)
    person.delete()


@transaction.atomic
def add_position(*, user, person: Person, data: dict) -> Position:
    """A title ``person`` holds; a title that repeats its organisation (環境部長 at 環境部,
    國際關係處副處長 at 巴黎國際關係處) is kept without it (部長, 副處長)."""
    position = Position(person=person)
    _apply(position, data, POSITION_FIELDS)
    _title_once(position)
    _check_dates(position.start_date, position.end_date)
    position.full_clean()
    position._history_user = _signed_in(user)
    position.save()
    record(user=user, action="position.created", obj=position, summary=str(position))
    return position


@transaction.atomic
def update_position(*, user, position: Position, data: dict) -> Position:
    _apply(position, data, POSITION_FIELDS)
    _title_once(position)
    _check_dates(position.start_date, position.end_date)
    position.full_clean()
    position._history_user = _signed_in(user)
    position.save()
    record(user=user, action="position.updated", obj=position, summary=str(position))
    return position


@transaction.atomic
def remove_position(*, user, position: Position) -> None:
    record(user=user, action="position.deleted", obj=position, summary=str(position))
    position._history_user = _signed_in(user)
    position.delete()


def _title_once(position: Position) -> None:
    position.title = position.shown_title
    if position.organisation is not None and position.title_en:
        organisation = position.organisation
        position.title_en = title_without_organisation(
            position.title_en, organisation.name_en, organisation.name
        )


def _check_dates(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise ValidationError({"end_date": _("結束日期不可早於開始日期。")})


# ----- meetings -----

INTERACTION_FIELDS = [
    "person",
    "date",
    "mission",
    "event",
    "session",
    "city",
    "met_by",
    "title_then",
    "notes",
    "source_block",
    "follow_up",
    "follow_up_owner",
    "follow_up_due",
    "follow_up_done_on",
]


@transaction.atomic
def record_interaction(*, user, person: Person, data: dict) -> Interaction:
    interaction = Interaction(person=person)
    _apply(interaction, data, INTERACTION_FIELDS)
    interaction.full_clean()
    interaction.save()
    record(
        user=user,
        action="interaction.created",
        obj=interaction,
        mission_id=interaction.mission_id,
        summary=str(person),
    )
    return interaction


@transaction.atomic
def update_interaction(*, user, interaction: Interaction, data: dict) -> Interaction:
    _apply(interaction, data, INTERACTION_FIELDS)
    interaction.full_clean()
    interaction.save()
    record(
        user=user,
        action="interaction.updated",
        obj=interaction,
        mission_id=interaction.mission_id,
        summary=str(interaction.person),
    )
    return interaction


@transaction.atomic
def complete_follow_up(*, user, interaction: Interaction, on: dt.date) -> Interaction:
    interaction.follow_up_done_on = on
    interaction.save(update_fields=["follow_up_done_on"])
    record(
        user=user,
        action="interaction.follow_up_done",
        obj=interaction,
        mission_id=interaction.mission_id,
        summary=interaction.follow_up[:200],
    )
    return interaction


# ----- networks and agreements -----


@transaction.atomic
def get_or_create_network(*, user, name: str, abbreviation: str = "", **extra) -> Network:
    keys = {name_key(n) for n in (name, abbreviation) if n}
    for network in Network.objects.all():
        if keys & {name_key(n) for n in (network.name, network.name_en, network.abbreviation) if n}:
            return network
    network = Network.objects.create(name=name, abbreviation=abbreviation, **extra)
    record(user=user, action="network.created", obj=network, summary=str(network))
    return network


@transaction.atomic
def save_network(*, user, network: Network, data: dict) -> Network:
    creating = network.pk is None
    _apply(
        network,
        data,
        ["name", "name_en", "abbreviation", "founded_year", "founder", "website", "description"],
    )
    network.full_clean()
    network.save()
    record(
        user=user,
        action="network.created" if creating else "network.updated",
        obj=network,
        summary=str(network),
    )
    return network


@transaction.atomic
def join_network(*, user, network: Network, city: City, since_year: int | None) -> Membership:
    membership, created = Membership.objects.get_or_create(
        network=network, city=city, defaults={"since_year": since_year}
    )
    if not created and since_year and membership.since_year != since_year:
        membership.since_year = since_year
        membership.save(update_fields=["since_year"])
    record(user=user, action="membership.saved", obj=membership, summary=f"{city.name} {network}")
    return membership


@transaction.atomic
def save_agreement(
    *, user, agreement: Agreement, data: dict, cities=None, organisations=None
) -> Agreement:
    creating = agreement.pk is None
    _apply(
        agreement,
        data,
        [
            "kind",
            "title",
            "title_en",
            "date",
            "end_date",
            "network",
            "event",
            "mission",
            "summary",
            "file",
        ],
    )
    _check_dates(agreement.date, agreement.end_date)
    agreement.full_clean()
    agreement.save()
    if cities is not None:
        agreement.cities.set(cities)
    if organisations is not None:
        agreement.organisations.set(organisations)
    record(
        user=user,
        action="agreement.created" if creating else "agreement.updated",
        obj=agreement,
        mission_id=agreement.mission_id,
        summary=agreement.title,
    )
    return agreement


# ----- events, sessions, presentations and site visits -----

EVENT_FIELDS = ["name", "name_en", "network", "edition", "theme", "city", "start_date", "end_date"]


@transaction.atomic
def save_event(*, user, event: Event, data: dict, missions=None) -> Event:
    """Create or change an event; ``missions`` (when given) are the missions that attended."""
    creating = event.pk is None
    _apply(event, data, EVENT_FIELDS)
    _check_dates(event.start_date, event.end_date)
    event.full_clean()
    event.save()
    if missions is not None:
        event.missions.set(missions)
    record(
        user=user,
        action="event.created" if creating else "event.updated",
        obj=event,
        summary=event.name,
    )
    return event


@transaction.atomic
def save_session(*, user, session: Session, data: dict) -> Session:
    creating = session.pk is None
    _apply(session, data, ["event", "title", "date"])
    session.full_clean()
    session.save()
    record(
        user=user,
        action="session.created" if creating else "session.updated",
        obj=session,
        summary=session.title,
    )
    return session


@transaction.atomic
def remove_session(*, user, session: Session) -> None:
    """Remove a session; the presentations and meetings recorded at it stay, on the event."""
    record(user=user, action="session.deleted", obj=session, summary=session.title)
    session.delete()


@transaction.atomic
def save_presentation(*, user, presentation: Presentation, data: dict) -> Presentation:
    """Create or change one of the city's presentations (title in both languages, speaker,
    event, session, mission, date, slides)."""
    creating = presentation.pk is None
    _apply(
        presentation,
        data,
        ["title", "title_en", "speaker", "event", "session", "mission", "date", "slides"],
    )
    presentation.full_clean()
    presentation.save()
    record(
        user=user,
        action="presentation.created" if creating else "presentation.updated",
        obj=presentation,
        mission_id=presentation.mission_id,
        summary=presentation.title,
    )
    return presentation


@transaction.atomic
def save_site_visit(*, user, visit: SiteVisit, data: dict) -> SiteVisit:
    """Create or change a site visit of a mission and the lesson drawn from it (借鏡)."""
    creating = visit.pk is None
    _apply(visit, data, ["mission", "name", "other_name", "date", "city", "lesson"])
    visit.full_clean()
    visit.save()
    record(
        user=user,
        action="site_visit.created" if creating else "site_visit.updated",
        obj=visit,
        mission_id=visit.mission_id,
        summary=visit.name,
    )
    return visit


@transaction.atomic
def remove_interaction(*, user, interaction: Interaction) -> None:
    record(
        user=user,
        action="interaction.deleted",
        obj=interaction,
        mission_id=interaction.mission_id,
        summary=str(interaction.person),
    )
    interaction.delete()


# ----- exports -----


@transaction.atomic
def record_person_export(*, user, person: Person, file_format: str) -> None:
    """Audit the export of one person's card by ``user``: action ``person.export`` on the
    person, with the format."""
    record(
        user=user,
        action="person.exported",
        obj=person,
        summary=f"{file_format}: {person.name}",
        details={"format": file_format, "count": 1, "people": [person.pk]},
    )


@transaction.atomic
def record_people_export(*, user, people: list[Person], file_format: str, query: str) -> None:
    """Audit an export of a list of people by ``user``: action ``people.export`` on the user
    (a list has no one record), with the format, the search that narrowed it, the number
    of people and their ids."""
    ids = [person.pk for person in people]
    record(
        user=user,
        action="people.exported",
        obj=user,
        summary=f"{file_format}: {len(ids)}",
        details={"format": file_format, "query": query, "count": len(ids), "people": ids},
    )


# ----- duplicates -----


@transaction.atomic
def merge_people(*, user, keep: Person, duplicate: Person) -> Person:
    """Fold ``duplicate`` into ``keep``: every meeting, position and presentation moves over,
    blank fields of ``keep`` are filled from ``duplicate``, its names are kept as other
    spellings, and ``duplicate`` is deleted. Both histories record the change."""
    if keep.pk == duplicate.pk:
        raise ValidationError(_("不能將同一個人合併到自己。"))
    keep = Person.objects.select_for_update().get(pk=keep.pk)
    duplicate = Person.objects.select_for_update().get(pk=duplicate.pk)
    moved = {
        "interactions": duplicate.interactions.update(person=keep),
        "presentations": duplicate.presentations.update(speaker=keep),
    }
    positions = list(duplicate.positions.all())
    for position in positions:
        position.person = keep
        position._history_user = _signed_in(user)
        position.save()
    moved["positions"] = len(positions)
    for name in PERSON_FIELDS:
        if name in ("name", "our_side"):
            continue
        if not getattr(keep, name) and getattr(duplicate, name):
            setattr(keep, name, getattr(duplicate, name))
    if duplicate.notes and duplicate.notes not in keep.notes:
        keep.notes = "\n\n".join(n for n in (keep.notes, duplicate.notes) if n)
    keep.our_side = keep.our_side or duplicate.our_side
    for name in duplicate.all_names():
        if name not in keep.all_names():
            keep.other_names = [*keep.other_names, name]
    keep.version += 1
    keep._history_user = _signed_in(user)
    keep._change_reason = f"merged #{duplicate.pk} {duplicate.name}"
    keep.save()
    record(
        user=user,
        action="person.merged",
        obj=keep,
        summary=f"{duplicate.name} → {keep.name}",
        details={"duplicate_id": duplicate.pk, **moved},
    )
    duplicate._history_user = keep._history_user
    duplicate._change_reason = f"merged into #{keep.pk}"
    duplicate.delete()
    return keep
