"""Our hosts and interpreters from the talent pool, and hosting as their experience."""

import datetime as dt

import pytest
from django.urls import reverse
from lxml import html

from envoy.hosting import services
from envoy.hosting.models import Host
from envoy.missions import services as missions
from envoy.relations.models import Network
from envoy.talent import services as talent
from envoy.talent.enums import ExperienceKind, Visibility
from envoy.talent.models import Experience
from envoy.talent.pool import search_pool
from tests.conftest import client_for


def texts(response, xpath: str) -> list[str]:
    tree = html.fromstring(response.content.decode())
    return [" ".join(node.text_content().split()) for node in tree.xpath(xpath)]


@pytest.fixture
def pool(cast, bureaus):
    """Three colleagues: one speaks Japanese and interprets, one speaks English, one speaks
    Japanese but consents to be found by no one."""
    officer = cast["officer"]

    def profile(name, language, visibility=Visibility.STAFF, **extra):
        return talent.create_profile(
            user=officer,
            data={"name": name, "bureau": bureaus["secretariat"], "visibility": visibility} | extra,
            languages=[{"language": language, "cefr": "B2"}],
        )

    return {
        "sato": profile(
            "佐藤美穗", "ja", name_en="Miho Sato", title="科員", interpreting="consecutive"
        ),
        "lee": profile("李英文", "en"),
        "hidden": profile("王隱", "ja", visibility=Visibility.PRIVATE),
    }


@pytest.mark.django_db
def test_the_pool_page_lists_colleagues_who_speak_the_visitors_language(visit, cast, pool):
    response = client_for(cast["owner"]).get(reverse("hosting:pool", args=[visit.pk]))
    assert response.status_code == 200
    assert texts(response, "//ul[@class='pool-hits']/li/h2") == ["佐藤美穗"]
    # An officer keeps the pool: they see every profile.
    response = client_for(cast["officer"]).get(reverse("hosting:pool", args=[visit.pk]))
    assert texts(response, "//ul[@class='pool-hits']/li/h2") == ["佐藤美穗", "王隱"]
    response = client_for(cast["owner"]).get(
        reverse("hosting:pool", args=[visit.pk]), {"language": "en"}
    )
    assert texts(response, "//ul[@class='pool-hits']/li/h2") == ["李英文"]


@pytest.mark.django_db
def test_an_interpreter_chosen_from_the_pool_has_the_visit_as_experience(visit, cast, pool):
    sato = pool["sato"]
    client = client_for(cast["owner"])
    response = client.post(
        reverse("hosting:pool", args=[visit.pk]), {"profile": sato.pk, "role": "interpreter"}
    )
    assert response.status_code == 302
    host = Host.objects.get(profile=sato)
    assert (host.role, host.name, host.name_en, host.title, host.languages) == (
        "interpreter",
        "佐藤美穗",
        "Miho Sato",
        "科員",
        "日語 B2",
    )
    experience = Experience.objects.get(profile=sato)
    assert (experience.kind, experience.title, experience.date, experience.countries) == (
        ExperienceKind.HOSTED,
        "東京都環境局訪問團",
        dt.date(2026, 10, 5),
        "JP",
    )
    assert experience.city == "東京"
    # The pool search finds her as someone who has hosted, and says why.
    found = search_pool(cast["officer"], "曾接待 日語")
    assert [(h.profile.name, [r.text for r in h.reasons]) for h in found.hits] == [
        ("佐藤美穗", ["曾接待（東京都環境局訪問團）", "日語 B2"])
    ]
    # Chosen twice, she is there once.
    client.post(
        reverse("hosting:pool", args=[visit.pk]), {"profile": sato.pk, "role": "interpreter"}
    )
    assert Host.objects.filter(profile=sato).count() == 1


@pytest.mark.django_db
def test_a_profile_hidden_from_the_user_cannot_be_assigned(visit, cast, pool):
    response = client_for(cast["owner"]).post(
        reverse("hosting:pool", args=[visit.pk]), {"profile": pool["hidden"].pk, "role": "host"}
    )
    assert response.status_code == 404
    for bad in ({"profile": "x", "role": "host"}, {"profile": pool["sato"].pk, "role": "liaison"}):
        assert (
            client_for(cast["owner"])
            .post(reverse("hosting:pool", args=[visit.pk]), bad)
            .status_code
            == 404
        )
    assert not Host.objects.filter(profile__isnull=False).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who, status", [("viewer", 403), ("outsider", 404), ("anonymous", 302)])
def test_only_those_who_change_the_visit_open_the_pool_page(visit, cast, pool, who, status):
    assert client_for(cast[who]).get(reverse("hosting:pool", args=[visit.pk])).status_code == status


@pytest.mark.django_db
def test_the_experience_follows_the_visit_and_goes_with_the_host(
    visit, cast, pool, django_capture_on_commit_callbacks
):
    owner = cast["owner"]
    host = services.add_host_from_profile(user=owner, mission=visit, profile=pool["sato"])
    gnets = Network.objects.create(name="全球永續發展城市網絡", abbreviation="G-NETS")
    services.save_hosting(user=owner, mission=visit, data={"network": gnets})
    assert Experience.objects.get(profile=pool["sato"]).network == "全球永續發展城市網絡（G-NETS）"
    with django_capture_on_commit_callbacks(execute=True):
        missions.update_mission(
            user=owner,
            mission=visit,
            data={"title": "東京都環境局考察團", "end_date": dt.date(2026, 10, 7)},
            expected_version=visit.version,
        )
    experience = Experience.objects.get(profile=pool["sato"])
    assert (experience.title, experience.end_date) == ("東京都環境局考察團", dt.date(2026, 10, 7))
    services.remove(user=owner, mission=visit, item=host)
    assert not Experience.objects.filter(profile=pool["sato"]).exists()


@pytest.mark.django_db
def test_deleting_the_visit_takes_its_hosts_experience_back(visit, cast, pool):
    services.add_host_from_profile(user=cast["owner"], mission=visit, profile=pool["sato"])
    missions.delete_mission(user=cast["officer"], mission=visit)
    assert not Experience.objects.filter(kind=ExperienceKind.HOSTED).exists()


@pytest.mark.django_db
def test_the_pool_page_takes_the_same_number_of_queries_whatever_the_pool_holds(visit, cast, pool):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast["owner"])
    address = reverse("hosting:pool", args=[visit.pk])
    client.get(address)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        return len(queries)

    before = count()
    for n in range(5):
        talent.create_profile(
            user=cast["officer"],
            data={"name": f"日語同仁{n}", "visibility": Visibility.STAFF},
            languages=[{"language": "ja", "cefr": "C1"}],
        )
    assert count() == before


@pytest.mark.django_db
def test_the_hosts_experience_carries_the_visit_and_outlives_the_pool_s_sync(
    visit, cast, pool, django_capture_on_commit_callbacks
):
    owner = cast["owner"]
    services.add_host_from_profile(user=owner, mission=visit, profile=pool["sato"])
    services.add_host_from_profile(
        user=owner, mission=visit, profile=pool["lee"], role="interpreter"
    )
    assert set(Experience.objects.values_list("profile__name", "mission_id")) == {
        ("佐藤美穗", visit.pk),
        ("李英文", visit.pk),
    }
    # Saving the visit runs the pool's own sync of the mission (talent.receivers) and the
    # hosting app's record of its hosts, once committed: both entries stay, linked.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        missions.update_mission(
            user=owner,
            mission=visit,
            data={"title": "東京都訪問團"},
            expected_version=visit.version,
        )
    assert len(callbacks) >= 2
    assert sorted(Experience.objects.values_list("profile__name", "mission_id", "title")) == [
        ("佐藤美穗", visit.pk, "東京都訪問團"),
        ("李英文", visit.pk, "東京都訪問團"),
    ]
    talent.sync_mission(visit.pk)
    assert Experience.objects.filter(mission=visit, kind=ExperienceKind.HOSTED).count() == 2
    # The colleague's page links the visit.
    response = client_for(cast["officer"]).get(reverse("talent:detail", args=[pool["sato"].pk]))
    assert texts(response, f"//a[@href='{reverse('missions:detail', args=[visit.pk])}']") == [
        "東京都訪問團"
    ]
