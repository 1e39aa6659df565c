"""Reading the search index in each database's own language: FTS5 on SQLite, a ``tsvector``
with RUM or GIN on PostgreSQL. Every reader answers the same questions — how many hits, which
ids, the newest, the best ranked — as document ids; who may see them is a condition from
``access``."""

import numpy as np
from django.db import connection

from .tokens import SENTINEL, Term, parse_query


def fts5_query(terms: list[Term]) -> str:
    """FTS5: each term a quoted phrase of its tokens, the last maybe a prefix; all ANDed."""
    phrases = []
    for term in terms:
        words = []
        for token in term.tokens:
            if token.gap > 1:
                words.append(SENTINEL)
            words.append(token.text)
        phrases.append('"' + " ".join(words) + '"' + ("*" if term.prefix else ""))
    return " AND ".join(phrases)


def tsquery(terms: list[Term]) -> str:
    """PostgreSQL: each term a phrase (``<->``, ``<2>`` across a sentinel), all ANDed."""
    phrases = []
    for term in terms:
        out = ""
        for i, token in enumerate(term.tokens):
            if i:
                out += " <-> " if token.gap == 1 else f" <{token.gap}> "
            out += f"'{token.text}'"
        phrases.append(f"( {out}:* )" if term.prefix else f"( {out} )")
    return " & ".join(phrases)


class IndexReader:
    """Reading one database's index: the hits of a query (``match``), as ids. Subclasses name
    where the index is (``source``), a hit's id there (``id``), the match (``matches``) and
    how a hit joins its ``search_searchdocument d`` row for access (``join``)."""

    source = id = matches = join = ""

    def _visible(self, access) -> tuple[str, str, list]:
        """(join, condition, params) of the hits the asker may see; ``access`` from
        ``access.sql_condition``."""
        if access is None:
            return "", "", []
        condition, params = access
        return self.join, f"AND {condition}", params

    def _members(self, match: str, sql: str, params: list) -> list[tuple]:
        """The rows of ``sql``, a query of which records hold ``match`` (no ranking, no
        order of reading that matters), its condition written ``{match}``."""
        with connection.cursor() as cursor:
            cursor.execute(sql.format(match=self.matches), params)
            return cursor.fetchall()

    def count(self, match: str) -> int:
        rows = self._members(match, f"SELECT count(*) FROM {self.source} WHERE {{match}}", [match])
        return rows[0][0]

    def ids(self, match: str) -> np.ndarray:
        """Every hit's id, ascending."""
        rows = self._members(
            match,
            f"SELECT {self.id} FROM {self.source} WHERE {{match}} ORDER BY {self.id}",
            [match],
        )
        return np.fromiter((r[0] for r in rows), np.int64, len(rows))

    def count_up_to(self, match: str, limit: int) -> int:
        """The number of hits, counting no further than ``limit``: bounded for a term in every
        record (on SQLite a third of the cost of reading as many ids)."""
        rows = self._members(
            match,
            f"SELECT count(*) FROM (SELECT 1 FROM {self.source} WHERE {{match}} LIMIT %s) hits",
            [match, limit],
        )
        return rows[0][0]

    def hits_up_to(self, match: str, limit: int, with_ids: bool) -> tuple[int, np.ndarray | None]:
        """(number of hits, counting no further than ``limit`` + 1; every hit's id, ascending,
        when there are at most ``limit`` and ``with_ids``). Counted first: FTS5 counts at a
        third of the cost of reading as many ids, so a common term's ids are never read."""
        total = self.count_up_to(match, limit + 1)
        ids = self.ids(match) if with_ids and total <= limit else None
        return total, ids

    def newest(self, match: str, limit: int, access) -> list[int]:
        """Ids of the newest ``limit`` hits the asker may see, newest first: read in id order,
        stopping there, whatever the number of hits."""
        return self.older(match, 2**62, limit, 0, access)

    def older(self, match: str, before: int, limit: int, offset: int, access=None) -> list[int]:
        """Ids of hits below ``before``, newest first."""
        join, condition, params = self._visible(access)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {self.id} FROM {self.source} {join} WHERE {self.matches} "
                f"AND {self.id} < %s {condition} "
                f"ORDER BY {self.id} DESC LIMIT %s OFFSET %s",
                [match, before, *params, limit, offset],
            )
            return [r[0] for r in cursor.fetchall()]


class SqliteIndex(IndexReader):
    """FTS5 over ``search_fts``: rowid = document id, ascending."""

    source, id, matches = "search_fts", "search_fts.rowid", "search_fts MATCH %s"
    # CROSS JOIN keeps the order as written: the index first, then each hit's row. Left to
    # itself SQLite may scan every document and ask the index about each.
    join = "CROSS JOIN search_searchdocument d ON d.id = search_fts.rowid"

    def ranked(self, match: str, limit: int | None, access=None) -> list[tuple[int, float]]:
        """(id, score) of the best ``limit`` hits by bm25 (negative, lower is better: the
        score shown is its opposite). bm25 counts each phrase's hits over the whole index
        first, so this is for terms with few hits (``RANK_LIMIT``)."""
        join, condition, params = self._visible(access)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT search_fts.rowid, -bm25(search_fts) AS score FROM search_fts {join} "
                f"WHERE search_fts MATCH %s {condition} "
                "ORDER BY score DESC, search_fts.rowid DESC LIMIT %s",
                [match, *params, -1 if limit is None else limit],
            )
            return cursor.fetchall()


class PostgresIndex(IndexReader):
    """A ``tsvector`` in ``search_searchtext.tsv``, indexed by RUM when the database has it
    (positions in the index: hits ranked without reading the rows) and by GIN beside it
    (which rows hold a term: read as a bitmap to count and list hits); without RUM by GIN
    alone (``ts_rank`` reads each ranked row)."""

    source, id, matches = "search_searchtext t", "t.document_id", "t.tsv @@ %s::tsquery"
    join = "JOIN search_searchdocument d ON d.id = t.document_id"

    _index_kind: dict[str, str] = {}

    def _members(self, match: str, sql: str, params: list) -> list[tuple]:
        """A query without phrases (no ``<->``: every term one token) reads GIN's index of
        the tsvectors without positions (``strip``), as a bitmap: its posting lists are the
        answer, with no row to check. The planner would rather walk the table for a common
        term, thinking the check cheap, but it unpacks each row's whole tsvector. A phrase
        needs the positions: its plan is the planner's (RUM checks them in the index).
        Measured in docs/performance.md."""
        if "<" in match:
            return super()._members(match, sql, params)
        # Without RUM the one index is GIN over the tsvectors as they are.
        condition = "strip(t.tsv) @@ %s::tsquery" if self.rum else self.matches
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("SET enable_indexscan = off")
            failed = False
            try:
                cursor.execute(sql.format(match=condition), params)
                return cursor.fetchall()
            except Exception:
                failed = True
                raise
            finally:
                # In a transaction, a failure aborts it, and its rollback undoes the settings.
                if not (failed and connection.in_atomic_block):
                    cursor.execute("RESET enable_seqscan")
                    cursor.execute("RESET enable_indexscan")

    @property
    def rum(self) -> bool:
        key = connection.settings_dict["NAME"] or ""
        if key not in self._index_kind:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT a.amname FROM pg_class c JOIN pg_am a ON a.oid = c.relam "
                    "WHERE c.relname = 'search_text_tsv'"
                )
                row = cursor.fetchone()
            self._index_kind[key] = row[0] if row else "gin"
        return self._index_kind[key] == "rum"

    def ranked(self, match: str, limit: int | None, access=None) -> list[tuple[int, float]]:
        """(id, score) of the best ``limit`` hits the asker may see; for terms with few
        hits (``RANK_LIMIT``)."""
        join, condition, params = self._visible(access)
        if self.rum:
            score, order = "1 / (t.tsv <=> %s::tsquery)", "t.tsv <=> %s::tsquery"
        else:
            score, order = "ts_rank(t.tsv, %s::tsquery)", "score DESC"
        sql = (
            f"SELECT t.document_id, {score} AS score FROM search_searchtext t {join} "
            f"WHERE t.tsv @@ %s::tsquery {condition} "
            f"ORDER BY {order}, t.document_id DESC LIMIT %s"
        )
        params = [match, match, *params, *([match] if self.rum else []), limit]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def hits_up_to(self, match: str, limit: int, with_ids: bool) -> tuple[int, np.ndarray | None]:
        """As ``IndexReader.hits_up_to``, in one reading of the index, and with the ids whenever
        there are at most ``limit`` hits (``rank_ids`` ranks them). Here reading the ids of
        the hits costs what counting them costs (the same bitmap, or the same rows checked),
        and a phrase's second reading would decode its tokens' posting lists again: up to
        20 ms for a phrase of common bigrams (docs/performance.md)."""
        rows = self._members(
            match,
            f"SELECT {self.id} FROM {self.source} WHERE {{match}} LIMIT %s",
            [match, limit + 1],
        )
        if len(rows) > limit:
            return len(rows), None
        return len(rows), np.sort(np.fromiter((r[0] for r in rows), np.int64, len(rows)))

    # Rows read newest first before leaving the newest hits to the planner's choice.
    WINDOW = 4000

    def older(self, match: str, before: int, limit: int, offset: int, access=None) -> list[int]:
        """Ids of hits below ``before``, newest first: looked for among the newest
        ``WINDOW`` rows first. The planner's estimate for a phrase is far below its hits,
        so it may check every row that holds the phrase's tokens and sort them, where
        reading newest first stops after a page (docs/performance.md). Hits that are all
        older than the window (a term of some past year) are then found the planner's
        way."""
        if access is None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT document_id FROM (SELECT document_id, tsv FROM search_searchtext "
                    "WHERE document_id < %s ORDER BY document_id DESC LIMIT %s) newest "
                    "WHERE tsv @@ %s::tsquery ORDER BY document_id DESC LIMIT %s OFFSET %s",
                    [before, self.WINDOW, match, limit, offset],
                )
                ids = [r[0] for r in cursor.fetchall()]
            if len(ids) == limit:
                return ids
        return super().older(match, before, limit, offset, access)

    def rank_ids(self, match: str, ids: np.ndarray, limit: int) -> list[tuple[int, float]]:
        """The best ``limit`` of the hits ``ids`` (at most ``RANK_LIMIT``), each hit's score
        computed from its row. The match is not asked again: the planner would answer it
        from the index, decoding the phrase's posting lists a second time."""
        ids = [int(i) for i in ids]
        if not self.rum:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT document_id, ts_rank(tsv, %s::tsquery) AS score "
                    "FROM search_searchtext WHERE document_id = ANY(%s) "
                    "ORDER BY score DESC, document_id DESC LIMIT %s",
                    [match, ids, limit],
                )
                return cursor.fetchall()
        # RUM's distance (smaller is closer), computed once a row and ordered by its name:
        # ordered by the expression, it was computed twice (for the order and for the
        # score), each time reading the row's whole tsvector (docs/performance.md).
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT document_id, tsv <=> %s::tsquery AS distance FROM search_searchtext "
                "WHERE document_id = ANY(%s) ORDER BY distance, document_id DESC LIMIT %s",
                [match, ids, limit],
            )
            return [(pk, 1 / distance) for pk, distance in cursor.fetchall()]


def match_expression(query: str) -> str:
    """The query in the database's own syntax (FTS5 MATCH, or a tsquery)."""
    return query_for(parse_query(query))


def query_for(terms: list[Term]) -> str:
    """Parsed terms in the database's own syntax."""
    return fts5_query(terms) if connection.vendor == "sqlite" else tsquery(terms)


def reader() -> IndexReader:
    """The index of the database in use."""
    return SqliteIndex() if connection.vendor == "sqlite" else PostgresIndex()


# The index is read through the operating system's page cache without copying it into SQLite's
# own (a few MB a connection): common terms read megabytes of it. (SQLite maps at most the
# 2 GB it was built with.)
MMAP_SIZE = 8 << 30


def map_sqlite_index(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: every SQLite connection maps the database file."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA mmap_size = {MMAP_SIZE}")
