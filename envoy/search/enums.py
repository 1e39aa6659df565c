from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a search result is."""

    MISSION = "mission", _("任務")
    REPORT = "report", _("出國報告")
    RECOMMENDATION = "recommendation", _("建議事項")
    PERSON = "person", _("人員")
    ORGANISATION = "organisation", _("組織")
    CITY = "city", _("城市")
    NETWORK = "network", _("城市網絡")
    # The classified blocks (限閱) of a report, one document a report. Last: the facet
    # columns number kinds by their place here.
    RESTRICTED = "restricted", _("限閱內容")
    # A recommendation or lesson followed through (追蹤事項), with its progress notes.
    ACTION = "action", _("追蹤事項")


# Kinds whose records belong to a mission: seen only by those who may open the mission.
MISSION_KINDS = {Kind.MISSION, Kind.REPORT, Kind.RECOMMENDATION, Kind.RESTRICTED, Kind.ACTION}
