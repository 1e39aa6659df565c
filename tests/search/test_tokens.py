"""Folding and cutting text into tokens, without a database."""

from envoy.search.backends import fts5_query, tsquery
from envoy.search.tokens import SENTINEL, fold, index_tokens, parse_query, query_term, tsvector


def test_fold_treats_tai_and_simplified_as_traditional():
    assert [fold(t) for t in ("台灣", "臺灣", "台湾", "东京")] == ["臺灣", "臺灣", "臺灣", "東京"]


def test_fold_drops_case_diacritics_and_width():
    assert [fold(t) for t in ("Māris Sprindžuks", "ＡＢＣ１２３", "Straße")] == [
        "maris sprindzuks",
        "abc123",
        "strasse",
    ]


def test_fold_of_a_part_is_the_part_of_the_fold():
    # A phrase-level conversion would turn 头发 into 頭髮 but 发 alone into 發.
    assert fold("头发") == fold("头") + fold("发") == "頭發"


def test_chinese_runs_become_bigrams_then_their_last_character():
    assert index_tokens("東京都。京都") == "東京 京都 都 京都 都"


def test_a_single_character_run_is_its_own_token():
    assert index_tokens("市，東") == "市 東"


def test_punctuation_between_words_leaves_a_sentinel():
    assert index_tokens("G-NETS Summit, 2026年") == f"g {SENTINEL} nets summit {SENTINEL} 2026 年"


def test_a_paragraph_break_between_words_leaves_a_sentinel():
    assert index_tokens("green\n\nmovement") == f"green {SENTINEL} movement"


def test_private_use_characters_in_text_never_pass_for_the_sentinel():
    assert index_tokens(f"a{SENTINEL}b") == f"a {SENTINEL} b"
    assert index_tokens(f"{SENTINEL}") == ""


def test_query_term_of_chinese_is_its_bigrams_without_the_last_character():
    term = query_term("東京都")
    assert ([t.text for t in term.tokens], term.prefix) == (["東京", "京都"], False)


def test_query_term_of_one_character_is_a_prefix():
    term = query_term("市")
    assert ([t.text for t in term.tokens], term.prefix) == (["市"], True)


def test_query_term_mixing_scripts_keeps_the_character_that_links_them():
    term = query_term("東京G20")
    assert [t.text for t in term.tokens] == ["東京", "京", "g20"]


def test_query_splits_on_spaces_and_keeps_quoted_phrases_whole():
    terms = parse_query('東京 "Green Movement" 東京')
    assert [[t.text for t in term.tokens] for term in terms] == [["東京"], ["green", "movement"]]


def test_query_of_punctuation_only_has_no_terms():
    assert parse_query("，。 - !") == []


def test_fts5_query_quotes_each_phrase_and_ands_them():
    assert fts5_query(parse_query("東京都 市 G-NETS")) == (
        f'"東京 京都" AND "市"* AND "g {SENTINEL} nets"'
    )


def test_tsquery_uses_phrase_distances_and_prefixes():
    assert tsquery(parse_query("東京都 市 G-NETS")) == (
        "( '東京' <-> '京都' ) & ( '市':* ) & ( 'g' <2> 'nets' )"
    )


def test_tsvector_keeps_positions_and_skips_the_sentinel():
    assert tsvector(index_tokens("東京都，G-NETS")) == "'東京':1 '京都':2 '都':3 'g':5 'nets':7"
