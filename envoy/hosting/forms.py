"""Forms of the hosting pages: they read and check what the user typed; the services save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from envoy.core.forms import RocDateField, VersionField, model_form_field
from envoy.core.models import Bureau, User
from envoy.relations.forms import PickField
from envoy.relations.models import Network
from envoy.talent.enums import LanguageCode

from .enums import (
    Diet,
    GiftDirection,
    GiftHandling,
    GiftRecipient,
    HostRole,
    SeatingLayout,
    TransportKind,
)
from .models import Gift, Host, Hosting, TransportLeg, Visitor


class HostingForm(forms.Form):
    version = VersionField()
    visitor_city = PickField(
        "city", label=_("來訪者城市"), help_text=_("來訪會列在這個城市的頁面。")
    )
    network = forms.ModelChoiceField(
        label=_("相關城市網絡"),
        queryset=Network.objects.all(),
        required=False,
        help_text=_("來訪也會列在這個城市網絡的頁面（來訪者城市為其會員時亦然）。"),
    )
    seating_layout = forms.ChoiceField(label=_("座位形式"), choices=SeatingLayout.choices)
    table_size = model_form_field(Hosting, "table_size")
    welcome_note = forms.CharField(
        label=_("歡迎詞"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    welcome_note_en = forms.CharField(
        label=_("英文歡迎詞"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "en"}),
    )


class VersionedForm(forms.ModelForm):
    """A form of a row kept with optimistic locking: it carries the ``version`` of the row
    it was drawn from. A new row has none to carry — but a visitor's or the visit's hosting
    facts, made on their first save, carry the version of the defaults (1)."""

    version = VersionField()
    new_rows_carry_version = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and not self.new_rows_carry_version:
            del self.fields["version"]
        else:
            self.initial.setdefault("version", self.instance.version)


class VisitorForm(VersionedForm):
    new_rows_carry_version = True
    organisation = PickField("organisation", label=_("組織"))
    diets = forms.MultipleChoiceField(
        label=_("飲食需求"),
        choices=Diet.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Visitor
        fields = [
            "name_native",
            "name_en",
            "title_en",
            "organisation_en",
            "precedence",
            "diets",
            "allergies",
            "needs",
            "organisation",
        ]
        widgets = {"name_en": forms.TextInput(attrs={"lang": "en"})}


class HostForm(VersionedForm):
    role = forms.ChoiceField(label=_("角色"), choices=HostRole.choices)
    bureau = forms.ModelChoiceField(label=_("局處"), queryset=Bureau.objects.all(), required=False)

    class Meta:
        model = Host
        fields = [
            "role",
            "name",
            "name_en",
            "title",
            "title_en",
            "bureau",
            "languages",
            "phone",
            "precedence",
            "notes",
        ]


class LegForm(VersionedForm):
    date = RocDateField(label=_("日期"))
    kind = forms.ChoiceField(label=_("交通方式"), choices=TransportKind.choices)

    class Meta:
        model = TransportLeg
        fields = [
            "date",
            "departs_at",
            "origin",
            "destination",
            "kind",
            "vehicle",
            "contact",
            "notes",
        ]
        widgets = {"departs_at": forms.TimeInput(attrs={"type": "time"})}


class GiftForm(VersionedForm):
    direction = forms.ChoiceField(label=_("致贈或受贈"), choices=GiftDirection.choices)
    date = RocDateField(label=_("日期"))
    recipient = forms.ChoiceField(
        label=_("受贈對象"),
        choices=GiftRecipient.choices,
        required=False,
        help_text=Gift._meta.get_field("recipient").help_text,
    )
    handling = forms.ChoiceField(
        label=_("處理方式（受贈）"), choices=GiftHandling.choices, required=False
    )
    reported_on = RocDateField(label=_("知會政風單位日期"), required=False)

    class Meta:
        model = Gift
        fields = [
            "direction",
            "date",
            "description",
            "value_ntd",
            "counterpart",
            "our_person",
            "recipient",
            "handling",
            "reported_on",
            "notes",
        ]

    def clean_recipient(self):
        return self.cleaned_data.get("recipient") or GiftRecipient.PERSON

    def clean_handling(self):
        return self.cleaned_data.get("handling") or GiftHandling.PENDING


class FollowUpForm(forms.Form):
    member = forms.ChoiceField(label=_("來訪人員"))
    follow_up = forms.CharField(
        label=_("後續辦理事項"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.ModelChoiceField(
        label=_("承辦人"), queryset=User.objects.filter(is_active=True), required=False
    )
    due = RocDateField(label=_("辦理期限"), required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(str(m.pk), m.name) for m in members]


class PoolForm(forms.Form):
    """Searching the talent pool for the visit: in a language, for words (口譯, 防災)."""

    q = forms.CharField(
        label=_("條件"),
        required=False,
        max_length=200,
        help_text=_("例如「口譯」「防災」「C1」；語言另在下方選擇。"),
    )
    language = forms.ChoiceField(
        label=_("語言"), required=False, choices=[("", _("不限語言")), *LanguageCode.choices]
    )
