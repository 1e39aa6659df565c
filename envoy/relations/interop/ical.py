"""Follow-ups (後續辦理事項) as an iCalendar feed a calendar app subscribes to.

Each open follow-up with a due date is one all-day VEVENT on that date, not a VTODO:
Google Calendar, Outlook and Apple Calendar all ignore the VTODOs of a subscribed calendar,
so a to-do would never be seen. The event is marked free (TRANSP:TRANSPARENT) so it does not
block the day; its UID is the meeting's id, so an app updates the event when the due date
or text changes, and drops it once the follow-up is done (it leaves the feed). The
description names the person, the mission, the meeting's date and the owner; the meeting's
notes and the person's contact details stay out: a calendar is copied to phones and
cloud services.

Calendar apps cannot sign in, so each user has a secret feed address. Its token is the
user's id signed with ``django.core.signing`` under a salt that includes the user's password
hash: changing the password revokes every address given out before (and so does Django
re-hashing the password at sign-in after an upgrade of its hasher; the calendar page always
shows the current address). No model field is needed.
"""

import datetime as dt
from collections.abc import Callable, Iterable

import vobject
from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from envoy.core.lib.rocdates import format_roc_short

from ..models import Interaction, Person
from ..permissions import can_see_relations, interactions_for_user

PRODID = "-//Envoy//Follow-ups//EN"
_SALT = "envoy.relations.follow-up-feed"
# Who may ask for everyone's follow-ups, not only their own.


def follow_ups_for(user, *, everyone: bool = False) -> QuerySet[Interaction]:
    """The open follow-ups with a due date among the meetings ``user`` may see: their own,
    or with ``everyone`` (the caller checks ``can_see_all_follow_ups``) everybody's."""
    if not can_see_relations(user):
        return Interaction.objects.none()
    rows = (
        interactions_for_user(user)
        .filter(follow_up_due__isnull=False, follow_up_done_on__isnull=True)
        .exclude(follow_up="")
    )
    if not everyone:
        rows = rows.filter(follow_up_owner=user)
    return rows.select_related("person", "mission", "follow_up_owner").order_by(
        "follow_up_due", "pk"
    )


# ----- the secret address -----


def _signer(user) -> signing.Signer:
    return signing.Signer(salt=f"{_SALT}:{user.password}", sep=".")


def feed_token(user) -> str:
    """The token of ``user``'s feed address: ``<id>.<signature>``."""
    return _signer(user).sign(str(user.pk))


def user_for_feed_token(token: str):
    """The active user whose current token is ``token``; None for any other token."""
    pk, _dot, signature = token.partition(".")
    if not pk.isdigit() or not signature:
        return None
    user = get_user_model().objects.filter(pk=int(pk), is_active=True).first()
    if user is None:
        return None
    try:
        value = _signer(user).unsign(token)
    except signing.BadSignature:
        return None
    return user if value == pk else None


# ----- the calendar -----


def _summary(interaction: Interaction) -> str:
    text = interaction.follow_up.strip().splitlines()[0]
    if len(text) > 60:
        text = text[:59] + "…"
    return _("後續辦理：%(text)s（%(person)s）") % {
        "text": text,
        "person": interaction.person.name,
    }


def _description(interaction: Interaction, url: str) -> str:
    def line(label, value: str) -> str:
        return _("%(label)s：%(value)s") % {"label": label, "value": value}

    def label(name: str):
        return Interaction._meta.get_field(name).verbose_name

    english = (get_language() or "").startswith("en")
    lines = [interaction.follow_up.strip(), ""]
    lines.append(line(Person._meta.verbose_name, interaction.person.display_name))
    if interaction.mission is not None:
        lines.append(line(label("mission"), interaction.mission.title))
    if interaction.date is not None:
        day = interaction.date
        lines.append(line(_("會面日期"), day.isoformat() if english else format_roc_short(day)))
    if interaction.follow_up_owner is not None:
        lines.append(line(label("follow_up_owner"), interaction.follow_up_owner.display_name))
    lines.append(url)
    return "\n".join(lines)


def follow_up_calendar(
    interactions: Iterable[Interaction],
    *,
    name: str,
    person_url: Callable[[Person], str],
    uid_domain: str,
    now: dt.datetime,
) -> bytes:
    """An iCalendar file of ``interactions``' follow-ups, one all-day event each.

    ``person_url`` gives the absolute address of a person's page; ``uid_domain`` makes the
    UIDs unique to this installation; ``now`` (aware) is the DTSTAMP of every event.
    """
    calendar = vobject.iCalendar()
    calendar.add("prodid").value = PRODID
    calendar.add("calscale").value = "GREGORIAN"
    calendar.add("method").value = "PUBLISH"
    calendar.add("x-wr-calname").value = name
    # vobject recognises its own UTC object (dateutil's), not datetime.UTC.
    stamp = now.astimezone(vobject.icalendar.utc)
    for interaction in interactions:
        url = person_url(interaction.person)
        event = calendar.add("vevent")
        event.add("uid").value = f"follow-up-{interaction.pk}@{uid_domain}"
        event.add("dtstamp").value = stamp
        event.add("dtstart").value = interaction.follow_up_due
        event.add("dtend").value = interaction.follow_up_due + dt.timedelta(days=1)
        event.add("summary").value = _summary(interaction)
        event.add("description").value = _description(interaction, url)
        event.add("url").value = url
        event.add("transp").value = "TRANSPARENT"
    return calendar.serialize().encode("utf-8")
