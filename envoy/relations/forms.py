"""Forms of the relations pages. They read and check what the user typed; the services save.

A person, city, organisation or mission is chosen with a picker: a text input that asks
``/relations/pick/<kind>/`` for matches as the user types (htmx) and a hidden input that
holds the chosen id. Without JavaScript the typed name alone is read: it must name one
recorded record (spelling variants aside), or the form says so.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from envoy.core.forms import RocDateField, VersionField, model_form_field
from envoy.core.lib.places import country_name
from envoy.core.lib.punctuation import join_list
from envoy.core.lib.rocdates import DateFormatError, format_roc_short, parse_roc_date
from envoy.core.models import User
from envoy.missions.forms import TimeZoneField
from envoy.missions.models import Mission
from envoy.missions.permissions import missions_for_user

from . import services
from .enums import AgreementKind
from .models import Agreement, City, Interaction, Network, Organisation, Person, Position
from .names import name_key

SEPARATORS = re.compile(r"[,，、;；\n]+")


def add_refusal(form, error: ValidationError) -> None:
    """Put a service's refusal on ``form``: on the field it names when the form has that
    field, on the form as a whole otherwise."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# ----- Countries -----


@cache
def _country_choices(language: str) -> list[tuple[str, str]]:
    names = [(c.alpha_2, country_name(c.alpha_2, language)) for c in pycountry.countries]
    return sorted(names, key=lambda pair: pair[1])


class CountryField(forms.ChoiceField):
    """A country as its ISO code (JP), chosen by its name in the user's language."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=self._choices_now, **kwargs)

    @staticmethod
    def _choices_now() -> list[tuple[str, str]]:
        language = "en" if (get_language() or "").startswith("en") else "zh-hant"
        return [("", "—"), *_country_choices(language)]

    def prepare_value(self, value):
        return (value or "").upper()


# ----- Pickers -----


def _person_names(person: Person) -> list[str]:
    return [person.display_name, *person.all_names()]


def _city_names(city: City) -> list[str]:
    return [city.display_name, city.name, city.name_en]


def _organisation_names(organisation: Organisation) -> list[str]:
    return [
        organisation.display_name,
        organisation.name,
        organisation.name_en,
        organisation.abbreviation,
    ]


def mission_label(mission: Mission) -> str:
    """115/4/26 赴日本東京… — a mission as a picker shows it."""
    if mission.start_date:
        return f"{format_roc_short(mission.start_date)} {mission.title}"
    return mission.title


def _mission_names(mission: Mission) -> list[str]:
    return [mission_label(mission), mission.title]


_LEADING_DATE = re.compile(r"^(\d{2,3}/\d{1,2}/\d{1,2})\s+")


def _find_mission(text: str, user) -> Mission | None:
    """The one mission ``user`` may open titled ``text`` (as the picker labels it, with its
    date first, or the title alone); None when none or several are."""
    title, date = text.strip(), None
    if match := _LEADING_DATE.match(title):
        title = title[match.end() :]
        try:
            date = parse_roc_date(match.group(1))
        except DateFormatError:
            return None
    variants = {title, title.replace("台", "臺"), title.replace("臺", "台")}
    rows = missions_for_user(user).filter(Q(title__in=variants) | Q(title__iexact=title))
    if date is not None:
        rows = rows.filter(start_date=date)
    found = list(rows[:2])
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class Kind:
    """What a picker chooses: how a record is labelled and named, and found by a name."""

    name: str
    model: type
    label: Callable
    names: Callable
    find: Callable  # (text, user) -> record or None

    def rows(self, user):
        if self.model is Mission:
            return missions_for_user(user)
        return self.model.objects.all()


KINDS = {
    "person": Kind(
        "person",
        Person,
        lambda p: p.display_name,
        _person_names,
        lambda text, user: services.find_person(text),
    ),
    "city": Kind(
        "city",
        City,
        lambda c: c.display_name,
        _city_names,
        lambda text, user: services.find_city(text),
    ),
    "organisation": Kind(
        "organisation",
        Organisation,
        lambda o: o.display_name,
        _organisation_names,
        lambda text, user: services.find_organisation(text),
    ),
    "mission": Kind("mission", Mission, mission_label, _mission_names, _find_mission),
}


def _named(kind: Kind, record, text: str) -> bool:
    """Whether ``text`` is one of the names of ``record`` (spelling variants aside)."""
    key = name_key(text)
    return bool(key) and key in {name_key(n) for n in kind.names(record) if n}


class PickerWidget(forms.Widget):
    """A text input with search-as-you-type and the chosen id(s) beside it.

    One record: a hidden input holds the id. Several (``multiple``): each chosen record is a
    checked box the user can untick; new ones are added by typing (without JavaScript,
    names separated by 、 or commas).
    """

    template_name = "relations/widgets/picker.html"

    def __init__(self, kind: str, multiple: bool = False, attrs=None):
        super().__init__(attrs)
        self.kind, self.multiple = kind, multiple

    def value_from_datadict(self, data, files, name):
        text = data.get(f"{name}_q", "")
        if self.multiple:
            return (data.getlist(name) if hasattr(data, "getlist") else data.get(name, []), text)
        return (data.get(name, ""), text)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_q" not in data

    def _chosen(self, value) -> tuple[list[tuple[str, str]], str]:
        """([(id, label)], typed text) from a bound value or an initial record(s)."""
        kind = KINDS[self.kind]
        if isinstance(value, tuple):
            ids, text = value
            if self.multiple:
                records = kind.model.objects.in_bulk([i for i in ids if str(i).isdigit()])
                return [(str(pk), kind.label(r)) for pk, r in records.items()], text
            return ([(ids, text)] if ids else []), text
        if value is None or value == "":
            return [], ""
        records = list(value) if self.multiple else [value]
        if records and not isinstance(records[0], kind.model):
            records = list(kind.model.objects.filter(pk__in=records))
        pairs = [(str(r.pk), kind.label(r)) for r in records]
        if self.multiple:
            return pairs, ""
        return pairs, pairs[0][1] if pairs else ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        chosen, text = self._chosen(value)
        widget["element_id"] = widget["attrs"].get("id") or f"id_{name}"
        widget["attrs"]["aria_describedby"] = widget["attrs"].get("aria-describedby")
        widget.update(
            multiple=self.multiple,
            chosen=chosen,
            chosen_id=chosen[0][0] if chosen else "",
            text=text,
            url=reverse("relations:pick", args=[self.kind]) + f"?field={name}",
        )
        return context


class PickField(forms.Field):
    """One recorded person, city, organisation or mission, chosen with a picker."""

    default_error_messages = {
        "required": _("請選擇或輸入名稱。"),
        "unknown": _("找不到「%(name)s」。請從建議清單中選擇，或先新增這筆資料。"),
    }

    def __init__(self, kind: str, *, user=None, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", PickerWidget(kind))
        super().__init__(**kwargs)
        self.kind, self.user = KINDS[kind], user

    def _by_id(self, pk: str):
        if not str(pk).isdigit():
            return None
        return self.kind.rows(self.user).filter(pk=pk).first()

    def to_python(self, value):
        if not isinstance(value, tuple):
            return value or None
        pk, text = value
        text = (text or "").strip()
        if not text:
            return None
        record = self._by_id(pk) if pk else None
        if record is not None and _named(self.kind, record, text):
            return record
        found = self.kind.find(text, self.user)
        if found is None:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"name": text}
            )
        return found


class MultiPickField(PickField):
    """Several recorded cities or organisations."""

    def __init__(self, kind: str, **kwargs):
        kwargs.setdefault("widget", PickerWidget(kind, multiple=True))
        super().__init__(kind, **kwargs)

    def to_python(self, value):
        if not isinstance(value, tuple):
            return list(value or [])
        ids, text = value
        records = list(self.kind.rows(self.user).filter(pk__in=[i for i in ids if i.isdigit()]))
        unknown = []
        for name in (part.strip() for part in SEPARATORS.split(text or "")):
            if not name:
                continue
            found = self.kind.find(name, self.user)
            if found is None:
                unknown.append(name)
            elif found not in records:
                records.append(found)
        if unknown:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"name": join_list(unknown)}
            )
        return records

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


# ----- Lists -----


class SearchForm(forms.Form):
    q = forms.CharField(label=_("搜尋"), required=False, max_length=200)


# ----- People -----


class ChangesMixin:
    """``changes()``: what to give a service — every field but the version."""

    def changes(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class PersonForm(ChangesMixin, forms.Form):
    """A person's names, place and (staff only) contact details."""

    name = model_form_field(
        Person, "name", help_text=_("依本人寫法，例如：小池百合子、Māris Sprindžuks")
    )
    name_latin = model_form_field(Person, "name_latin")
    name_zh = model_form_field(Person, "name_zh", help_text=_("本府慣用的中文譯名"))
    country = CountryField(label=_("國家"))
    city = PickField("city", label=_("城市"))
    our_side = model_form_field(Person, "our_side")
    email = model_form_field(Person, "email")
    phone = model_form_field(Person, "phone")
    mobile = model_form_field(Person, "mobile")
    address = model_form_field(Person, "address")
    website = model_form_field(Person, "website")
    notes = model_form_field(Person, "notes", widget=forms.Textarea(attrs={"rows": 4}))
    version = VersionField()

    def __init__(self, *args, new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if new:
            del self.fields["version"]

    @classmethod
    def initial_for(cls, person: Person) -> dict:
        initial = {name: getattr(person, name) for name in cls.base_fields if name != "city"}
        return initial | {"city": person.city}


class PositionForm(ChangesMixin, forms.Form):
    """A title someone holds at an organisation, from/to."""

    title = model_form_field(Position, "title")
    title_en = model_form_field(Position, "title_en")
    organisation = PickField("organisation", label=_("組織"))
    start_date = RocDateField(label=_("起"), required=False)
    end_date = RocDateField(label=_("迄"), required=False, help_text=_("仍在職時留空。"))

    @classmethod
    def initial_for(cls, position) -> dict:
        return {
            "title": position.title,
            "title_en": position.title_en,
            "organisation": position.organisation,
            "start_date": position.start_date,
            "end_date": position.end_date,
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("結束日期不可早於開始日期。"))
        return data


# ----- Organisations, cities, networks -----


class OrganisationForm(ChangesMixin, forms.Form):
    name = model_form_field(Organisation, "name")
    name_en = model_form_field(Organisation, "name_en")
    abbreviation = model_form_field(Organisation, "abbreviation")
    kind = model_form_field(Organisation, "kind")
    city = PickField("city", label=_("城市"))
    country = CountryField(label=_("國家"))
    website = model_form_field(Organisation, "website")
    notes = model_form_field(Organisation, "notes", widget=forms.Textarea(attrs={"rows": 4}))
    version = VersionField()

    def __init__(self, *args, new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if new:
            del self.fields["version"]

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict:
        initial = {n: getattr(organisation, n) for n in cls.base_fields if n != "city"}
        return initial | {"city": organisation.city}


class CityForm(ChangesMixin, forms.Form):
    name = model_form_field(City, "name", help_text=_("中文名稱，例如：東京、里加"))
    name_en = model_form_field(City, "name_en")
    country = CountryField(label=_("國家"))
    latitude = forms.FloatField(label=_("緯度"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("經度"), required=False, min_value=-180, max_value=180)
    timezone = TimeZoneField(label=_("時區"), help_text=_("例如：Asia/Tokyo"))

    @classmethod
    def initial_for(cls, city: City) -> dict:
        return {name: getattr(city, name) for name in cls.base_fields}


class NetworkForm(ChangesMixin, forms.Form):
    name = model_form_field(Network, "name")
    name_en = model_form_field(Network, "name_en")
    abbreviation = model_form_field(Network, "abbreviation")
    founded_year = forms.IntegerField(
        label=_("成立年"), required=False, min_value=1800, max_value=2200
    )
    founder = PickField("organisation", label=_("發起單位"))
    website = model_form_field(Network, "website")
    description = model_form_field(Network, "description", widget=forms.Textarea(attrs={"rows": 4}))

    @classmethod
    def initial_for(cls, network: Network) -> dict:
        return {name: getattr(network, name) for name in cls.base_fields}


class MembershipForm(forms.Form):
    city = PickField("city", label=_("城市"), required=True)
    since_year = forms.IntegerField(
        label=_("加入年"), required=False, min_value=1800, max_value=2200
    )


# ----- Agreements -----

# The suffixes accepted, and the content type each is served with.
AGREEMENT_FILES = {
    ".pdf": "application/pdf",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
ODT_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument.text"


def agreement_file_error(upload) -> str:
    """Why ``upload`` cannot be kept as an agreement's file; empty when it can."""
    suffix = Path(upload.name or "").suffix.lower()
    limit = settings.ENVOY_MAX_UPLOAD_BYTES
    if suffix not in AGREEMENT_FILES:
        return _("只接受 PDF、ODT 或 DOCX 檔，「%(name)s」不是。") % {"name": upload.name}
    if upload.size > limit:
        return _("檔案太大（%(size).1f MB），上限為 %(limit)d MB。") % {
            "size": upload.size / 1024 / 1024,
            "limit": limit // (1024 * 1024),
        }
    if upload.size == 0:
        return _("檔案是空的。")
    upload.seek(0)
    head = upload.read(100)
    upload.seek(0)
    is_pdf = head.startswith(b"%PDF")
    is_zip = head.startswith(b"PK\x03\x04")
    if (suffix == ".pdf" and not is_pdf) or (suffix in (".odt", ".docx") and not is_zip):
        return _("「%(name)s」的內容不是 %(kind)s 檔。") % {
            "name": upload.name,
            "kind": suffix[1:].upper(),
        }
    if suffix == ".odt" and ODT_MIMETYPE not in head:
        return _("「%(name)s」的內容不是 %(kind)s 檔。") % {"name": upload.name, "kind": "ODT"}
    return ""


class AgreementFileField(forms.FileField):
    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and hasattr(value, "size") and value is not initial:
            if error := agreement_file_error(value):
                raise forms.ValidationError(error, code="file")
        return value


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("類型"), choices=AgreementKind.choices)
    title = model_form_field(Agreement, "title")
    title_en = model_form_field(Agreement, "title_en")
    date = RocDateField(label=_("簽署日期"), required=False)
    end_date = RocDateField(label=_("終止日期"), required=False, help_text=_("仍有效時留空。"))
    cities = MultiPickField("city", label=_("城市"))
    organisations = MultiPickField("organisation", label=_("組織"))
    network = forms.ModelChoiceField(
        label=_("城市網絡"), queryset=Network.objects.all(), required=False
    )
    mission = PickField("mission", label=_("任務"))
    summary = model_form_field(Agreement, "summary", widget=forms.Textarea(attrs={"rows": 5}))
    file = AgreementFileField(
        label=_("檔案"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.odt,.docx"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].user = user
        limit = settings.ENVOY_MAX_UPLOAD_BYTES // (1024 * 1024)
        self.fields["file"].help_text = _("PDF、ODT 或 DOCX，%(limit)d MB 以內。") % {
            "limit": limit
        }

    @classmethod
    def initial_for(cls, agreement: Agreement) -> dict:
        initial = {
            name: getattr(agreement, name)
            for name in ("kind", "title", "title_en", "date", "end_date", "summary", "file")
        }
        return initial | {
            "cities": list(agreement.cities.all()),
            "organisations": list(agreement.organisations.all()),
            "network": agreement.network_id,
            "mission": agreement.mission,
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("結束日期不可早於開始日期。"))
        return data

    def changes(self) -> dict:
        """What to give ``save_agreement``: the file only when one was uploaded or cleared."""
        data = {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("cities", "organisations", "file")
        }
        upload = self.cleaned_data.get("file")
        if upload is False:
            data["file"] = ""
        elif upload and "file" in self.files:
            data["file"] = upload
        return data


# ----- Meetings -----


class MeetingForm(ChangesMixin, forms.Form):
    """One meeting (交流紀錄) and what the city owes after it."""

    person = PickField("person", label=_("對象"), required=True)
    date = RocDateField(label=_("日期"), required=False)
    mission = PickField("mission", label=_("任務"))
    city = PickField("city", label=_("地點城市"))
    met_by = model_form_field(Interaction, "met_by", help_text=_("例如：祝惠美處長"))
    title_then = model_form_field(Interaction, "title_then")
    notes = model_form_field(Interaction, "notes", widget=forms.Textarea(attrs={"rows": 4}))
    follow_up = model_form_field(Interaction, "follow_up", widget=forms.Textarea(attrs={"rows": 3}))
    follow_up_owner = forms.ModelChoiceField(
        label=_("承辦人"), queryset=User.objects.none(), required=False
    )
    follow_up_due = RocDateField(label=_("辦理期限"), required=False)
    follow_up_done_on = RocDateField(label=_("完成日期"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].user = user
        self.fields["follow_up_owner"].queryset = User.objects.filter(is_active=True).order_by(
            "username"
        )
        self.fields["follow_up_owner"].label_from_instance = lambda u: u.display_name

    @classmethod
    def initial_for(cls, interaction: Interaction) -> dict:
        initial = {
            name: getattr(interaction, name)
            for name in cls.base_fields
            if name not in ("follow_up_owner",)
        }
        return initial | {"follow_up_owner": interaction.follow_up_owner_id}

    def clean(self):
        data = super().clean()
        if (data.get("follow_up_due") or data.get("follow_up_done_on")) and not (
            data.get("follow_up") or ""
        ).strip():
            self.add_error("follow_up", _("有辦理期限或完成日期時，請填寫後續辦理事項。"))
        return data


# ----- Duplicates -----


class MergeForm(forms.Form):
    """Two records of one person: which one to keep."""

    first = forms.IntegerField(widget=forms.HiddenInput)
    second = forms.IntegerField(widget=forms.HiddenInput)
    keep = forms.IntegerField()

    def clean(self):
        data = super().clean()
        pair = {data.get("first"), data.get("second")}
        if data.get("keep") not in pair or len(pair) != 2:
            raise forms.ValidationError(_("請選擇要保留的一筆。"))
        people = Person.objects.in_bulk(list(pair))
        if len(people) != 2:
            raise forms.ValidationError(_("其中一筆人員資料已不存在，可能已被合併。"))
        data["keep_person"] = people[data["keep"]]
        data["duplicate_person"] = people[(pair - {data["keep"]}).pop()]
        return data


__all__ = [
    "AgreementForm",
    "CityForm",
    "MeetingForm",
    "MembershipForm",
    "MergeForm",
    "NetworkForm",
    "OrganisationForm",
    "PersonForm",
    "PositionForm",
    "SearchForm",
]
