"""Who finds whom: an editor finds exactly the profiles whose owners consent to it (their
bureau's for 本局處同仁, everyone's for 本府所有同仁) and their own; officers and
administrators every profile — with a query, a country, a flag, the pool's filters and none.
The same on SQLite and PostgreSQL (``bin/test``)."""

import datetime as dt
import itertools

import pytest

from envoy.talent.enums import ExperienceKind, LanguageCode, Visibility
from envoy.talent.models import LanguageSkill, StaffProfile
from envoy.talent.permissions import profiles_for_user
from envoy.talent.pool import search_pool


@pytest.fixture
def everyone(cast, bureaus):
    """A profile for each visibility in each bureau and in none, each speaking Japanese,
    knowing 防災 and having presented in Japan; and the outsider's own, private one."""
    from envoy.talent.services import record_experience

    made = {}
    places = {"secretariat": bureaus["secretariat"], "works": bureaus["works"], "none": None}
    for (place, bureau), visibility in itertools.product(places.items(), Visibility.values):
        profile = StaffProfile.objects.create(
            name=f"{place}-{visibility}",
            bureau=bureau,
            expertise=["防災"] if visibility != Visibility.STAFF else [],
            visibility=visibility,
        )
        LanguageSkill.objects.create(profile=profile, language=LanguageCode.JA, cefr="B2")
        record_experience(
            profile,
            kind=ExperienceKind.PRESENTATION,
            source=profile,
            date=dt.date(2025, 5, 1),
            countries=["JP"],
            city="東京",
            title="東京防災論壇",
        )
        made[profile.name] = profile
    own = StaffProfile.objects.create(
        name="outsider-own", bureau=bureaus["secretariat"], user=cast["outsider"]
    )
    LanguageSkill.objects.create(profile=own, language=LanguageCode.JA, cefr="C1")
    record_experience(
        own,
        kind=ExperienceKind.PRESENTATION,
        source=own,
        countries=["JP"],
        title="東京防災論壇",
    )
    made[own.name] = own
    return made


SEARCHES = [
    ("防災", {}),  # in the expertise of some, in the experience of all
    ("日語 B2", {}),
    ("日本", {}),
    ("曾發表", {}),
    ("東京 防災", {}),
    ("", {"language": "ja", "level": "B1", "country": "JP"}),
    ("", {}),
]
MAY_SEE = {
    # The works editor: their bureau's consenting colleagues, everyone's, their own.
    "outsider": {"works-bureau", "works-staff", "secretariat-staff", "none-staff", "outsider-own"},
    # The secretariat editor: their bureau's and everyone's; the outsider's own is private.
    "colleague": {"secretariat-bureau", "secretariat-staff", "works-staff", "none-staff"},
    # A viewer of no bureau: only those open to every colleague.
    "viewer": {"secretariat-staff", "works-staff", "none-staff"},
}


@pytest.mark.parametrize("who", sorted(MAY_SEE))
@pytest.mark.parametrize(("text", "filters"), SEARCHES)
def test_a_user_finds_exactly_the_profiles_they_may_see(cast, everyone, who, text, filters):
    result = search_pool(cast[who], text, limit=100, **filters)
    assert {hit.profile.name for hit in result.hits} == MAY_SEE[who]
    assert result.total == len(MAY_SEE[who])
    # Every one found is explained when something was asked.
    if text or filters:
        assert all(hit.reasons for hit in result.hits)


@pytest.mark.parametrize("who", ["officer", "admin"])
@pytest.mark.parametrize(("text", "filters"), SEARCHES)
def test_officers_and_administrators_find_every_profile(cast, everyone, who, text, filters):
    result = search_pool(cast[who], text, limit=100, **filters)
    assert {hit.profile.name for hit in result.hits} == set(everyone)


def test_the_profiles_a_user_may_see_are_those_the_search_finds(cast, everyone):
    for who, names in MAY_SEE.items():
        assert set(profiles_for_user(cast[who]).values_list("name", flat=True)) == names
    assert not profiles_for_user(cast["outsider"]).filter(name="secretariat-bureau").exists()


def test_nothing_else_matches(cast, everyone):
    """The query must still filter: a word nobody has finds no one, for anyone."""
    for who in (*MAY_SEE, "officer"):
        assert search_pool(cast[who], "里加").total == 0
        assert search_pool(cast[who], "韓國").total == 0
