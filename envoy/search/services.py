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
  among the newest N" costs a full pass for a common phrase; newest first is read from the
  index in id order and stops after a page (docs/performance.md).
- **One result a mission and its report.** When a mission and its report both match, they
  are one result: the report's hit (its status shown) carrying the matching part of the
  mission as well (``facets.group``). ``total`` and the pages count results so defined (a
  mission whose report did not match is a result of its own); a facet value's count is the
  number of results choosing it gives — for 類型, 任務 counts every mission found, since
  choosing 任務 alone shows each on its own. Beyond ``RANK_LIMIT`` hits read newest first (the count
  then a lower bound) a page folds a mission into its report when both are on it.
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
from dataclasses import dataclass, field

import numpy as np
from django.db import connection

from envoy.core.lib.urls import ID, route
from envoy.reports.enums import ReportStatus

from . import access
from . import facets as facet_columns
from .backends import PostgresIndex, SqliteIndex, query_for, reader
from .enums import Kind
from .facets import FacetValue, Grouped
from .highlighting import highlighter, marked, snippet_html
from .tokens import Term, parse_query

RANK_LIMIT = 2000
MAX_QUERY_LENGTH = 200
MAX_PAGE = 500


@dataclass
class Part:
    """A matching part of a grouped result: the mission's, inside its report's hit."""

    kind: str
    title: str
    url: str
    snippet_html: str

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)


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
    # A report's status (draft, published…); for the public, always published.
    status: str = ""
    parts: list[Part] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def status_label(self) -> str:
        return str(ReportStatus(self.status).label) if self.status else ""


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
    # The mission documents folded into their report's hit.
    grouped: Grouped = field(default_factory=Grouped)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages or (not self.total_exact and self.page < MAX_PAGE)


def _url(kind: str, object_id: int, mission_id: int | None) -> str:
    if kind == Kind.MISSION:
        return route("missions:detail", ID).format(object_id)
    if kind == Kind.ACTION:
        return route("actions:detail", ID).format(object_id)
    if kind in (Kind.REPORT, Kind.RECOMMENDATION, Kind.RESTRICTED):
        # Classified text too: the report's editor refuses whoever may not change the report
        # now (every published one), while the mission's page shows the whole record to
        # everyone the hit is shown to.
        return route("missions:detail", ID).format(mission_id) + "#report-body"
    return route(f"relations:{kind}", ID).format(object_id)


def _hits(ranked: list[tuple[int, float | None]], terms: list[Term], grouped: Grouped) -> list[Hit]:
    """The hits of ``ranked`` (document id, score) with their titles, links and snippets, a
    report's hit with the matching part of its mission (folded in ``grouped``, or on the same
    page) — one query for all of them."""
    if not ranked:
        return []
    ids = [int(pk) for pk, _ in ranked]
    extra = [document for pk in ids if (document := grouped.mission_of(pk)) is not None]
    wanted = ids + extra
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.id, d.kind, d.object_id, d.title, d.mission_id, d.year, d.report_status, "
            "t.body FROM search_searchdocument d JOIN search_searchtext t ON t.document_id = d.id "
            f"WHERE d.id IN ({', '.join(['%s'] * len(wanted))})",
            wanted,
        )
        rows = {row[0]: row for row in cursor.fetchall()}
    pattern = highlighter(tuple(r for t in terms for r in t.runs)) if terms else None
    # The mission part of each report on the page: folded before, or a hit of the page.
    reported = {row[4] for row in rows.values() if row[1] == Kind.REPORT}
    missions = {
        row[4]: row for pk, row in rows.items() if row[1] == Kind.MISSION and row[4] in reported
    }
    hits = []
    for pk, score in ranked:
        if pk not in rows:
            continue
        _, kind, object_id, title, mission_id, year, status, body = rows[pk]
        if kind == Kind.MISSION and mission_id in reported:
            continue  # shown inside its report's hit
        hit = Hit(
            kind=kind,
            object_id=object_id,
            title=title,
            url=_url(kind, object_id, mission_id),
            snippet_html=snippet_html(body, pattern),
            score=float(score) if score is not None else None,
            title_html=marked(title, pattern) if pattern else html.escape(title),
            document_id=pk,
            year=year,
            status=status if kind == Kind.REPORT else "",
        )
        if kind == Kind.REPORT and (mission := missions.get(mission_id)):
            hit.parts.append(
                Part(Kind.MISSION, mission[3], _url(Kind.MISSION, mission[2], mission_id),
                     snippet_html(mission[7], pattern))
            )  # fmt: skip
        hits.append(hit)
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
    backend = reader()
    match = query_for(terms)
    offset = (page - 1) * per_page
    newest = not exact and not filters
    if (
        newest
        and isinstance(backend, PostgresIndex)
        and access.sql_condition(user, published_only) is not None
    ):
        # PostgreSQL reads the newest hits by walking the table backwards, checking each row's
        # tsvector; hits the asker may not see make that walk far longer than reading every
        # id (docs/performance.md).
        newest = False
    if newest:
        ranked = _newest_plan(backend, results, match, user, published_only, facets, offset)
    else:
        ranked = _exact_plan(backend, results, match, user, published_only, facets, filters, offset)
    if hits:
        results.hits = _hits(ranked, terms, results.grouped)
    return results


def _exact_plan(backend, results, match, user, published_only, facets, filters, offset):
    """Every hit read (ids), filtered by access and facets in numpy: exact count and facets."""
    ids = None
    restricted = published_only or not access.sees_everything(user)
    if facets or filters or restricted or not isinstance(backend, SqliteIndex):
        columns = facet_columns.columns()
        ids = backend.ids(match)
        ids = ids[ids < columns.size]
        visible = access.visible_mask(user, columns, ids, published_only)
        if visible is not None:
            ids = ids[visible]
        masks = facet_columns.filter_masks(columns, ids, filters)
        if facets:
            results.facets = facet_columns.counts(columns, ids, masks, filters)
        if masks:
            ids = ids[np.logical_and.reduce(list(masks.values()))]
        ids, results.grouped = facet_columns.group(columns, ids)
        total = len(ids)
    else:
        # Whoever may see every hit, no facets: the ids are read only when there are few
        # enough to rank, so that a mission and its report are one result there too.
        total, ids = backend.hits_up_to(match, RANK_LIMIT, with_ids=True)
        if ids is None:
            total = backend.count(match)
        else:
            columns = facet_columns.columns()
            ids, results.grouped = facet_columns.group(columns, ids[ids < columns.size])
            total = len(ids)
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
    if isinstance(backend, SqliteIndex):
        if not restricted and not filters and not len(results.grouped):
            return backend.ranked(match, offset + per_page)[offset:]
        # Access, facets and grouping filter in numpy: rank the visible hits, keep those left.
        keep = set(ids.tolist())
        scored = backend.ranked(match, None, access.sql_condition(user, published_only))
        return [row for row in scored if row[0] in keep][offset : offset + per_page]
    return backend.rank_ids(match, ids, offset + per_page)[offset:]


def _ranked_kept(backend, match, ids, results, offset, condition=None):
    """The page of ranked hits among ``ids``, the visible hits with the missions folded into
    their reports left out. Nothing folded: ranked as before grouping (SQLite in the index,
    PostgreSQL ``ids`` themselves or, for an asker with a condition, in the index). Folded:
    SQLite ranks every visible hit and leaves those out; PostgreSQL ranks ``ids``."""
    per_page = results.per_page
    if not len(results.grouped):
        if isinstance(backend, SqliteIndex) or condition is not None:
            return backend.ranked(match, offset + per_page, condition)[offset:]
        return backend.rank_ids(match, ids, offset + per_page)[offset:]
    if not isinstance(backend, SqliteIndex):
        return backend.rank_ids(match, ids, offset + per_page)[offset:]
    folded = set(results.grouped.documents.tolist())
    scored = backend.ranked(match, None, condition)
    return [row for row in scored if row[0] not in folded][offset : offset + per_page]


def _newest_plan(backend, results, match, user, published_only, facets, offset):
    """The ids of the newest ``RANK_LIMIT`` + 1 visible hits, in one pass that stops there.
    At most ``RANK_LIMIT``: that is all of them — count and facets exact, ranked (bm25, or
    RUM's distance). More: newest first, the count a lower bound."""
    condition = access.sql_condition(user, published_only)
    per_page = results.per_page
    if condition is None:
        # Whoever may see every hit: the hits counted up to the rank limit from the index
        # (GIN's bitmap on PostgreSQL), their ids read only when there are few. Reading the
        # newest rows first would check thousands of them for a rare term before finding it
        # is rare.
        # The ids of a few hits are read whether facets are wanted or not: a mission and its
        # report are one result.
        total, ids = backend.hits_up_to(match, RANK_LIMIT, with_ids=True)
        if total > RANK_LIMIT:
            results.total, results.total_exact, results.ranked_exactly = RANK_LIMIT, False, False
            return [(pk, None) for pk in backend.older(match, 2**62, per_page, offset)]
        if total:
            columns = facet_columns.columns()
            ids = ids[ids < columns.size]
            if facets:
                results.facets = facet_columns.counts(columns, ids, {}, {})
            ids, results.grouped = facet_columns.group(columns, ids)
            total = len(ids)
        results.total = total
        if offset >= total:
            return []
        return _ranked_kept(backend, match, ids, results, offset)
    newest = backend.newest(match, RANK_LIMIT + 1, condition)
    if len(newest) > RANK_LIMIT:
        results.total, results.total_exact, results.ranked_exactly = RANK_LIMIT, False, False
        page = newest[offset : min(offset + per_page, RANK_LIMIT)]
        if len(page) < per_page:
            page += backend.older(
                match,
                newest[RANK_LIMIT - 1],
                per_page - len(page),
                max(0, offset - RANK_LIMIT),
                condition,
            )
        return [(pk, None) for pk in page]
    ids = np.sort(np.fromiter(newest, np.int64))
    if len(ids):
        columns = facet_columns.columns()
        ids = ids[ids < columns.size]
        if facets:
            results.facets = facet_columns.counts(columns, ids, {}, {})
        ids, results.grouped = facet_columns.group(columns, ids)
    results.total = len(ids)
    if offset >= len(ids):
        return []
    return _ranked_kept(backend, match, ids, results, offset, condition)
