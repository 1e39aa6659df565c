"""A rebuild whose documents are built in worker processes writes the index a rebuild
without them writes. Run as an administrator runs it, on a database file of its own: the
workers read what is committed, which a test's own transaction never is."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

MAKE_RECORDS = """
import datetime as dt
from envoy.relations.models import Person
from tests.search.helpers import make_report
for n in range(14):
    # Dates out of id order: the index must follow the dates.
    start = dt.date(2020, 1, 1) + dt.timedelta(days=(n * 37) % 500)
    make_report(f"赴東京考察{n}", [f"第{n}段：臺灣與東京交流 sewer {n}。", "下水道。"], start=start)
for n in range(7):
    Person.objects.create(name=f"東京都知事{n}", country="JP")
"""

QUERIES = ("東京", "台灣", "下水道", "sewer", "第7段", "知事3")

SEARCHES = """
import json
from envoy.core.models import User
from envoy.search.services import search
admin = User.objects.create(username="admin", role="admin", is_superuser=True)
print(json.dumps({
    query: sorted([hit.kind, hit.object_id] for hit in search(admin, query).hits)
    for query in QUERIES
}))
admin.delete()
"""

REBUILD = """
from envoy.search.index import rebuild
print(rebuild(workers={workers}, batch=3))
"""


def manage(folder: Path, *args: str) -> str:
    env = {**os.environ, "ENVOY_DATA_DIR": str(folder), "DJANGO_SETTINGS_MODULE": "envoy.settings"}
    env.pop("DATABASE_URL", None)  # a SQLite file of its own, whatever the suite runs on
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def index_of(folder: Path) -> tuple[list, dict]:
    """Every document in id order, and the hits of a few searches."""
    with sqlite3.connect(folder / "envoy.sqlite3") as db:
        rows = db.execute(
            "SELECT d.id, d.kind, d.object_id, d.title, d.date, t.body "
            "FROM search_searchdocument d JOIN search_searchtext t ON t.document_id = d.id "
            "ORDER BY d.id"
        ).fetchall()
    searches = f"QUERIES = {QUERIES!r}\n{SEARCHES}"
    return rows, json.loads(manage(folder, "shell", "--no-imports", "-c", searches))


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("workers")
    manage(folder, "migrate", "--verbosity", "0")
    manage(folder, "shell", "--no-imports", "-c", MAKE_RECORDS)
    return folder


def test_workers_write_the_index_a_single_process_writes(database):
    assert (
        manage(database, "shell", "--no-imports", "-c", REBUILD.format(workers=0)).strip() == "35"
    )
    alone = index_of(database)
    assert (
        manage(database, "shell", "--no-imports", "-c", REBUILD.format(workers=2)).strip() == "35"
    )
    assert index_of(database) == alone
    rows, hits = alone
    assert len(hits["台灣"]) == 14 and len(hits["知事3"]) == 1
    # Ids from 1 again, relations records first, then missions and their reports by date.
    assert [row[0] for row in rows] == list(range(1, 36))
    dates = [row[4] for row in rows if row[1] == "mission"]
    assert dates == sorted(dates) and len(set(dates)) == 14


def test_the_command_takes_a_number_of_workers(database):
    out = manage(database, "rebuild_search_index", "--workers", "2", "--quiet-progress")
    assert out.startswith("已重建搜尋索引：35 筆文件")


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_workers_on_postgresql_write_the_index_a_single_process_writes():
    """On PostgreSQL too (the test database, committed: workers connect to it by name)."""
    from envoy.core.models import User
    from envoy.search.index import rebuild
    from envoy.search.models import SearchText
    from envoy.search.services import search

    exec(MAKE_RECORDS, {})
    admin = User.objects.create(username="admin", role="admin", is_superuser=True)

    def index():
        rows = list(
            SearchText.objects.order_by("document_id").values_list(
                "document_id", "document__kind", "document__object_id", "document__date", "body"
            )
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT document_id, tsv::text FROM search_searchtext ORDER BY 1")
            vectors = cursor.fetchall()
        hits = {q: sorted((h.kind, h.object_id) for h in search(admin, q).hits) for q in QUERIES}
        return rows, vectors, hits

    assert rebuild(workers=0, batch=3) == 35
    alone = index()
    assert rebuild(workers=2, batch=3) == 35
    assert index() == alone
    rows, _, hits = alone
    assert [row[0] for row in rows] == list(range(1, 36))
    assert len(hits["台灣"]) == 14 and len(hits["知事3"]) == 1
