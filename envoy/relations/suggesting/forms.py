"""One small form per suggestion on the confirmation screen: the decision and the fields a
user may correct before the suggestion becomes a record."""

from django import forms
from django.utils.translation import gettext_lazy as _

from envoy.core.forms import RocDateField
from envoy.core.lib.places import country_code

from ..enums import AgreementKind, OrganisationKind

CONFIRM, REJECT, LATER = "confirm", "reject", "later"


class SuggestionForm(forms.Form):
    # Nothing chosen at first: an officer decides each row (or confirms all at once); a row
    # left without a decision is asked again next time, as 暫不決定.
    decision = forms.ChoiceField(
        label=_("決定"),
        choices=[(CONFIRM, _("確認")), (REJECT, _("排除")), (LATER, _("暫不決定"))],
        widget=forms.RadioSelect,
        required=False,
    )
    key = forms.CharField(widget=forms.HiddenInput, max_length=300)
    # Fields that must be filled when the suggestion is confirmed.
    required_when_confirmed: tuple[str, ...] = ()

    @property
    def decided(self) -> bool:
        """Confirmed or rejected as posted (valid or not)."""
        return self.data.get(self.add_prefix("decision")) in (CONFIRM, REJECT)

    @property
    def confirmed(self) -> bool:
        return self.is_valid() and self.cleaned_data["decision"] == CONFIRM

    def editable_fields(self):
        return [f for f in self.visible_fields() if f.name != "decision"]

    def clean(self):
        data = super().clean()
        if data.get("decision") == CONFIRM:
            for name in self.required_when_confirmed:
                if not data.get(name):
                    self.add_error(name, _("確認前請填寫這一欄。"))
        return data


class CountryField(forms.CharField):
    """A country by ISO code (JP) or by name (日本, Japan, 紐西蘭)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("國家"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 60)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value).strip()
        if not value:
            return ""
        if len(value) == 2 and value.isascii() and value.isalpha():
            return value.upper()
        code = country_code(value)
        if code is None:
            raise forms.ValidationError(_("無法辨識的國家：%(name)s") % {"name": value})
        return code


def _text(label, length=200, required=False):
    return forms.CharField(label=label, max_length=length, required=required)


class PersonForm(SuggestionForm):
    name = _text(_("姓名"))
    name_latin = _text(_("拉丁字母姓名"))
    name_zh = _text(_("中文譯名"), 100)
    title = _text(_("職稱"))
    organisation = _text(_("組織"))
    city = _text(_("城市"), 100)
    country = CountryField()
    required_when_confirmed = ("name",)


class OrganisationForm(SuggestionForm):
    name = _text(_("名稱"))
    kind = forms.ChoiceField(label=_("類型"), choices=OrganisationKind.choices)
    city = _text(_("城市"), 100)
    country = CountryField()
    required_when_confirmed = ("name",)


class CityForm(SuggestionForm):
    name_zh = _text(_("名稱"), 100)
    name_en = _text(_("英文名稱"))
    country = CountryField()
    required_when_confirmed = ("name_zh",)


class NetworkForm(SuggestionForm):
    name = _text(_("名稱"))
    name_en = _text(_("英文名稱"), 300)
    abbreviation = _text(_("簡稱"), 40)
    founded = forms.IntegerField(label=_("成立年"), required=False, min_value=1800, max_value=2200)
    founder = _text(_("發起單位"))
    member_since = forms.IntegerField(
        label=_("本市加入年"), required=False, min_value=1800, max_value=2200
    )
    required_when_confirmed = ("name",)


class EventForm(SuggestionForm):
    name = _text(_("名稱"), 300)
    edition = forms.IntegerField(label=_("屆次"), required=False, min_value=1, max_value=1000)
    theme = _text(_("主題"), 300)
    city = _text(_("城市"), 100)
    required_when_confirmed = ("name",)


class PresentationForm(SuggestionForm):
    title_zh = _text(_("題目"), 500)
    title_en = _text(_("英文題目"), 500)
    speaker = _text(_("講者"))
    date = RocDateField(label=_("日期"), required=False)
    required_when_confirmed = ("title_zh",)


class SiteVisitForm(SuggestionForm):
    name = _text(_("名稱"), 300)
    other_name = _text(_("其他名稱"), 300)
    date = RocDateField(label=_("日期"), required=False)
    city = _text(_("城市"), 100)
    lesson = forms.CharField(label=_("可借鏡之處"), required=False, widget=forms.Textarea)
    required_when_confirmed = ("name",)


class AgreementForm(SuggestionForm):
    title = _text(_("名稱"), 500)
    kind = forms.ChoiceField(label=_("類型"), choices=AgreementKind.choices)
    date = RocDateField(label=_("日期"), required=False)
    parties = _text(_("對象（以、分隔）"), 500)
    required_when_confirmed = ("title",)


# Suggestions' field (on Suggestions) → its form and how to read a suggestion into it.
FORMS = {
    "cities": CityForm,
    "organisations": OrganisationForm,
    "networks": NetworkForm,
    "events": EventForm,
    "people": PersonForm,
    "presentations": PresentationForm,
    "site_visits": SiteVisitForm,
    "agreements": AgreementForm,
}


def initial_for(group: str, suggestion) -> dict:
    """The form's first values: the suggestion's own."""
    data = suggestion.to_json()
    if group == "agreements":
        data["parties"] = "、".join(suggestion.parties)
    return data
