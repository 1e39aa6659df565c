"""The agreements pages (協定與宣言): agreements and declarations, listed by kind, one with its
parties and file, and the forms that record and change one.

Every signed-in role reads agreements and downloads their files (served by a view, never as
public media); only writers record them, and one signed on a mission the user may not open
is not theirs to change (``can_edit_mission_linked``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from envoy.missions.models import Mission

from .. import services
from ..enums import AgreementKind
from ..forms import AGREEMENT_FILES, AgreementForm
from ..models import Agreement, City
from ..permissions import can_edit_mission_linked, can_edit_relations, require
from ..queries import agreements_by_id, mission_visible
from .attachments import download, file_name
from .listing import listing


@login_required
@require_safe
def agreements(request):
    kind = request.GET.get("kind", "")
    rows = Agreement.objects.all()
    if kind in AgreementKind.values:
        rows = rows.filter(kind=kind)
    context = listing(request, rows, ["title", "title_en"], agreements_by_id)
    context |= {"kind": kind, "kinds": AgreementKind.choices}
    return render(request, "relations/pages/agreements.html", context)


@login_required
@require_safe
def agreement_detail(request, pk: int):
    agreement = get_object_or_404(
        Agreement.objects.select_related("network", "event").annotate(
            mission_visible=mission_visible(request.user)
        ),
        pk=pk,
    )
    agreement.in_force_today = agreement.in_force_on(timezone.localdate())
    if agreement.mission_id and agreement.mission_visible:
        agreement_mission = Mission.objects.get(pk=agreement.mission_id)
    else:
        agreement_mission = None
    return render(
        request,
        "relations/pages/agreement.html",
        {
            "agreement": agreement,
            "mission": agreement_mission,
            "cities": list(agreement.cities.all()),
            "organisations": list(agreement.organisations.all()),
            "file_name": file_name(agreement.file),
            "can_edit": can_edit_mission_linked(request.user, agreement),
        },
    )


@login_required
@require_safe
def agreement_file(request, pk: int):
    """The agreement's file, to whoever may read agreements (media is never served as
    is)."""
    return download(get_object_or_404(Agreement, pk=pk).file, AGREEMENT_FILES)


def _agreement_form_page(request, form, agreement=None):
    return render(
        request,
        "relations/pages/agreement_form.html",
        {"form": form, "agreement": agreement},
    )


def _save_agreement(request, form, agreement: Agreement):
    try:
        saved = services.save_agreement(
            user=request.user,
            agreement=agreement,
            data=form.changes(),
            cities=form.cleaned_data["cities"],
            organisations=form.cleaned_data["organisations"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    return saved


@login_required
def agreement_create(request):
    require(can_edit_relations(request.user))
    if request.method != "POST":
        initial = {}
        if (city_id := request.GET.get("city", "")).isdigit():
            initial["cities"] = list(City.objects.filter(pk=city_id))
        if (network_id := request.GET.get("network", "")).isdigit():
            initial["network"] = network_id
        form = AgreementForm(initial=initial, user=request.user)
        return _agreement_form_page(request, form)
    form = AgreementForm(request.POST, request.FILES, user=request.user)
    if form.is_valid() and (agreement := _save_agreement(request, form, Agreement())):
        messages.success(request, _("已新增協定與宣言。"))
        return redirect("relations:agreement", agreement.pk)
    return _agreement_form_page(request, form)


@login_required
def agreement_edit(request, pk: int):
    """An agreement recorded before. One signed on a mission the user may not open is not
    theirs to change (403): the form would name that mission, and saving it could unlink
    it."""
    agreement = get_object_or_404(Agreement.objects.select_related("mission"), pk=pk)
    require(can_edit_mission_linked(request.user, agreement))
    if request.method != "POST":
        form = AgreementForm(initial=AgreementForm.initial_for(agreement), user=request.user)
        return _agreement_form_page(request, form, agreement)
    form = AgreementForm(
        request.POST,
        request.FILES,
        initial={"file": agreement.file},
        user=request.user,
    )
    if form.is_valid() and _save_agreement(request, form, agreement):
        messages.success(request, _("已儲存協定與宣言。"))
        return redirect("relations:agreement", agreement.pk)
    agreement.refresh_from_db()
    return _agreement_form_page(request, form, agreement)


urlpatterns = [
    path("agreements/", agreements, name="agreements"),
    path("agreements/new/", agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", agreement_detail, name="agreement"),
    path("agreements/<int:pk>/edit/", agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/file/", agreement_file, name="agreement_file"),
]
