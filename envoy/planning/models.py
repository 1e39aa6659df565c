"""Before the trip: the plan submitted for approval (出國計畫) and its budget, the per-diem rates the national rules set (生活費日支數額表), the
exchange rates a trip's costs are reckoned in, and what a host provides on each day."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import BudgetKind, Overnight, PlanStatus


class PerDiemRate(models.Model):
    """One row of the 中央政府各機關派赴國外各地區出差人員生活費日支數額表: US dollars a
    day for a city — or, with no city, for the country's other cities — in force from
    ``effective_from`` until a later row for the same place. Rows are never changed in
    place when the table is amended: a new row with its own date keeps the history, so a
    trip is reckoned with the rates in force on its dates."""

    country = models.CharField(_("國家"), max_length=2)  # ISO 3166 alpha-2
    city = models.CharField(_("城市"), max_length=100, blank=True)
    usd_per_day = models.DecimalField(
        _("日支數額（美元）"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    effective_from = models.DateField(_("生效日期"))
    # A seasonal rate (紐約市 01-01~08-31): MM-DD, inclusive; from > to wraps the year end.
    season_from = models.CharField(_("季節起日"), max_length=5, blank=True)
    season_to = models.CharField(_("季節迄日"), max_length=5, blank=True)
    official_no = models.PositiveIntegerField(_("表列編號"), null=True, blank=True)
    source = models.CharField(_("來源"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("生活費日支數額")
        verbose_name_plural = _("生活費日支數額表")
        ordering = ["country", "city", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "city", "effective_from", "season_from"],
                name="one_rate_per_place_date_and_season",
            )
        ]

    def __str__(self) -> str:
        place = f"{self.country} {self.city}".strip()
        return f"{place} US${self.usd_per_day} ({self.effective_from.isoformat()})"


class ExchangeRate(models.Model):
    """US dollars in NT dollars on a day (臺灣銀行 cash selling, as 第19點 asks), entered by
    an officer or loaded from a CSV they supply."""

    date = models.DateField(_("日期"), unique=True)
    twd_per_usd = models.DecimalField(_("新臺幣／美元"), max_digits=8, decimal_places=4)
    source = models.CharField(_("來源"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("美元匯率")
        verbose_name_plural = _("美元匯率")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.twd_per_usd}"


class DayProvision(models.Model):
    """What a mission's host provides on one day, and where its night is spent: the
    reductions of 第9點."""

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="day_provisions"
    )
    date = models.DateField(_("日期"))
    overnight = models.CharField(
        _("住宿"), max_length=10, choices=Overnight.choices, default=Overnight.HOTEL
    )
    breakfast = models.BooleanField(_("提供早餐"), default=False)
    lunch = models.BooleanField(_("提供午餐"), default=False)
    dinner = models.BooleanField(_("提供晚餐"), default=False)

    class Meta:
        verbose_name = _("每日膳宿提供")
        verbose_name_plural = _("每日膳宿提供")
        ordering = ["mission", "date"]
        constraints = [
            models.UniqueConstraint(fields=["mission", "date"], name="one_provision_a_day")
        ]

    @property
    def meals(self) -> frozenset:
        return frozenset(m for m in ("breakfast", "lunch", "dinner") if getattr(self, m))


class TripPlan(models.Model):
    """The plan of a trip abroad (出國計畫) a bureau submits for approval: why, who, when,
    where, whom to meet and what it costs. It is the first stage of its mission — the
    mission (dates, places, travellers, itinerary) is made with it and is the same record
    after approval, when the report to write on it is added. ``approved`` keeps the plan as
    approved (``plans.snapshot``), so the report can be held against it later."""

    mission = models.OneToOneField(
        "missions.Mission", on_delete=models.CASCADE, related_name="plan", verbose_name=_("任務")
    )
    status = models.CharField(
        _("計畫狀態"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    purpose = models.TextField(_("出國目的"), blank=True)
    meetings_sought = models.TextField(
        _("預定拜會對象及會議"),
        blank=True,
        help_text=_("每行一項，例如：東京都防災部 防災公園管理"),
    )
    expected_benefits = models.TextField(_("預期效益"), blank=True)
    funding_source = models.CharField(_("經費來源（預算科目）"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(_("送審時間"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("核定或退回時間"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_comment = models.TextField(_("審核意見"), blank=True)
    # The plan as submitted, then as approved: dates, places, travellers, budget (plans.snapshot).
    submitted = models.JSONField(null=True, blank=True, editable=False)
    approved = models.JSONField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("出國計畫")
        verbose_name_plural = _("出國計畫")
        ordering = ["-mission__start_date", "-id"]

    def __str__(self) -> str:
        return str(self.mission)

    @property
    def is_editable(self) -> bool:
        return self.status in (PlanStatus.DRAFT, PlanStatus.RETURNED)


class BudgetLine(models.Model):
    """One line of a plan's budget (經費概算) in NT dollars, with what was spent once the
    trip is over (實支), for the plan-and-reality comparison."""

    plan = models.ForeignKey(TripPlan, on_delete=models.CASCADE, related_name="budget_lines")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("項目"), max_length=20, choices=BudgetKind.choices)
    description = models.CharField(_("說明"), max_length=300, blank=True)
    amount_twd = models.PositiveIntegerField(_("預估金額（新臺幣）"))
    actual_twd = models.PositiveIntegerField(_("實支金額（新臺幣）"), null=True, blank=True)

    class Meta:
        verbose_name = _("經費項目")
        verbose_name_plural = _("經費概算")
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_twd}"


class TravellerExchange(models.Model):
    """A traveller's own exchange of money (結匯水單): 第19點 lets their per diem be turned
    into NT dollars at that rate instead of the day's."""

    member = models.OneToOneField(
        "missions.DelegationMember", on_delete=models.CASCADE, related_name="exchange"
    )
    twd_per_usd = models.DecimalField(_("結匯匯率（新臺幣／美元）"), max_digits=8, decimal_places=4)
    date = models.DateField(_("結匯日期"))
    note = models.CharField(_("備註"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("出國人員結匯匯率")
        verbose_name_plural = _("出國人員結匯匯率")

    def __str__(self) -> str:
        return f"{self.member} {self.twd_per_usd}"
