"""The forms of opportunities: the list's filters, adding and editing one, its assignment
and its status. They check what was typed; the services decide."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from envoy.core.forms import RocDateField, VersionField, model_form_field
from envoy.core.models import Bureau
from envoy.missions.forms import ListField, TimeInput, TimeZoneField
from envoy.relations.forms import PickField
from envoy.relations.models import Network
from envoy.talent.models import StaffProfile
from envoy.talent.permissions import profiles_for_user

from .enums import MOVES, OpportunityKind, OpportunityStatus
from .models import Opportunity


def _everyone():
    return get_user_model().objects.filter(is_active=True).order_by("username")


class OpportunityFilterForm(forms.Form):
    """The list's filters (a GET form: every field optional)."""

    status = forms.ChoiceField(
        label=_("狀態"), required=False, choices=[("", _("全部")), *OpportunityStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("類型"), required=False, choices=[("", _("全部")), *OpportunityKind.choices]
    )
    bureau = forms.ModelChoiceField(
        label=_("主辦局處"), required=False, queryset=Bureau.objects.all(), empty_label=_("全部")
    )
    mine = forms.BooleanField(label=_("我承辦的"), required=False)
    deadline_soon = forms.BooleanField(label=_("兩週內截止"), required=False)


class OpportunityForm(forms.Form):
    """What is known of an opportunity."""

    title = model_form_field(Opportunity, "title")
    title_en = model_form_field(Opportunity, "title_en")
    kind = model_form_field(Opportunity, "kind")
    network = forms.ModelChoiceField(
        label=_("主辦城市網絡"), required=False, queryset=Network.objects.all()
    )
    organisation = PickField("organisation", label=_("主辦組織"))
    start_date = RocDateField(label=_("開始日期"), required=False)
    end_date = RocDateField(label=_("結束日期"), required=False)
    start_time = forms.TimeField(label=_("開始時間"), required=False, widget=TimeInput())
    end_time = forms.TimeField(label=_("結束時間"), required=False, widget=TimeInput())
    timezone = TimeZoneField(label=_("時區"))
    online = forms.BooleanField(label=_("線上參與"), required=False)
    city = PickField("city", label=_("舉辦城市"))
    venue = model_form_field(Opportunity, "venue")
    registration_deadline = RocDateField(label=_("報名截止日"), required=False)
    abstract_deadline = RocDateField(label=_("摘要投稿截止日"), required=False)
    topics = ListField(
        label=_("議題"), required=False, help_text=_("以頓號或逗號分隔，例如：防災、淨零")
    )
    languages = ListField(
        label=_("使用語言"), required=False, help_text=_("講者須使用的語言，例如：日語、英語")
    )
    language_level = model_form_field(Opportunity, "language_level")
    source_url = model_form_field(Opportunity, "source_url")
    talk_title = model_form_field(Opportunity, "talk_title")
    notes = model_form_field(Opportunity, "notes", widget=forms.Textarea(attrs={"rows": 3}))
    version = VersionField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].set_day(self.initial.get("start_date"))
        self.fields["timezone"].choices = [("", _("未指定")), *self.fields["timezone"].choices[1:]]

    @classmethod
    def initial_for(cls, opportunity: Opportunity) -> dict:
        initial = {name: getattr(opportunity, name) for name in cls.base_fields}
        return initial | {"version": opportunity.version, "languages": opportunity.language_labels}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("結束日期不可早於開始日期。"))
        return data

    def values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class SpeakerForm(forms.Form):
    """A profile of the talent pool chosen as the speaker (none: nobody)."""

    profile = forms.ModelChoiceField(
        label=_("講者"), required=False, queryset=StaffProfile.objects.all()
    )
    version = VersionField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = profiles_for_user(user)


class AssignForm(forms.Form):
    bureau = forms.ModelChoiceField(
        label=_("主辦局處"), required=False, queryset=Bureau.objects.all()
    )
    assignee = forms.ModelChoiceField(label=_("承辦人"), required=False, queryset=_everyone())
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = _everyone()
        self.fields["assignee"].label_from_instance = lambda user: user.display_name


class StatusForm(forms.Form):
    """The moves the opportunity may make from where it is."""

    status = forms.ChoiceField(label=_("改為"))
    version = VersionField()

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        moves = MOVES[OpportunityStatus(current)]
        self.fields["status"].choices = [
            (value, label) for value, label in OpportunityStatus.choices if value in moves
        ]


class ImportForm(forms.Form):
    """A spreadsheet of opportunities to load (``services.import_opportunities``); the
    button pressed says whether only to check it."""

    file = forms.FileField(label=_("試算表檔案（CSV 或 .xlsx）"))
    dry_run = forms.BooleanField(required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.ENVOY_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("檔案太大（%(size).1f MB），上限為 %(limit)d MB。")
                % {"size": upload.size / 1024 / 1024, "limit": limit // (1024 * 1024)}
            )
        return upload
