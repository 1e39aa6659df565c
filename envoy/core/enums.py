from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user may do. Access is decided in each app's ``permissions.py``."""

    ADMIN = "admin", _("系統管理者")
    OFFICER = "officer", _("國際事務承辦人")
    EDITOR = "editor", _("局處編輯")
    REVIEWER = "reviewer", _("審核人")
    VIEWER = "viewer", _("檢視者")


class Language(models.TextChoices):
    ZH_HANT = "zh-hant", "繁體中文"
    EN = "en", "English"
