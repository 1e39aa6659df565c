"""The opportunities' part of the demo data (``manage.py seed_demo``): a conference the
secretariat is weighing, whose speakers the talent pool suggests, and a call for speakers
online just spotted. Their dates and deadlines are set from today, so the reminders and the
calendar have something ahead whenever the demo is installed. Each is added once (by title)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from envoy.relations import services as relations

from .enums import OpportunityKind, OpportunityStatus
from .models import Opportunity
from .services import add_opportunity, assign_opportunity, change_status

GNETS = ("全球永續發展城市網絡", "G-NETS")


def _conference(today: dt.date, user) -> tuple[dict, str]:
    tokyo = relations.get_or_create_city(
        user=user, name="東京", country="JP", name_en="Tokyo", timezone="Asia/Tokyo"
    )
    network = relations.get_or_create_network(user=user, name=GNETS[0], abbreviation=GNETS[1])
    start = today + dt.timedelta(days=120)
    return {
        "title": "G-NETS 城市韌性與防災論壇",
        "title_en": "G-NETS Forum on Urban Resilience and Disaster Prevention",
        "kind": OpportunityKind.CONFERENCE,
        "network": network,
        "city": tokyo,
        "venue": "東京國際論壇",
        "start_date": start,
        "end_date": start + dt.timedelta(days=2),
        "registration_deadline": today + dt.timedelta(days=30),
        "abstract_deadline": today + dt.timedelta(days=5),
        "topics": ["防災", "城市韌性"],
        "languages": ["ja", "en"],
        "notes": "主辦單位邀請會員城市分享防災實務，每場發表 15 分鐘。",
    }, "secretariat"


def _online_call(today: dt.date, user) -> tuple[dict, str]:
    start = today + dt.timedelta(days=60)
    return {
        "title": "亞太城市淨零轉型線上論壇 講者徵求",
        "title_en": "Asia-Pacific Cities Net-Zero Webinar: Call for Speakers",
        "kind": OpportunityKind.CALL_FOR_SPEAKERS,
        "online": True,
        "timezone": "Asia/Bangkok",
        "start_date": start,
        "end_date": start,
        "start_time": dt.time(14, 0),
        "end_time": dt.time(16, 0),
        "abstract_deadline": today + dt.timedelta(days=21),
        "topics": ["淨零"],
        "languages": ["en"],
    }, "environment"


def seed(*, bureaus: dict, users: dict, write, **signal) -> None:
    """Add the demo opportunities not yet recorded, as the demo officer; the conference is
    given to the secretariat's editor and under consideration. Connected to
    ``reports.signals.demo_seeded`` (``signal``: its sender and itself, unused)."""
    officer = users.get("officer")
    if officer is None:
        return
    today = timezone.localdate()
    added = 0
    for make in (_conference, _online_call):
        data, bureau_code = make(today, officer)
        if Opportunity.objects.filter(title=data["title"]).exists():
            continue
        opportunity = add_opportunity(user=officer, data=data, bureau=bureaus.get(bureau_code))
        if make is _conference:
            opportunity = assign_opportunity(
                user=officer,
                opportunity=opportunity,
                bureau=opportunity.bureau,
                assignee=users.get("editor"),
                expected_version=opportunity.version,
            )
            change_status(
                user=officer,
                opportunity=opportunity,
                status=OpportunityStatus.CONSIDERING,
                expected_version=opportunity.version,
            )
        added += 1
    if added:
        write(_("已加入國際參與機會示範資料 %(count)s 筆。") % {"count": added})
