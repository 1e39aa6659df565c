import datetime as dt

import pytest

from envoy.hosting import services
from envoy.missions import services as missions
from envoy.missions.enums import Direction, ItemKind
from envoy.relations import services as relations


@pytest.fixture
def visit(cast, bureaus):
    """A delegation from Tokyo hosted by the secretariat (kept by its editor, the owner):
    three visitors — the head (Japanese name), a halal visitor with a nut allergy, a
    vegetarian — a programme of two days with a lunch and a dinner, and Tokyo recorded."""
    owner = cast["owner"]
    mission = missions.create_mission(
        user=owner,
        title="東京都環境局訪問團",
        start_date=dt.date(2026, 10, 5),
        end_date=dt.date(2026, 10, 6),
        bureau=bureaus["secretariat"],
        direction=Direction.INBOUND,
        destination_countries=["JP"],
        destination_cities=["東京"],
        visitor_organisation="東京都環境局",
    )
    head = missions.add_member(
        user=owner,
        mission=mission,
        data={"name": "山田太郎", "agency": "東京都環境局", "title": "局長", "is_head": True},
    )
    halal = missions.add_member(
        user=owner,
        mission=mission,
        data={"name": "Ahmad Rahman", "agency": "東京都環境局", "title": "課長"},
    )
    veg = missions.add_member(
        user=owner,
        mission=mission,
        data={"name": "김민준", "agency": "東京都環境局", "title": "主任"},
    )
    services.save_visitor(
        user=owner,
        member=head,
        data={"name_native": "山田太郎", "name_en": "Taro Yamada", "precedence": 1},
    )
    services.save_visitor(
        user=owner,
        member=halal,
        data={"name_en": "Ahmad Rahman", "precedence": 2, "diets": ["halal"], "allergies": "堅果"},
    )
    services.save_visitor(
        user=owner,
        member=veg,
        data={"name_en": "Minjun Kim", "precedence": 3, "diets": ["vegetarian"]},
    )
    first = missions.add_day(user=owner, mission=mission, data={"date": dt.date(2026, 10, 5)})
    missions.add_item(
        user=owner,
        day=first,
        data={"text": "拜會市長", "place": "市政府", "kind": ItemKind.MEETING},
    )
    missions.add_item(
        user=owner,
        day=first,
        data={"text": "午宴", "place": "市府貴賓廳", "kind": ItemKind.MEAL},
    )
    second = missions.add_day(user=owner, mission=mission, data={"date": dt.date(2026, 10, 6)})
    missions.add_item(
        user=owner,
        day=second,
        data={"text": "歡送晚宴", "place": "圓山飯店", "kind": ItemKind.MEAL},
    )
    tokyo = relations.get_or_create_city(user=owner, name="東京", country="JP", name_en="Tokyo")
    services.save_hosting(user=owner, mission=mission, data={"visitor_city": tokyo})
    services.save_host(
        user=owner,
        mission=mission,
        host=None,
        data={"name": "林市長", "name_en": "Mayor Lin", "title": "市長", "precedence": 1},
    )
    services.save_host(
        user=owner,
        mission=mission,
        host=None,
        data={"name": "祝惠美", "title": "處長", "precedence": 2, "bureau": bureaus["secretariat"]},
    )
    services.save_host(
        user=owner,
        mission=mission,
        host=None,
        data={"name": "陳譯員", "role": "interpreter", "languages": "日語"},
    )
    mission.refresh_from_db()
    return mission
