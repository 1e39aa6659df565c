from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    CITY_GOVERNMENT = "city_government", _("城市政府")
    MINISTRY = "ministry", _("中央部會")
    NETWORK_SECRETARIAT = "network_secretariat", _("城市網絡秘書處")
    AGENCY = "agency", _("機關")
    COMPANY = "company", _("企業")
    OTHER = "other", _("其他")


class AgreementKind(models.TextChoices):
    SISTER_CITY = "sister_city", _("姊妹市")
    FRIENDSHIP = "friendship", _("友好城市")
    MOU = "mou", _("合作備忘錄")
    COMMUNIQUE = "communique", _("共同宣言")
    INITIATIVE = "initiative", _("行動倡議")
    DECLARATION = "declaration", _("宣言")
    OTHER = "other", _("其他")


class Decision(models.TextChoices):
    CONFIRMED = "confirmed", _("已確認")
    REJECTED = "rejected", _("已排除")
