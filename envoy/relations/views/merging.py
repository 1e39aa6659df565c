"""Merging people recorded twice: the pairs that look like one person, side by side, and
folding one record into the other. For the international-affairs office
(``can_merge_people``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import services
from ..duplicates import duplicate_pairs
from ..forms import MergeForm
from ..models import Person
from ..permissions import can_merge_people, require
from ..queries import people_for_merging


@login_required
@require_safe
def duplicates(request):
    """People who look recorded twice, side by side, each pair with a merge form."""
    require(can_merge_people(request.user))
    pairs = duplicate_pairs(people_for_merging())
    return render(
        request,
        "relations/pages/duplicates.html",
        {"pairs": [(pair, [pair.first, pair.second]) for pair in pairs]},
    )


@login_required
@require_POST
def merge(request):
    """Fold one record of a person into the other: every meeting, position and presentation
    is kept on the record kept."""
    require(can_merge_people(request.user))
    form = MergeForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors() or [_("請選擇要保留的一筆。")]:
            messages.error(request, error)
        return redirect("relations:duplicates")
    keep = form.cleaned_data["keep_person"]
    duplicate = form.cleaned_data["duplicate_person"]
    try:
        kept = services.merge_people(user=request.user, keep=keep, duplicate=duplicate)
    except (ValidationError, Person.DoesNotExist):
        messages.error(request, _("無法合併：其中一筆人員資料已不存在。"))
        return redirect("relations:duplicates")
    messages.success(
        request,
        _("已將「%(duplicate)s」合併到「%(keep)s」。")
        % {"duplicate": duplicate.name, "keep": kept.name},
    )
    return redirect("relations:person", kept.pk)


urlpatterns = [
    path("people/duplicates/", duplicates, name="duplicates"),
    path("people/merge/", merge, name="merge"),
]
