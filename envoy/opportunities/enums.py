from django.db import models
from django.utils.translation import gettext_lazy as _


class OpportunityKind(models.TextChoices):
    FORUM = "forum", _("論壇")
    CONFERENCE = "conference", _("國際會議")
    CALL_FOR_SPEAKERS = "call_for_speakers", _("講者徵求")
    ONLINE_MEETING = "online_meeting", _("線上會議")
    AWARD = "award", _("獎項")


class OpportunityStatus(models.TextChoices):
    """Where an opening stands: spotted, weighed, applied for, then accepted (it becomes a
    mission or an online presentation), declined, or done once it has taken place."""

    SPOTTED = "spotted", _("發現")
    CONSIDERING = "considering", _("評估中")
    APPLIED = "applied", _("已報名")
    ACCEPTED = "accepted", _("已獲接受")
    DECLINED = "declined", _("不參加")
    DONE = "done", _("已完成")


# Still to be decided or carried out: its deadlines are reminded, the calendar shows it.
OPEN_STATUSES = (
    OpportunityStatus.SPOTTED,
    OpportunityStatus.CONSIDERING,
    OpportunityStatus.APPLIED,
    OpportunityStatus.ACCEPTED,
)

S = OpportunityStatus

# The moves an opportunity may make. Accepted ones may still be declined (the city
# withdrew); declined ones reconsidered; a done one is history.
MOVES: dict[OpportunityStatus, set[OpportunityStatus]] = {
    S.SPOTTED: {S.CONSIDERING, S.APPLIED, S.ACCEPTED, S.DECLINED},
    S.CONSIDERING: {S.SPOTTED, S.APPLIED, S.ACCEPTED, S.DECLINED},
    S.APPLIED: {S.CONSIDERING, S.ACCEPTED, S.DECLINED},
    S.ACCEPTED: {S.DONE, S.DECLINED},
    S.DECLINED: {S.CONSIDERING},
    S.DONE: set(),
}
