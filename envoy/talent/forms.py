"""The forms of the talent pool: the pool's filters, a profile with its languages, and
settling an unsure match."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from envoy.core.forms import RocDateField, VersionField
from envoy.core.lib.places import country_name
from envoy.core.models import Bureau
from envoy.reports.categories import entries
from envoy.reports.enums import CategoryKind

from .enums import Cefr, LanguageCode
from .models import LanguageSkill, StaffProfile

TAG_SEPARATORS = re.compile(r"[,，、;；\n]+")


class PoolFilterForm(forms.Form):
    """The pool's search box and filters (a GET form: every field optional)."""

    q = forms.CharField(
        label=_("搜尋"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("例如：日語 防災、English C1 + net zero")}
        ),
    )
    bureau = forms.ModelChoiceField(
        label=_("局處"), required=False, queryset=Bureau.objects.all(), empty_label=_("全部")
    )
    language = forms.ChoiceField(
        label=_("語言"), required=False, choices=[("", _("全部")), *LanguageCode.choices]
    )
    level = forms.ChoiceField(
        label=_("程度（以上）"), required=False, choices=[("", _("全部")), *Cefr.choices]
    )
    country = forms.ChoiceField(label=_("曾赴國家"), required=False)

    def __init__(self, *args, countries: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("全部"))] + sorted(
            ((code, country_name(code)) for code in countries), key=lambda item: item[1]
        )


class TagsField(forms.CharField):
    """Tags typed in one box, separated by 、 or commas or lines."""

    def prepare_value(self, value):
        return "、".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value)
        tags = [tag.strip() for tag in TAG_SEPARATORS.split(text or "")]
        return list(dict.fromkeys(tag for tag in tags if tag))


class ProfileForm(forms.ModelForm):
    expertise = TagsField(
        label=_("專長"),
        required=False,
        help_text=_("以頓號或逗號分隔，例如：防災、淨零、智慧城市"),
    )
    policy_areas = forms.MultipleChoiceField(
        label=_("施政分類"), required=False, widget=forms.CheckboxSelectMultiple
    )
    version = VersionField(required=False)

    class Meta:
        model = StaffProfile
        fields = [
            "name",
            "name_en",
            "bureau",
            "agency",
            "unit",
            "title",
            "expertise",
            "policy_areas",
            "interpreting",
            "availability",
            "visibility",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = [entry.name for entry in entries(CategoryKind.POLICY) if entry.depth == 0]
        kept = [area for area in self.instance.policy_areas if area not in names]
        self.fields["policy_areas"].choices = [(name, name) for name in [*names, *kept]]
        self.fields["version"].initial = self.instance.version


class LanguageForm(forms.ModelForm):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    tested_on = RocDateField(label=_("檢定日期"), required=False)

    class Meta:
        model = LanguageSkill
        fields = ["language", "cefr", "test", "score", "tested_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].required = False
        self.fields["language"].choices = [("", "—"), *LanguageCode.choices]
        self.fields["score"].widget.attrs["placeholder"] = _("例如 N2、中高級、850")

    def clean(self):
        data = super().clean()
        if not data.get("language") and (data.get("test") or data.get("score")):
            self.add_error("language", _("請選擇語言。"))
        return data

    def validate_unique(self):
        """The profile is set by the service."""


LanguageFormSet = forms.formset_factory(LanguageForm, extra=2, can_delete=True, max_num=20)


def language_rows(formset) -> list[dict]:
    return [form.cleaned_data for form in formset.forms if form.cleaned_data]


def language_initial(profile: StaffProfile) -> list[dict]:
    return [
        {
            "id": skill.pk,
            "language": skill.language,
            "cefr": skill.cefr,
            "test": skill.test,
            "score": skill.score,
            "tested_on": skill.tested_on,
        }
        for skill in profile.languages.all()
    ]


class ReassignForm(forms.Form):
    """Which profile an unsure traveller is: one of the same name, or someone new."""

    NEW = "new"
    profile = forms.ChoiceField(label=_("改指定為"))

    def __init__(self, *args, candidates: list[StaffProfile], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = [
            *((str(p.pk), f"{p.name}（{p.organisation or '—'}）") for p in candidates),
            (self.NEW, _("另建新的人才資料")),
        ]


class LinkAccountForm(forms.Form):
    """Whose profile it is: an active user who has none yet (the service checks again)."""

    account = forms.ModelChoiceField(
        label=_("使用者帳號"), queryset=get_user_model().objects.none(), empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["account"]
        field.queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(staff_profile__isnull=True)
            .select_related("bureau")
            .order_by("username")
        )
        field.label_from_instance = lambda user: " · ".join(
            part
            for part in (
                user.display_name,
                user.username,
                user.bureau.display_name if user.bureau else "",
            )
            if part
        )
