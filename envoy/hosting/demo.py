"""The hosting part of the demo data (``manage.py seed_demo``): a delegation of the G-NETS
member cities two weeks ahead, with visitors whose names are in their own scripts, a halal
visitor with a peanut allergy and a vegetarian one, a two-day programme, our host and an
interpreter from the talent pool, a coach from the airport, a gift given and one received
not yet valued (so the ethics reminder shows), and a follow-up owed afterwards. The people
are invented; the visit is added once (by its title)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from envoy.missions import services as missions
from envoy.missions.enums import Direction, ItemKind
from envoy.missions.models import Mission
from envoy.relations import services as relations
from envoy.talent.models import StaffProfile

from . import services
from .enums import GiftDirection, HostRole, SeatingLayout, TransportKind

TITLE = "G-NETS 會員城市防災交流訪問團"
GNETS = ("全球永續發展城市網絡", "G-NETS")
INTERPRETER = ("陳怡君", "secretariat")

# (name in their own script, agency, title, English name, English title, precedence, diets,
# allergies)
VISITORS = [
    ("佐藤健一", "橫濱市國際局", "局長", "Kenichi Sato", "Director General", 1, [], ""),
    (
        "Nur Aisyah binti Ahmad",
        "吉隆坡市政府",
        "處長",
        "Nur Aisyah binti Ahmad",
        "Director",
        2,
        ["halal"],
        "花生",
    ),
    ("이서연", "首爾特別市", "副處長", "Lee Seo-yeon", "Deputy Director", 3, ["vegetarian"], ""),
]


def _programme(user, mission: Mission) -> None:
    first = missions.add_day(user=user, mission=mission, data={"date": mission.start_date})
    for text, place, kind in [
        ("拜會副市長", "市政府", ItemKind.MEETING),
        ("歡迎午宴", "市府貴賓廳", ItemKind.MEAL),
        ("城市防災經驗交流座談", "市政府會議室", ItemKind.SESSION),
    ]:
        missions.add_item(user=user, day=first, data={"text": text, "place": place, "kind": kind})
    second = missions.add_day(user=user, mission=mission, data={"date": mission.end_date})
    missions.add_item(
        user=user,
        day=second,
        data={"text": "參訪災害應變中心", "place": "災害應變中心", "kind": ItemKind.VISIT},
    )


def seed(*, bureaus: dict, users: dict, write, **signal) -> None:
    """Add the demo visit unless it is there, as the demo officer.
    Connected to ``reports.signals.demo_seeded`` (``signal``: its sender and itself, unused)."""
    officer = users.get("officer")
    if officer is None or Mission.objects.filter(title=TITLE).exists():
        return
    start = timezone.localdate() + dt.timedelta(days=14)
    mission = missions.create_mission(
        user=officer,
        title=TITLE,
        start_date=start,
        end_date=start + dt.timedelta(days=1),
        bureau=bureaus.get("secretariat"),
        direction=Direction.INBOUND,
        destination_countries=["JP", "MY", "KR"],
        destination_cities=["橫濱", "吉隆坡", "首爾"],
        visitor_organisation=GNETS[0],
    )
    members = []
    for name, agency, title, name_en, title_en, precedence, diets, allergies in VISITORS:
        member = missions.add_member(
            user=officer,
            mission=mission,
            data={"name": name, "agency": agency, "title": title, "is_head": precedence == 1},
        )
        services.save_visitor(
            user=officer,
            member=member,
            data={
                "name_native": name,
                "name_en": name_en,
                "title_en": title_en,
                "precedence": precedence,
                "diets": diets,
                "allergies": allergies,
            },
        )
        members.append(member)
    _programme(officer, mission)
    network = relations.get_or_create_network(user=officer, name=GNETS[0], abbreviation=GNETS[1])
    services.save_hosting(
        user=officer,
        mission=mission,
        data={"network": network, "seating_layout": SeatingLayout.BANQUET},
    )
    services.save_host(
        user=officer,
        mission=mission,
        host=None,
        data={
            "name": "張志強",
            "name_en": "Chang Chih-chiang",
            "title": "副市長",
            "title_en": "Deputy Mayor",
            "precedence": 1,
        },
    )
    name, bureau_code = INTERPRETER
    interpreter = StaffProfile.objects.filter(name=name, bureau=bureaus.get(bureau_code)).first()
    if interpreter is not None:
        services.add_host_from_profile(
            user=officer, mission=mission, profile=interpreter, role=HostRole.INTERPRETER
        )
    services.save_leg(
        user=officer,
        mission=mission,
        leg=None,
        data={
            "date": start,
            "departs_at": dt.time(8, 30),
            "origin": "桃園國際機場第二航廈",
            "destination": "市政府",
            "kind": TransportKind.COACH,
            "vehicle": "遊覽車 1 輛（20 人座）",
        },
    )
    for direction, description, counterpart, value in [
        (GiftDirection.GIVEN, "本市文創禮盒", "佐藤健一", 1200),
        (GiftDirection.RECEIVED, "橫濱市紀念瓷盤", "佐藤健一", None),
    ]:
        services.save_gift(
            user=officer,
            mission=mission,
            gift=None,
            data={
                "direction": direction,
                "date": start,
                "description": description,
                "counterpart": counterpart,
                "value_ntd": value,
            },
        )
    services.add_follow_up(
        user=officer,
        member=members[0],
        follow_up="寄送災害應變中心簡報資料與座談紀錄",
        owner=users.get("editor"),
        due=start + dt.timedelta(days=14),
    )
    write(_("已加入來訪接待示範資料：%(title)s。") % {"title": TITLE})
