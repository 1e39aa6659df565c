"""The archive's list pages cost the same few queries however many reports there are."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for

from .corpus import make_report


def queries(url: str, data=None) -> int:
    client = client_for(None)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(captured)


def more_reports(n: int) -> None:
    for k in range(n):
        make_report(
            f"加報告{k}",
            start=dt.date(2020 + k % 5, 1 + k % 12, 1),
            region=["日本", "韓國", "法國"][k % 3],
            agency=f"機關{k % 4}",
            subject=f"主題{k % 3}",
            policy=f"施政{k % 2}",
        )


@pytest.mark.parametrize(
    "url, data, expected",
    [
        # 1 count, 1 page of rows, 5 facets (one grouped count each).
        ("/archive/", {}, 7),
        ("/archive/reports/", {}, 7),
        ("/archive/reports/", {"subject": "環境保護", "year": "2024"}, 7),
        ("/archive/reports/", {"page": "2"}, 7),
    ],
)
def test_list_pages_cost_a_fixed_number_of_queries(archive, url, data, expected):
    assert queries(url, data) == expected
    more_reports(30)
    assert queries(url, data) == expected


def test_a_report_page_costs_a_fixed_number_of_queries(archive):
    # The report and mission, the delegation, chapters, public blocks, their photos.
    assert queries(f"/archive/reports/{archive['seed'].pk}/") == 5
    small = archive["published"][1]
    assert queries(f"/archive/reports/{small.pk}/") == 5


def test_search_costs_a_fixed_number_of_queries(archive):
    from envoy.search.index import rebuild

    queries("/archive/search/", {"q": "報告"})  # the facet columns loaded
    first = queries("/archive/search/", {"q": "報告"})
    more_reports(30)
    rebuild()
    queries("/archive/search/", {"q": "報告"})
    assert queries("/archive/search/", {"q": "報告"}) == first
