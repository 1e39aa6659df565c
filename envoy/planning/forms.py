"""Forms of the per-diem page: what the host provides each day, and the exchange rate."""

from django import forms
from django.utils.translation import gettext_lazy as _

from envoy.core.forms import RocDateField

from .enums import Overnight


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
