"""Speakers the talent pool suggests for an opportunity (its languages, at its least level,
and any of its topics), choosing one, and the talk counted in the speaker's experience once
the opportunity is done."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from envoy.opportunities import services
from envoy.opportunities.enums import OpportunityStatus as S
from envoy.opportunities.speakers import suggest_speakers
from envoy.talent.models import Experience
from envoy.talent.pool import search_pool
from tests.conftest import client_for

from .conftest import profile, spot

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(cast):
    officer = cast["officer"]
    return {
        "sato": profile(officer, "佐藤花子", languages=[("ja", "N2")], expertise=["防災"]),
        "both": profile(
            officer, "王大明", languages=[("ja", "N1"), ("en", "C1")], expertise=["防災", "淨零"]
        ),  # fmt: skip
        "beginner": profile(officer, "林小美", languages=[("ja", "N5")], expertise=["防災"]),
        "english": profile(officer, "陳志明", languages=[("en", "C1")], expertise=["防災"]),
        "no_topic": profile(officer, "張美華", languages=[("ja", "N1")], expertise=["觀光"]),
        "private": profile(
            officer, "李安", languages=[("ja", "N1")], expertise=["防災"], visibility="private"
        ),  # fmt: skip
    }


def names(suggestions):
    return [hit.profile.name for hit in suggestions.hits]


def test_speakers_of_its_language_who_know_one_of_its_topics_more_topics_first(cast, pool):
    opportunity = spot(cast["owner"], languages=["日語"], topics=["防災", "淨零"])
    assert opportunity.languages == ["ja"]
    # The private profile is for its owner and the office only.
    assert names(suggest_speakers(cast["owner"], opportunity)) == [
        "王大明",
        "佐藤花子",
        "林小美",
    ]
    assert "李安" in names(suggest_speakers(cast["officer"], opportunity))
    # At least B2 (JLPT N2): the beginner is left out; each hit says why.
    services.update_opportunity(user=cast["owner"], opportunity=opportunity,
                                data={"language_level": "B2"}, expected_version=1)  # fmt: skip
    found = suggest_speakers(cast["owner"], opportunity)
    assert names(found) == ["王大明", "佐藤花子"]
    assert [r.text for r in found.hits[1].reasons] == ["日語 N2", "防災：專長標籤"]


def test_no_languages_or_topics_no_suggestions(cast, pool):
    opportunity = spot(cast["owner"], languages=[], topics=[])
    found = suggest_speakers(cast["owner"], opportunity)
    assert (found.hits, found.asked) == ([], False)


def test_a_language_nobody_knows_is_named(cast):
    with pytest.raises(ValidationError) as error:
        spot(cast["owner"], languages=["日語", "克林貢語"])
    assert error.value.message_dict == {
        "languages": ["不認得「克林貢語」這個語言，請寫例如：日語、英語、Japanese。"]
    }


def test_the_talk_of_a_done_opportunity_counts_in_the_speakers_experience(cast, pool, tokyo):
    opportunity = spot(cast["owner"], online=True, talk_title="新北市韌性城市經驗",
                       city=tokyo)  # fmt: skip
    services.set_speaker(user=cast["owner"], opportunity=opportunity, profile=pool["sato"],
                         expected_version=1)  # fmt: skip
    for status in (S.ACCEPTED, S.DONE):
        services.change_status(user=cast["owner"], opportunity=opportunity, status=status,
                               expected_version=opportunity.version)  # fmt: skip
    talk = Experience.objects.get(profile=pool["sato"])
    assert (talk.kind, talk.title, talk.countries, talk.date) == (
        "presentation",
        "新北市韌性城市經驗",
        "JP",
        opportunity.start_date,
    )
    # It counts in the pool: 曾發表 finds her.
    assert [h.profile.name for h in search_pool(cast["officer"], "曾發表").hits] == ["佐藤花子"]
    # Another speaker afterwards: the talk is theirs instead.
    services.set_speaker(user=cast["owner"], opportunity=opportunity, profile=pool["both"],
                         expected_version=opportunity.version)  # fmt: skip
    assert list(Experience.objects.values_list("profile__name", flat=True)) == ["王大明"]


def test_a_speaker_the_user_may_not_see_cannot_be_chosen(cast, pool):
    opportunity = spot(cast["owner"])
    with pytest.raises(PermissionDenied):
        services.set_speaker(user=cast["owner"], opportunity=opportunity,
                             profile=pool["private"], expected_version=1)  # fmt: skip


def test_the_page_suggests_and_chooses_a_speaker(cast, pool):
    opportunity = spot(cast["owner"], languages=["ja"], topics=["防災"])
    client = client_for(cast["owner"])
    url = reverse("opportunities:detail", args=[opportunity.pk])
    page = client.get(url).content.decode()
    assert "佐藤花子" in page and "日語 N2" in page and "陳志明" not in page
    response = client.post(
        reverse("opportunities:speaker", args=[opportunity.pk]),
        {"profile": pool["sato"].pk, "version": 1},
    )
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.speaker == pool["sato"]
    # A profile hidden from the user is refused as unknown.
    hidden = client.post(
        reverse("opportunities:speaker", args=[opportunity.pk]),
        {"profile": pool["private"].pk, "version": 2},
    )
    assert hidden.status_code == 422
    assert (
        client_for(cast["viewer"])
        .post(
            reverse("opportunities:speaker", args=[opportunity.pk]),
            {"profile": pool["sato"].pk, "version": 2},
        )
        .status_code
        == 403
    )
