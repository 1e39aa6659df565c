"""Importing a report from the browser: upload, review what was read, then confirm or discard.

Nothing of the mission or report exists until the uploader confirms; until then the file
and what was read of it wait as a pending import only they can see.
"""

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_htmx.http import HttpResponseClientRedirect

from envoy.core.models import Bureau
from envoy.missions.enums import ItemKind, TripCategory
from envoy.missions.permissions import can_create_mission

from ..importing import UnreadableReport
from ..importing.staging import (
    bureaus_for_import,
    confirm_import,
    discard_import,
    earlier_imports,
    get_pending_for_user,
    pending_imports_for_user,
    stage_import,
)

ACCEPT = ".txt,.docx,.odt,.pdf,.json,text/plain,application/pdf,application/json"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("報告檔案"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": gettext_lazy("請選擇要匯入的報告檔案。")},
    )


class ConfirmForm(forms.Form):
    bureau = forms.ModelChoiceField(
        label=gettext_lazy("主責局處"),
        queryset=Bureau.objects.none(),
        empty_label=None,
    )

    def __init__(self, *args, bureaus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = bureaus
        # A fresh installation may have no bureau yet: the mission then belongs to none.
        self.fields["bureau"].required = bureaus.exists()


def _may_import(user) -> None:
    if not can_create_mission(user):
        raise PermissionDenied


@login_required
def import_new(request):
    _may_import(request.user)
    error = ""
    posted = request.method == "POST"
    form = UploadForm(request.POST, request.FILES) if posted else UploadForm()
    if posted and form.is_valid():
        try:
            pending = stage_import(user=request.user, upload=form.cleaned_data["file"])
        except UnreadableReport as unreadable:
            error = unreadable.message
        else:
            return redirect("reports:import_review", pk=pending.pk)
    return render(
        request,
        "reports/import_new.html",
        {
            "form": form,
            "error": error,
            "pending_imports": pending_imports_for_user(request.user),
            "max_mb": settings.ENVOY_MAX_UPLOAD_BYTES // (1024 * 1024),
        },
        status=422 if error or form.errors else 200,
    )


ITEM_ZONES = {"start_timezone": "", "end_timezone": "", "end_date": None}


def _dates(summary: dict) -> dict:
    """The ISO dates of a stored summary as dates, for the ROC date filters."""
    iso = dt.date.fromisoformat
    itinerary = [
        {
            **day,
            "date": iso(day["date"]) if day["date"] else None,
            "items": [
                # Summaries stored before zones were kept in them have none.
                ITEM_ZONES
                | item
                | (
                    {"kind_label": ItemKind(item["kind"]).label}
                    if item["kind"] in ItemKind.values
                    else {}
                )
                for item in day["items"]
            ],
        }
        for day in summary["itinerary"]
    ]
    category = summary["category"]
    label = TripCategory(category).label if category in TripCategory.values else category
    if summary["category_detail"]:
        label = f"{label}({summary['category_detail']})"
    return {
        **summary,
        "start_date": iso(summary["start_date"]) if summary["start_date"] else None,
        "end_date": iso(summary["end_date"]) if summary["end_date"] else None,
        "category_label": label,
        "itinerary": itinerary,
    }


@login_required
def import_review(request, pk):
    pending = get_pending_for_user(request.user, pk)
    allowed = bureaus_for_import(request.user)
    bureaus = list(allowed)
    form = ConfirmForm(
        request.POST if request.method == "POST" else None,
        bureaus=allowed,
        initial={"bureau": request.user.bureau_id},
    )
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "discard":
            name = pending.original_filename
            discard_import(user=request.user, pending=pending)
            messages.success(request, _("已捨棄「%s」，沒有匯入任何資料。") % name)
            if request.htmx:
                return HttpResponseClientRedirect(reverse("reports:import_new"))
            return redirect("reports:import_new")
        if action == "confirm" and form.is_valid():
            try:
                report = confirm_import(
                    user=request.user, pending=pending, bureau=form.cleaned_data["bureau"]
                )
            except UnreadableReport as unreadable:
                error = unreadable.message
            else:
                messages.success(request, _("已匯入「%s」。") % report.title)
                return redirect("missions:detail", pk=report.mission_id)
    summary = _dates(pending.recognised["summary"])
    return render(
        request,
        "reports/import_review.html",
        {
            "pending": pending,
            "summary": summary,
            "rejoined": pending.recognised.get("rejoined", []),
            "form": form,
            "choose_bureau": len(bureaus) > 1,
            "only_bureau": bureaus[0] if len(bureaus) == 1 else None,
            "earlier": earlier_imports(request.user, pending),
            "error": error,
        },
        status=422 if error or form.errors else 200,
    )


urlpatterns = [
    path("import/", import_new, name="import_new"),
    path("import/<int:pk>/", import_review, name="import_review"),
]
