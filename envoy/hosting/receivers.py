"""The hosting app tells the relations pages of a city and of a network which visits the
city hosted from there: the visitors' city (``Hosting.visitor_city``), and for a network
the visits under it or from its member cities.

It also keeps the talent pool's record of who hosted what: when a visit's title, dates or
places change, its hosts' experience is recorded again once the change is committed; when a
host goes — removed, or with the whole visit — so does their experience."""

from django.db import transaction
from django.db.models import Prefetch, Q
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils.translation import gettext as _

from envoy.core import indexing
from envoy.core.lib.punctuation import join_list
from envoy.core.lib.rocdates import format_roc_short
from envoy.missions.enums import Direction
from envoy.missions.models import Mission
from envoy.missions.permissions import missions_for_user
from envoy.relations.models import City, Network
from envoy.relations.panels import Panel, panels_requested

from .enums import HostRole
from .models import Host, Hosting

# Rows a panel shows at most, newest first.
PANEL_ROWS = 30


def _period(mission) -> str:
    if not mission.start_date:
        return ""
    if mission.end_date and mission.end_date != mission.start_date:
        return f"{format_roc_short(mission.start_date)}–{format_roc_short(mission.end_date)}"
    return format_roc_short(mission.start_date)


def _panel(sender, user, mission_ids, subject=None, **kwargs) -> Panel | None:
    """The visits ``user`` may open that came from the city ``subject``, or under or from
    the members of the network ``subject``."""
    if isinstance(subject, City):
        where = Q(visitor_city=subject)
    elif isinstance(subject, Network):
        where = Q(network=subject) | Q(visitor_city__memberships__network=subject)
    else:
        return None
    hosts = Prefetch(
        "mission__hosts",
        queryset=Host.objects.filter(role=HostRole.HOST).order_by("precedence", "id"),
        to_attr="principal_hosts",
    )
    hostings = list(
        Hosting.objects.filter(where, mission__in=missions_for_user(user))
        .distinct()
        .select_related("mission", "mission__bureau")
        .prefetch_related(hosts)
        .order_by("-mission__start_date", "-mission_id")[:PANEL_ROWS]
    )
    if not hostings:
        return None
    return Panel(
        heading=_("來訪接待"),
        columns=[_("來訪"), _("來訪期間"), _("來訪單位"), _("接待局處"), _("接待人員")],
        rows=[
            [
                hosting.mission.title,
                _period(hosting.mission),
                hosting.mission.visitor_organisation,
                str(hosting.mission.bureau or ""),
                join_list([str(h) for h in hosting.mission.principal_hosts[:3]]),
            ]
            for hosting in hostings
        ],
        links=[reverse("hosting:visit", args=[h.mission_id]) for h in hostings],
    )


def _mark(mission_id: int) -> None:
    """Record the hosts' experience of visit ``mission_id`` again when the transaction
    commits (what is read then is what was committed)."""

    def record() -> None:
        from .services import record_hosting_experience

        visit = Mission.objects.filter(pk=mission_id, direction=Direction.INBOUND).first()
        if visit is not None:
            record_hosting_experience(visit)

    transaction.on_commit(record)


def _visit_saved(sender, instance: Mission, **kwargs) -> None:
    if instance.is_visit:
        _mark(instance.pk)


def _told(sender, instances, **kwargs) -> None:
    """Missions changed without ``save()`` (optimistic locking writes with ``update``)."""
    for mission_id in {i.pk for i in instances if isinstance(i, Mission) and i.is_visit}:
        _mark(mission_id)


def _host_deleted(sender, instance: Host, **kwargs) -> None:
    if instance.profile_id:
        from envoy.talent.services import remove_experience

        remove_experience(source=instance)


def connect() -> None:
    panels_requested.connect(_panel, dispatch_uid="hosting-panel")
    post_save.connect(_visit_saved, sender=Mission, dispatch_uid="hosting-visit-saved")
    post_delete.connect(_host_deleted, sender=Host, dispatch_uid="hosting-host-deleted")
    indexing.records_changed.connect(_told, dispatch_uid="hosting-told")
