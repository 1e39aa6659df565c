"""Form pieces every app uses."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from envoy.core.lib.rocdates import DateFormatError, format_roc_short, parse_date, roc_short


class RocDateInput(forms.TextInput):
    """A date typed as the officer writes it, shown as 115/4/26, with a calendar beside it:
    a button (shown by envoy.js) opening the browser's own date picker, whose choice is
    written into the text box (``core/widgets/roc_date.html``). ``min``/``max`` (ISO) bound
    the calendar, as a trip's dates do for its days."""

    template_name = "core/widgets/roc_date.html"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false"} | (attrs or {}))
        self.picker_min = self.picker_max = ""

    def format_value(self, value):
        if isinstance(value, dt.date):
            return format_roc_short(value)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["picker"] = {"min": self.picker_min, "max": self.picker_max}
        return context


class RocDateField(forms.DateField):
    """Dates as people type them (``rocdates.parse_date``): ROC 115/9/15, 115.9.15,
    115年9月15日, Gregorian 2026/10/05, 2026-10-05, 2026.10.05; and, once the trip's dates
    are given (``set_period``), a day of its month without the year (10/5)."""

    widget = RocDateInput
    default_error_messages = {
        "invalid": _("無法辨識「%(text)s」，請輸入日期，例如 115/4/26 或 2026-04-26。"),
        "nonexistent": _("沒有「%(text)s」這一天，請檢查月份與日期。"),
        "needs_year": _("「%(text)s」沒有年份，請寫出完整日期，例如 115/4/26。"),
        "outside": _("「%(text)s」不在行程期間（%(start)s 至 %(end)s）內；其他日期請寫出年份。"),
        "ambiguous": _("「%(text)s」在行程期間內有兩個日期，請寫出年份。"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.period: tuple[dt.date, dt.date] | None = None

    def set_period(self, start: dt.date | None, end: dt.date | None) -> None:
        """Read a day without its year (10/5) as the one it can be between ``start`` and
        ``end`` (a trip's dates), and open the calendar on them."""
        if start and end and start <= end:
            self.period = (start, end)
            self.widget.picker_min, self.widget.picker_max = start.isoformat(), end.isoformat()

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        try:
            return parse_date(text, period=self.period)
        except DateFormatError as error:
            params = {"text": text}
            if self.period:
                params |= {"start": roc_short(self.period[0])}
                params |= {"end": roc_short(self.period[1])}
            code = error.code if error.code in self.error_messages else "invalid"
            raise ValidationError(self.error_messages[code], code=code, params=params) from None


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
