"""Opportunities (國際參與機會): forums, conferences, calls for speakers, online meetings and
awards the city could take part in — who organises them, when and where, their deadlines,
who in the city looks after them, and what became of them (a mission abroad, or an online
event with the city's presentation)."""

import datetime as dt
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from envoy.talent.enums import Cefr, LanguageCode

from .enums import OPEN_STATUSES, OpportunityKind, OpportunityStatus


class Deadline(NamedTuple):
    field: str
    label: str
    date: dt.date


class Opportunity(models.Model):
    """One opening, from the day it is spotted until it is declined or done."""

    title = models.CharField(_("名稱"), max_length=300)
    title_en = models.CharField(_("英文名稱"), max_length=300, blank=True)
    kind = models.CharField(
        _("類型"), max_length=20, choices=OpportunityKind.choices, default=OpportunityKind.FORUM
    )
    # The organiser: a city network, an organisation, or both (a network's secretariat).
    network = models.ForeignKey(
        "relations.Network",
        verbose_name=_("主辦城市網絡"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    organisation = models.ForeignKey(
        "relations.Organisation",
        verbose_name=_("主辦組織"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    start_date = models.DateField(_("開始日期"), null=True, blank=True)
    end_date = models.DateField(_("結束日期"), null=True, blank=True)
    # Wall-clock times in ``timezone`` (an online meeting at 09:00 Europe/Brussels).
    start_time = models.TimeField(_("開始時間"), null=True, blank=True)
    end_time = models.TimeField(_("結束時間"), null=True, blank=True)
    timezone = models.CharField(_("時區"), max_length=64, blank=True)
    online = models.BooleanField(_("線上參與"), default=False)
    city = models.ForeignKey(
        "relations.City",
        verbose_name=_("城市"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    venue = models.CharField(_("地點"), max_length=300, blank=True)
    registration_deadline = models.DateField(_("報名截止日"), null=True, blank=True)
    abstract_deadline = models.DateField(_("摘要投稿截止日"), null=True, blank=True)
    topics = models.JSONField(_("主題"), default=list, blank=True)
    # The languages a speaker needs (the talent pool's language codes), and the least level.
    languages = models.JSONField(_("使用語言"), default=list, blank=True)
    language_level = models.CharField(
        _("最低語言程度"), max_length=2, choices=Cefr.choices, blank=True
    )
    source_url = models.URLField(_("資訊來源網址"), max_length=500, blank=True)
    notes = models.TextField(_("備註"), blank=True)
    status = models.CharField(
        _("狀態"),
        max_length=12,
        choices=OpportunityStatus.choices,
        default=OpportunityStatus.SPOTTED,
    )
    bureau = models.ForeignKey(
        "core.Bureau",
        verbose_name=_("主辦局處"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承辦人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    # Our presentation, when the city speaks there (題目), and who gives it.
    talk_title = models.CharField(_("發表題目"), max_length=500, blank=True)
    speaker = models.ForeignKey(
        "talent.StaffProfile",
        verbose_name=_("講者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    # What it became once accepted: a trip abroad (in person), or the event and the city's
    # presentation (online). Kept when those are edited; cleared only if they are deleted.
    mission = models.ForeignKey(
        "missions.Mission",
        verbose_name=_("任務"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    event = models.ForeignKey(
        "relations.Event",
        verbose_name=_("活動"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    presentation = models.ForeignKey(
        "relations.Presentation",
        verbose_name=_("發表"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [models.F("start_date").asc(nulls_last=True), "id"]
        verbose_name = _("國際參與機會")
        verbose_name_plural = _("國際參與機會")
        indexes = [
            # The reminders' and the list's "deadline soon": open ones by deadline.
            models.Index(fields=["status", "registration_deadline"], name="opportunity_status_reg"),
            models.Index(
                fields=["status", "abstract_deadline"], name="opportunity_status_abstract"
            ),
            models.Index(fields=["bureau", "status"], name="opportunity_bureau_status"),
            models.Index(fields=["assignee", "status"], name="opportunity_assignee_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date"))
                | models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True),
                name="opportunity_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def organiser(self):
        return self.network or self.organisation

    @property
    def language_labels(self) -> list[str]:
        """日語, 英語: the languages in the reader's language."""
        return [
            str(LanguageCode(code).label) if code in LanguageCode.values else code
            for code in self.languages
        ]

    def deadlines(self) -> list[Deadline]:
        """Its deadlines, soonest first."""
        found = [
            Deadline("registration_deadline", _("報名截止日"), self.registration_deadline),
            Deadline("abstract_deadline", _("摘要投稿截止日"), self.abstract_deadline),
        ]
        return sorted((row for row in found if row.date), key=lambda row: row.date)

    def deadlines_from(self, today: dt.date) -> list[Deadline]:
        """The deadlines still ahead (today's included)."""
        return [row for row in self.deadlines() if row.date >= today]

    def next_deadline(self, today: dt.date) -> dt.date | None:
        ahead = self.deadlines_from(today)
        return ahead[0].date if ahead else None
