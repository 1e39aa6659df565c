"""A search never shows a record its user may not open."""

import datetime as dt

import pytest

from envoy.search.services import search

from .helpers import found, indexed, make_report


@pytest.fixture
def records(cast, bureaus):
    from envoy.relations.models import Person

    make_report(
        "秘書處赴東京",
        ["東京交流紀要。"],
        bureau=bureaus["secretariat"],
        status="published",
        recommendations=[("東京合作", "持續東京交流。")],
    )
    make_report(
        "工務局赴東京", ["東京下水道。"], bureau=bureaus["works"], start=dt.date(2025, 1, 1)
    )
    Person.objects.create(name="東京都知事", country="JP")
    indexed()
    return cast


SECRETARIAT = {
    ("mission", "秘書處赴東京"),
    ("report", "秘書處赴東京"),
    ("recommendation", "東京合作"),
}
WORKS = {("mission", "工務局赴東京"), ("report", "工務局赴東京")}
PERSON = {("person", "東京都知事")}


@pytest.mark.parametrize(
    "who, expected",
    [
        ("admin", SECRETARIAT | WORKS | PERSON),
        ("officer", SECRETARIAT | WORKS | PERSON),
        ("reviewer", SECRETARIAT | WORKS | PERSON),
        ("viewer", SECRETARIAT | WORKS | PERSON),
        ("owner", SECRETARIAT | PERSON),
        ("colleague", SECRETARIAT | PERSON),
        ("outsider", WORKS | PERSON),
        ("anonymous", set()),
    ],
)
def test_each_role_finds_only_what_it_may_open(records, who, expected):
    results = search(records[who], "東京")
    # Each mission is found with its report: one result, the report's.
    missions = sum(kind == "mission" for kind, _ in expected)
    assert (found(results), results.total) == (expected, len(expected) - missions)


def test_an_editor_without_a_bureau_finds_only_relations(records):
    from tests.conftest import make_user

    loner = make_user("loner", "editor")
    assert found(search(loner, "東京")) == PERSON


def test_facets_count_only_what_the_user_may_open(records):
    facets = search(records["outsider"], "東京").facets
    assert [(v.value, v.count) for v in facets["kind"]] == [
        ("person", 1),
        ("mission", 1),
        ("report", 1),
    ]


def test_a_filter_cannot_reveal_another_bureaus_records(records, bureaus):
    results = search(
        records["outsider"], "東京", filters={"bureau": [str(bureaus["secretariat"].pk)]}
    )
    assert (results.total, results.hits) == (0, [])


def test_published_only_finds_published_reports_and_their_recommendations_for_anyone(records):
    results = search(None, "東京", published_only=True)
    assert found(results) == {("report", "秘書處赴東京"), ("recommendation", "東京合作")}
