"""The pages of a mission with its report: the list of missions (with each report's status and
countdown), a new mission (with its blank report), one mission as the portal shows it, and
deleting one. They live here, above missions, because each shows a report; their URLs are
the missions' (``missions:list``, ``missions:detail``…, gathered in ``envoy/urls.py``)."""

import json
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, Q, When
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from envoy.core.lib.locking import EditConflict
from envoy.core.lib.places import country_code, region_countries
from envoy.core.lib.urls import ID, route
from envoy.missions.enums import Direction
from envoy.missions.forms import DirectionForm, NewMissionForm, NewVisitForm
from envoy.missions.models import Mission
from envoy.missions.permissions import (
    can_create_mission,
    can_delete_mission,
    can_edit_mission,
    get_mission_for_user,
    missions_for_user,
)
from envoy.missions.queries import delegation_and_days, with_local_times
from envoy.missions.services import delete_mission

from .. import queries as report_queries
from ..enums import BlockKind
from ..forms import MissionFilterForm
from ..models import Report
from ..permissions import can_edit_report
from ..services import (
    change_mission_direction,
    create_mission_with_report,
    keeps_trip,
    report_is_blank,
)

PER_PAGE = 25
# What a row of the list shows: the long texts and JSON of the rest are not read for it.
ROW_FIELDS = [
    "title",
    "direction",
    "start_date",
    "end_date",
    "destination_countries",
    "bureau__name",
    "bureau__name_en",
    "report__status",
    "report__mission",
    # A trip still at its plan (出國計畫, the planning app's ``TripPlan``) has no report yet.
    "plan__status",
    "plan__mission",
]


def report_of(mission: Mission) -> Report | None:
    try:
        return mission.report
    except Report.DoesNotExist:
        return None


# ----- The list -----


def _filtered(missions, data: dict):
    if data.get("year"):
        missions = missions.filter(start_date__year=data["year"])
    if place := (data.get("place") or "").strip():
        # The lists are JSON: on SQLite stored with \u escapes, on PostgreSQL as text.
        # A country by any of its names (韓國, 南韓, Korea → KR), a continent by its countries
        # (亞洲), and any text among the cities and the names no country was found for.
        escaped = json.dumps(place)[1:-1]
        codes = [code] if (code := country_code(place)) else region_countries(place)
        condition = (
            Q(destination_countries__icontains=place)
            | Q(destination_countries__icontains=escaped)
            | Q(destination_cities__icontains=place)
            | Q(destination_cities__icontains=escaped)
        )
        for code in codes:
            condition |= Q(destination_countries__icontains=f'"{code}"')
        missions = missions.filter(condition)
    if data.get("direction"):
        missions = missions.filter(direction=data["direction"])
    if data.get("category"):
        # 出國類別 is a trip's: a visit keeps the default one, which it does not have.
        missions = missions.filter(category=data["category"], direction=Direction.OUTBOUND)
    if data.get("bureau"):
        missions = missions.filter(bureau=data["bureau"])
    if data.get("status"):
        missions = missions.filter(report__status=data["status"])
    return missions


def _ordered(missions, sort: str):
    if sort == "due":
        # The due date follows the return date, so ordering by it orders by due date; a
        # visit received has no report, so no due date: it comes last, as undated trips do.
        due_order = Case(When(direction=Direction.INBOUND, then=None), default=F("end_date"))
        return missions.order_by(due_order.asc(nulls_last=True), "id")
    return missions.order_by(
        *MissionFilterForm.SORTS.get(sort or "-start", MissionFilterForm.SORTS["-start"])
    )


@login_required
def mission_list(request):
    """The missions the user may see, filtered, sorted and 25 to a page."""
    visible = missions_for_user(request.user)
    # The years from the first to the last mission: two index look-ups, where a DISTINCT over
    # the year of every mission reads them all.
    dated = visible.filter(start_date__isnull=False).values_list("start_date", flat=True)
    first, last = dated.order_by("start_date").first(), dated.order_by("-start_date").first()
    years = list(range(last.year, first.year - 1, -1)) if first else []
    form = MissionFilterForm(request.GET or None, years=years)
    data = {}
    if form.is_bound:
        form.is_valid()  # a value that is not valid is left out of cleaned_data: not applied
        data = form.cleaned_data
    missions = _ordered(_filtered(visible, data), data.get("sort", ""))
    # The page's ids first, from the ordering's index alone; then those 25 rows with their
    # report and bureau: the joins stay out of the OFFSET, which deep pages would pay for.
    page = Paginator(missions.values_list("id", flat=True), PER_PAGE).get_page(
        request.GET.get("page")
    )
    ids = list(page)
    rows = (
        Mission.objects.select_related("report", "plan", "bureau")
        .only(*ROW_FIELDS)
        .filter(pk__in=ids)
    )
    shown = {mission.pk: mission for mission in rows}
    today = timezone.localdate()
    rows = []
    detail = route("missions:detail", ID)  # reversed once, not once a row
    for mission in (shown[pk] for pk in page):
        mission.url = detail.format(mission.pk)
        report = report_of(mission)
        rows.append((mission, report, report.countdown(today) if report else None))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "missions/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
            "query": query.urlencode(),
            "can_create": can_create_mission(request.user),
            "filtered": any(
                data.get(name)
                for name in ("year", "place", "direction", "category", "bureau", "status")
            ),
        },
    )


@login_required
def mission_create(request):
    """A new trip abroad with its blank report, or with ``?direction=inbound`` a new visit
    received (no report); then on to its editing page."""
    if not can_create_mission(request.user):
        raise PermissionDenied
    visit = request.GET.get("direction") == Direction.INBOUND
    form_class = NewVisitForm if visit else NewMissionForm
    form = form_class(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            mission = create_mission_with_report(
                user=request.user, direction=form.direction, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if mission.is_visit:
                messages.success(request, _("已建立來訪。請補上來訪人員與接待行程。"))
            else:
                messages.success(request, _("已建立任務與空白報告。請補上出國人員與行程。"))
            return redirect("missions:edit", mission.pk)
    return render(request, "missions/create.html", {"form": form, "visit": visit})


# ----- One mission -----


def _report_for_page(mission: Mission) -> Report | None:
    """The mission's report with its ``chapter_list``, each with its ``heading`` and
    ``block_list``, and the photos of its figure groups: four queries whatever its length
    (three without figures) (``reports/queries.py``). Blocks and photos come in one query
    each, grouped here."""
    report = report_queries.report_of_mission(mission.pk)
    if report is None:
        return None
    report.mission = mission
    blocks = defaultdict(list)
    for block in report_queries.blocks(report.pk):
        blocks[block.chapter_id].append(block)
    figures = []
    report.chapter_list = report_queries.chapters(report.pk)
    for chapter in report.chapter_list:
        chapter.heading = chapter.numbered_title(report.heading_style)
        chapter.block_list = blocks[chapter.pk]
        for block in chapter.block_list:
            if block.kind == BlockKind.FIGURES:
                block.caption = f"圖 {block.figure_label} {block.text}".strip()
                figures.append(block)
    if figures:
        photos = defaultdict(list)
        for photo in report_queries.photos(report.pk):
            photos[photo.figure_group_id].append(photo)
        thumb = route("reports:photo", ID, "thumb")
        for block in figures:
            block.photo_list = photos[block.pk]
            for photo in block.photo_list:
                photo.thumb_url = thumb.format(photo.pk)
    report.figures = figures
    return report


@login_required
def mission_detail(request, pk: int):
    """The mission as the national portal shows it, its delegation, itinerary and report."""
    mission = get_mission_for_user(request.user, pk)
    members, days = delegation_and_days(mission)
    report = _report_for_page(mission)
    workflow = report_queries.workflow_overview(report, request.user) if report else None
    return render(
        request,
        "missions/detail.html",
        {
            "mission": mission,
            "report": report,
            "days": with_local_times(days),
            "members": members,
            "countdown": workflow.countdown if workflow else None,
            "workflow": workflow,
            "can_edit": can_edit_mission(request.user, mission),
            "can_edit_report": report is not None and can_edit_report(request.user, report),
            "can_delete": can_delete_mission(request.user),
        },
    )


@login_required
def mission_delete(request, pk: int):
    """Asks, then deletes the mission with its report and files (officers, administrators)."""
    mission = get_mission_for_user(request.user, pk)
    if not can_delete_mission(request.user):
        raise PermissionDenied
    if request.method == "POST":
        title = mission.title
        delete_mission(user=request.user, mission=mission)
        messages.success(request, _("已刪除任務「%s」及其報告與檔案。") % title)
        return redirect("missions:list")
    report = Report.objects.filter(mission=mission).first()
    counts = {}
    if report is not None:
        counts = report.chapters.aggregate(
            chapters=Count("id", distinct=True), photos=Count("blocks__photos", distinct=True)
        )
        counts["files"] = report.source_files.count()
    return render(
        request, "missions/delete.html", {"mission": mission, "report": report, "counts": counts}
    )


@login_required
def mission_direction(request, pk: int):
    """Asks, then turns a trip abroad into a visit received (removing its blank report) or a
    visit into a trip (with a blank report): ``change_mission_direction`` decides."""
    mission = get_mission_for_user(request.user, pk, write=True)
    to = Direction.OUTBOUND if mission.is_visit else Direction.INBOUND
    report = Report.objects.filter(mission=mission).first()
    refused = ""
    if to == Direction.INBOUND and report is not None and not report_is_blank(report):
        refused = keeps_trip(report)
    form = DirectionForm(request.POST or None, initial={"version": mission.version})
    if request.method == "POST" and form.is_valid():
        try:
            change_mission_direction(
                user=request.user,
                mission=mission,
                direction=to,
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict:
            form.add_error(None, EditConflict.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if to == Direction.INBOUND:
                messages.success(request, _("已改為來訪。"))
            else:
                messages.success(request, _("已改為出訪，並建立空白的出國報告。"))
            return redirect("missions:edit", mission.pk)
    return render(
        request,
        "missions/direction.html",
        {
            "mission": mission,
            "to": Direction(to),
            "report": report,
            "refused": refused,
            "form": form,
        },
    )


urlpatterns = [
    path("", mission_list, name="list"),
    path("new/", mission_create, name="create"),
    path("<int:pk>/", mission_detail, name="detail"),
    path("<int:pk>/delete/", mission_delete, name="delete"),
    path("<int:pk>/direction/", mission_direction, name="direction"),
]
