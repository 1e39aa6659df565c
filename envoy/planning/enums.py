from django.db import models
from django.utils.translation import gettext_lazy as _


class Overnight(models.TextChoices):
    """Where a night is spent, as 第9點 of 國外出差旅費報支要點 reduces the per diem."""

    HOTEL = "hotel", _("自行住宿")
    PROVIDED = "provided", _("主辦單位提供住宿")
    TRANSIT = "transit", _("交通工具上或過境旅館歇夜")
