"""Writing the search index: re-indexing changed records, and rebuilding it all.

The index lives beside ``SearchDocument``: on SQLite in the contentless FTS5 table
``search_fts`` (rowid = document id, one column of tokens from ``tokens.index_tokens``); on
PostgreSQL in ``search_searchtext.tsv``, a ``tsvector`` of the same tokens with their
positions. A contentless FTS5 table stores no copy of the tokens (the index is about the
size of the text); removing a row from it needs the tokens it was given, which are cut
again from ``SearchText.body``. So after a change to ``tokens.py`` the index must be rebuilt
(``manage.py rebuild_search_index``) before records are re-indexed.
"""

from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from . import builder
from . import documents as docs
from .documents import Document
from .models import SearchDocument, SearchState, SearchText
from .tokens import index_forms, index_tokens


def _add(rows: list[tuple[int, str]], indexed_bodies: list[str] | None = None) -> None:
    """Index each (document id, body); ``indexed_bodies``, when given, are the bodies already
    cut by ``tokens.index_forms``."""
    if not rows:
        return
    if indexed_bodies is None:
        indexed_bodies = index_forms(connection.vendor, [body for _, body in rows])
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(
                "INSERT INTO search_fts(rowid, tokens) VALUES (%s, %s)",
                [(pk, tokens) for (pk, _), tokens in zip(rows, indexed_bodies, strict=True)],
            )
        else:
            cursor.executemany(
                "UPDATE search_searchtext SET tsv = %s::tsvector WHERE document_id = %s",
                [(vector, pk) for (pk, _), vector in zip(rows, indexed_bodies, strict=True)],
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


def _write(
    documents: list[Document], generation: int, indexed_bodies=None, first_id: int | None = None
) -> None:
    """Rows of ``SearchDocument`` and ``SearchText`` for new ``documents``, indexed;
    ``indexed_bodies``, when given, are their bodies already cut by ``tokens.index_forms``. A rebuild
    on SQLite gives the ids (``first_id`` and on): each row is then a statement of its own."""
    if not documents:
        return
    if first_id is not None:
        ids = _insert_documents(documents, generation, first_id)
    else:
        ids = [
            row.pk
            for row in SearchDocument.objects.bulk_create(
                [
                    SearchDocument(
                        kind=d.kind, object_id=d.object_id, generation=generation, **d.fields()
                    )
                    for d in documents
                ]
            )
        ]
    rows = [(pk, d.body) for pk, d in zip(ids, documents, strict=True)]
    if indexed_bodies is None:
        indexed_bodies = index_forms(connection.vendor, [body for _, body in rows])
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # One row a statement: no statement journal, whose savepoint would make FTS5
            # write out the terms it holds in memory.
            cursor.executemany(
                "INSERT INTO search_searchtext (document_id, body) VALUES (%s, %s)", rows
            )
        else:
            # The text and its tsvector in one row version (an UPDATE would write two).
            cursor.executemany(
                "INSERT INTO search_searchtext (document_id, body, tsv) "
                "VALUES (%s, %s, %s::tsvector)",
                [
                    (pk, body, vector)
                    for (pk, body), vector in zip(rows, indexed_bodies, strict=True)
                ],
            )
    if connection.vendor == "sqlite":
        _add(rows, indexed_bodies)


def _insert_documents(documents: list[Document], generation: int, first_id: int) -> range:
    """``SearchDocument`` rows with the ids ``first_id`` and on, a statement each: a statement
    of many rows opens a savepoint, which makes FTS5 write out the terms it holds in memory
    (hundreds of small segments over a rebuild, then a longer merge)."""
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    names = list(documents[0].fields())
    values = []
    for pk, d in enumerate(documents, first_id):
        fields = d.fields()
        fields["date"] = ops.adapt_datefield_value(fields["date"])
        values.append((pk, d.kind, d.object_id, generation, now, *fields.values()))
    columns = ", ".join(["id", "kind", "object_id", "generation", "updated_at", *names])
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO search_searchdocument ({columns}) "
            f"VALUES ({', '.join(['%s'] * (5 + len(names)))})",
            values,
        )
    return range(first_id, first_id + len(documents))


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
    wanted = {d.key: d for d in docs.current_documents(missions, relations)}
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
    _write(new, generation)
    return len(gone) + len(changed) + len(new)


def _clear() -> None:
    """Every document gone, and ids from 1 again: the facet columns are arrays indexed by
    id."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Not DELETE: deleted rows stay in the table until vacuumed, and the indexes built
            # after the load must hold them too (a transaction begun earlier may still read
            # them), which made a rebuild over an existing index far slower and larger
            # (docs/performance.md). TRUNCATE, like the restarted ids,
            # is undone if the rebuild fails; it refuses foreign-key checks still pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE search_searchtext, search_searchdocument RESTART IDENTITY")
            return
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
        cursor.execute("DELETE FROM search_searchtext")
        cursor.execute("DELETE FROM search_searchdocument")
        cursor.execute("DELETE FROM sqlite_sequence WHERE name = 'search_searchdocument'")


# Missions from which a rebuild builds documents in worker processes (fewer are done before
# the workers would have started).
PARALLEL_FROM = 2000


def rebuild(
    progress: Callable[[int, int, str], None] | None = None,
    *,
    batch: int = 200,
    workers: int | None = None,
) -> int:
    """Index every record again from scratch, in one transaction; returns the number of
    documents. ``progress(done, total, what)`` is called along the way: ``"missions"`` read
    and indexed, then ``"index"`` (0 of 1, then 1 of 1) around the last step, FTS5's merge
    into one segment or PostgreSQL's index build.

    Relations records first, then missions by date, so that document ids follow dates. With
    ``workers`` (by default two, from ``PARALLEL_FROM`` missions on, when ``builder`` may use
    them) other processes read the records, build the documents and cut their tokens, and
    this one only writes: on SQLite the writing of the index is what takes the time.

    SQLite lets nobody else write while this runs (minutes for a large archive): run it
    when nobody edits, as after an upgrade.
    """
    from envoy.missions.models import Mission

    mission_ids = list(
        Mission.objects.order_by(F("start_date").asc(nulls_first=True), "id").values_list(
            "id", flat=True
        )
    )
    if workers is None:
        workers = 2 if len(mission_ids) >= PARALLEL_FROM else 0
    if workers and not builder.can_use_workers():
        workers = 0
    jobs: list[builder.Job] = []
    for kind, (model, _build) in docs.RELATION_DOCUMENTS.items():
        ids = list(model.objects.order_by("id").values_list("id", flat=True))
        jobs += [(kind, ids[start : start + batch * 5]) for start in range(0, len(ids), batch * 5)]
    relation_jobs = len(jobs)
    jobs += [
        ("missions", mission_ids[start : start + batch])
        for start in range(0, len(mission_ids), batch)
    ]
    vendor = connection.vendor
    cache_size = _set_cache(-256_000) if vendor == "sqlite" else None
    try:
        with transaction.atomic():
            _clear()
            generation = _bump()
            if vendor == "sqlite":
                # Terms kept in memory up to 16 MB (larger tables are slower to insert into;
                # smaller ones leave more segments), and no merging while loading: one merge
                # at the end ("optimize") instead of merges as segments pile up.
                _fts_config(hashsize=16 << 20, automerge=0, crisismerge=2000)
            else:
                # Building the indexes once over all rows is far quicker than updating them
                # row by row; DDL is transactional there, so a failed rebuild keeps the old.
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) "
                        "FROM pg_index WHERE indrelid = 'search_searchtext'::regclass "
                        "AND NOT indisprimary AND indexrelid::regclass::text LIKE %s",
                        ["search_text_tsv%"],
                    )
                    definitions = cursor.fetchall()
                    for name, _ in definitions:
                        cursor.execute(f"DROP INDEX {name}")
            count = 0
            for done, (documents, indexed_bodies) in enumerate(
                builder.built_jobs(jobs, workers), 1
            ):
                first_id = count + 1 if vendor == "sqlite" else None
                _write(documents, generation, indexed_bodies, first_id)
                count += len(documents)
                if progress and done > relation_jobs:
                    missions = min((done - relation_jobs) * batch, len(mission_ids))
                    progress(missions, len(mission_ids), "missions")
            if progress:
                progress(0, 1, "index")
            if vendor == "postgresql":
                with connection.cursor() as cursor:
                    for _, definition in definitions:
                        cursor.execute(definition)
                    # Statistics of the new rows at once: the planner's choices depend on them.
                    cursor.execute("ANALYZE search_searchtext, search_searchdocument")
    finally:
        if cache_size is not None:
            _set_cache(cache_size)
    if vendor == "sqlite":
        # One segment: smaller, and faster to query than the many the load leaves. Then
        # FTS5's defaults again, for the small writes of everyday saves.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            _fts_config(hashsize=1 << 20, automerge=4, crisismerge=16)
        # The write-ahead log now holds the whole index: copy it into the database, or every
        # read looks it up there (and past the memory map) until some later checkpoint.
        if not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if progress:
        progress(1, 1, "index")
    return count


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
