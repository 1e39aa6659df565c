"""The talent pool (跨局處人才庫): a profile of each person who works for the city, the
languages they speak and the international experience they have — the last filled in by
the missions they travelled on and by what other apps record (``services.record_experience``).
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from envoy.core.lib.chinese import fold
from envoy.core.lib.places import country_names
from envoy.core.models import in_language

from . import levels
from .enums import (
    Cefr,
    ExperienceKind,
    Interpreting,
    LanguageCode,
    LanguageTest,
    Match,
    Visibility,
)

# Between the values of a search text, so that a word never matches across two of them.
SEPARATOR = "\n"


# Between the cities of one experience (東京、橫濱).
CITY_SEPARATORS = re.compile(r"\s*[、，,;；/]\s*")


# A profile's copy of its experience (``refresh_experience_text`` writes it).
EXPERIENCE_COPY = ("experience_text", "experience_countries")


def search_text(facets: list[tuple[str, str]]) -> str:
    """The folded text a search term is looked for in: the facets' values, one a line."""
    return SEPARATOR.join(fold(value) for _label, value in facets if value)


class StaffProfile(models.Model):
    """One person who works for the city: a user, or a colleague who is not one (a traveller
    of an imported report gets a profile at once, ``confirmed`` False until an officer or
    they themselves check it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("使用者帳號"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_profile",
    )
    name = models.CharField(_("姓名"), max_length=200)
    name_en = models.CharField(_("英文姓名"), max_length=200, blank=True)
    bureau = models.ForeignKey(
        "core.Bureau",
        verbose_name=_("局處"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # 服務機關/服務單位 as a report wrote them, for colleagues of no bureau Envoy knows.
    agency = models.CharField(_("服務機關"), max_length=200, blank=True)
    unit = models.CharField(_("服務單位"), max_length=200, blank=True)
    title = models.CharField(_("職稱"), max_length=200, blank=True)
    expertise = models.JSONField(_("專長"), default=list, blank=True)
    # Names of the 施政分類 list (``envoy.reports.categories``).
    policy_areas = models.JSONField(_("施政分類"), default=list, blank=True)
    interpreting = models.CharField(
        _("口譯能力"), max_length=20, choices=Interpreting.choices, blank=True
    )
    availability = models.CharField(_("可支援情形"), max_length=300, blank=True)
    visibility = models.CharField(
        _("同意被查詢的範圍"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
    )
    confirmed = models.BooleanField(_("已確認"), default=True)
    # The name as matching compares it (folded, no spaces), and the folded text the pool
    # search looks in; both follow from the fields on save.
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    search_text = models.TextField(editable=False, blank=True)
    # The search texts of the profile's experience, one a line, and the countries of it
    # ("JP KR", as ``Experience.countries``), set by ``refresh_experience_text`` whenever
    # experience is saved or deleted: a word or a country is looked for in 5,000 profiles'
    # rows rather than in 20,000 pieces of experience (docs/performance.md).
    experience_text = models.TextField(editable=False, blank=True)
    experience_countries = models.CharField(max_length=300, editable=False, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        excluded_fields=[
            "name_key",
            "search_text",
            "experience_text",
            "experience_countries",
            "version",
            "created_at",
            "updated_at",
        ]
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("人才資料")
        verbose_name_plural = _("人才資料")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return in_language(self.name, self.name_en)

    @property
    def organisation(self) -> str:
        """The bureau, or the agency and unit as written."""
        if self.bureau_id is not None:
            return self.bureau.display_name
        return " ".join(part for part in (self.agency, self.unit) if part)

    def facets(self) -> list[tuple[str, str]]:
        """What a word of a pool search is looked for in, each with what to call it in the
        result's reasons. The search text is made of these, so what the database finds the
        reasons explain."""
        return [
            *((_("專長標籤"), tag) for tag in self.expertise),
            *((_("施政分類"), area) for area in self.policy_areas),
            (_("姓名"), self.name),
            (_("英文姓名"), self.name_en),
            (_("職稱"), self.title),
            (_("服務單位"), self.unit),
            (_("可支援情形"), self.availability),
        ]

    def derive(self) -> None:
        """Set the fields that follow from the others; ``save()`` does, ``bulk_create`` not."""
        self.name_key = name_key(self.name)
        self.search_text = search_text(self.facets())

    def save(self, *args, **kwargs):
        self.derive()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key", "search_text"}
        elif self.pk is not None:
            # The copy of the experience is ``refresh_experience_text``'s to write: a profile
            # read before its experience changed must not put the old copy back.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in EXPERIENCE_COPY
            ]
        super().save(*args, **kwargs)


def name_key(name: str) -> str:
    """王小明, 王 小明 and 王小明 (full-width) compare equal."""
    return fold(name).replace(" ", "")


class LanguageSkill(models.Model):
    """A language a person speaks, at a CEFR level and/or with a test result and its date."""

    profile = models.ForeignKey(StaffProfile, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("語言"), max_length=8, choices=LanguageCode.choices)
    cefr = models.CharField(_("CEFR 等級"), max_length=2, choices=Cefr.choices, blank=True)
    test = models.CharField(_("檢定"), max_length=10, choices=LanguageTest.choices, blank=True)
    score = models.CharField(_("成績"), max_length=40, blank=True)
    tested_on = models.DateField(_("檢定日期"), null=True, blank=True)
    # Derived on save (``levels``): the CEFR rank (A1 = 1 … C2 = 6, 0 unknown) and the
    # number of a numeric score, which the pool search compares.
    level_rank = models.PositiveSmallIntegerField(default=0, editable=False)
    score_value = models.FloatField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["level_rank", "score_value"])

    class Meta:
        ordering = ["profile", "-level_rank", "language", "id"]
        verbose_name = _("語言能力")
        verbose_name_plural = _("語言能力")
        indexes = [models.Index(fields=["language", "level_rank"], name="skill_language_level")]

    def __str__(self) -> str:
        return self.summary

    def derive(self) -> None:
        """Set the level and the score's number (``levels``); ``bulk_create`` does not."""
        self.level_rank = levels.skill_rank(self.cefr, self.test, self.score)
        self.score_value = levels.score_value(self.test, self.score)

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    @property
    def language_label(self) -> str:
        try:
            return str(LanguageCode(self.language).label)
        except ValueError:
            return self.language

    @property
    def level_label(self) -> str:
        """B2, N2 (JLPT), TOEIC 850, 2025 — what the reasons and the profile show."""
        parts = []
        if self.test:
            test = str(LanguageTest(self.test).label) if self.test != LanguageTest.JLPT else ""
            if self.test == LanguageTest.OTHER:
                test = ""
            parts.append(" ".join(p for p in (test, self.score) if p))
        if self.cefr and self.cefr not in parts:
            parts.append(self.cefr)
        elif not self.cefr and self.level_rank and self.test != LanguageTest.JLPT:
            parts.append(f"≈{levels.cefr_name(self.level_rank)}")
        return "、".join(p for p in parts if p)

    @property
    def summary(self) -> str:
        """日語 N2（2025）"""
        text = " ".join(p for p in (self.language_label, self.level_label) if p)
        if self.tested_on:
            text += f"（{self.tested_on.year}）"
        return text


class Experience(models.Model):
    """One piece of international experience: a mission travelled on, a delegation hosted, a
    presentation given, a meeting held — with the place, the network and the date.

    It comes from a source row — the traveller (``missions.DelegationMember``) of a mission,
    a presentation, a host of a visit — named by ``source_type`` ("app.model") and
    ``source_id``, and is rewritten whenever that row changes; ``mission`` is set where
    there is one.
    """

    profile = models.ForeignKey(StaffProfile, on_delete=models.CASCADE, related_name="experiences")
    kind = models.CharField(_("類型"), max_length=12, choices=ExperienceKind.choices)
    date = models.DateField(_("日期"), null=True, blank=True)
    end_date = models.DateField(_("結束日期"), null=True, blank=True)
    # ISO codes separated by spaces ("JP KR"): each is two letters, so a code is found by
    # ``countries__contains`` on either database without matching across two of them.
    countries = models.CharField(_("國家"), max_length=100, blank=True)
    city = models.CharField(_("城市"), max_length=300, blank=True)
    # Derived on save: the English names of the cities written in Chinese (東京 → Tokyo), so
    # that an English search finds them (``english_city_names``).
    city_en = models.CharField(_("城市英文名稱"), max_length=300, blank=True, editable=False)
    network = models.CharField(_("城市網絡"), max_length=300, blank=True)
    title = models.CharField(_("名稱"), max_length=500, blank=True)
    # Subjects of the source (a report's keywords and categories): found by the search.
    topics = models.CharField(_("主題"), max_length=500, blank=True)
    mission = models.ForeignKey(
        "missions.Mission",
        verbose_name=_("任務"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    source_type = models.CharField(max_length=60)
    source_id = models.PositiveBigIntegerField()
    match = models.CharField(_("比對"), max_length=10, choices=Match.choices, default=Match.SURE)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = [models.F("date").desc(nulls_last=True), "-id"]
        verbose_name = _("國際經驗")
        verbose_name_plural = _("國際經驗")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "source_type", "source_id"], name="one_experience_per_source"
            )
        ]
        indexes = [
            models.Index(fields=["source_type", "source_id"], name="experience_source"),
            # Who has experience of a kind (has presented): read from the index alone.
            models.Index(fields=["kind", "profile"], name="experience_kind_profile"),
            models.Index(fields=["match"], name="experience_match"),
        ]

    def __str__(self) -> str:
        return f"{self.date or ''} {self.title}".strip()

    @property
    def country_codes(self) -> list[str]:
        return self.countries.split()

    @property
    def country_names(self) -> list[str]:
        return country_names(self.country_codes)

    @property
    def place(self) -> str:
        """日本東京 (the countries then the city); on English screens "東京, Japan"."""
        countries = self.country_names
        if (get_language() or "").startswith("en"):
            return ", ".join(part for part in (self.city, *countries) if part)
        return "、".join(countries) + self.city

    def facets(self) -> list[tuple[str, str]]:
        """What a search word is looked for in (see ``StaffProfile.facets``). Not the
        countries: a query names a country as such (``pool.CountryCriterion``)."""
        return [
            (_("名稱"), self.title),
            (_("主題"), self.topics),
            (_("城市"), self.city),
            (_("城市"), self.city_en),
            (_("城市網絡"), self.network),
        ]

    def derive(self) -> None:
        """Set the cities' English names and the search text; ``save()`` does, ``bulk_create``
        not."""
        self.city_en = english_city_names(self.city, self.country_codes)[:300]
        self.search_text = search_text(self.facets())

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)


def english_city_names(cities: str, countries: list[str]) -> str:
    """The English names of the cities of ``cities`` (東京、橫濱 → "Tokyo, Yokohama") that
    GeoNames knows by their Chinese names, in ``countries`` when there is one; names already
    in Latin letters are left out (they are found as written)."""
    from envoy.relations.suggesting.gazetteer import gazetteer

    country = countries[0] if len(countries) == 1 else None
    names = [gazetteer().english_name(city, country) for city in CITY_SEPARATORS.split(cities)]
    return ", ".join(dict.fromkeys(name for name in names if name))


# The profiles whose experience changed inside ``refreshing_once`` (None outside it).
_changed_profiles: ContextVar[set[int] | None] = ContextVar("changed_profiles", default=None)


@contextmanager
def refreshing_once():
    """Within it, experience saved or deleted refreshes its profiles' text once, when it
    ends (a mission of 30 travellers: one refresh, not 30); outside it, at once. Nothing is
    refreshed when it ends in an error (the transaction is undone)."""
    if _changed_profiles.get() is not None:  # inside another: that one refreshes
        yield
        return
    changed: set[int] = set()
    token = _changed_profiles.set(changed)
    try:
        yield
    finally:
        _changed_profiles.reset(token)
    refresh_experience_text(changed)


def experience_changed(profile_id: int) -> None:
    """A piece of ``profile_id``'s experience was saved or deleted (``receivers``)."""
    changed = _changed_profiles.get()
    if changed is None:
        refresh_experience_text([profile_id])
    else:
        changed.add(profile_id)


def refresh_experience_text(profile_ids) -> None:
    """Set ``experience_text`` and ``experience_countries`` of the profiles ``profile_ids``
    from their experience (three queries at most; no history entry: they are derived).
    ``receivers`` run it when experience is saved or deleted (``experience_changed``);
    whoever writes experience with ``bulk_create`` or ``update`` runs it too."""
    ids = set(profile_ids)
    if not ids:
        return
    texts: dict[int, list[str]] = {pk: [] for pk in ids}
    countries: dict[int, dict[str, None]] = {pk: {} for pk in ids}
    rows = Experience.objects.filter(profile_id__in=ids).order_by("id")
    for profile_id, text, codes in rows.values_list("profile_id", "search_text", "countries"):
        if text:
            texts[profile_id].append(text)
        countries[profile_id].update(dict.fromkeys(codes.split()))
    changed = []
    for profile in StaffProfile.objects.filter(pk__in=ids).only(
        "id", "experience_text", "experience_countries"
    ):
        text = SEPARATOR.join(texts[profile.pk])
        codes = " ".join(sorted(countries[profile.pk]))[:300]
        if (profile.experience_text, profile.experience_countries) != (text, codes):
            profile.experience_text, profile.experience_countries = text, codes
            changed.append(profile)
    StaffProfile.objects.bulk_update(
        changed, ["experience_text", "experience_countries"], batch_size=500
    )
