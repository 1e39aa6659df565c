from django.db import models
from django.utils.translation import gettext_lazy as _


class LanguageCode(models.TextChoices):
    """The languages a profile records (ISO 639-1), the ones the city's work meets most."""

    EN = "en", _("英語")
    JA = "ja", _("日語")
    KO = "ko", _("韓語")
    FR = "fr", _("法語")
    DE = "de", _("德語")
    ES = "es", _("西班牙語")
    PT = "pt", _("葡萄牙語")
    IT = "it", _("義大利語")
    RU = "ru", _("俄語")
    VI = "vi", _("越南語")
    TH = "th", _("泰語")
    ID = "id", _("印尼語")
    MS = "ms", _("馬來語")
    TL = "tl", _("菲律賓語")
    NL = "nl", _("荷蘭語")
    AR = "ar", _("阿拉伯語")
    SIGN = "sgn", _("手語")
    OTHER = "other", _("其他語言")


class Cefr(models.TextChoices):
    """The Common European Framework's six levels; a test score is read as one of them
    (``envoy.talent.levels``)."""

    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class LanguageTest(models.TextChoices):
    GEPT = "gept", _("全民英檢")
    TOEIC = "toeic", "TOEIC"
    TOEFL = "toefl", "TOEFL iBT"
    IELTS = "ielts", "IELTS"
    JLPT = "jlpt", _("日本語能力試驗 JLPT")
    TOPIK = "topik", _("韓國語文能力測驗 TOPIK")
    OTHER = "other", _("其他測驗")


class Interpreting(models.TextChoices):
    NONE = "", _("不擔任口譯")
    LIAISON = "liaison", _("隨行翻譯")
    CONSECUTIVE = "consecutive", _("逐步口譯")
    SIMULTANEOUS = "simultaneous", _("同步口譯")


class Visibility(models.TextChoices):
    """How far the owner consents to be found. Officers and administrators see every profile
    whatever this says: they keep the pool."""

    PRIVATE = "private", _("僅本人與國際事務人員")
    BUREAU = "bureau", _("本局處同仁")
    STAFF = "staff", _("本府所有同仁")


class ExperienceKind(models.TextChoices):
    MISSION = "mission", _("出訪")
    HOSTED = "hosted", _("接待來訪")
    PRESENTATION = "presentation", _("發表")
    MEETING = "meeting", _("會談")


class Match(models.TextChoices):
    """How an experience came to its profile: recorded or matched for sure, matched by name
    alone (an officer confirms or re-assigns it), or confirmed by an officer (kept so)."""

    SURE = "sure", _("自動比對")
    UNSURE = "unsure", _("待確認")
    CONFIRMED = "confirmed", _("已確認")
