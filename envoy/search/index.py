"""Writing the search index: re-indexing changed records, and rebuilding it all.

The index lives beside ``SearchDocument``: on SQLite in the contentless FTS5 table
``search_fts`` (rowid = document id, one column of tokens from ``tokens.index_tokens``); on
PostgreSQL in ``search_searchtext.tsv``, a ``tsvector`` of the same tokens with their
positions. A contentless FTS5 table stores no copy of the tokens (the index is about the
size of the text); removing a row from it needs the tokens it was given, which are cut
again from ``SearchText.body``. So after a change to ``tokens.py`` the index must be rebuilt
(``manage.py rebuild_search_index``) before records are re-indexed.
"""

import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from django.db import connection, transaction
from django.db.models import F, Q

from . import documents as docs
from .documents import Document
from .models import SearchDocument, SearchState, SearchText
from .tokens import cut, index_tokens

log = logging.getLogger(__name__)


def _add(rows: list[tuple[int, str]], cut_bodies: list[str] | None = None) -> None:
    """Index each (document id, body); ``cut_bodies``, when given, are the bodies already
    cut by ``tokens.cut``."""
    if not rows:
        return
    if cut_bodies is None:
        cut_bodies = cut(connection.vendor, [body for _, body in rows])
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(
                "INSERT INTO search_fts(rowid, tokens) VALUES (%s, %s)",
                [(pk, tokens) for (pk, _), tokens in zip(rows, cut_bodies, strict=True)],
            )
        else:
            cursor.executemany(
                "UPDATE search_searchtext SET tsv = %s::tsvector WHERE document_id = %s",
                [(vector, pk) for (pk, _), vector in zip(rows, cut_bodies, strict=True)],
            )


def _remove(rows: list[tuple[int, str]]) -> None:
    """Take each (document id, body as indexed) out of the index. PostgreSQL's tsvector goes
    with its row; FTS5 must be told the tokens it was given."""
    if rows and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', %s, %s)",
                [(pk, index_tokens(body)) for pk, body in rows],
            )


def _bump() -> int:
    """The next generation of the index (see ``SearchState``)."""
    # Locked, so that generations are committed in the order they are handed out and a
    # process that has seen generation n has seen every document written up to n.
    SearchState.objects.get_or_create(pk=1)
    state = SearchState.objects.select_for_update().get(pk=1)
    state.generation += 1
    state.save(update_fields=["generation"])
    return state.generation


def _create(documents: list[Document], generation: int, cut_bodies=None) -> None:
    rows = SearchDocument.objects.bulk_create(
        [
            SearchDocument(kind=d.kind, object_id=d.object_id, generation=generation, **d.fields())
            for d in documents
        ]
    )
    SearchText.objects.bulk_create(
        [SearchText(document=row, body=d.body) for row, d in zip(rows, documents, strict=True)]
    )
    _add([(row.pk, d.body) for row, d in zip(rows, documents, strict=True)], cut_bodies)


def current_documents(missions: Iterable[int] = (), relations: dict | None = None) -> list:
    """The documents the given missions and relations records have now."""
    found = docs.mission_documents(sorted(set(missions))) if missions else []
    for kind, ids in (relations or {}).items():
        if ids:
            found += docs.RELATION_DOCUMENTS[kind][1](sorted(set(ids)))
    return found


@transaction.atomic
def reindex(missions: Iterable[int] = (), relations: dict[str, Iterable[int]] | None = None):
    """Bring the index up to date for the given missions (with their reports and
    recommendations) and relations records (``{Kind.PERSON: ids, …}``): new records are
    added, changed ones rewritten, vanished ones removed; unchanged ones are not touched.
    Returns how many documents were written or removed."""
    missions = set(missions)
    relations = {kind: set(ids) for kind, ids in (relations or {}).items() if ids}
    if not missions and not relations:
        return 0
    wanted = {d.key: d for d in current_documents(missions, relations)}
    where = Q(mission_id__in=missions) if missions else Q(pk__in=[])
    for kind, ids in relations.items():
        where |= Q(kind=kind, object_id__in=ids)
    existing = {
        (row.kind, row.object_id): row
        for row in SearchDocument.objects.filter(where).select_related("text")
    }
    gone = [row for key, row in existing.items() if key not in wanted]
    changed, new = [], []
    for key, document in wanted.items():
        row = existing.get(key)
        if row is None:
            new.append(document)
            continue
        fields = document.fields()
        if row.text.body != document.body or any(
            getattr(row, name) != value for name, value in fields.items()
        ):
            changed.append((row, document, fields))
    if not (gone or changed or new):
        return 0
    generation = _bump()
    _remove([(row.pk, row.text.body) for row in gone])
    SearchDocument.objects.filter(pk__in=[row.pk for row in gone]).delete()
    for row, document, fields in changed:
        if row.text.body != document.body:
            _remove([(row.pk, row.text.body)])
            SearchText.objects.filter(pk=row.pk).update(body=document.body)
            _add([(row.pk, document.body)])
        SearchDocument.objects.filter(pk=row.pk).update(generation=generation, **fields)
    _create(new, generation)
    return len(gone) + len(changed) + len(new)


def _clear() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
        cursor.execute("DELETE FROM search_searchtext")
        cursor.execute("DELETE FROM search_searchdocument")


def rebuild(
    progress: Callable[[int, int, str], None] | None = None,
    *,
    batch: int = 200,
    workers: int = 1,
) -> int:
    """Index every record again from scratch, in one transaction; returns the number of
    documents. ``progress(done, total, what)`` is called along the way.

    Two passes. First the documents are written (relations records, then missions by date,
    so that document ids follow dates); then their text is indexed in id order, and nothing
    else is written meanwhile: on SQLite any other write makes FTS5 flush the terms it keeps
    in memory (a statement journal opens a savepoint), and many small flushes cost a merge
    each. With ``workers`` (and enough documents to pay for starting them) other processes
    cut the tokens of the next batches while this one indexes the batch before. One is
    enough: on SQLite the writing of the index is what takes the time (60,000 reports: 134 s
    with one worker or two).

    SQLite lets nobody else write while this runs (minutes for a large archive): run it
    when nobody edits, as after an upgrade.
    """
    from envoy.missions.models import Mission

    mission_ids = list(
        Mission.objects.order_by(F("start_date").asc(nulls_first=True), "id").values_list(
            "id", flat=True
        )
    )
    vendor = connection.vendor
    cache_size = _set_cache(-256_000) if vendor == "sqlite" else None
    pool = None
    try:
        with transaction.atomic():
            _clear()
            generation = _bump()
            count = 0
            for kind, (model, _build) in docs.RELATION_DOCUMENTS.items():
                ids = list(model.objects.order_by("id").values_list("id", flat=True))
                for start in range(0, len(ids), batch * 5):
                    documents = current_documents(relations={kind: ids[start : start + batch * 5]})
                    _write_documents(documents, generation)
                    count += len(documents)
            for start in range(0, len(mission_ids), batch):
                documents = current_documents(mission_ids[start : start + batch])
                _write_documents(documents, generation)
                count += len(documents)
                if progress:
                    progress(min(start + batch, len(mission_ids)), len(mission_ids), "missions")
            if vendor == "sqlite":
                # Terms kept in memory up to 256 MB and no merging while loading: one merge
                # at the end ("optimize") instead of merges as segments pile up.
                _fts_config(hashsize=256 << 20, automerge=0)
            if workers and count >= 5000:
                pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
            if vendor == "postgresql":
                # Building the index once over all rows is far quicker than updating it row
                # by row; DDL is transactional there, so a failed rebuild keeps the old one.
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_get_indexdef('search_text_tsv'::regclass)")
                    definition = cursor.fetchone()[0]
                    cursor.execute("DROP INDEX search_text_tsv")
            _index_all(count, pool, progress, ahead=max(1, workers))
            if vendor == "postgresql":
                with connection.cursor() as cursor:
                    # Django's foreign keys are checked at commit; CREATE INDEX wants no
                    # checks pending.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute(definition)
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
        if cache_size is not None:
            _set_cache(cache_size)
    if vendor == "sqlite":
        # One segment: smaller, and faster to query than the several a bulk load leaves.
        # Then FTS5's defaults again, for the small writes of everyday saves.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            _fts_config(hashsize=1 << 20, automerge=4)
        # The write-ahead log now holds the whole index: copy it into the database, or every
        # read looks it up there (and past the memory map) until some later checkpoint.
        if not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return count


def _write_documents(documents: list[Document], generation: int) -> None:
    """Rows of ``SearchDocument`` and ``SearchText``, not yet indexed."""
    rows = SearchDocument.objects.bulk_create(
        [
            SearchDocument(kind=d.kind, object_id=d.object_id, generation=generation, **d.fields())
            for d in documents
        ]
    )
    SearchText.objects.bulk_create(
        [SearchText(document=row, body=d.body) for row, d in zip(rows, documents, strict=True)]
    )


def _index_all(total: int, pool, progress, batch: int = 500, ahead: int = 1) -> None:
    """Index every ``SearchText`` in id order, the tokens of the next ``ahead`` batches cut
    by ``pool`` while this batch is written."""
    vendor = connection.vendor

    def read(after: int) -> list[tuple[int, str]]:
        return list(
            SearchText.objects.filter(pk__gt=after).order_by("pk").values_list("pk", "body")[:batch]
        )

    def submit(rows):
        if not pool or not rows:
            return None
        try:
            return pool.submit(cut, vendor, [b for _, b in rows])
        except BrokenProcessPool:  # lost earlier: the batch is cut here (``result``)
            return None

    def result(job, rows):
        # A worker that could not start (or died) must not stop the rebuild: cut here.
        try:
            return job.result() if job else None
        except BrokenProcessPool:
            log.warning("Search rebuild: worker process lost, cutting tokens here")
            return None

    done, last = 0, 0
    queued: deque[tuple[list, object]] = deque()
    while True:
        while len(queued) <= ahead:
            rows = read(last)
            if not rows:
                break
            last = rows[-1][0]
            queued.append((rows, submit(rows)))
        if not queued:
            break
        rows, job = queued.popleft()
        _add(rows, result(job, rows))
        done += len(rows)
        if progress:
            progress(done, total, "documents")


def _fts_config(**values: int) -> None:
    """Set FTS5 options of ``search_fts`` (kept in the database)."""
    with connection.cursor() as cursor:
        for name, value in values.items():
            cursor.execute(
                "INSERT INTO search_fts(search_fts, rank) VALUES (%s, %s)", [name, int(value)]
            )


def _set_cache(size: int) -> int:
    """Set SQLite's page cache of this connection (negative: KiB); returns the old size.
    FTS5 merges its segments through the cache while it is loaded."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        old = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {int(size)}")
    return old


def index_size() -> dict[str, int]:
    """Bytes of the index and of the text it indexes (UTF-8), for the command and the
    benchmark. On PostgreSQL the index is the tsvectors and their GIN index."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT coalesce(sum(length(CAST(body AS BLOB))), 0) FROM search_searchtext"
            )
            text = cursor.fetchone()[0]
            cursor.execute(
                "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'search_fts%%'"
            )
            index = cursor.fetchone()[0]
        else:
            cursor.execute(
                "SELECT coalesce(sum(octet_length(body)), 0), "
                "coalesce(sum(pg_column_size(tsv)), 0) FROM search_searchtext"
            )
            text, index = cursor.fetchone()
            cursor.execute(
                "SELECT coalesce(sum(pg_relation_size(indexrelid)), 0) FROM pg_index "
                "WHERE indrelid = 'search_searchtext'::regclass AND NOT indisprimary"
            )
            index += cursor.fetchone()[0]
    return {"text_bytes": int(text), "index_bytes": int(index)}
