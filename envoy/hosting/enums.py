from django.db import models
from django.utils.translation import gettext_lazy as _


class Diet(models.TextChoices):
    """What a visitor eats, as caterers in Taiwan are asked for it."""

    HALAL = "halal", _("清真")
    KOSHER = "kosher", _("猶太潔食")
    VEGETARIAN = "vegetarian", _("蛋奶素")
    VEGAN = "vegan", _("全素")
    NO_PORK = "no_pork", _("不吃豬肉")
    NO_BEEF = "no_beef", _("不吃牛肉")
    NO_SEAFOOD = "no_seafood", _("不吃海鮮")
    GLUTEN_FREE = "gluten_free", _("無麩質")
    NO_ALCOHOL = "no_alcohol", _("不飲酒")


class HostRole(models.TextChoices):
    HOST = "host", _("接待人員")
    INTERPRETER = "interpreter", _("口譯")
    LIAISON = "liaison", _("隨團聯絡人")


class TransportKind(models.TextChoices):
    CAR = "car", _("公務車")
    COACH = "coach", _("遊覽車")
    RAIL = "rail", _("高鐵／火車")
    METRO = "metro", _("捷運")
    FLIGHT = "flight", _("航班")
    WALK = "walk", _("步行")
    OTHER = "other", _("其他")


class GiftDirection(models.TextChoices):
    GIVEN = "given", _("致贈")
    RECEIVED = "received", _("受贈")


class GiftRecipient(models.TextChoices):
    """Who received a gift, as 公務員廉政倫理規範 第4點第3款 tells them apart (``ethics``)."""

    PERSON = "person", _("個人")
    AGENCY = "agency", _("機關內多數人")


class GiftHandling(models.TextChoices):
    """What became of a gift received, in the words of 公務員廉政倫理規範 第4、5點."""

    PENDING = "pending", _("待處理")
    KEPT = "kept", _("留存（個人市價 500 元以下，機關內多數人合計 1,000 元以下）")
    RETURNED = "returned", _("退還")
    PAID = "paid", _("付費收受")
    PUBLIC = "public", _("歸公")
    DONATED = "donated", _("轉贈慈善機構")
    ETHICS_UNIT = "ethics_unit", _("交政風單位處理")


class SeatingLayout(models.TextChoices):
    BANQUET = "banquet", _("宴會圓桌（主人居中）")
    MEETING = "meeting", _("會談長桌（賓主對坐）")
