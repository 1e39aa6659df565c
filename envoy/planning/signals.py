"""What the planning app tells the apps above it.

``plan_moved`` is sent once a trip plan's workflow step (送審, 退回, 核定) has been committed,
with ``plan`` and ``user`` (who took the step); the notices app turns it into mail."""

from django.dispatch import Signal

plan_moved = Signal()
