"""Form pieces every app uses."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from envoy.core.lib.rocdates import DateFormatError, format_roc_short, parse_roc_date


class RocDateInput(forms.TextInput):
    """A date typed as the officer writes it; shown as 115/4/26."""

    def format_value(self, value):
        if isinstance(value, dt.date):
            return format_roc_short(value)
        return super().format_value(value)


class RocDateField(forms.DateField):
    """Accepts ROC (115/4/26, 115 年 4 月 26 日, 民國115年4月26日) and ISO (2026-04-26) dates."""

    widget = RocDateInput
    default_error_messages = {
        "invalid": _("請輸入日期，例如 115/4/26 或 2026-04-26。"),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return parse_roc_date(str(value))
        except DateFormatError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class VersionField(forms.IntegerField):
    """The version of the record the form was drawn from (optimistic locking)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


def model_form_field(model, name: str, **kwargs) -> forms.Field:
    """The form field Django derives from the model field ``name`` of ``model`` — its
    label, length and choices — for forms that are not ModelForms; ``kwargs`` as
    ``Field.formfield`` takes them (``widget``, ``help_text``…)."""
    return model._meta.get_field(name).formfield(**kwargs)
