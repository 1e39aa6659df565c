"""The home page (``/``): the day's work of the signed-in user, by role.

- a bureau editor: the reports to write (drafts, and returned ones with the reviewer's
  comment), trips ahead, their follow-ups, their open actions and proposals to settle;
- a reviewer: the reports waiting for review, longest first, and what they decided lately;
- an officer or administrator: overdue reports by bureau, the reports waiting for review,
  actions overdue, due this month or stale by bureau, trips in the next 30 days, what was
  published lately, their follow-ups and actions;
- a viewer: trips ahead and what was published lately;
- everyone who approves: the trip plans (出國計畫) waiting for a decision; everyone who
  writes them: their plans still drafts or returned.
- anyone on a trip's delegation, from a week before departure to the day of return: the
  trip's handbook (``planning.handbook.travelling_missions``).

Every row links to where the work is done. Visits received (來訪) have no report: they are
among the trips ahead (marked 來訪), never among the reports to write or overdue.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from envoy.actions import queries as actions
from envoy.core.enums import Role
from envoy.opportunities import queries as opportunities
from envoy.planning.handbook import travelling_missions
from envoy.planning.plans import plans_at_hand

from . import queries

TRIPS_AHEAD_DAYS = 30


@login_required
def home(request):
    user, today = request.user, timezone.localdate()
    role = user.effective_role
    context = {"today": today, "role": role, "review_days": settings.ENVOY_REVIEW_DAYS}
    # Whoever is on a delegation, whatever their role: their handbook during the trip.
    context["handbooks"] = travelling_missions(user, today)
    if role == Role.EDITOR:
        context["to_write"], context["to_write_total"] = queries.reports_to_write(user, today)
    if role in (Role.REVIEWER, Role.OFFICER, Role.ADMIN):
        context["to_review"], context["to_review_total"] = queries.reports_to_review(user, today)
    if role == Role.REVIEWER:
        context["decided"] = queries.decided_by(user)
    if role in (Role.OFFICER, Role.ADMIN):
        context["overdue"], context["overdue_total"] = queries.overdue_by_bureau(user, today)
    context["plans"] = plans_at_hand(user)
    ahead = TRIPS_AHEAD_DAYS if role in (Role.OFFICER, Role.ADMIN) else None
    context["trips"] = queries.trips_ahead(user, today, ahead)
    context["trips_days"] = ahead
    if role in (Role.OFFICER, Role.ADMIN, Role.VIEWER):
        context["published"] = queries.recently_published(user)
    if role in (Role.OFFICER, Role.ADMIN):
        context["actions_due"] = queries.actions_due_by_bureau(today)
    if role in (Role.EDITOR, Role.OFFICER, Role.ADMIN):
        context["follow_ups"] = queries.my_follow_ups(user)
        context["my_actions"] = actions.open_actions_of(user)
        context["my_opportunities"] = opportunities.assigned_to(user, today)
    if role == Role.EDITOR:
        context["proposals"] = actions.proposals_waiting(user)
    return render(request, "desk/home.html", context)


urlpatterns = [path("", home, name="home")]
