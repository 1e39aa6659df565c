from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionKind(models.TextChoices):
    RECOMMENDATION = "recommendation", _("建議事項")
    LESSON = "lesson", _("借鏡事項")


class ActionStatus(models.TextChoices):
    """採行情形: proposed from the report, then decided by its editor and carried out by its
    owner."""

    PROPOSED = "proposed", _("待確認")
    ACCEPTED = "accepted", _("已採行")
    IN_PROGRESS = "in_progress", _("辦理中")
    DONE = "done", _("已完成")
    NOT_ADOPTED = "not_adopted", _("不採行")


# Still to be carried out: asked for progress, counted when overdue.
OPEN_STATUSES = (ActionStatus.ACCEPTED, ActionStatus.IN_PROGRESS)
# Decided: no longer a proposal (a proposal left undecided is the editor's to settle).
DECIDED_STATUSES = (
    ActionStatus.ACCEPTED,
    ActionStatus.IN_PROGRESS,
    ActionStatus.DONE,
    ActionStatus.NOT_ADOPTED,
)
