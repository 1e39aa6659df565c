"""Who may see and change the city's relations. Every view asks here.

- every signed-in role sees people, organisations, cities, networks and agreements;
- contact details (``Person.CONTACT_FIELDS``) and meeting notes only staff: administrators,
  officers, bureau editors and reviewers — not viewers, never the public. The city keeps one
  address book, so staff read every person's details;
- a person or an organisation is *held* by a bureau (``bureau``; none: the
  international-affairs office). Changing the record, reading and writing its internal notes
  and exporting it in bulk (CSV, vCard) are for its holders: administrators and officers
  (every record) and the editors of that bureau. Every export is audited;
- administrators, officers and bureau editors record new people, organisations, cities,
  networks, agreements and meetings (delegation members from any bureau record the people
  they met; a new record is held by its author's bureau); merging two people is for
  administrators and officers;
- a meeting recorded on a mission the user may not open is not shown to them, and a
  presentation or agreement linked to such a mission is not theirs to change: its form would
  name the mission.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from envoy.core.enums import Role
from envoy.missions.permissions import missions_for_user

from .models import Interaction, Organisation, Person

STAFF = {Role.ADMIN, Role.OFFICER, Role.EDITOR, Role.REVIEWER}
WRITERS = {Role.ADMIN, Role.OFFICER, Role.EDITOR}
# The international-affairs office: holds every record, merges people.
OFFICE = {Role.ADMIN, Role.OFFICER}
MERGERS = OFFICE


def can_see_relations(user) -> bool:
    return user.is_authenticated


def can_see_private(user) -> bool:
    """Contact details of people and the notes of meetings: staff."""
    return user.is_authenticated and user.effective_role in STAFF


def can_edit_relations(user) -> bool:
    """Recording new records (and changing cities, networks, events…): writers."""
    return user.is_authenticated and user.effective_role in WRITERS


def can_merge_people(user) -> bool:
    return user.is_authenticated and user.effective_role in MERGERS


def can_see_all_follow_ups(user) -> bool:
    """Everybody's follow-ups, not only one's own: administrators and officers."""
    return user.is_authenticated and user.effective_role in MERGERS


def require(allowed: bool) -> None:
    """403 unless ``allowed`` — for the write views."""
    if not allowed:
        raise PermissionDenied


# ----- records held by a bureau: people and organisations -----


def holds(user, record: Person | Organisation) -> bool:
    """Whether ``user`` holds ``record``: administrators and officers hold every record, an
    editor those of their own bureau. A record of no bureau is the office's alone."""
    if not user.is_authenticated:
        return False
    role = user.effective_role
    if role in OFFICE:
        return True
    return role == Role.EDITOR and user.bureau_id is not None and record.bureau_id == user.bureau_id


def can_edit_person(user, person: Person) -> bool:
    """Names, contact details, notes and positions of ``person``: their holders."""
    return holds(user, person)


def can_edit_organisation(user, organisation: Organisation) -> bool:
    return holds(user, organisation)


def can_see_notes(user, record: Person | Organisation) -> bool:
    """The internal notes of a person or an organisation: their holders."""
    return holds(user, record)


def can_export_people(user) -> bool:
    """Bulk exports (CSV, vCard): holders of records — officers, administrators, editors of
    a bureau. Each exports only the people they hold (``people_for_export``)."""
    if not user.is_authenticated:
        return False
    role = user.effective_role
    return role in OFFICE or (role == Role.EDITOR and user.bureau_id is not None)


def people_for_export(user) -> QuerySet[Person]:
    """The people ``user`` may export in bulk: those they hold."""
    if not can_export_people(user):
        return Person.objects.none()
    if user.effective_role in OFFICE:
        return Person.objects.all()
    return Person.objects.filter(bureau_id=user.bureau_id)


# ----- records linked to missions -----


def interactions_for_user(user) -> QuerySet[Interaction]:
    """The meetings ``user`` may see: those of missions they may open, and those of none."""
    if not can_see_relations(user):
        return Interaction.objects.none()
    return Interaction.objects.filter(
        Q(mission__isnull=True) | Q(mission__in=missions_for_user(user))
    )


def may_open_mission_of(user, record) -> bool:
    """Whether ``user`` may open the mission ``record`` (a presentation, an agreement) is
    linked to; True when it is linked to none."""
    return (
        record.mission_id is None or missions_for_user(user).filter(pk=record.mission_id).exists()
    )


def can_edit_mission_linked(user, record) -> bool:
    """A presentation or an agreement: writers who may open its mission (the form names
    the mission; unlinking it would change what another bureau recorded)."""
    return can_edit_relations(user) and may_open_mission_of(user, record)


# ----- one record for a view -----


def get_person_for_user(user, pk: int, *, write: bool = False) -> Person:
    """The person ``pk`` (404 for nobody signed in or no such person); with ``write``, 403
    unless ``user`` holds them."""
    if not can_see_relations(user):
        raise Http404
    try:
        person = Person.objects.select_related("city", "bureau").get(pk=pk)
    except Person.DoesNotExist:
        raise Http404 from None
    if write:
        require(can_edit_person(user, person))
    return person


def get_organisation_for_user(user, pk: int, *, write: bool = False) -> Organisation:
    """The organisation ``pk``; with ``write``, 403 unless ``user`` holds it."""
    if not can_see_relations(user):
        raise Http404
    try:
        organisation = Organisation.objects.select_related("city", "bureau").get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if write:
        require(can_edit_organisation(user, organisation))
    return organisation
