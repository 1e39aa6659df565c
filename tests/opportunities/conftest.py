import datetime as dt

import pytest

from envoy.opportunities import services
from envoy.relations import services as relations


@pytest.fixture
def tokyo(cast):
    return relations.get_or_create_city(
        user=cast["officer"], name="東京", country="JP", name_en="Tokyo", timezone="Asia/Tokyo"
    )


@pytest.fixture
def gnets(cast):
    return relations.get_or_create_network(
        user=cast["officer"], name="全球永續發展城市網絡", abbreviation="G-NETS"
    )


def spot(user, **data):
    """An opportunity recorded by ``user``: a forum in Tokyo unless ``data`` says otherwise."""
    values = {
        "title": "2026 亞洲城市防災論壇",
        "start_date": dt.date(2026, 10, 5),
        "end_date": dt.date(2026, 10, 7),
        "topics": ["防災"],
        "languages": ["ja"],
    }
    return services.add_opportunity(user=user, data=values | data)


def profile(officer, name, *, languages=(), expertise=(), visibility="staff", bureau=None):
    """A profile of the talent pool, added by an officer: ``languages`` as (code, JLPT level
    or CEFR)."""
    from envoy.talent.services import create_profile

    rows = []
    for code, level in languages:
        if level.startswith("N"):
            rows.append({"language": code, "test": "jlpt", "score": level})
        else:
            rows.append({"language": code, "cefr": level})
    return create_profile(
        user=officer,
        data={
            "name": name,
            "expertise": list(expertise),
            "visibility": visibility,
            "bureau": bureau,
        },
        languages=rows,
    )
