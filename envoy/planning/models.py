"""Before the trip: the per-diem rates the national rules set (生活費日支數額表) and the
exchange rates a trip's costs are reckoned in."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    source = models.CharField(_("來源"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("生活費日支數額")
        verbose_name_plural = _("生活費日支數額表")
        ordering = ["country", "city", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "city", "effective_from"], name="one_rate_per_place_and_date"
            )
        ]

    def __str__(self) -> str:
        place = f"{self.country} {self.city}".strip()
        return f"{place} US${self.usd_per_day} ({self.effective_from.isoformat()})"
