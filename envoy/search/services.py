"""One search over missions, reports, recommendations, people, organisations, cities and
networks.

    search(user, "東京 防災", filters={"year": ["2026"]}, page=1) -> Results

- **Matching.** Chinese is matched as an exact substring of the folded text (台/臺 and
  Simplified/Traditional folded, see ``tokens``); a one-character query works too (slower).
  English and other words match whole words, case and diacritics folded. Quoted phrases
  match as written; every term must match. A phrase never spans punctuation or a paragraph.
- **Ranking.** bm25 on SQLite, RUM's distance (or ``ts_rank`` without RUM) on PostgreSQL,
  over every hit while there are at most ``RANK_LIMIT`` of them; beyond that, newest first.
  FTS5's bm25 first counts each phrase's hits over the whole index (its IDF), so even "bm25
  among the newest N" costs a full pass for a common phrase — 50 ms and more for a term in
  every one of 60,000 reports; newest first is read from the index in id order and stops
  after a page (docs/performance.md).
- **Facets.** Counted over the whole hit set the user may see: kind of record, year,
  country/region, 出國類別, bureau, network. A value chosen in one facet narrows the counts
  of the others (not its own, so that other values of it can still be added).
- **Permissions.** Missions, reports, recommendations and classified text (限閱) only when
  the user may open the mission (``envoy.missions.permissions.missions_for_user``); people, organisations, cities
  and networks for every signed-in user. Anonymous users find nothing — except through
  ``search(None, query, published_only=True)``, meant for the public portal: reports (and
  their recommendations) whose status is published (``ReportStatus.PUBLISHED``), whoever asks;
  never the classified blocks, indexed apart as ``Kind.RESTRICTED``.

The same records are found on SQLite and PostgreSQL; scores differ.
"""

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from django.db import connection
from django.db.models.expressions import RawSQL

from envoy.core.lib.urls import ID, route

from . import facets as facet_columns
from .enums import MISSION_KINDS, Kind
from .tokens import SENTINEL, Term, original_pattern, parse_query

RANK_LIMIT = 2000
SNIPPET_LENGTH = 110
SNIPPET_BEFORE = 30
MAX_QUERY_LENGTH = 200
MAX_PAGE = 500


@dataclass
class Hit:
    kind: str
    object_id: int
    title: str
    url: str
    snippet_html: str
    score: float | None
    title_html: str = ""
    document_id: int = 0
    year: int | None = None

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)


@dataclass
class FacetValue:
    """One value of a facet and its count; ``url`` for pages that link each value (the
    public archive's browse lists)."""

    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""


@dataclass
class Results:
    query: str
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    page: int = 1
    per_page: int = 20
    # False when there were more hits than RANK_LIMIT: only the newest were ranked.
    ranked_exactly: bool = True
    # False when only the newest RANK_LIMIT hits were read: there are more than ``total``.
    total_exact: bool = True

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages or (not self.total_exact and self.page < MAX_PAGE)


# ----- The query in each database's language -----


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


class _Index:
    """Reading one database's index: the hits of a query (``match``), as ids. Subclasses name
    where the index is (``source``), a hit's id there (``id``), the match (``matches``) and
    how a hit joins its ``search_searchdocument d`` row for access (``join``)."""

    source = id = matches = join = ""

    def _visible(self, access) -> tuple[str, str, list]:
        """(join, condition, params) of the hits the asker may see; ``access`` from
        ``_access``."""
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


class _Sqlite(_Index):
    """FTS5 over ``search_fts``: rowid = document id, ascending."""

    source, id, matches = "search_fts", "search_fts.rowid", "search_fts MATCH %s"
    # CROSS JOIN keeps the order as written: the index first, then each hit's row. Left to
    # itself SQLite may scan every document and ask the index about each.
    join = "CROSS JOIN search_searchdocument d ON d.id = search_fts.rowid"

    # The index is read through the operating system's page cache without copying it into
    # SQLite's own (a few MB a connection): common terms read megabytes of it. (SQLite maps
    # at most the 2 GB it was built with.)
    MMAP_SIZE = 8 << 30

    def __init__(self):
        connection.ensure_connection()
        raw = connection.connection
        if getattr(connection, "_search_mapped", None) is not raw:
            raw.execute(f"PRAGMA mmap_size = {self.MMAP_SIZE}")
            connection._search_mapped = raw

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


def _access(user, published_only: bool) -> tuple[str, list] | None:
    """The SQL condition (on ``search_searchdocument d``) of what the asker may see; None
    when they may see everything. Mission access is the one of ``missions_for_user``."""
    from envoy.missions.permissions import missions_for_user

    bound = "d.kind IN ('mission', 'report', 'recommendation', 'restricted')"
    if published_only:
        return "d.kind IN ('report', 'recommendation') AND d.report_status = 'published'", []
    missions = missions_for_user(user)
    if missions.query.is_empty():
        return f"NOT {bound}", []
    if not missions.query.where:
        return None
    # Asked hit by hit (a primary-key look-up), rather than listing the user's missions.
    one = missions.filter(pk=RawSQL("d.mission_id", [])).order_by().values("id")
    sql, params = one.query.sql_with_params()
    return f"(NOT {bound} OR EXISTS ({sql}))", list(params)


class _Postgres(_Index):
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
        term, thinking the check cheap; it unpacks each row's whole tsvector (about 10 µs),
        and a term in 40 % of the reports took 31–105 ms to count to 2,001 that way against
        4–10 ms through the bitmap. A phrase needs the positions: its plan is the planner's
        (RUM checks them in the index), docs/performance.md."""
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

    # Rows read newest first before leaving the newest hits to the planner's choice.
    WINDOW = 4000

    def older(self, match: str, before: int, limit: int, offset: int, access=None) -> list[int]:
        """Ids of hits below ``before``, newest first: looked for among the newest
        ``WINDOW`` rows first. The planner's estimate for a phrase is far below its hits,
        so it may check every row that holds the phrase's tokens and sort them: 70–280 ms
        for a term in 5 % of the reports (measured with a GIN index over the tsvectors as
        they are), where reading newest first took 4.8 ms at the median. Hits that are all
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
        """The best ``limit`` of the hits ``ids`` (at most ``RANK_LIMIT``)."""
        ids = [int(i) for i in ids]
        if self.rum:
            # RUM's distance, from the positions in the index (smaller is closer).
            sql = (
                "SELECT document_id, 1 / (tsv <=> %s::tsquery) AS score FROM search_searchtext "
                "WHERE tsv @@ %s::tsquery AND document_id = ANY(%s) "
                "ORDER BY tsv <=> %s::tsquery, document_id DESC LIMIT %s"
            )
            params = [match, match, ids, match, limit]
        else:
            sql = (
                "SELECT document_id, ts_rank(tsv, %s::tsquery) AS score FROM search_searchtext "
                "WHERE document_id = ANY(%s) ORDER BY score DESC, document_id DESC LIMIT %s"
            )
            params = [match, ids, limit]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def match_expression(query: str) -> str:
    """The query in the database's own syntax (FTS5 MATCH, or a tsquery)."""
    terms = parse_query(query)
    return fts5_query(terms) if connection.vendor == "sqlite" else tsquery(terms)


def _backend():
    return _Sqlite() if connection.vendor == "sqlite" else _Postgres()


# ----- Who sees what, and the facets -----


def _members(ids: np.ndarray, size: int) -> np.ndarray:
    """A boolean array over document ids, true at ``ids``: membership in one lookup."""
    mask = np.zeros(size, bool)
    mask[ids] = True
    return mask


def _visible(user, columns, ids: np.ndarray, published_only: bool) -> np.ndarray | None:
    """A mask of ``ids`` the asker may see; None when they may see all of them."""
    from envoy.missions.permissions import missions_for_user

    kind = columns.kind[ids]
    bound = np.isin(kind, [facet_columns.KINDS.index(k) + 1 for k in MISSION_KINDS])
    if published_only:
        reports = np.isin(
            kind, [facet_columns.KINDS.index(k) + 1 for k in (Kind.REPORT, Kind.RECOMMENDATION)]
        )
        return reports & columns.published[ids]
    missions = missions_for_user(user)
    if missions.query.is_empty():
        return ~bound
    if not missions.query.where:
        return None
    allowed = np.fromiter(missions.values_list("id", flat=True), np.int64)
    if not len(allowed):
        return ~bound
    return (
        ~bound
        | _members(allowed, max(int(allowed.max()), int(columns.mission.max())) + 1)[
            columns.mission[ids]
        ]
    )


def _facet_values(columns, name: str, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(document ids, values) of facet ``name`` for ``ids`` — a document may repeat for
    countries and networks."""
    if name in ("country", "network"):
        docs, values = getattr(columns, name + "_docs"), getattr(columns, name + "_values")
        keep = _members(ids, columns.size)[docs]
        return docs[keep], values[keep]
    array = {"kind": columns.kind, "year": columns.year}.get(name)
    if array is None:
        array = {"category": columns.category, "bureau": columns.bureau}[name]
    return ids, array[ids]


def _value_code(columns, name: str, value: str) -> int | None:
    if name == "kind":
        return facet_columns.KINDS.index(value) + 1 if value in facet_columns.KINDS else None
    if name in ("category", "country"):
        return columns.codes.get(value)
    return int(value) if value.isdigit() else None


def _filter_masks(columns, ids: np.ndarray, filters: dict) -> dict[str, np.ndarray]:
    masks = {}
    for name in facet_columns.FACETS:
        values = [v for v in filters.get(name, []) if v]
        if not values:
            continue
        codes = [c for c in (_value_code(columns, name, v) for v in values) if c is not None]
        docs, found = _facet_values(columns, name, ids)
        masks[name] = _members(docs[np.isin(found, codes)], columns.size)[ids]
    return masks


def _labels(name: str, codes: list[int], columns) -> dict[int, tuple[str, str]]:
    """(value, label) of each facet code."""
    from envoy.core.lib.places import country_name
    from envoy.core.models import Bureau
    from envoy.missions.enums import TripCategory
    from envoy.relations.models import Network

    if name == "kind":
        return {c: (k := facet_columns.KINDS[c - 1], str(Kind(k).label)) for c in codes}
    if name == "year":
        return {c: (str(c), str(c)) for c in codes}
    if name == "country":
        return {c: (columns.names[c], country_name(columns.names[c])) for c in codes}
    if name == "category":
        labels = dict(TripCategory.choices)
        return {
            c: (columns.names[c], str(labels.get(columns.names[c], columns.names[c])))
            for c in codes
        }
    model = Bureau if name == "bureau" else Network
    names = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=codes)}
    return {c: (str(c), names[c]) for c in codes if c in names}


def _facets(columns, ids, masks, filters) -> dict[str, list[FacetValue]]:
    out = {}
    for name in facet_columns.FACETS:
        base = ids
        others = [m for other, m in masks.items() if other != name]
        if others:
            base = ids[np.logical_and.reduce(others)]
        _, values = _facet_values(columns, name, base)
        values = values[values > 0]
        codes, counts = np.unique(values, return_counts=True)
        labels = _labels(name, [int(c) for c in codes], columns)
        chosen = set(filters.get(name, []))
        items = [
            FacetValue(labels[c][0], labels[c][1], int(n), labels[c][0] in chosen)
            for c, n in zip(codes.tolist(), counts.tolist(), strict=True)
            if c in labels
        ]
        if name == "year":
            items.sort(key=lambda v: v.value, reverse=True)
        else:
            items.sort(key=lambda v: (-v.count, v.label))
        out[name] = items
    return out


# ----- Snippets -----


@lru_cache(maxsize=256)
def _highlighter(runs: tuple[str, ...]) -> re.Pattern:
    parts = []
    for run in sorted(set(runs), key=len, reverse=True):
        pattern = original_pattern(run)
        if run[0].isascii() and run[0].isalnum():
            pattern = rf"(?<![0-9A-Za-z\u00c0-\u024f]){pattern}(?![0-9A-Za-z\u00c0-\u024f])"
        parts.append(pattern)
    return re.compile("|".join(parts))


def _marked(text: str, pattern: re.Pattern) -> str:
    out, end = [], 0
    for match in pattern.finditer(text):
        if match.end() == match.start():
            continue
        out.append(html.escape(text[end : match.start()]))
        out.append("<mark>" + html.escape(match.group()) + "</mark>")
        end = match.end()
    out.append(html.escape(text[end:]))
    return "".join(out)


def snippet_html(body: str, pattern: re.Pattern | None) -> str:
    """About ``SNIPPET_LENGTH`` characters of ``body`` around its first match, escaped, the
    matches in ``<mark>``."""
    first = pattern.search(body) if pattern is not None else None
    start = max(0, first.start() - SNIPPET_BEFORE) if first else 0
    # Start at a line's start when one is near.
    line = body.rfind("\n", start, first.start() if first else start)
    if line >= 0:
        start = line + 1
    text = body[start : start + SNIPPET_LENGTH]
    marked = _marked(text, pattern) if pattern is not None else html.escape(text)
    marked = marked.replace("\n", " ⋯ ")
    return ("…" if start else "") + marked + ("…" if start + SNIPPET_LENGTH < len(body) else "")


def _url(kind: str, object_id: int, mission_id: int | None) -> str:
    if kind == Kind.MISSION:
        return route("missions:detail", ID).format(object_id)
    if kind in (Kind.REPORT, Kind.RECOMMENDATION, Kind.RESTRICTED):
        # Classified text too: the report's editor refuses whoever may not change the report
        # now (every published one), while the mission's page shows the whole record to
        # everyone the hit is shown to.
        return route("missions:detail", ID).format(mission_id) + "#report-body"
    return route(f"relations:{kind}", ID).format(object_id)


def _hits(ranked: list[tuple[int, float | None]], terms: list[Term]) -> list[Hit]:
    """The hits of ``ranked`` (document id, score) with their titles, links and snippets —
    one query for all of them."""
    if not ranked:
        return []
    ids = [int(pk) for pk, _ in ranked]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.id, d.kind, d.object_id, d.title, d.mission_id, d.year, t.body "
            "FROM search_searchdocument d JOIN search_searchtext t ON t.document_id = d.id "
            f"WHERE d.id IN ({', '.join(['%s'] * len(ids))})",
            ids,
        )
        rows = {row[0]: row for row in cursor.fetchall()}
    pattern = _highlighter(tuple(r for t in terms for r in t.runs)) if terms else None
    hits = []
    for pk, score in ranked:
        if pk not in rows:
            continue
        _, kind, object_id, title, mission_id, year, body = rows[pk]
        hits.append(
            Hit(
                kind=kind,
                object_id=object_id,
                title=title,
                url=_url(kind, object_id, mission_id),
                snippet_html=snippet_html(body, pattern),
                score=float(score) if score is not None else None,
                title_html=_marked(title, pattern) if pattern else html.escape(title),
                document_id=pk,
                year=year,
            )
        )
    return hits


# ----- The search -----


def search(
    user,
    query: str,
    *,
    filters: dict[str, list[str]] | None = None,
    page: int = 1,
    per_page: int = 20,
    facets: bool = True,
    exact: bool = True,
    hits: bool = True,
    published_only: bool = False,
) -> Results:
    """Search everything ``user`` may open for ``query``; see the module's docstring.

    ``filters`` maps facet names (``kind``, ``year``, ``country``, ``category``, ``bureau``,
    ``network``) to the values wanted — several values of one facet are alternatives.

    With ``exact=False`` (and no filters; on PostgreSQL only for whoever may see every hit)
    the ids of the newest ``RANK_LIMIT`` + 1 hits are read and no more, so a term in most of the archive
    costs what a term in ``RANK_LIMIT`` records costs. When there are more, ``total`` is
    ``RANK_LIMIT`` with ``total_exact`` false and no facets — the search page asks for the
    exact count and facets separately. ``hits=False`` skips the page of hits.

    A query with no letter, digit or CJK character finds nothing; so does an anonymous user
    unless ``published_only``. Reads only.
    """
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    filters = {k: [str(v) for v in vs] for k, vs in (filters or {}).items() if vs}
    page = min(max(1, page), MAX_PAGE)
    results = Results(query=query, page=page, per_page=per_page)
    terms = parse_query(query)
    anonymous = user is None or not user.is_authenticated
    if not terms or (anonymous and not published_only):
        return results
    backend = _backend()
    match = fts5_query(terms) if connection.vendor == "sqlite" else tsquery(terms)
    offset = (page - 1) * per_page
    newest = not exact and not filters
    if newest and isinstance(backend, _Postgres) and _access(user, published_only) is not None:
        # PostgreSQL reads the newest hits by walking the table backwards, checking each row's
        # tsvector; hits the asker may not see make that walk long (an editor of one bureau:
        # 0.6–1.1 s for common terms, against about 0.1 s reading every id).
        newest = False
    if newest:
        ranked = _newest_plan(backend, results, match, user, published_only, facets, offset)
    else:
        ranked = _exact_plan(backend, results, match, user, published_only, facets, filters, offset)
    if hits:
        results.hits = _hits(ranked, terms)
    return results


def _exact_plan(backend, results, match, user, published_only, facets, filters, offset):
    """Every hit read (ids), filtered by access and facets in numpy: exact count and facets."""
    ids = None
    restricted = published_only or _restricted(user)
    if facets or filters or restricted or not isinstance(backend, _Sqlite):
        columns = facet_columns.columns()
        ids = backend.ids(match)
        ids = ids[ids < columns.size]
        visible = _visible(user, columns, ids, published_only)
        if visible is not None:
            ids = ids[visible]
        masks = _filter_masks(columns, ids, filters)
        if facets:
            results.facets = _facets(columns, ids, masks, filters)
        if masks:
            ids = ids[np.logical_and.reduce(list(masks.values()))]
        total = len(ids)
    else:
        total = backend.count(match)
    results.total = total
    results.ranked_exactly = total <= RANK_LIMIT
    if not total or offset >= total:
        return []
    per_page = results.per_page
    if total > RANK_LIMIT:
        # Newest first.
        if ids is not None:
            return [(int(pk), None) for pk in ids[::-1][offset : offset + per_page]]
        return [(pk, None) for pk in backend.older(match, 2**62, per_page, offset)]
    if isinstance(backend, _Sqlite):
        if ids is None:
            return backend.ranked(match, offset + per_page)[offset:]
        # Access and facets filter in numpy: rank the visible hits, keep those left.
        keep = set(ids.tolist())
        scored = backend.ranked(match, None, _access(user, published_only))
        return [row for row in scored if row[0] in keep][offset : offset + per_page]
    return backend.rank_ids(match, ids, offset + per_page)[offset:]


def _newest_plan(backend, results, match, user, published_only, facets, offset):
    """The ids of the newest ``RANK_LIMIT`` + 1 visible hits, in one pass that stops there.
    At most ``RANK_LIMIT``: that is all of them — count and facets exact, ranked (bm25, or
    RUM's distance). More: newest first, the count a lower bound."""
    access = _access(user, published_only)
    per_page = results.per_page
    if access is None and not facets:
        # Whoever may see every hit, without facets: no id needs reading to count them.
        total = backend.count_up_to(match, RANK_LIMIT + 1)
        if total > RANK_LIMIT:
            results.total, results.total_exact, results.ranked_exactly = RANK_LIMIT, False, False
            return [(pk, None) for pk in backend.older(match, 2**62, per_page, offset)]
        results.total = total
        if offset >= total:
            return []
        return backend.ranked(match, offset + per_page)[offset:]
    newest = backend.newest(match, RANK_LIMIT + 1, access)
    if len(newest) > RANK_LIMIT:
        results.total, results.total_exact, results.ranked_exactly = RANK_LIMIT, False, False
        page = newest[offset : min(offset + per_page, RANK_LIMIT)]
        if len(page) < per_page:
            page += backend.older(
                match,
                newest[RANK_LIMIT - 1],
                per_page - len(page),
                max(0, offset - RANK_LIMIT),
                access,
            )
        return [(pk, None) for pk in page]
    results.total = len(newest)
    if facets and newest:
        columns = facet_columns.columns()
        ids = np.sort(np.fromiter(newest, np.int64))
        results.facets = _facets(columns, ids[ids < columns.size], {}, {})
    if offset >= len(newest):
        return []
    return backend.ranked(match, offset + per_page, access)[offset:]


def _restricted(user) -> bool:
    """Whether ``user`` may open fewer than all missions."""
    from envoy.missions.permissions import missions_for_user

    query = missions_for_user(user).query
    return bool(query.where) or query.is_empty()
