"""The forms of follow-through: the tracking table's filters, settling a proposal, and a
progress note."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from envoy.core.forms import RocDateField, VersionField, model_form_field
from envoy.core.lib.rocdates import year_label
from envoy.core.models import Bureau
from envoy.relations.models import City, Network

from .enums import ActionKind, ActionStatus
from .models import Action, ProgressNote


class ActionFilterForm(forms.Form):
    """The tracking table's filters (a GET form: every field optional)."""

    bureau = forms.ModelChoiceField(
        label=_("主辦局處"), required=False, queryset=Bureau.objects.all(), empty_label=_("全部")
    )
    status = forms.ChoiceField(
        label=_("採行情形"), required=False, choices=[("", _("全部")), *ActionStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("類型"), required=False, choices=[("", _("全部")), *ActionKind.choices]
    )
    year = forms.TypedChoiceField(label=_("出國年度"), required=False, coerce=int, empty_value=None)
    city = forms.ModelChoiceField(
        label=_("城市"),
        required=False,
        queryset=City.objects.filter(missions__report__actions__isnull=False).distinct(),
        empty_label=_("全部"),
    )
    network = forms.ModelChoiceField(
        label=_("城市網絡"),
        required=False,
        queryset=Network.objects.filter(events__missions__report__actions__isnull=False).distinct(),
        empty_label=_("全部"),
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部"))] + [
            (year, year_label(year)) for year in years
        ]


class SettleActionForm(forms.ModelForm):
    """What the report's editor decides of a proposal."""

    start_date = RocDateField(label=_("開始日期"), required=False)
    due_date = RocDateField(label=_("預定完成日期"), required=False)
    version = VersionField()

    class Meta:
        model = Action
        fields = [
            "text",
            "status",
            "reason",
            "owner_bureau",
            "owner",
            "start_date",
            "due_date",
            "budget",
            "budget_source",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("username")
        )
        self.fields["owner"].label_from_instance = lambda user: user.display_name
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean(self):
        data = super().clean()
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("預定完成日期不能早於開始日期。"))
        if data.get("status") == ActionStatus.NOT_ADOPTED and not data.get("reason", "").strip():
            self.add_error("reason", _("不採行時請寫明理由。"))
        return data


class ProgressForm(forms.Form):
    """A progress note (辦理情形) with its evidence, and the status it leaves the action in."""

    date = RocDateField(label=_("日期"))
    text = model_form_field(ProgressNote, "text", widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label=_("佐證資料"), required=False)
    status = forms.ChoiceField(
        label=_("辦理後狀態"),
        required=False,
        choices=[
            ("", _("不變")),
            (ActionStatus.IN_PROGRESS, ActionStatus.IN_PROGRESS.label),
            (ActionStatus.DONE, ActionStatus.DONE.label),
        ],
    )
