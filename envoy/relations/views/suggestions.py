"""Relations suggested by a report: one screen where a user confirms, corrects or rejects
each person, organisation, city, network, event, presentation, site visit and agreement the
report mentions. Confirmed ones become records linked to the mission."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from envoy.missions.permissions import can_edit_mission
from envoy.reports.document import report_document
from envoy.reports.permissions import get_report_for_user

from ..permissions import can_edit_relations, require
from ..suggesting import suggest
from ..suggesting.confirm import confirm_suggestions, decided_keys
from ..suggesting.forms import FORMS, initial_for

GROUPS = {
    "people": gettext_lazy("人員"),
    "organisations": gettext_lazy("組織"),
    "cities": gettext_lazy("城市"),
    "networks": gettext_lazy("城市網絡"),
    "events": gettext_lazy("活動"),
    "presentations": gettext_lazy("本府發表"),
    "site_visits": gettext_lazy("參訪地點"),
    "agreements": gettext_lazy("協定與宣言"),
}


def _rows(suggestions, decided, data=None):
    """Per group: (suggestion, form or None when already decided, decision)."""
    groups = []
    index = 0
    for group, label in GROUPS.items():
        rows = []
        for suggestion in getattr(suggestions, group):
            decision = decided.get(suggestion.key)
            form = None
            if decision is None:
                form = FORMS[group](
                    data, prefix=f"s{index}", initial=initial_for(group, suggestion)
                )
                index += 1
            rows.append((suggestion, form, decision))
        groups.append((group, label, rows))
    return groups


@login_required
def review(request, report_id: int):
    report = get_report_for_user(request.user, report_id)
    require(can_edit_mission(request.user, report.mission) and can_edit_relations(request.user))
    suggestions = suggest(report_document(report, photos="omit"))
    decided = decided_keys(report)
    data = request.POST if request.method == "POST" else None
    groups = _rows(suggestions, decided, data)
    status = 200
    if request.method == "POST":
        forms = {g: [f for _, f, _ in rows if f is not None] for g, _, rows in groups}
        # A row left for later, or not decided yet, need not be valid; the others must be.
        invalid = [f for rows in forms.values() for f in rows if f.decided and not f.is_valid()]
        if not invalid:
            chosen = {g: [f for f in rows if f.is_valid()] for g, rows in forms.items()}
            outcome = confirm_suggestions(
                user=request.user, report=report, suggestions=suggestions, forms=chosen
            )
            messages.success(
                request,
                _("已建立 %(created)d 筆關係紀錄，排除 %(rejected)d 筆建議。")
                % {"created": outcome.total, "rejected": outcome.rejected},
            )
            return redirect("relations:suggestions", report.pk)
        messages.error(request, _("有些欄位需要修正，請看標示的列。尚未建立任何紀錄。"))
        status = 422
    pending = sum(1 for _, _, rows in groups for _, form, _ in rows if form is not None)
    return render(
        request,
        "relations/suggestions/review.html",
        {"report": report, "mission": report.mission, "groups": groups, "pending": pending},
        status=status,
    )


urlpatterns = [
    path("suggestions/<int:report_id>/", review, name="suggestions"),
]
