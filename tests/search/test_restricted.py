"""Classified blocks (限閱) are found only by those who may open the mission, as a kind of
their own; the report and recommendation documents — what the public search reads — never
hold them."""

import pytest

from envoy.reports.models import Block
from envoy.search.facets import KINDS
from envoy.search.services import search

from .helpers import found, indexed, make_report

SECRET = "機密甲乙"


@pytest.fixture
def records(cast, bureaus):
    report = make_report(
        "秘書處赴東京",
        ["東京交流紀要。", f"東京{SECRET}段落。"],
        bureau=bureaus["secretariat"],
        status="published",
        recommendations=[("東京合作", "持續東京交流。"), (f"{SECRET}建議", "東京後續。")],
    )
    Block.objects.filter(chapter__report=report, text__contains=SECRET).update(restricted=True)
    indexed()
    return report


def test_the_kinds_keep_their_codes_and_new_kinds_come_last():
    assert KINDS == [
        "mission", "report", "recommendation", "person", "organisation", "city", "network",
        "restricted", "action",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "who, expected",
    [
        ("admin", {("restricted", "秘書處赴東京")}),
        ("officer", {("restricted", "秘書處赴東京")}),
        ("owner", {("restricted", "秘書處赴東京")}),
        ("viewer", {("restricted", "秘書處赴東京")}),
        ("outsider", set()),
        ("anonymous", set()),
    ],
)
def test_classified_text_is_found_only_by_those_who_may_open_the_mission(
    records, cast, who, expected
):
    results = search(cast[who], SECRET)
    assert (found(results), results.total) == (expected, len(expected))


def test_the_public_search_never_finds_classified_text(records):
    results = search(None, SECRET, published_only=True)
    assert (found(results), results.total, results.facets.get("kind", [])) == (set(), 0, [])


def test_the_public_search_still_finds_the_rest_of_the_report(records):
    results = search(None, "東京", published_only=True)
    assert found(results) == {("report", "秘書處赴東京"), ("recommendation", "東京合作")}
    assert all(SECRET not in hit.snippet_html for hit in results.hits)


def test_a_classified_hit_links_to_the_missions_report(records, cast):
    (hit,) = search(cast["owner"], SECRET).hits
    assert (hit.kind, hit.kind_label, hit.object_id, hit.url) == (
        "restricted",
        "限閱內容",
        records.pk,
        f"/missions/{records.mission_id}/#report-body",
    )
    assert "<mark>機密甲乙</mark>" in hit.snippet_html


def test_paragraphs_after_a_classified_point_are_no_recommendation(records, cast):
    results = search(cast["admin"], "東京後續")
    assert found(results) == {("report", "秘書處赴東京")}


def test_unmarking_a_block_moves_its_text_back_into_the_report(records, cast):
    from envoy.search.index import reindex

    Block.objects.filter(chapter__report=records).update(restricted=False)
    reindex(missions=[records.mission_id])
    results = search(None, SECRET, published_only=True)
    assert found(results) == {("report", "秘書處赴東京"), ("recommendation", f"{SECRET}建議")}


def test_marking_a_block_classified_takes_it_out_of_the_public_search_at_commit(
    cast, bureaus, django_capture_on_commit_callbacks
):
    from envoy.reports.models import Report
    from envoy.reports.services import import_report_file, update_block
    from tests.conftest import SEED

    with django_capture_on_commit_callbacks(execute=True):
        report = import_report_file(SEED, user=cast["owner"], bureau=bureaus["secretariat"]).report
    Report.objects.filter(pk=report.pk).update(status="published")
    block = Block.objects.filter(chapter__report=report, kind="paragraph").first()
    # A published report is changed by an administrator only.
    with django_capture_on_commit_callbacks(execute=True):
        update_block(
            user=cast["admin"],
            block=block,
            data={"text": "嶄新的機密詞彙", "restricted": True},
            expected_version=block.version,
        )
    assert found(search(None, "機密詞彙", published_only=True)) == set()
    assert found(search(cast["owner"], "機密詞彙")) == {("restricted", report.title)}
