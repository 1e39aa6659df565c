"""Searching a small known corpus: matching, ranking, snippets, facets and paging — on
whichever database the suite runs (bin/test runs it on SQLite and PostgreSQL)."""

import datetime as dt

import pytest
from django.db import connection  # noqa: F401 (read by skipif)

from envoy.search import backends, services
from envoy.search.services import search

from .helpers import found, indexed, make_report, titles


@pytest.fixture
def corpus(cast, bureaus):
    from envoy.relations.models import City, Network, Person

    make_report(
        "東京防災考察",
        ["本府考察東京臨海廣域防災公園，學習防災教育。", "台灣與日本的合作 & <合作>。"],
        bureau=bureaus["secretariat"],
        start=dt.date(2026, 4, 26),
        countries=["日本"],
        status="published",
        recommendations=[("推動防災公園", "參考東京經驗，規劃防災公園。")],
    )
    make_report(
        "京都文化交流",
        ["拜會京都市政府。東京。京都車站", "東京\n都市更新"],
        bureau=bureaus["works"],
        start=dt.date(2024, 5, 1),
        countries=["日本"],
        category="inspection",
    )
    make_report(
        "赴法國巴黎出席論壇",
        ["以 Green Movement: The Case of New Taipei 為題發表，並介紹 G-NETS 網絡。"],
        bureau=bureaus["secretariat"],
        start=dt.date(2025, 9, 1),
        countries=["法國"],
    )
    Person.objects.create(
        name="小池百合子",
        name_latin="Yuriko Koike",
        country="JP",
        email="koike@example.jp",
        notes="私人備註",
    )
    City.objects.create(name="東京", name_en="Tokyo", country="JP")
    Network.objects.create(name="全球城市永續網絡", abbreviation="G-NETS")
    indexed()
    return cast


def test_a_two_character_term_finds_exactly_the_records_containing_it(corpus):
    assert found(search(corpus["admin"], "京都")) == {
        ("mission", "京都文化交流"),
        ("report", "京都文化交流"),
    }


def test_tai_and_simplified_spellings_find_the_same_records(corpus):
    admin = corpus["admin"]
    expected = {("report", "東京防災考察")}
    assert [found(search(admin, q)) for q in ("台灣", "臺灣", "台湾")] == [expected] * 3


def test_simplified_tokyo_finds_traditional_tokyo(corpus):
    assert found(search(corpus["admin"], "东京临海")) == {("report", "東京防災考察")}


def test_no_match_across_punctuation(corpus):
    assert search(corpus["admin"], "東京京都").total == 0


def test_no_match_across_a_paragraph_break(corpus):
    # "東京\n都市" is in a report, "東京都" is nowhere.
    assert search(corpus["admin"], "東京都").total == 0


def test_a_longer_term_must_appear_as_written(corpus):
    assert found(search(corpus["admin"], "臨海廣域防災")) == {("report", "東京防災考察")}
    assert search(corpus["admin"], "臨海防災").total == 0


def test_a_one_character_query_finds_every_record_containing_it(corpus):
    assert found(search(corpus["admin"], "巴")) == {
        ("mission", "赴法國巴黎出席論壇"),
        ("report", "赴法國巴黎出席論壇"),
    }
    # As the last character of a run too: 日本的 and 日本 both end runs with 本/的.
    assert found(search(corpus["admin"], "池")) == {("person", "小池百合子")}


def test_english_words_match_whole_words_whatever_their_case(corpus):
    admin = corpus["admin"]
    assert found(search(admin, "TOKYO")) == {("city", "東京")}
    assert found(search(admin, "koike")) == {("person", "小池百合子")}
    assert search(admin, "tok").total == 0


def test_every_term_must_match(corpus):
    admin = corpus["admin"]
    assert found(search(admin, "東京 防災")) == {
        ("mission", "東京防災考察"),
        ("report", "東京防災考察"),
        ("recommendation", "推動防災公園"),
    }
    assert search(admin, "東京 巴黎").total == 0


def test_a_quoted_phrase_matches_its_words_in_order(corpus):
    admin = corpus["admin"]
    assert found(search(admin, '"green movement"')) == {("report", "赴法國巴黎出席論壇")}
    assert search(admin, '"movement green"').total == 0
    assert found(search(admin, "movement green")) == {("report", "赴法國巴黎出席論壇")}


def test_a_mixed_term_of_letters_and_chinese(corpus):
    assert found(search(corpus["admin"], "G-NETS網絡")) == {("report", "赴法國巴黎出席論壇")}


def test_a_query_of_punctuation_finds_nothing(corpus):
    assert search(corpus["admin"], "，。！").total == 0


def test_people_are_never_found_by_contact_details_or_notes(corpus):
    admin = corpus["admin"]
    assert (search(admin, "example").total, search(admin, "私人備註").total) == (0, 0)


def test_recommendations_of_a_report_are_records_of_their_own(corpus):
    results = search(corpus["admin"], "防災公園", filters={"kind": ["recommendation"]})
    assert [(h.kind, h.title, h.url) for h in results.hits] == [
        ("recommendation", "推動防災公園", results.hits[0].url)
    ]
    assert results.hits[0].url.endswith("#report-body")


def test_snippets_highlight_the_text_as_written_and_escape_it(corpus):
    hit = search(corpus["admin"], "臺灣").hits[0]
    assert hit.snippet_html == (
        "…<mark>台灣</mark>與日本的合作 &amp; &lt;合作&gt;。 ⋯ 建議 ⋯ 推動防災公園 ⋯ 參考東京經驗，規劃防災公園。"
    )


def test_titles_are_highlighted_too(corpus):
    hits = search(corpus["admin"], "京都", filters={"kind": ["report"]}).hits
    assert [h.title_html for h in hits] == ["<mark>京都</mark>文化交流"]


def test_results_link_to_the_records(corpus):
    from envoy.relations.models import City

    hits = search(corpus["admin"], "tokyo").hits
    assert [h.url for h in hits] == [f"/relations/cities/{City.objects.get().pk}/"]


def test_ranking_puts_the_densest_match_first(cast):
    make_report("一次", ["城市韌性。" + "行政會議紀錄。" * 8])
    make_report("三次", ["城市韌性。城市韌性。城市韌性。" + "行政會議紀錄。" * 6])
    make_report("兩次", ["城市韌性。城市韌性。" + "行政會議紀錄。" * 7])
    indexed()
    results = search(cast["admin"], "韌性", filters={"kind": ["report"]})
    assert titles(results) == ["三次", "兩次", "一次"]
    assert results.hits[0].score > results.hits[1].score > results.hits[2].score


@pytest.fixture
def ties(cast):
    """Five reports holding 城市韌性: four once (2016–2019, the same length), one three
    times."""
    for year in (2016, 2017, 2018, 2019):
        make_report(f"報告{year}", ["城市韌性。" + "行政會議紀錄。" * 4], start=dt.date(year, 1, 1))
    make_report("三次", ["城市韌性。城市韌性。城市韌性。" + "行政會議紀錄。" * 2])  # in 2026
    indexed()
    return cast


def test_the_page_ranks_few_hits_densest_first_then_newest(ties):
    """The search page's plan (``exact=False``) for whoever may see every hit: at most the
    rank limit of hits, all ranked, ties newest first, pages that do not overlap."""
    pages = [search(ties["admin"], "城市韌性", exact=False, per_page=2, page=p) for p in (1, 2, 3)]
    assert [(r.total, r.total_exact, r.ranked_exactly) for r in pages] == [(5, True, True)] * 3
    assert [titles(r) for r in pages] == [
        ["三次", "報告2019"],
        ["報告2018", "報告2017"],
        ["報告2016"],
    ]
    assert pages[0].hits[0].score > pages[0].hits[1].score
    assert [(v.value, v.count) for v in pages[0].facets["year"]] == [
        ("2026", 1),
        ("2019", 1),
        ("2018", 1),
        ("2017", 1),
        ("2016", 1),
    ]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only")
def test_postgresql_page_reads_the_index_once_for_few_hits(ties):
    """Counting the hits and reading their ids is one reading of the index, and ranking
    them does not match the phrase again: each reading decodes the posting lists of the
    phrase's bigrams anew (docs/performance.md)."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        results = search(ties["admin"], "城市韌性", exact=False)
    assert results.total == 5
    assert [q["sql"].count("@@") for q in queries if "search_searchtext" in q["sql"]] == [1, 0, 0]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only")
def test_postgresql_ranks_each_hit_with_one_reading_of_its_row(ties):
    """RUM's distance is computed once a hit, not once for the order and again for the
    score: each computation reads the hit's whole tsvector (docs/performance.md). Counted
    by PostgreSQL's function statistics (C functions: ``track_functions = all``)."""
    if not backends.PostgresIndex().rum:
        pytest.skip("ranked by ts_rank without RUM")
    with connection.cursor() as cursor:
        cursor.execute("SET track_functions = 'all'")
        results = search(ties["admin"], "城市韌性", exact=False)
        cursor.execute(
            "SELECT sum(calls) FROM pg_stat_xact_user_functions WHERE funcname = 'rum_ts_distance'"
        )
        calls = cursor.fetchone()[0]
        cursor.execute("RESET track_functions")
    assert (results.total, calls) == (5, 5)


def test_beyond_the_rank_limit_hits_come_newest_first(cast, monkeypatch):
    monkeypatch.setattr(services, "RANK_LIMIT", 2)
    for n, year in enumerate((2016, 2017, 2018, 2019, 2020)):
        make_report(f"報告{year}", ["韌性。" * (5 - n) + "會議。" * n], start=dt.date(year, 1, 1))
    indexed()
    results = search(cast["admin"], "韌性", filters={"kind": ["report"]}, per_page=3)
    assert (results.total, results.ranked_exactly, titles(results)) == (
        5,
        False,
        ["報告2020", "報告2019", "報告2018"],
    )
    second = search(cast["admin"], "韌性", filters={"kind": ["report"]}, per_page=3, page=2)
    assert titles(second) == ["報告2017", "報告2016"]


def test_the_exact_count_without_facets_lists_many_hits_newest_first(cast, monkeypatch):
    monkeypatch.setattr(services, "RANK_LIMIT", 2)
    for n, year in enumerate((2016, 2017, 2018, 2019, 2020)):
        make_report(f"報告{year}", ["韌性。" * (5 - n) + "會議。" * n], start=dt.date(year, 1, 1))
    indexed()
    pages = [search(cast["admin"], "韌性", facets=False, per_page=3, page=p) for p in (1, 2)]
    assert [(r.total, r.ranked_exactly, titles(r)) for r in pages] == [
        (5, False, ["報告2020", "報告2019", "報告2018"]),
        (5, False, ["報告2017", "報告2016"]),
    ]


def test_pages_of_ranked_results_do_not_overlap(cast):
    for n in range(5):
        make_report(f"報告{n}", ["韌性。" * (n + 1)])
    indexed()
    pages = [
        titles(search(cast["admin"], "韌性", filters={"kind": ["report"]}, per_page=2, page=p))
        for p in (1, 2, 3)
    ]
    assert pages == [["報告4", "報告3"], ["報告2", "報告1"], ["報告0"]]


def test_facets_count_the_hit_set(corpus, bureaus):
    results = search(corpus["admin"], "京")
    summary = {
        name: [(v.label, v.count) for v in values] for name, values in results.facets.items()
    }
    # Results: each mission grouped with its report (two), a recommendation, a city. A
    # value's count is what choosing it gives; choosing 任務 alone shows both missions.
    assert (results.total, summary) == (
        4,
        {
            "kind": [("任務", 2), ("出國報告", 2), ("城市", 1), ("建議事項", 1)],
            "year": [("民國 115 年（2026）", 2), ("民國 113 年（2024）", 1)],
            "country": [("日本", 4)],
            "category": [("其他", 2), ("考察", 1)],
            "bureau": [("秘書處", 2), ("工務局", 1)],
            "network": [],
        },
    )


def test_a_chosen_value_narrows_the_other_facets_but_not_its_own(corpus):
    results = search(corpus["admin"], "京", filters={"year": ["2024"]})
    summary = {
        name: [(v.value, v.count, v.selected) for v in values]
        for name, values in results.facets.items()
    }
    assert (results.total, summary["year"], summary["kind"]) == (
        1,
        [("2026", 2, False), ("2024", 1, True)],
        [("mission", 1, False), ("report", 1, False)],
    )


def test_values_of_one_facet_are_alternatives(corpus):
    results = search(corpus["admin"], "京", filters={"year": ["2024", "2026"], "kind": ["report"]})
    assert sorted(titles(results)) == ["京都文化交流", "東京防災考察"]


def test_networks_are_a_facet_of_the_missions_that_attended_their_events(cast):
    from envoy.relations.models import Event, Network

    report = make_report("赴東京出席高峰會", ["高峰會議程。"])
    network = Network.objects.create(name="全球城市永續網絡", abbreviation="G-NETS")
    Event.objects.create(name="首長高峰會", network=network).missions.add(report.mission)
    indexed()
    facets = search(cast["admin"], "高峰會").facets
    assert [(v.label, v.count) for v in facets["network"]] == [("全球城市永續網絡（G-NETS）", 1)]


def test_an_unknown_facet_value_finds_nothing(corpus):
    assert search(corpus["admin"], "京", filters={"year": ["1999"], "bureau": ["x"]}).total == 0


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only")
def test_postgresql_ranks_with_rum_when_the_server_has_it(db):

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_available_extensions WHERE name = 'rum'")
        available = cursor.fetchone()[0] == 1
    assert backends.PostgresIndex().rum == available


def test_the_exact_plan_counts_every_hit(many):
    results = search(many["admin"], "韌性")
    assert (results.total, results.total_exact, results.ranked_exactly) == (7, True, False)


@pytest.fixture
def many(cast, bureaus, monkeypatch):
    """Five reports of the secretariat and two of public works with 韌性; the rank limit
    lowered to 3 so that these are "many"."""
    monkeypatch.setattr(services, "RANK_LIMIT", 3)
    for n, year in enumerate((2016, 2017, 2018, 2019, 2020)):
        make_report(
            f"報告{year}",
            ["韌性。" * (5 - n) + "會議。" * n],
            start=dt.date(year, 1, 1),
            bureau=bureaus["secretariat"],
        )
    for year in (2021, 2022):
        make_report(f"工務{year}", ["韌性。"], start=dt.date(year, 1, 1), bureau=bureaus["works"])
    indexed()
    return cast


def test_the_newest_plan_reads_only_the_newest_hits_of_a_common_term(many):
    results = search(many["admin"], "韌性", exact=False, per_page=2)
    # Seven reports: the newest three are ranked (工務2022, 工務2021, 報告2020).
    assert (results.total, results.total_exact, results.facets) == (3, False, {})
    assert {h.title for h in results.hits} <= {"工務2022", "工務2021", "報告2020"}


def test_the_newest_plan_pages_on_into_older_hits_newest_first(many):
    first = search(many["admin"], "韌性", exact=False, per_page=3)
    second = search(many["admin"], "韌性", exact=False, per_page=3, page=2)
    third = search(many["admin"], "韌性", exact=False, per_page=3, page=3)
    assert [h.title for h in second.hits + third.hits] == [
        "報告2019",
        "報告2018",
        "報告2017",
        "報告2016",
    ]
    assert {h.title for h in first.hits} == {"工務2022", "工務2021", "報告2020"}


def test_the_newest_plan_is_exact_with_facets_when_hits_are_few(many):
    results = search(many["admin"], "報告2020", exact=False)
    assert (
        results.total,
        results.total_exact,
        [(v.value, v.count) for v in results.facets["year"]],
    ) == (1, True, [("2020", 1)])


def test_the_newest_plan_shows_an_editor_only_their_bureau(many):
    results = search(many["outsider"], "工務", exact=False)
    # SQLite reads the newest visible hits up to the rank limit; PostgreSQL counts an
    # editor's hits exactly (its newest plan serves only whoever may see every hit).
    expected = (3, False) if connection.vendor == "sqlite" else (2, True)
    assert (results.total, results.total_exact) == expected
    assert {h.title for h in results.hits} == {"工務2021", "工務2022"}
    assert (search(many["outsider"], "工務").total, search(many["owner"], "工務").total) == (2, 0)


def test_the_newest_plan_finds_published_reports_only_for_the_portal(many):
    from envoy.reports.models import Report

    Report.objects.filter(title="報告2016").update(status="published")
    indexed()
    results = search(None, "韌性", exact=False, published_only=True)
    assert [(h.kind, h.title) for h in results.hits] == [("report", "報告2016")]


def test_without_facets_the_newest_plan_counts_up_to_the_rank_limit(many):
    """Whoever may see every hit: the hits are counted up to the rank limit, then listed
    newest first beyond it; below it their ids are read (a mission and its report are one
    result) and ranked."""
    first = search(many["admin"], "韌性", exact=False, facets=False, per_page=3)
    second = search(many["admin"], "韌性", exact=False, facets=False, per_page=3, page=2)
    assert (first.total, first.total_exact, first.ranked_exactly) == (3, False, False)
    assert [h.title for h in first.hits + second.hits] == [
        "工務2022",
        "工務2021",
        "報告2020",
        "報告2019",
        "報告2018",
        "報告2017",
    ]
    few = search(many["admin"], "報告2020", exact=False, facets=False)
    assert (few.total, few.total_exact, few.facets) == (1, True, {})
    assert few.hits[0].score is not None


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only")
@pytest.mark.parametrize("window", [1, 4000])
def test_postgresql_finds_the_newest_hits_beyond_its_first_window(many, monkeypatch, window):
    """The newest hits are looked for in the newest ``WINDOW`` rows first; hits older than
    that (a window of one row holds none here) are found all the same, in the same order."""
    monkeypatch.setattr(backends.PostgresIndex, "WINDOW", window)
    pages = [
        search(many["admin"], "韌性", exact=False, facets=False, per_page=3, page=n)
        for n in (1, 2, 3)
    ]
    assert [[h.title for h in p.hits] for p in pages] == [
        ["工務2022", "工務2021", "報告2020"],
        ["報告2019", "報告2018", "報告2017"],
        ["報告2016"],
    ]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only")
def test_postgresql_counting_leaves_the_planner_settings_as_they_were(many):
    """Hits are counted through the index's bitmap (the table scan turned off for that one
    query): every other query is planned as before."""
    assert search(many["admin"], "韌性", exact=False, facets=False).total == 3
    assert search(many["admin"], "韌性").total == 7
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')"
        )
        assert cursor.fetchone() == ("on", "on")


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only")
def test_postgresql_rebuild_keeps_both_indexes_of_the_tsvectors(many):
    from envoy.search import index

    def tsv_indexes():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, a.amname FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
                "WHERE i.indrelid = 'search_searchtext'::regclass AND NOT i.indisprimary "
                "ORDER BY c.relname"
            )
            return cursor.fetchall()

    before = tsv_indexes()
    # With RUM (ranking), GIN beside it (which rows hold a term); without RUM, GIN alone.
    assert before in (
        [("search_text_tsv", "rum"), ("search_text_tsv_members", "gin")],
        [("search_text_tsv", "gin")],
    )
    index.rebuild()
    assert tsv_indexes() == before
    assert search(many["admin"], "韌性").total == 7


def test_a_failed_rebuild_keeps_the_index_as_it_was(many, monkeypatch):
    """The rebuild is one transaction: a failure midway leaves every document and the next
    ids as they were (on PostgreSQL the restarted ids are undone with it), so records saved
    afterwards are indexed as before."""
    from envoy.search import index
    from envoy.search.models import SearchDocument

    before = sorted(SearchDocument.objects.values_list("id", "kind", "title"))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(index, "_write", broken)
    with pytest.raises(RuntimeError):
        index.rebuild()
    monkeypatch.undo()
    assert sorted(SearchDocument.objects.values_list("id", "kind", "title")) == before
    assert search(many["admin"], "韌性").total == 7
    # Saved and indexed as every save is (not by another rebuild): new ids after the old.
    report = make_report("新報告", ["韌性。"], start=dt.date(2023, 1, 1))
    index.reindex(missions=[report.mission_id])
    assert search(many["admin"], "韌性").total == 8
    assert SearchDocument.objects.order_by("id").last().title == "新報告"
