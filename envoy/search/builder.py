"""Documents and their tokens for a rebuild of the index, made batch by batch — in worker
processes when the archive is large, so that the one process that writes the index (SQLite
lets only one) does nothing else.

    for documents, indexed_bodies in built_jobs(jobs, workers=2):
        ...   # in the order of ``jobs``

A job is ``("missions", [ids])`` or ``(Kind.PERSON, [ids])`` and so on. A worker is a Django
process of its own on the same database: it reads what is committed, which is why workers
only serve a rebuild that is not inside a caller's transaction (``can_use_workers``), and
never an in-memory SQLite database. This module imports no model at import time: a worker
must set Django up (``start_worker``) before it reads a job.
"""

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

log = logging.getLogger(__name__)

Job = tuple[str, list[int]]


def build(vendor: str, job: Job) -> tuple[list, list[str]]:
    """The documents of one job and what the index takes for each of them."""
    from .documents import current_documents
    from .tokens import index_forms

    what, ids = job
    if what == "missions":
        documents = current_documents(ids)
    else:
        documents = current_documents(relations={what: ids})
    return documents, index_forms(vendor, [d.body for d in documents])


def start_worker(settings_module: str, database: dict) -> None:
    """Set Django up in a worker process, on the caller's database (a test database has a
    name of its own)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()
    from django.db import connections

    connections["default"].settings_dict.update(database)


def can_use_workers() -> bool:
    """Whether worker processes would see what this connection sees: the database is not
    in memory, and nothing of this connection's is uncommitted."""
    from django.db import connection

    if connection.in_atomic_block:
        return False
    return connection.vendor == "postgresql" or (
        connection.vendor == "sqlite" and not connection.is_in_memory_db()
    )


def built_jobs(jobs: Iterable[Job], workers: int = 0) -> Iterator[tuple[list, list[str]]]:
    """(documents, cut bodies) of each job, in order. With ``workers``, that many processes
    build the next jobs while the caller writes the one before; a worker that cannot start or
    dies is not fatal: its jobs are built here."""
    from django.db import connection

    vendor = connection.vendor
    jobs = list(jobs)
    if not workers or not jobs:
        for job in jobs:
            yield build(vendor, job)
        return
    database = {
        key: connection.settings_dict[key] for key in ("NAME", "USER", "HOST", "PORT", "PASSWORD")
    }
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=start_worker,
        initargs=(os.environ.get("DJANGO_SETTINGS_MODULE", "envoy.settings"), database),
    )
    queued: deque = deque()
    pending = iter(jobs)
    try:
        while True:
            # Two jobs a worker ahead: one being built, one waiting for it.
            while len(queued) < 2 * workers:
                job = next(pending, None)
                if job is None:
                    break
                queued.append((job, _submit(pool, vendor, job)))
            if not queued:
                return
            job, future = queued.popleft()
            yield _result(future, vendor, job)
    finally:
        pool.shutdown(cancel_futures=True)


def _submit(pool, vendor, job):
    try:
        return pool.submit(build, vendor, job)
    except BrokenProcessPool:  # lost earlier: built here (``_result``)
        return None


def _result(future, vendor, job):
    if future is not None:
        try:
            return future.result()
        except BrokenProcessPool:
            log.warning("Search rebuild: worker process lost, building here")
    return build(vendor, job)
