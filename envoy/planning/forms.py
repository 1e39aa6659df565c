"""Forms of the per-diem page (what the host provides each day, the exchange rates) and of
the trip plan (出國計畫)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from envoy.core.forms import RocDateField, VersionField, model_form_field
from envoy.missions.forms import CountryListField, ListField, NewMissionForm

from .enums import BudgetKind, Overnight
from .models import TripPlan
from .plans import PLAN_FIELDS


class ProvisionForm(forms.Form):
    """One day of the trip."""

    date = forms.DateField(widget=forms.HiddenInput)
    overnight = forms.ChoiceField(label=_("住宿"), choices=Overnight.choices)
    breakfast = forms.BooleanField(label=_("早餐"), required=False)
    lunch = forms.BooleanField(label=_("午餐"), required=False)
    dinner = forms.BooleanField(label=_("晚餐"), required=False)


ProvisionFormSet = forms.formset_factory(ProvisionForm, extra=0)


class ExchangeRateForm(forms.Form):
    date = RocDateField(label=_("匯率日期"))
    twd_per_usd = forms.DecimalField(
        label=_("新臺幣／美元"), min_value=1, max_value=1000, max_digits=8, decimal_places=4
    )
    source = forms.CharField(label=_("來源"), max_length=200, required=False)


# ----- The trip plan (出國計畫) -----


class PlanFieldsMixin(forms.Form):
    purpose = model_form_field(TripPlan, "purpose", widget=forms.Textarea(attrs={"rows": 4}))
    meetings_sought = model_form_field(
        TripPlan, "meetings_sought", widget=forms.Textarea(attrs={"rows": 3})
    )
    expected_benefits = model_form_field(
        TripPlan, "expected_benefits", widget=forms.Textarea(attrs={"rows": 3})
    )
    funding_source = model_form_field(TripPlan, "funding_source")


class NewPlanForm(PlanFieldsMixin, NewMissionForm):
    """A new plan: the mission's particulars (its travellers and itinerary are added on the
    mission's editing page) and what the plan says."""

    destination_countries = CountryListField(
        label=_("前往國家"), required=False, help_text=_("例如：日本、韓國")
    )
    destination_cities = ListField(label=_("前往城市"), required=False, help_text=_("例如：東京"))
    field_order = [
        "title",
        "start_date",
        "end_date",
        "destination_countries",
        "destination_cities",
        "category",
        "category_detail",
        "bureau",
        "purpose",
        "meetings_sought",
        "expected_benefits",
        "funding_source",
    ]

    def mission_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in PLAN_FIELDS}

    def plan_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in PLAN_FIELDS}


class PlanForm(PlanFieldsMixin):
    version = VersionField()


class BudgetLineForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("項目"), choices=BudgetKind.choices)
    description = forms.CharField(label=_("說明"), max_length=300, required=False)
    amount_twd = forms.IntegerField(label=_("預估金額（新臺幣）"), min_value=0, max_value=10**9)
    actual_twd = forms.IntegerField(
        label=_("實支金額（新臺幣）"), min_value=0, max_value=10**9, required=False
    )


BudgetFormSet = forms.formset_factory(BudgetLineForm, extra=1, can_delete=True)


class DecisionForm(forms.Form):
    version = VersionField()
    decision = forms.ChoiceField(choices=[("approve", _("核定")), ("return", _("退回修正"))])
    comment = forms.CharField(
        label=_("審核意見（退回時必填）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TravellerExchangeForm(forms.Form):
    twd_per_usd = forms.DecimalField(
        label=_("結匯匯率（新臺幣／美元）"),
        min_value=1,
        max_value=1000,
        max_digits=8,
        decimal_places=4,
        required=False,
    )
    date = RocDateField(label=_("結匯日期"), required=False)
    note = forms.CharField(label=_("備註"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("twd_per_usd") and not data.get("date"):
            self.add_error("date", _("請填寫結匯水單上的日期。"))
        return data
