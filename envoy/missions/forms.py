"""Forms of the mission pages. They check what the user typed; the services save it."""

import datetime as dt
import re
from zoneinfo import available_timezones

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from envoy.core.forms import RocDateField, VersionField, model_form_field
from envoy.core.lib.places import country_names
from envoy.core.lib.punctuation import join_list
from envoy.core.lib.zones import city_name, zone_choices
from envoy.core.models import Bureau

from .enums import Direction, ItemKind
from .models import (
    DelegationMember,
    EmergencyContact,
    ItineraryDay,
    ItineraryItem,
    Lodging,
    Mission,
)
from .permissions import can_change_mission_bureau
from .services import MISSION_FIELDS, VISIT_FIELDS


class ListField(forms.CharField):
    """A list of names typed on one line: 日本、韓國 or 日本, 韓國."""

    SEPARATORS = re.compile(r"[,，、;；\n]+")

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return join_list(value)
        return value

    def clean(self, value) -> list[str]:
        text = super().clean(value)
        return [part.strip() for part in self.SEPARATORS.split(text or "") if part.strip()]


class CountryListField(ListField):
    """Countries typed on one line, by any of their names (南韓, 韓國, South Korea); shown
    again by their names in the user's language. The services keep them as ISO codes."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            value = country_names(list(value))
        return super().prepare_value(value)


class ZoneSelect(forms.Select):
    """The zone picker: cities and offsets in the reader's language (首爾 UTC+9), each
    option carrying the words a search may match (``data-search``: 首尔 Seoul Asia/Seoul…),
    which the filter beside it (envoy.js, ``data-select-filter``) uses."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if search := self.search_words.get(value):
            option["attrs"]["data-search"] = search
        return option


class TimeZoneField(forms.ChoiceField):
    """An IANA zone picked by its city and offset; empty means "from the places" (the
    service fills it: ``services._fill_zones``). A stored zone the list does not hold
    (an alias such as Asia/Calcutta) stays choosable as it is."""

    widget = ZoneSelect

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.search_words = {}

    def set_day(self, day: dt.date | None) -> None:
        """Label the zones by their offsets on ``day`` (daylight saving time counts)."""
        language = translation.get_language() or "zh-hant"
        choices = zone_choices(day or dt.date.today(), language)
        self.choices = [("", _("依地點自動"))] + [(c.zone, c.label) for c in choices]
        self.widget.search_words = {c.zone: c.search for c in choices}

    def valid_value(self, value) -> bool:
        return value in available_timezones()

    def prepare_value(self, value):
        if value and value not in self.widget.search_words and value in available_timezones():
            self.choices = [*self.choices, (value, f"{city_name(value)} ({value})")]
        return value

    def clean(self, value) -> str:
        zone = (value or "").strip()
        if zone and zone not in available_timezones():
            raise forms.ValidationError(
                _("「%(zone)s」不是時區名稱，請從清單選擇，例如 Asia/Tokyo。"),
                params={"zone": zone},
                code="invalid_zone",
            )
        return zone


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class NewMissionForm(forms.Form):
    """A new trip abroad (出訪): what the national portal requires, and its bureau."""

    direction = Direction.OUTBOUND
    title = model_form_field(Mission, "title")
    start_date = RocDateField(label=_("出國日期"))
    end_date = RocDateField(label=_("返國日期"))
    category = model_form_field(Mission, "category")
    category_detail = model_form_field(Mission, "category_detail")
    bureau = forms.ModelChoiceField(
        label=_("主責局處"), queryset=Bureau.objects.all(), required=False
    )
    period_error = _("返國日期不能早於出國日期。")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_change_mission_bureau(user):
            del self.fields["bureau"]
        elif user.bureau_id and not self.is_bound:
            self.fields["bureau"].initial = user.bureau_id

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", self.period_error)
        return data


class NewVisitForm(NewMissionForm):
    """A new visit received (來訪): who comes, from where, when, and the bureau hosting
    them. No 出國類別: a visit is no trip abroad. The programme (接待行程) is the
    itinerary, added on the editing page."""

    direction = Direction.INBOUND
    field_order = VISIT_FIELDS
    category = None
    category_detail = None
    title = model_form_field(
        Mission, "title", label=_("來訪名稱"), help_text=_("例如：東京都政府代表團來訪")
    )
    visitor_organisation = model_form_field(
        Mission, "visitor_organisation", help_text=_("來訪團體所屬的政府、城市或機構")
    )
    destination_countries = CountryListField(
        label=_("來訪者國家"), required=False, help_text=_("以頓號或逗號分隔，例如：日本、韓國")
    )
    destination_cities = ListField(
        label=_("來訪者城市"), required=False, help_text=_("以頓號或逗號分隔，例如：東京、大阪")
    )
    start_date = RocDateField(label=_("來訪開始日期"))
    end_date = RocDateField(label=_("來訪結束日期"))
    bureau = forms.ModelChoiceField(
        label=_("接待局處"), queryset=Bureau.objects.all(), required=False
    )
    period_error = _("來訪結束日期不能早於開始日期。")


class _Editing:
    """What the editing forms share; each declares its ``version`` (the version the user
    started from), since Django collects fields from form classes only."""

    @classmethod
    def initial_for(cls, mission: Mission) -> dict:
        initial = {name: getattr(mission, name) for name in cls.base_fields if name != "bureau"}
        return initial | {"bureau": mission.bureau_id}

    def changes(self) -> dict:
        """What to give ``update_mission``: every field but the version."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class MissionForm(_Editing, NewMissionForm):
    """A trip abroad's metadata as the national portal records it."""

    field_order = MISSION_FIELDS
    version = VersionField()
    host_agency = model_form_field(Mission, "host_agency")
    visited_agencies = model_form_field(
        Mission, "visited_agencies", widget=forms.Textarea(attrs={"rows": 3})
    )
    destination_countries = CountryListField(
        label=_("前往國家"), required=False, help_text=_("以頓號或逗號分隔，例如：日本、韓國")
    )
    destination_cities = ListField(
        label=_("前往城市"), required=False, help_text=_("以頓號或逗號分隔，例如：東京、大阪")
    )


class VisitForm(_Editing, NewVisitForm):
    """A visit's metadata."""

    version = VersionField()


def mission_form_class(mission: Mission) -> type[MissionForm] | type[VisitForm]:
    """The form that edits ``mission``'s metadata: a trip's or a visit's."""
    return VisitForm if mission.is_visit else MissionForm


class DirectionForm(forms.Form):
    """Turning a trip into a visit or back: the version the user saw when they asked."""

    version = VersionField()


class MemberForm(forms.Form):
    """One traveller (出國人員)."""

    name = model_form_field(DelegationMember, "name")
    agency = model_form_field(DelegationMember, "agency")
    unit = model_form_field(DelegationMember, "unit")
    title = model_form_field(DelegationMember, "title")
    rank = model_form_field(DelegationMember, "rank")
    is_head = model_form_field(DelegationMember, "is_head")
    version = VersionField()

    def __init__(self, *args, new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if new:
            del self.fields["version"]

    @classmethod
    def initial_for(cls, member: DelegationMember) -> dict:
        return {name: getattr(member, name) for name in cls.base_fields}

    def changes(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class DayForm(forms.Form):
    """One day of the itinerary."""

    date = RocDateField(label=_("日期"))
    countries = CountryListField(label=_("國家"), required=False, help_text=_("例如：臺灣、日本"))
    places = ListField(label=_("地點"), required=False, help_text=_("例如：臺北、東京"))
    heading = model_form_field(ItineraryDay, "heading")
    remarks = model_form_field(ItineraryDay, "remarks", widget=forms.Textarea(attrs={"rows": 2}))
    version = VersionField()

    def __init__(self, *args, mission: Mission | None = None, new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if new:
            del self.fields["version"]
        if mission is not None:  # 10/5 is a day of the trip
            self.fields["date"].set_period(mission.start_date, mission.end_date)

    @classmethod
    def initial_for(cls, day: ItineraryDay) -> dict:
        return {name: getattr(day, name) for name in cls.base_fields}

    def changes(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ItemForm(forms.Form):
    """One programme item: a flight, a session, a visit… with local times and their zones."""

    kind = forms.ChoiceField(label=_("類型"), choices=ItemKind.choices)
    text = model_form_field(ItineraryItem, "text", widget=forms.Textarea(attrs={"rows": 2}))
    place = model_form_field(ItineraryItem, "place")
    start_time = forms.TimeField(label=_("開始（當地時間）"), required=False, widget=TimeInput)
    start_timezone = TimeZoneField(
        label=_("開始時區"), help_text=_("出發地或地點可辨識時依其城市填入。")
    )
    end_time = forms.TimeField(label=_("結束（當地時間）"), required=False, widget=TimeInput)
    end_timezone = TimeZoneField(
        label=_("結束時區"), help_text=_("目的地可辨識時依其城市填入；與開始時區相同時可留空。")
    )
    end_date = RocDateField(
        label=_("結束日期"), required=False, help_text=_("跨日時填寫，例如夜間航班。")
    )
    flight_number = model_form_field(ItineraryItem, "flight_number")
    origin = model_form_field(ItineraryItem, "origin")
    destination = model_form_field(ItineraryItem, "destination")
    version = VersionField()

    def __init__(self, *args, day: ItineraryDay | None = None, new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if new:
            del self.fields["version"]
        for name in ("start_timezone", "end_timezone"):
            self.fields[name].set_day(day.date if day else None)
        if day is not None and day.mission.end_date:
            # 10/5 is a day of the trip from the item's own day on, or the morning after
            # its return (a night flight home).
            last = day.mission.end_date + dt.timedelta(days=1)
            self.fields["end_date"].set_period(day.date, last)

    @classmethod
    def initial_for(cls, item: ItineraryItem) -> dict:
        return {name: getattr(item, name) for name in cls.base_fields}

    def changes(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class LodgingForm(forms.Form):
    """Where the delegation stays (住宿)."""

    name = model_form_field(Lodging, "name")
    city = model_form_field(Lodging, "city")
    address = model_form_field(Lodging, "address")
    phone = model_form_field(Lodging, "phone")
    check_in = RocDateField(label=_("入住日期"), required=False)
    check_in_time = forms.TimeField(
        label=_("入住時間（當地時間）"), required=False, widget=TimeInput()
    )
    check_out = RocDateField(label=_("退房日期"), required=False)
    note = model_form_field(Lodging, "note", widget=forms.Textarea(attrs={"rows": 2}))
    version = VersionField()

    def __init__(self, *args, mission: Mission | None = None, new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if new:
            del self.fields["version"]
        if mission is not None:  # 10/5 is a day of the trip
            for name in ("check_in", "check_out"):
                self.fields[name].set_period(mission.start_date, mission.end_date)

    @classmethod
    def initial_for(cls, lodging: Lodging) -> dict:
        return {name: getattr(lodging, name) for name in cls.base_fields}

    def changes(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class EmergencyContactForm(forms.Form):
    """Someone to call when something goes wrong (緊急聯絡人)."""

    kind = model_form_field(EmergencyContact, "kind")
    name = model_form_field(EmergencyContact, "name")
    organisation = model_form_field(EmergencyContact, "organisation")
    phone = model_form_field(EmergencyContact, "phone")
    email = model_form_field(EmergencyContact, "email")
    address = model_form_field(EmergencyContact, "address")
    note = model_form_field(EmergencyContact, "note", widget=forms.Textarea(attrs={"rows": 2}))
    version = VersionField()

    def __init__(self, *args, new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if new:
            del self.fields["version"]

    @classmethod
    def initial_for(cls, contact: EmergencyContact) -> dict:
        return {name: getattr(contact, name) for name in cls.base_fields}

    def changes(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}
