"""Users, their bureaus and roles, and the audit trail of who did what and when."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .enums import AuditAction, Language, Role


class BureauManager(models.Manager):
    def named(self, value: str) -> "Bureau | None":
        """The bureau ``value`` names, as people and files write it: its code, its name
        (秘書處) or its English name (any case); None when none."""
        value = value.strip()
        if not value:
            return None
        return (
            self.filter(code__iexact=value).first()
            or self.filter(name=value).first()
            or self.filter(name_en__iexact=value).first()
        )


class Bureau(models.Model):
    """A bureau of the city government (局處), e.g. 秘書處, 工務局."""

    name = models.CharField(_("名稱"), max_length=100, unique=True)
    name_en = models.CharField(_("英文名稱"), max_length=200, blank=True)
    code = models.SlugField(_("代碼"), max_length=40, unique=True)

    objects = BureauManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("局處")
        verbose_name_plural = _("局處")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the interface's language (``in_language``)."""
        return in_language(self.name, self.name_en)


def in_language(name: str, name_en: str) -> str:
    """A name kept in zh-Hant and English, as the interface's language shows it: the English
    one on English screens when there is one. Rows read with ``values_list`` pass both."""
    if name_en and (get_language() or "").startswith("en"):
        return name_en
    return name


class User(AbstractUser):
    """A city-hall user. A superuser counts as an administrator whatever ``role`` says."""

    role = models.CharField(_("角色"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("局處"), null=True, blank=True, on_delete=models.SET_NULL
    )
    language = models.CharField(
        _("介面語言"), max_length=10, choices=Language.choices, default=Language.ZH_HANT
    )
    # first_name/last_name hold the name as colleagues write it (王小明); this one is shown on
    # English screens (Hsiao-ming Wang).
    name_en = models.CharField(_("英文姓名"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("使用者")
        verbose_name_plural = _("使用者")

    @property
    def effective_role(self) -> str:
        return Role.ADMIN if self.is_superuser else self.role

    @property
    def display_name(self) -> str:
        return in_language(self.get_full_name(), self.name_en) or self.username


class AuditEntry(models.Model):
    """One thing someone did: written by the service that did it, in its transaction."""

    at = models.DateTimeField(_("時間"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("動作"), max_length=60, choices=AuditAction.choices)
    # The record acted on, as "app.model" and its id; kept when the record is deleted.
    object_type = models.CharField(max_length=60)
    object_id = models.PositiveBigIntegerField()
    mission_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    summary = models.CharField(_("說明"), max_length=500, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("操作紀錄")
        verbose_name_plural = _("操作紀錄")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action}"


class CalendarDay(models.Model):
    """A day the official calendar (政府行政機關辦公日曆表) treats otherwise than its weekday —
    a holiday on a weekday, a working Saturday (補行上班) — or names (和平紀念日 on a
    Saturday). Every other day is a working day Monday to Friday. Kept by administrators;
    seeded for 2026 and 2027 (migration core 0005)."""

    date = models.DateField(_("日期"), unique=True)
    off = models.BooleanField(_("放假"), default=True)
    name = models.CharField(_("名稱"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("辦公日曆")
        verbose_name_plural = _("辦公日曆")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}".strip()
