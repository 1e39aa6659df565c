"""Before the trip: the per-diem rates the national rules set (生活費日支數額表), the
exchange rates a trip's costs are reckoned in, and what a host provides on each day."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import Overnight


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
