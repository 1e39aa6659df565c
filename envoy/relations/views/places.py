"""The places pages: cities — each with a timeline, newest first, of everything that touched
it — and city networks with their members, events and agreements; the forms that record and
change them, and a city joining a network.

Every signed-in role reads; only writers record and change. Missions the user may not open
are never named.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from envoy.core.lib.punctuation import join_list
from envoy.missions.models import Mission
from envoy.missions.permissions import missions_for_user

from .. import services
from ..forms import CityForm, MembershipForm, NetworkForm
from ..models import Agreement, City, Network, Presentation
from ..panels import panels_for
from ..permissions import can_edit_relations, require
from ..queries import (
    cities_by_id,
    current_positions,
    meetings_for_user,
    mission_visible,
    network_ties,
    networks_by_id,
    positions_prefetch,
)
from .listing import listing

# ----- Cities -----


@login_required
@require_safe
def cities(request):
    context = listing(request, City.objects.all(), ["name", "name_en"], cities_by_id)
    return render(request, "relations/pages/cities.html", context)


@dataclass
class Moment:
    """One line of a city's timeline."""

    date: dt.date | None
    kind: str
    title: str
    url: str = ""
    detail: str = ""
    year_only: bool = False
    # Dated by when the record was made, for want of a better date: shown as such.
    record_date: bool = False


def _newest_first(moments: list[Moment]) -> list[Moment]:
    """When things happened, newest first; then what is dated only by its record's making;
    then what has no date."""
    return sorted(
        moments,
        key=lambda m: (
            m.date is None,
            m.record_date,
            -(m.date.toordinal() if m.date else 0),
        ),
    )


@login_required
@require_safe
def city_detail(request, pk: int):
    """A city and, newest first, everything that touched it: missions (there, or of meetings,
    visits and events there), people based there, meetings, agreements, memberships, events
    and site visits."""
    user = request.user
    city = get_object_or_404(City, pk=pk)
    visible = missions_for_user(user)
    direct = list(city.missions.filter(pk__in=visible.values("pk")))
    meetings = list(meetings_for_user(user).filter(city=city))
    visits = list(
        city.site_visits.filter(mission__in=visible.values("pk")).select_related("mission")
    )
    events = list(
        city.events.select_related("network").prefetch_related(
            Prefetch("missions", queryset=visible, to_attr="visible_missions")
        )
    )
    city_agreements = list(city.agreements.select_related("network"))
    # Founded (through an organisation of the city) or joined: both are its networks.
    ties = network_ties([city.pk]).get(city.pk, [])
    based = list(city.people.prefetch_related(positions_prefetch()))
    organisations_there = list(city.organisations.all())

    missions_seen: dict[int, tuple[Mission, set[str]]] = {}

    def touched(mission: Mission | None, why: str) -> None:
        if mission is not None:
            missions_seen.setdefault(mission.pk, (mission, set()))[1].add(why)

    for mission in direct:
        touched(mission, "")
    for meeting in meetings:
        touched(meeting.mission, _("會面"))
    for visit in visits:
        touched(visit.mission, _("參訪"))
    for event in events:
        for mission in event.visible_missions:
            touched(mission, _("活動"))

    moments = []
    for mission, whys in missions_seen.values():
        detail = join_list(sorted(w for w in whys if w))
        moments.append(
            Moment(
                mission.start_date,
                _("任務"),
                mission.title,
                reverse("missions:detail", args=[mission.pk]),
                detail,
            )
        )
    for meeting in meetings:
        moments.append(
            Moment(
                meeting.date,
                _("會面"),
                meeting.person.display_name,
                reverse("relations:person", args=[meeting.person_id]) + f"#meeting-{meeting.pk}",
                meeting.title_then or meeting.met_by,
            )
        )
    today = timezone.localdate()
    met_here = {m.person_id for m in meetings}
    for person in based:
        person.current = current_positions(person, today)
        if person.pk in met_here:
            continue  # their meetings here say when
        moments.append(
            Moment(
                timezone.localtime(person.created_at).date(),
                _("建立聯絡人"),
                person.display_name,
                reverse("relations:person", args=[person.pk]),
                join_list(person.current),
                record_date=True,
            )
        )
    for agreement in city_agreements:
        moments.append(
            Moment(
                agreement.date,
                agreement.get_kind_display(),
                agreement.title,
                reverse("relations:agreement", args=[agreement.pk]),
            )
        )
    for tie in ties:
        moments.append(
            Moment(
                dt.date(tie.since_year, 1, 1) if tie.since_year else None,
                _("發起城市網絡") if tie.founder else _("加入城市網絡"),
                str(tie.network),
                reverse("relations:network", args=[tie.network_id]),
                year_only=True,
            )
        )
    for event in events:
        moments.append(
            Moment(
                event.start_date,
                _("活動"),
                event.name,
                reverse("relations:event", args=[event.pk]),
                event.theme,
            )
        )
    for visit in visits:
        moments.append(
            Moment(
                visit.date,
                _("參訪"),
                visit.name,
                reverse("relations:site_visit", args=[visit.pk]),
                visit.lesson,
            )
        )
    return render(
        request,
        "relations/pages/city.html",
        {
            "city": city,
            "moments": _newest_first(moments),
            "people_based": based,
            "organisations": organisations_there,
            "networks": ties,
            "can_edit": can_edit_relations(user),
            "panels": panels_for("city", user=user, mission_ids=missions_seen, subject=city),
        },
    )


def _city_form_page(request, form, city=None):
    return render(request, "relations/pages/city_form.html", {"form": form, "city": city})


@login_required
def city_create(request):
    require(can_edit_relations(request.user))
    form = CityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.changes()
        existing = services.find_city(data["name"], data["country"])
        if existing is not None:
            form.add_error("name", _("已有名為「%(name)s」的城市。") % {"name": existing.name})
        else:
            try:
                city = services.save_city(user=request.user, city=City(), data=data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已新增城市。"))
                return redirect("relations:city", city.pk)
    return _city_form_page(request, form)


@login_required
def city_edit(request, pk: int):
    require(can_edit_relations(request.user))
    city = get_object_or_404(City, pk=pk)
    if request.method != "POST":
        return _city_form_page(request, CityForm(initial=CityForm.initial_for(city)), city)
    form = CityForm(request.POST)
    if form.is_valid():
        try:
            services.save_city(user=request.user, city=city, data=form.changes())
        except ValidationError as error:
            city.refresh_from_db()
            form.add_error(None, error)
        else:
            messages.success(request, _("已儲存城市資料。"))
            return redirect("relations:city", city.pk)
    return _city_form_page(request, form, city)


# ----- Networks -----


@login_required
@require_safe
def networks(request):
    context = listing(
        request, Network.objects.all(), ["name", "name_en", "abbreviation"], networks_by_id
    )
    return render(request, "relations/pages/networks.html", context)


@login_required
@require_safe
def network_detail(request, pk: int):
    """A network: its members and since when, its events (summits) with the missions that
    attended, its agreements and declarations, the city's presentations at its events."""
    user = request.user
    network = get_object_or_404(Network.objects.select_related("founder"), pk=pk)
    visible = missions_for_user(user)
    network_events = list(
        network.events.select_related("city").prefetch_related(
            Prefetch("missions", queryset=visible, to_attr="visible_missions")
        )
    )
    return render(
        request,
        "relations/pages/network.html",
        {
            "network": network,
            "memberships": list(
                network.memberships.select_related("city").order_by("since_year", "city__name")
            ),
            "events": network_events,
            "agreements": list(
                Agreement.objects.filter(Q(network=network) | Q(event__network=network))
                .distinct()
                .select_related("event")
            ),
            "presentations": list(
                Presentation.objects.filter(event__network=network)
                .select_related("speaker", "event", "session", "mission")
                .annotate(mission_visible=mission_visible(user))
            ),
            "membership_form": MembershipForm(prefix="member"),
            "can_edit": can_edit_relations(user),
            "panels": panels_for(
                "network",
                user=user,
                mission_ids=[m.pk for event in network_events for m in event.visible_missions],
                subject=network,
            ),
        },
    )


def _network_form_page(request, form, network=None):
    return render(request, "relations/pages/network_form.html", {"form": form, "network": network})


@transaction.atomic
@login_required
def network_create(request):
    require(can_edit_relations(request.user))
    form = NetworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.changes()
        before = Network.objects.count()
        network = services.get_or_create_network(
            user=request.user,
            name=data.pop("name"),
            abbreviation=data.pop("abbreviation"),
            **data,
        )
        if Network.objects.count() == before:
            messages.warning(request, _("已有這個城市網絡，沒有重複新增。"))
        else:
            messages.success(request, _("已新增城市網絡。"))
        return redirect("relations:network", network.pk)
    return _network_form_page(request, form)


@login_required
def network_edit(request, pk: int):
    require(can_edit_relations(request.user))
    network = get_object_or_404(Network.objects.select_related("founder"), pk=pk)
    if request.method != "POST":
        form = NetworkForm(initial=NetworkForm.initial_for(network))
        return _network_form_page(request, form, network)
    form = NetworkForm(request.POST)
    if form.is_valid():
        try:
            services.save_network(user=request.user, network=network, data=form.changes())
        except ValidationError as error:
            network.refresh_from_db()
            form.add_error(None, error)
        else:
            messages.success(request, _("已儲存城市網絡資料。"))
            return redirect("relations:network", network.pk)
    return _network_form_page(request, form, network)


@login_required
@require_POST
def membership_add(request, pk: int):
    """A city joins the network (or its year of joining is corrected)."""
    require(can_edit_relations(request.user))
    network = get_object_or_404(Network, pk=pk)
    form = MembershipForm(request.POST, prefix="member")
    if form.is_valid():
        services.join_network(
            user=request.user,
            network=network,
            city=form.cleaned_data["city"],
            since_year=form.cleaned_data["since_year"],
        )
        messages.success(request, _("已儲存網絡會員。"))
        return redirect(reverse("relations:network", args=[network.pk]) + "#members")
    return render(
        request,
        "relations/pages/membership_form.html",
        {"form": form, "network": network},
        status=422,
    )


urlpatterns = [
    path("cities/", cities, name="cities"),
    path("cities/new/", city_create, name="city_create"),
    path("cities/<int:pk>/", city_detail, name="city"),
    path("cities/<int:pk>/edit/", city_edit, name="city_edit"),
    path("networks/", networks, name="networks"),
    path("networks/new/", network_create, name="network_create"),
    path("networks/<int:pk>/", network_detail, name="network"),
    path("networks/<int:pk>/edit/", network_edit, name="network_edit"),
    path("networks/<int:pk>/members/add/", membership_add, name="membership_add"),
]
