"""Missions: a trip abroad (出訪) or a visit received (來訪), its delegation and itinerary."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from envoy.core.lib.places import regions
from envoy.core.lib.titles import title_without_organisation

from .enums import ContactKind, Direction, ItemKind, TripCategory

# Official titles run long: the longest in the national portal's metadata exceed 200 characters.
TITLE_LENGTH = 500


class Mission(models.Model):
    """One mission: the trip, its delegation and itinerary. The report hangs off it."""

    direction = models.CharField(
        _("方向"), max_length=10, choices=Direction.choices, default=Direction.OUTBOUND
    )
    title = models.CharField(_("計畫名稱"), max_length=TITLE_LENGTH)
    category = models.CharField(
        _("出國類別"), max_length=20, choices=TripCategory.choices, default=TripCategory.OTHER
    )
    # The words in parentheses after the category, e.g. 出席國際會議 in 其他(出席國際會議).
    category_detail = models.CharField(_("類別說明"), max_length=200, blank=True)
    # 前往地區 as files and older records wrote it. Regions follow from the countries: the
    # services fold what this names into destination_countries and leave it blank.
    region = models.CharField(_("前往地區"), max_length=200, blank=True)
    host_agency = models.CharField(_("主辦機關"), max_length=200, blank=True)
    visited_agencies = models.TextField(_("參訪機關"), blank=True)
    start_date = models.DateField(_("出國日期"), null=True, blank=True)
    end_date = models.DateField(_("返國日期"), null=True, blank=True)
    # ISO 3166 alpha-2 codes (KR), shown by name (``envoy.core.lib.places.country_name``);
    # a value naming no country is kept as written and shown flagged.
    destination_countries = models.JSONField(_("前往國家"), default=list, blank=True)
    destination_cities = models.JSONField(_("前往城市"), default=list, blank=True)
    # A visit received (來訪): who the visitors are. The visitors' country and city are kept
    # in destination_countries/destination_cities, so that the filters, search and the
    # briefing pack, which read those as "the foreign place this mission concerns", hold
    # both kinds; the visit's pages and forms label them as the visitors'.
    visitor_organisation = models.CharField(_("來訪單位"), max_length=300, blank=True)
    # The bureau that owns the mission: its editors may change it.
    bureau = models.ForeignKey(
        "core.Bureau",
        verbose_name=_("主責局處"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="missions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("任務")
        verbose_name_plural = _("任務")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["-start_date", "-id"], name="mission_newest_first")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date"))
                | models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True),
                name="mission_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_visit(self) -> bool:
        """A visit received (來訪): no 出國類別, no report and so no report deadline."""
        return self.direction == Direction.INBOUND

    # How the pages name the mission's parts: a visit's people are visitors, its period the
    # visit's, its itinerary the programme the city hosts (接待行程), its bureau the host.
    @property
    def people_label(self) -> str:
        return _("來訪人員") if self.is_visit else _("出國人員")

    @property
    def period_label(self) -> str:
        return _("來訪期間") if self.is_visit else _("出國期間")

    @property
    def programme_label(self) -> str:
        return _("接待行程") if self.is_visit else _("行程")

    @property
    def bureau_label(self) -> str:
        return _("接待局處") if self.is_visit else _("主責局處")

    @property
    def countries_label(self) -> str:
        return _("來訪者國家") if self.is_visit else _("前往國家")

    @property
    def cities_label(self) -> str:
        return _("來訪者城市") if self.is_visit else _("前往城市")

    @property
    def regions_shown(self) -> list[str]:
        """The continents of the countries (亞洲), in the reader's language."""
        return regions(self.destination_countries)

    @property
    def category_label(self) -> str:
        """出國類別 as printed on the cover: 其他(出席國際會議)."""
        label = str(TripCategory(self.category).label)
        return f"{label}({self.category_detail})" if self.category_detail else label

    @property
    def duration_days(self) -> int | None:
        if self.start_date and self.end_date:
            return (self.end_date - self.start_date).days + 1
        return None


class DelegationMember(models.Model):
    """出國人員: one traveller as the portal records them."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="members")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("姓名"), max_length=200)
    agency = models.CharField(_("服務機關"), max_length=200, blank=True)
    unit = models.CharField(_("服務單位"), max_length=200, blank=True)
    title = models.CharField(_("職稱"), max_length=200, blank=True)
    rank = models.CharField(_("官職等"), max_length=100, blank=True)
    is_head = models.BooleanField(_("團長"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["mission", "position", "id"]
        verbose_name = _("出國人員")
        verbose_name_plural = _("出國人員")

    def __str__(self) -> str:
        return f"{self.title}{self.name}" if self.title else self.name

    @property
    def shown_title(self) -> str:
        """The title beside the agency and unit, without repeating them (秘書處處長 in
        秘書處 is its 處長)."""
        return title_without_organisation(self.title, self.agency + self.unit, self.unit)


class ItineraryDay(models.Model):
    """One row of the 行程表: a date, where the delegation was and what it did."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("日期"))
    countries = models.JSONField(_("國家"), default=list, blank=True)  # ISO codes, as a mission's
    places = models.JSONField(_("地點"), default=list, blank=True)
    heading = models.CharField(_("行程主題"), max_length=TITLE_LENGTH, blank=True)
    remarks = models.TextField(_("備註"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["mission", "date", "id"]
        verbose_name = _("行程日")
        verbose_name_plural = _("行程日")
        constraints = [
            models.UniqueConstraint(fields=["mission", "date"], name="one_itinerary_day_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.date} {' / '.join(self.places)}"


class ItineraryItem(models.Model):
    """A programme item of a day: a flight, a session, a visit, a meeting or a meal.

    Times are kept as the local wall-clock time with its IANA zone, the way itineraries are
    written; ``starts_at``/``ends_at`` are the same instants in UTC, derived on save.
    """

    day = models.ForeignKey(ItineraryDay, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(
        _("類型"), max_length=10, choices=ItemKind.choices, default=ItemKind.SESSION
    )
    text = models.TextField(_("行程"))
    place = models.CharField(_("地點"), max_length=300, blank=True)
    start_time = models.TimeField(_("開始（當地時間）"), null=True, blank=True)
    start_timezone = models.CharField(_("開始時區"), max_length=64, blank=True)
    end_time = models.TimeField(_("結束（當地時間）"), null=True, blank=True)
    end_timezone = models.CharField(_("結束時區"), max_length=64, blank=True)
    end_date = models.DateField(
        _("結束日期"), null=True, blank=True, help_text=_("跨日時填寫，例如夜間航班。")
    )
    flight_number = models.CharField(_("航班"), max_length=12, blank=True)
    origin = models.CharField(_("出發地"), max_length=200, blank=True)
    destination = models.CharField(_("目的地"), max_length=200, blank=True)
    starts_at = models.DateTimeField(null=True, blank=True, editable=False)
    ends_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["day", "position", "id"]
        verbose_name = _("行程項目")
        verbose_name_plural = _("行程項目")

    def __str__(self) -> str:
        return self.text

    @property
    def kind_label(self) -> str:
        """The kind in words: ``get_kind_display`` without its cost (it translates every
        kind's label to find the one it wants), for pages that list many items."""
        try:
            return ItemKind(self.kind).label
        except ValueError:  # a kind no longer known shows as stored
            return self.kind

    def save(self, *args, **kwargs):
        self.set_instants()
        super().save(*args, **kwargs)

    def set_instants(self) -> None:
        """Work out ``starts_at``/``ends_at`` from the local times; call before bulk_create."""
        self.starts_at = _instant(self.day.date, self.start_time, self.start_timezone)
        self.ends_at = _instant(
            self.end_date or self.day.date, self.end_time, self.end_timezone or self.start_timezone
        )


class Lodging(models.Model):
    """Where the delegation stays (住宿): a hotel and the nights spent there, from the
    check-in date to the check-out date (the morning it is left)."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="lodgings")
    name = models.CharField(_("住宿名稱"), max_length=200)
    city = models.CharField(_("城市"), max_length=100, blank=True)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    phone = models.CharField(_("電話"), max_length=50, blank=True)
    check_in = models.DateField(_("入住日期"), null=True, blank=True)
    check_in_time = models.TimeField(_("入住時間（當地時間）"), null=True, blank=True)
    check_out = models.DateField(_("退房日期"), null=True, blank=True)
    note = models.TextField(_("備註"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["mission", "check_in", "id"]
        verbose_name = _("住宿")
        verbose_name_plural = _("住宿")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(check_out__gte=models.F("check_in"))
                | models.Q(check_out__isnull=True)
                | models.Q(check_in__isnull=True),
                name="lodging_check_out_after_check_in",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def covers_night(self, date: dt.date) -> bool:
        """Whether the night after ``date`` is spent here."""
        if self.check_in is None:
            return False
        return self.check_in <= date and (self.check_out is None or date < self.check_out)


class EmergencyContact(models.Model):
    """Someone a traveller calls when something goes wrong (緊急聯絡人): the Taiwan
    representative office for the destination (駐外館處), the host's contact, the
    delegation's leader, or another."""

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="emergency_contacts"
    )
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(
        _("類別"), max_length=10, choices=ContactKind.choices, default=ContactKind.OTHER
    )
    name = models.CharField(_("姓名或名稱"), max_length=200)
    organisation = models.CharField(_("單位"), max_length=200, blank=True)
    phone = models.CharField(_("電話"), max_length=50, blank=True)
    email = models.EmailField(_("電子郵件"), max_length=200, blank=True)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    note = models.TextField(_("備註"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["mission", "position", "id"]
        verbose_name = _("緊急聯絡人")
        verbose_name_plural = _("緊急聯絡人")

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        try:
            return ContactKind(self.kind).label
        except ValueError:  # a kind no longer known shows as stored
            return self.kind


def _instant(date: dt.date, time: dt.time | None, zone: str) -> dt.datetime | None:
    if time is None or not zone:
        return None
    local = dt.datetime.combine(date, time, tzinfo=ZoneInfo(zone))
    return local.astimezone(dt.UTC)
