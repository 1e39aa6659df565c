"""The people, organisations, cities and networks the city keeps relations with, the
agreements it signs, the events it attends, and every time it met someone.

A person and an organisation are held by a bureau (``bureau``; none: the
international-affairs office), which keeps their record and notes. Contact details are for
staff, notes for the holders: ``permissions`` decides; public pages never show them.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from envoy.core.lib.places import country_name
from envoy.core.lib.punctuation import aside
from envoy.core.lib.titles import title_without_organisation
from envoy.core.models import in_language

from .enums import AgreementKind, Decision, OrganisationKind


class City(models.Model):
    """A city (or a county, a metropolitan government): names in zh-Hant and English, where
    it is, and — when it came from the packaged gazetteer — its GeoNames id."""

    name = models.CharField(_("名稱"), max_length=100)
    name_en = models.CharField(_("英文名稱"), max_length=200, blank=True)
    country = models.CharField(_("國家代碼"), max_length=2, blank=True)
    latitude = models.FloatField(_("緯度"), null=True, blank=True)
    longitude = models.FloatField(_("經度"), null=True, blank=True)
    timezone = models.CharField(_("時區"), max_length=64, blank=True)
    geonames_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    # Missions that went there (or came from there).
    missions = models.ManyToManyField(
        "missions.Mission", blank=True, related_name="cities", verbose_name=_("任務")
    )

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("城市")
        verbose_name_plural = _("城市")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name

    @property
    def country_name(self) -> str:
        return country_name(self.country) if self.country else ""


class Organisation(models.Model):
    """A city government, a ministry, a network's secretariat, a company…"""

    name = models.CharField(_("名稱"), max_length=200)
    name_en = models.CharField(_("英文名稱"), max_length=300, blank=True)
    abbreviation = models.CharField(_("簡稱"), max_length=40, blank=True)
    kind = models.CharField(
        _("類型"), max_length=24, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    city = models.ForeignKey(
        City,
        verbose_name=_("城市"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    country = models.CharField(_("國家代碼"), max_length=2, blank=True)
    website = models.URLField(_("網站"), blank=True)
    notes = models.TextField(_("備註"), blank=True)  # its holders only
    # The bureau that holds the record (changes it, reads its notes, exports it); none: the
    # international-affairs office. Set from the creating user's bureau.
    bureau = models.ForeignKey(
        "core.Bureau",
        verbose_name=_("維護局處"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("組織")
        verbose_name_plural = _("組織")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Person(models.Model):
    """Someone the city met or works with. ``name`` is as the person writes it (小池百合子,
    Māris Sprindžuks); ``name_latin`` its Latin-letter form; ``name_zh`` a Chinese rendering
    officers use (迪內希 for Dinesh Vasu Dash)."""

    name = models.CharField(_("姓名"), max_length=200)
    name_latin = models.CharField(_("拉丁字母姓名"), max_length=200, blank=True)
    name_zh = models.CharField(_("中文譯名"), max_length=100, blank=True)
    # Other spellings met so far (kept when duplicates are merged): matched, never shown first.
    other_names = models.JSONField(_("其他寫法"), default=list, blank=True)
    country = models.CharField(_("國家代碼"), max_length=2, blank=True)
    city = models.ForeignKey(
        City,
        verbose_name=_("城市"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    our_side = models.BooleanField(_("本府人員"), default=False)
    # Contact details: staff only; notes: the record's holders only.
    email = models.EmailField(_("電子郵件"), blank=True)
    phone = models.CharField(_("電話"), max_length=60, blank=True)
    mobile = models.CharField(_("手機"), max_length=60, blank=True)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    website = models.URLField(_("網站"), blank=True)
    notes = models.TextField(_("備註"), blank=True)
    # The bureau that holds the record (changes it, reads its notes, exports it); none: the
    # international-affairs office. Set from the creating user's bureau.
    bureau = models.ForeignKey(
        "core.Bureau",
        verbose_name=_("維護局處"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["version", "created_at", "updated_at"])

    CONTACT_FIELDS = ("email", "phone", "mobile", "address", "website")
    PRIVATE_FIELDS = (*CONTACT_FIELDS, "notes")

    class Meta:
        ordering = ["name"]
        verbose_name = _("人員")
        verbose_name_plural = _("人員")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """小池百合子; Dinesh Vasu Dash（迪內希）. On English screens the Latin form stands
        beside a name in another script instead: 小池百合子 (Yuriko Koike)."""
        other = self.name_latin if (get_language() or "").startswith("en") else self.name_zh
        if other and other != self.name:
            return f"{self.name}{aside(other)}"
        return self.name

    def all_names(self) -> list[str]:
        names = [self.name, self.name_latin, self.name_zh, *self.other_names]
        return [n for n in dict.fromkeys(names) if n]


class Position(models.Model):
    """A title someone holds at an organisation, from/to (知事, 東京都, 2016–)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(_("職稱"), max_length=200)
    title_en = models.CharField(_("英文職稱"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("組織"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="positions",
    )
    start_date = models.DateField(_("起"), null=True, blank=True)
    end_date = models.DateField(_("迄"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", models.F("end_date").desc(nulls_first=True), "-start_date", "id"]
        verbose_name = _("職位")
        verbose_name_plural = _("職位")

    def __str__(self) -> str:
        return f"{self.organisation or ''}{self.shown_title}"

    @property
    def shown_title(self) -> str:
        """The title as shown beside its organisation: 副處長 at 巴黎國際關係處, even when
        kept as 國際關係處副處長."""
        organisation = self.organisation
        if organisation is None:
            return self.title
        return title_without_organisation(self.title, organisation.name, organisation.name_en)

    @property
    def label(self) -> str:
        """東京都 知事; the title alone without an organisation."""
        organisation = self.organisation
        return " ".join(p for p in (str(organisation or ""), self.shown_title) if p)

    def current_on(self, day: dt.date) -> bool:
        return (self.start_date is None or self.start_date <= day) and (
            self.end_date is None or day <= self.end_date
        )


class Network(models.Model):
    """A city network (G-NETS, ICLEI, C40…): who founded it and who belongs."""

    name = models.CharField(_("名稱"), max_length=200)
    name_en = models.CharField(_("英文名稱"), max_length=300, blank=True)
    abbreviation = models.CharField(_("簡稱"), max_length=40, blank=True)
    founded_year = models.PositiveSmallIntegerField(_("成立年"), null=True, blank=True)
    founder = models.ForeignKey(
        Organisation,
        verbose_name=_("發起單位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="networks_founded",
    )
    website = models.URLField(_("網站"), blank=True)
    description = models.TextField(_("說明"), blank=True)

    class Meta:
        ordering = ["abbreviation", "name"]
        verbose_name = _("城市網絡")
        verbose_name_plural = _("城市網絡")

    def __str__(self) -> str:
        name = in_language(self.name, self.name_en)
        if self.abbreviation and self.abbreviation != name:
            return f"{name}{aside(self.abbreviation)}"
        return name


class Membership(models.Model):
    """A city's membership of a network, from ``since_year`` (New Taipei in G-NETS, 2023)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="memberships")
    since_year = models.PositiveSmallIntegerField(_("加入年"), null=True, blank=True)
    until_year = models.PositiveSmallIntegerField(_("退出年"), null=True, blank=True)

    class Meta:
        ordering = ["network", "since_year", "id"]
        verbose_name = _("網絡會員")
        verbose_name_plural = _("網絡會員")
        constraints = [
            models.UniqueConstraint(fields=["network", "city"], name="one_membership_per_city")
        ]


class Event(models.Model):
    """An event attended: a summit, a forum, an expo — maybe one edition of a network's."""

    name = models.CharField(_("名稱"), max_length=300)
    name_en = models.CharField(_("英文名稱"), max_length=300, blank=True)
    network = models.ForeignKey(
        Network,
        verbose_name=_("城市網絡"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    edition = models.PositiveSmallIntegerField(_("屆次"), null=True, blank=True)
    theme = models.CharField(_("主題"), max_length=300, blank=True)
    city = models.ForeignKey(
        City,
        verbose_name=_("城市"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    start_date = models.DateField(_("開始日期"), null=True, blank=True)
    end_date = models.DateField(_("結束日期"), null=True, blank=True)
    missions = models.ManyToManyField(
        "missions.Mission", blank=True, related_name="events", verbose_name=_("任務")
    )

    class Meta:
        ordering = [models.F("start_date").desc(nulls_last=True), "name"]
        verbose_name = _("活動")
        verbose_name_plural = _("活動")

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """One session of an event (開幕式, 平行論壇, 全體大會…)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("名稱"), max_length=300)
    date = models.DateField(_("日期"), null=True, blank=True)

    class Meta:
        ordering = ["event", "date", "id"]
        verbose_name = _("場次")
        verbose_name_plural = _("場次")

    def __str__(self) -> str:
        return self.title


class Presentation(models.Model):
    """The city's own contribution: a talk with its title in both languages, who gave it,
    the slides."""

    title = models.CharField(_("題目"), max_length=500)
    title_en = models.CharField(_("英文題目"), max_length=500, blank=True)
    speaker = models.ForeignKey(
        Person,
        verbose_name=_("講者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presentations",
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("活動"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presentations",
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("場次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presentations",
    )
    mission = models.ForeignKey(
        "missions.Mission",
        verbose_name=_("任務"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presentations",
    )
    date = models.DateField(_("日期"), null=True, blank=True)
    slides = models.FileField(_("簡報檔"), upload_to="slides/%Y/", blank=True)

    class Meta:
        ordering = [models.F("date").desc(nulls_last=True), "id"]
        verbose_name = _("發表")
        verbose_name_plural = _("發表")

    def __str__(self) -> str:
        return self.title


class SiteVisit(models.Model):
    """A place visited on a mission and what the city could learn from it (借鏡)."""

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="site_visits"
    )
    name = models.CharField(_("名稱"), max_length=300)
    other_name = models.CharField(_("其他名稱"), max_length=300, blank=True)
    date = models.DateField(_("日期"), null=True, blank=True)
    city = models.ForeignKey(
        City,
        verbose_name=_("城市"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="site_visits",
    )
    lesson = models.TextField(_("可借鏡之處"), blank=True)

    class Meta:
        ordering = ["mission", "date", "id"]
        verbose_name = _("參訪地點")
        verbose_name_plural = _("參訪地點")

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    """A sister-city agreement, an MOU, a joint communiqué, an action initiative…"""

    kind = models.CharField(_("類型"), max_length=16, choices=AgreementKind.choices)
    title = models.CharField(_("名稱"), max_length=500)
    title_en = models.CharField(_("英文名稱"), max_length=500, blank=True)
    date = models.DateField(_("簽署日期"), null=True, blank=True)
    # The day it lapses or was ended; none while it runs.
    end_date = models.DateField(_("終止日期"), null=True, blank=True)
    cities = models.ManyToManyField(
        City, blank=True, related_name="agreements", verbose_name=_("城市")
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="agreements", verbose_name=_("組織")
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("城市網絡"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("活動"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
    )
    mission = models.ForeignKey(
        "missions.Mission",
        verbose_name=_("任務"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
    )
    summary = models.TextField(_("內容摘要"), blank=True)
    file = models.FileField(_("檔案"), upload_to="agreements/%Y/", blank=True)

    class Meta:
        ordering = [models.F("date").desc(nulls_last=True), "id"]
        verbose_name = _("協定與宣言")
        verbose_name_plural = _("協定與宣言")

    def __str__(self) -> str:
        return self.title

    @property
    def parties(self) -> list[str]:
        """The cities, then the organisations, that signed it (from prefetched rows)."""
        return [c.display_name for c in self.cities.all()] + [
            o.display_name for o in self.organisations.all()
        ]

    def in_force_on(self, day: dt.date) -> bool:
        return (self.date is None or self.date <= day) and (
            self.end_date is None or day < self.end_date
        )


class Interaction(models.Model):
    """One meeting: who we met, when, at which mission and session, what was said — and what
    we owe them (a follow-up with an owner and a due date)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interactions")
    date = models.DateField(_("日期"), null=True, blank=True)
    mission = models.ForeignKey(
        "missions.Mission",
        verbose_name=_("任務"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("活動"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("場次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    city = models.ForeignKey(
        City,
        verbose_name=_("地點城市"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    # Who met them on our side, as written (祝惠美處長); the mission lists the delegation.
    met_by = models.CharField(_("本府與會人員"), max_length=300, blank=True)
    # The title they held then, as the report wrote it.
    title_then = models.CharField(_("當時職稱"), max_length=200, blank=True)
    notes = models.TextField(_("紀要"), blank=True)  # staff only
    # The report passage it came from, when it was suggested from one.
    source_block = models.ForeignKey(
        "reports.Block", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    follow_up = models.TextField(_("後續辦理事項"), blank=True)
    follow_up_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承辦人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    follow_up_due = models.DateField(_("辦理期限"), null=True, blank=True)
    follow_up_done_on = models.DateField(_("完成日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = [models.F("date").desc(nulls_last=True), "-id"]
        verbose_name = _("交流紀錄")
        verbose_name_plural = _("交流紀錄")
        indexes = [models.Index(fields=["follow_up_due"], name="interaction_follow_up_due")]

    def __str__(self) -> str:
        return f"{self.date or ''} {self.person}"

    @property
    def follow_up_open(self) -> bool:
        return bool(self.follow_up) and self.follow_up_done_on is None


class SuggestionDecision(models.Model):
    """What a user decided about one suggestion from a report, so it is not asked again."""

    report = models.ForeignKey(
        "reports.Report", on_delete=models.CASCADE, related_name="suggestion_decisions"
    )
    key = models.CharField(max_length=300)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    # The record a confirmed suggestion became, as "app.model" and id.
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="one_decision_per_suggestion")
        ]


class PendingContactImport(models.Model):
    """A contact file read and waiting for its uploader to confirm or discard it: the
    contacts as read (photos and unknown columns already dropped), not the file. Kept in a
    table rather than the session, so that a large file does not ride along every request.
    Only the newest few of a user are kept (views/interop.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_imports"
    )
    token = models.CharField(max_length=24, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    content = models.JSONField()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("待確認的聯絡人匯入")
        verbose_name_plural = _("待確認的聯絡人匯入")
