"""Hosting a visit received (來訪接待): what the city's hosts need beyond the visit itself.

The visit is a ``missions.Mission`` with direction 來訪: its delegation members are the
visitors and its itinerary the programme (接待行程). This app adds to it, never beside it:
each visitor's protocol rank, names in both scripts and dietary needs (``Visitor``, one per
delegation member); our hosts and interpreters (``Host``); transport (``TransportLeg``); the
gift register (``Gift``, held to ``ethics``); and the visit's own hosting facts
(``Hosting``: the visitors' city and network, the seating layout, the welcome note).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from envoy.core.lib.punctuation import join_list

from . import ethics
from .enums import (
    Diet,
    GiftDirection,
    GiftHandling,
    GiftRecipient,
    HostRole,
    SeatingLayout,
    TransportKind,
)


class Hosting(models.Model):
    """The hosting facts of one visit: where the visitors come from as the city's relations
    know it (so the visit shows on that city's and network's pages), how the table is laid
    out, and what the welcome pack says."""

    mission = models.OneToOneField(
        "missions.Mission", on_delete=models.CASCADE, related_name="hosting"
    )
    visitor_city = models.ForeignKey(
        "relations.City",
        verbose_name=_("來訪者城市"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hostings",
    )
    network = models.ForeignKey(
        "relations.Network",
        verbose_name=_("相關城市網絡"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hostings",
    )
    seating_layout = models.CharField(
        _("座位形式"), max_length=10, choices=SeatingLayout.choices, default=SeatingLayout.BANQUET
    )
    # A banquet of more people than this sits at several tables (``seating``); none: one.
    table_size = models.PositiveSmallIntegerField(
        _("每桌人數"),
        null=True,
        blank=True,
        validators=[MinValueValidator(4), MaxValueValidator(24)],
        help_text=_("宴會人數超過時分桌：主桌與其餘各桌。留空則全體同桌。"),
    )
    welcome_note = models.TextField(_("歡迎詞"), blank=True)
    welcome_note_en = models.TextField(_("英文歡迎詞"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("接待資料")
        verbose_name_plural = _("接待資料")

    def __str__(self) -> str:
        return str(self.mission)


class Visitor(models.Model):
    """One visitor (a delegation member of a visit) as the hosts need them: the name in its
    own script and in English, the order of precedence (1 = head of the delegation) for
    seating and introductions, what they eat, and who they are in the city's relations."""

    member = models.OneToOneField(
        "missions.DelegationMember", on_delete=models.CASCADE, related_name="visitor"
    )
    name_native = models.CharField(
        _("本名（原文）"),
        max_length=200,
        blank=True,
        help_text=_("以本人使用的文字書寫：日文、韓文、中文或拉丁字母。"),
    )
    name_en = models.CharField(_("英文姓名"), max_length=200, blank=True)
    title_en = models.CharField(_("英文職稱"), max_length=200, blank=True)
    organisation_en = models.CharField(_("英文服務機關"), max_length=300, blank=True)
    precedence = models.PositiveSmallIntegerField(
        _("禮賓順序"), null=True, blank=True, help_text=_("1 為團長；數字愈小，座位與介紹愈前。")
    )
    diets = models.JSONField(_("飲食需求"), default=list, blank=True)
    allergies = models.CharField(_("過敏"), max_length=300, blank=True)
    needs = models.CharField(_("其他照護需求"), max_length=300, blank=True)
    person = models.ForeignKey(
        "relations.Person",
        verbose_name=_("聯絡人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits_hosted",
    )
    organisation = models.ForeignKey(
        "relations.Organisation",
        verbose_name=_("組織"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visitors",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("來訪人員接待資料")
        verbose_name_plural = _("來訪人員接待資料")

    def __str__(self) -> str:
        return self.shown_name

    @property
    def shown_name(self) -> str:
        return self.name_native or self.member.name

    @property
    def other_name(self) -> str:
        """The English name when it differs from the name shown (for a Latin name, it is
        the same)."""
        return self.name_en if self.name_en != self.shown_name else ""

    @property
    def diet_labels(self) -> list[str]:
        labels = dict(Diet.choices)
        return [str(labels.get(code, code)) for code in self.diets]

    @property
    def needs_text(self) -> str:
        """清真、對堅果過敏 — what the caterer must know of the visitor."""
        allergy = _("對%(what)s過敏") % {"what": self.allergies} if self.allergies else ""
        return join_list([*self.diet_labels, allergy])

    @property
    def has_needs(self) -> bool:
        return bool(self.diets or self.allergies)


class Host(models.Model):
    """One of our side at a visit: a host (the mayor, a director), an interpreter or the
    visit's liaison — chosen from the talent pool (``profile``) or named as written.
    ``precedence`` orders our side (1 = the principal host)."""

    mission = models.ForeignKey("missions.Mission", on_delete=models.CASCADE, related_name="hosts")
    role = models.CharField(
        _("角色"), max_length=12, choices=HostRole.choices, default=HostRole.HOST
    )
    name = models.CharField(_("姓名"), max_length=200)
    name_en = models.CharField(_("英文姓名"), max_length=200, blank=True)
    title = models.CharField(_("職稱"), max_length=200, blank=True)
    title_en = models.CharField(_("英文職稱"), max_length=200, blank=True)
    bureau = models.ForeignKey(
        "core.Bureau",
        verbose_name=_("局處"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The colleague's profile in the talent pool, when chosen from it: hosting the visit
    # becomes an experience of theirs (``services.record_hosting_experience``).
    profile = models.ForeignKey(
        "talent.StaffProfile",
        verbose_name=_("人才資料"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hostings",
    )
    languages = models.CharField(_("語言"), max_length=200, blank=True)
    phone = models.CharField(_("聯絡電話"), max_length=60, blank=True)
    precedence = models.PositiveSmallIntegerField(
        _("禮賓順序"), null=True, blank=True, help_text=_("1 為主人；口譯與聯絡人不入座次可留空。")
    )
    notes = models.CharField(_("備註"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["mission", "role", models.F("precedence").asc(nulls_last=True), "id"]
        verbose_name = _("接待人員")
        verbose_name_plural = _("接待人員")

    def __str__(self) -> str:
        return f"{self.title}{self.name}" if self.title else self.name


class TransportLeg(models.Model):
    """One move of the delegation: when, from where to where, by what, with whom to call."""

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="transport_legs"
    )
    date = models.DateField(_("日期"))
    departs_at = models.TimeField(_("出發時間"), null=True, blank=True)
    origin = models.CharField(_("出發地"), max_length=200)
    destination = models.CharField(_("目的地"), max_length=200)
    kind = models.CharField(
        _("交通方式"), max_length=10, choices=TransportKind.choices, default=TransportKind.CAR
    )
    vehicle = models.CharField(_("車號／車次"), max_length=100, blank=True)
    contact = models.CharField(_("司機或聯絡人"), max_length=200, blank=True)
    notes = models.CharField(_("備註"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["mission", "date", models.F("departs_at").asc(nulls_last=True), "id"]
        verbose_name = _("交通安排")
        verbose_name_plural = _("交通安排")

    def __str__(self) -> str:
        return f"{self.date} {self.origin} → {self.destination}"


class Gift(models.Model):
    """A gift given to the visitors or received from them (禮品登錄), with what became of a
    gift received under the ethics rule (``ethics``)."""

    mission = models.ForeignKey("missions.Mission", on_delete=models.CASCADE, related_name="gifts")
    direction = models.CharField(_("致贈或受贈"), max_length=10, choices=GiftDirection.choices)
    date = models.DateField(_("日期"))
    description = models.CharField(_("禮品"), max_length=300)
    value_ntd = models.PositiveIntegerField(_("估計市價（新臺幣）"), null=True, blank=True)
    counterpart = models.CharField(_("對方"), max_length=300, help_text=_("致贈對象，或贈送者。"))
    our_person = models.CharField(
        _("本府人員"), max_length=200, blank=True, help_text=_("致贈者，或受贈者。")
    )
    recipient = models.CharField(
        _("受贈對象"),
        max_length=10,
        choices=GiftRecipient.choices,
        default=GiftRecipient.PERSON,
        help_text=_(
            "致贈本府機關內多數人者（例如全處同仁共享的禮盒），市價總額 1,000 元以下得留存。"
        ),
    )
    handling = models.CharField(
        _("處理方式"), max_length=12, choices=GiftHandling.choices, default=GiftHandling.PENDING
    )
    reported_on = models.DateField(_("知會政風單位日期"), null=True, blank=True)
    notes = models.CharField(_("備註"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["mission", "date", "id"]
        verbose_name = _("禮品")
        verbose_name_plural = _("禮品登錄")

    def __str__(self) -> str:
        return self.description

    @property
    def needs_report(self) -> bool:
        return ethics.needs_report(self.direction, self.value_ntd, self.recipient)

    @property
    def report_due(self):
        return ethics.report_due(self.date) if self.needs_report else None

    @property
    def report_missing(self) -> bool:
        """Received over the limit and not reported to the ethics unit yet."""
        return self.needs_report and self.reported_on is None
