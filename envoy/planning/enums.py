from django.db import models
from django.utils.translation import gettext_lazy as _


class Overnight(models.TextChoices):
    """Where a night is spent, as 第9點 of 國外出差旅費報支要點 reduces the per diem."""

    HOTEL = "hotel", _("自行住宿")
    PROVIDED = "provided", _("主辦單位提供住宿")
    TRANSIT = "transit", _("交通工具上或過境旅館歇夜")


class PlanStatus(models.TextChoices):
    """Where a trip plan (出國計畫) stands: written, submitted for approval, returned for
    changes, approved — from then on the trip is a mission with a report to write."""

    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("送審中")
    RETURNED = "returned", _("退回修正")
    APPROVED = "approved", _("已核定")


class BudgetKind(models.TextChoices):
    """The lines of a plan's budget (經費概算), as plans submitted for approval list them."""

    AIRFARE = "airfare", _("機票費")
    PER_DIEM = "per_diem", _("生活費")
    REGISTRATION = "registration", _("報名（註冊）費")
    GIFTS = "gifts", _("禮品費")
    INSURANCE = "insurance", _("保險費")
    OTHER = "other", _("其他")
