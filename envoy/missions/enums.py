from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    OUTBOUND = "outbound", _("出訪")
    INBOUND = "inbound", _("來訪")


class TripCategory(models.TextChoices):
    """出國類別 as the national portal (公務出國報告資訊網) lists them."""

    INSPECTION = "inspection", _("考察")
    STUDY = "study", _("進修")
    RESEARCH = "research", _("研究")
    INTERNSHIP = "internship", _("實習")
    OTHER = "other", _("其他")


class ItemKind(models.TextChoices):
    FLIGHT = "flight", _("航班")
    SESSION = "session", _("會議")
    VISIT = "visit", _("參訪")
    MEETING = "meeting", _("會晤")
    MEAL = "meal", _("餐敘")
    OTHER = "other", _("其他")


class ContactKind(models.TextChoices):
    """Who an emergency contact of a trip is, in the order a traveller looks for them."""

    REPRESENTATIVE_OFFICE = "office", _("駐外館處")
    HOST = "host", _("接待單位聯絡人")
    LEADER = "leader", _("團長")
    OTHER = "other", _("其他")
