"""Writing the search index: re-indexing changed records, and rebuilding it all.

The index lives beside ``SearchDocument``: on SQLite in the contentless FTS5 table
``search_fts`` (rowid = document id, one column of tokens from ``tokens.index_tokens``); on
PostgreSQL in ``search_searchtext.tsv``, a ``tsvector`` of the same tokens with their
positions. A contentless FTS5 table stores no copy of the tokens (the index is about the
size of the text); removing a row from it needs the tokens it was given, which are cut
again from ``SearchText.body``. So after a change to ``tokens.py`` the index must be rebuilt
(``manage.py rebuild_search_index``) before records are re-indexed.
"""

import multiprocessing
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import F, Q

from . import documents as docs
from .documents import Document
from .models import SearchDocument, SearchState, SearchText
from .tokens import cut, index_tokens


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
    progress: Callable[[int, int], None] | None = None, *, batch: int = 200, workers: int = 1
) -> int:
    """Index every record again from scratch, in one transaction; returns the number of
    documents. Relations records come first, then missions by date, so that document ids
    follow dates. ``progress(done, total)`` is called as missions are indexed.

    With ``workers`` (and enough missions to pay for starting them), other processes cut
    the tokens of one batch while this one writes the batch before: the database's own
    indexing is the larger half of the work and runs in this process only.

    SQLite lets nobody else write while this runs (minutes for a large archive): run it
    when nobody edits, as after an upgrade.
    """
    from envoy.missions.models import Mission

    mission_ids = list(
        Mission.objects.order_by(F("start_date").asc(nulls_first=True), "id").values_list(
            "id", flat=True
        )
    )
    chunks = [mission_ids[i : i + batch] for i in range(0, len(mission_ids), batch)]
    pool = None
    if workers and len(mission_ids) >= 20 * batch:
        pool = multiprocessing.get_context("spawn").Pool(workers)
    vendor = connection.vendor
    cache_size = _set_cache(-256_000) if vendor == "sqlite" else None
    try:
        with transaction.atomic():
            _clear()
            generation = _bump()
            count = 0
            for kind, (model, _build) in docs.RELATION_DOCUMENTS.items():
                ids = list(model.objects.order_by("id").values_list("id", flat=True))
                for start in range(0, len(ids), batch * 5):
                    documents = current_documents(relations={kind: ids[start : start + batch * 5]})
                    _create(documents, generation)
                    count += len(documents)
            waiting = None  # (documents, their tokens being cut, missions done)
            for n, chunk in enumerate(chunks):
                documents = current_documents(chunk)
                job = pool.apply_async(cut, (vendor, [d.body for d in documents])) if pool else None
                if waiting:
                    _write_batch(waiting, generation, progress, len(mission_ids))
                waiting = (documents, job, min((n + 1) * batch, len(mission_ids)))
                count += len(documents)
            if waiting:
                _write_batch(waiting, generation, progress, len(mission_ids))
            if progress and not mission_ids:
                progress(0, 0)
    finally:
        if pool:
            pool.close()
            pool.join()
        if cache_size is not None:
            _set_cache(cache_size)
    if connection.vendor == "sqlite":
        # One segment: smaller, and faster to query than the many a bulk load leaves.
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    return count


def _set_cache(size: int) -> int:
    """Set SQLite's page cache of this connection (negative: KiB); returns the old size.
    FTS5 merges its segments through the cache while it is loaded."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        old = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {int(size)}")
    return old


def _write_batch(waiting, generation, progress, total) -> None:
    documents, job, done = waiting
    _create(documents, generation, job.get() if job else None)
    if progress:
        progress(done, total)


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
