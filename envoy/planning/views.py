"""The per-diem page of a mission (生活費試算): each day of the trip with the rate used, the
rules applied and the amount, per traveller and in total; what the host provides each day
and the exchange rate, for whoever may edit the mission."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from envoy.missions.permissions import can_edit_mission, get_mission_for_user

from . import services
from .forms import ExchangeRateForm, ProvisionFormSet, TravellerExchangeForm

app_name = "planning"


def _provision_rows(mission, days) -> list[dict]:
    return [
        {
            "date": day.date,
            "overnight": day.overnight,
            "breakfast": "breakfast" in day.meals,
            "lunch": "lunch" in day.meals,
            "dinner": "dinner" in day.meals,
        }
        for day in days
    ]


@login_required
@require_http_methods(["GET", "POST"])
def per_diem(request, pk):
    mission = get_mission_for_user(request.user, pk)
    can_edit = can_edit_mission(request.user, mission)
    days = services.mission_days(mission)
    status = 200
    provisions = ProvisionFormSet(initial=_provision_rows(mission, days), prefix="day")
    rate = services.trip_exchange_rate(mission)
    before = mission.start_date and mission.start_date - timedelta(days=1)
    fx_form = ExchangeRateForm(initial={"date": before}, prefix="fx")
    if request.method == "POST":
        mission = get_mission_for_user(request.user, pk, write=True)
        if "save_own_fx" in request.POST:
            member = mission.members.filter(pk=request.POST.get("member")).first()
            own_form = TravellerExchangeForm(request.POST, prefix="own")
            if member is not None and own_form.is_valid():
                services.set_traveller_exchange(
                    user=request.user, member=member, **own_form.cleaned_data
                )
                messages.success(request, _("出國人員的結匯匯率已儲存。"))
                return redirect(reverse("planning:per_diem", args=[mission.pk]) + "#travellers")
            messages.error(
                request, _("結匯匯率未儲存：%(errors)s") % {"errors": _own_errors(own_form)}
            )
            return redirect(reverse("planning:per_diem", args=[mission.pk]) + "#travellers")
        if "save_fx" in request.POST:
            fx_form = ExchangeRateForm(request.POST, prefix="fx")
            if fx_form.is_valid():
                services.set_exchange_rate(user=request.user, **fx_form.cleaned_data)
                messages.success(request, _("匯率已儲存。"))
                return redirect(reverse("planning:per_diem", args=[mission.pk]) + "#fx")
        else:
            provisions = ProvisionFormSet(request.POST, prefix="day")
            dates = {day.date for day in days}
            if provisions.is_valid() and {f.cleaned_data["date"] for f in provisions} <= dates:
                rows = [form.cleaned_data for form in provisions]
                services.save_provisions(user=request.user, mission=mission, rows=rows)
                messages.success(request, _("膳宿提供已儲存，生活費已重新計算。"))
                return redirect(reverse("planning:per_diem", args=[mission.pk]))
        status = 422
    result = services.mission_per_diem(mission, twd_per_usd=rate.twd_per_usd if rate else None)
    shares = services.traveller_amounts(mission, result)
    context = {
        "mission": mission,
        "can_edit": can_edit,
        "result": result,
        "rows": list(zip(result.days, provisions.forms, strict=False)),
        "provisions": provisions,
        "fx_form": fx_form,
        "rate": rate,
        "shares": shares,
        "travellers": [share.member for share in shares if share.member],
        "total_usd": result.usd * len(shares),
        "total_twd": None
        if any(share.twd is None for share in shares)
        else sum(share.twd for share in shares),
    }
    return render(request, "planning/per_diem.html", context, status=status)


def _own_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors) or _(
        "找不到這位出國人員。"
    )


urlpatterns = [path("missions/<int:pk>/per-diem/", per_diem, name="per_diem")]
