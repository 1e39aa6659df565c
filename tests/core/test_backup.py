"""manage.py backup and restore, run as an operator runs them: a report imported into one
install, backed up, and restored into an empty data directory gives back the very same
exports, search hits, uploaded files and secret key. On SQLite, and on PostgreSQL when the
tests run there (bin/test's second run). Every install here is one of the test's own, not the
run's database, so the SQLite ones run in bin/test's SQLite pass only."""

import hashlib
import io
import json
import os
import secrets
import stat
import tarfile
import urllib.parse
import uuid
from pathlib import Path

import pytest

from .processes import ROOT, envoy_env, manage

SEED = ROOT / "tests" / "fixtures" / "reports" / "new-taipei-gnets-tokyo-2026.txt"
QUERIES = ["東京", "防災", "G-NETS", "新北市", "永續"]
TEST_DATABASE_URL = os.environ.get("DATABASE_URL", "")
pytestmark = pytest.mark.one_pass("sqlite")


def ok(done):
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return done.stdout


# ----- Two installs: the one backed up and the one restored into -----


@pytest.fixture
def postgres_databases():
    """Two empty databases on the test run's PostgreSQL server, dropped afterwards."""
    import psycopg

    server = urllib.parse.urlsplit(TEST_DATABASE_URL)
    names = [f"envoy_backup_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    admin = psycopg.connect(TEST_DATABASE_URL, autocommit=True)
    try:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
        yield [server._replace(path=f"/{name}").geturl() for name in names]
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgresql", marks=pytest.mark.one_pass("postgresql")),
    ]
)
def installs(request, tmp_path):
    """(source, target) environments: data directories of their own, and databases of their
    own on PostgreSQL. The source has a secret key of its own, as bin/setup leaves it."""
    source, target = tmp_path / "source", tmp_path / "target"
    source.mkdir()
    (source / "secret_key").write_text(secrets.token_urlsafe(50) + "\n")
    if request.param == "postgresql":
        urls = request.getfixturevalue("postgres_databases")
        return envoy_env(source, DATABASE_URL=urls[0]), envoy_env(target, DATABASE_URL=urls[1])
    return envoy_env(source), envoy_env(target)


# Run in one process (start-up costs seconds): every report's JSON export and every query's
# hits, through the very commands an operator runs.
SNAPSHOT = """
import io, json, pathlib, sys
from django.core.management import call_command
from envoy.reports.models import Report

folder = pathlib.Path(sys.argv[-1])
exports, searches = {}, {}
for report_id in sorted(Report.objects.values_list("pk", flat=True)):
    out = folder / f"export-{report_id}.json"
    call_command("export_report", str(report_id), "--format", "json", "-o", str(out))
    exports[report_id] = out.read_text()
for query in QUERIES:
    found = io.StringIO()
    call_command("search", query, "--json", stdout=found)
    found = json.loads(found.getvalue())
    searches[query] = [found["total"], [[hit["kind"], hit["id"]] for hit in found["hits"]]]
print(json.dumps({"exports": exports, "searches": searches}))
"""


def what_users_see(env, tmp_path) -> dict:
    """Every report's JSON export (export_report --format json), the hits of a few searches
    (search --json), the uploaded files."""
    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    code = f"QUERIES = {QUERIES!r}\nimport sys; sys.argv.append({str(folder)!r})\n{SNAPSHOT}"
    seen = json.loads(ok(manage("shell", "--no-imports", "-c", code, env=env)).splitlines()[-1])
    media = Path(env["ENVOY_DATA_DIR"]) / "media"
    seen["media"] = {
        path.relative_to(media).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media.rglob("*"))
        if path.is_file()
    }
    return seen


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def test_a_backup_restored_into_an_empty_install_gives_back_everything(installs, tmp_path):
    source, target = installs
    ok(manage("migrate", "--noinput", "-v", "0", env=source))
    ok(manage("import_report", str(SEED), env=source))
    before = what_users_see(source, tmp_path)
    assert len(before["exports"]) == 1
    assert [before["searches"][query][0] > 0 for query in QUERIES] == [True] * len(QUERIES)
    assert len(before["media"]) == 1  # the imported original

    backups = tmp_path / "backups"
    backups.mkdir()
    written = ok(manage("backup", str(backups), env=source))
    [archive] = list(backups.iterdir())
    assert archive.name.startswith("envoy-backup-") and archive.name.endswith(".tar.gz")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    manifest = manifest_of(archive)
    vendor = "postgresql" if "DATABASE_URL" in source else "sqlite"
    assert (manifest["format"], manifest["format_version"]) == ("envoy-backup", 1)
    assert manifest["database"]["vendor"] == vendor
    assert (manifest["counts"]["reports.Report"], manifest["counts"]["missions.Mission"]) == (1, 1)
    assert manifest["media"]["files"] == 1
    assert manifest["secret_key"] is True
    vendor_name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[vendor]
    assert written.splitlines()[1:] == [
        f"  資料庫：{vendor_name}，任務 1 筆、報告 1 份、人員 0 位、使用者 0 位",
        f"  上傳檔：1 個（{manifest['media']['bytes'] / 1024:.1f} KB）",
        "  金鑰：已包含",
    ]

    restored = ok(manage("restore", str(archive), env=target))
    assert restored.splitlines() == [
        f"已從 {archive} 還原（{manifest['created']} 的備份，Envoy {manifest['envoy_version']}）",
        *written.splitlines()[1:],
        "請重新啟動 Envoy。",
    ]
    assert what_users_see(target, tmp_path) == before
    target_key = Path(target["ENVOY_DATA_DIR"]) / "secret_key"
    assert target_key.read_text() == (Path(source["ENVOY_DATA_DIR"]) / "secret_key").read_text()
    assert stat.S_IMODE(target_key.stat().st_mode) == 0o600

    # Over data already there: refused unless asked for.
    again = manage("restore", str(archive), env=target)
    rows = sum(manifest["counts"].values())
    assert (again.returncode, again.stdout) == (1, "")
    assert again.stderr == (
        f"CommandError: 這個 Envoy 已經有資料（資料庫 {rows} 筆記錄、上傳檔 1 個），還原會取代它們。"
        "確定要取代時，請先備份現有資料，再加上 --force 執行。\n"
    )
    ok(manage("restore", str(archive), "--force", env=target))
    assert what_users_see(target, tmp_path) == before


# ----- Failures say what went wrong, in the user's language -----


def fake_backup(path: Path, manifest: dict, extra: dict[str, bytes] | None = None) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in {"manifest.json": json.dumps(manifest).encode(), **(extra or {})}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


GOOD_MANIFEST = {
    "format": "envoy-backup",
    "format_version": 1,
    "envoy_version": "0.1.0",
    "created": "2026-04-27T03:00:00+00:00",
    "database": {"vendor": "sqlite", "file": "database/envoy.sqlite3"},
    "migrations": [],
    "counts": {},
    "media": {"files": 0, "bytes": 0},
    "secret_key": False,
}


def refused(*args, env) -> str:
    done = manage(*args, env=env)
    assert (done.returncode, done.stdout) == (1, ""), done.stderr
    assert "Traceback" not in done.stderr
    return done.stderr


@pytest.fixture
def sqlite_env(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "secret_key").write_text(secrets.token_urlsafe(50))
    return envoy_env(data_dir)


def test_restore_says_why_it_cannot_read_a_file(tmp_path, sqlite_env):
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("not a backup")
    other_archive = fake_backup(tmp_path / "other.tar.gz", {"hello": 1})
    assert refused("restore", str(tmp_path / "missing.tar.gz"), env=sqlite_env) == (
        f"CommandError: 找不到備份檔「{tmp_path / 'missing.tar.gz'}」。\n"
    )
    assert refused("restore", str(not_a_backup), env=sqlite_env) == (
        f"CommandError: 「{not_a_backup}」不是 Envoy 的備份檔，或檔案已經損壞。\n"
    )
    assert refused("restore", str(other_archive), env=sqlite_env) == (
        f"CommandError: 「{other_archive}」不是 Envoy 的備份檔（沒有 manifest.json）。\n"
    )


def test_restore_refuses_a_backup_of_another_database_or_a_newer_envoy(tmp_path, sqlite_env):
    postgresql = fake_backup(
        tmp_path / "pg.tar.gz",
        {**GOOD_MANIFEST, "database": {"vendor": "postgresql", "file": "database/envoy.pgdump"}},
    )
    newer = fake_backup(
        tmp_path / "newer.tar.gz",
        {**GOOD_MANIFEST, "envoy_version": "9.0", "migrations": ["reports.9999_from_the_future"]},
    )
    future_format = fake_backup(tmp_path / "v2.tar.gz", {**GOOD_MANIFEST, "format_version": 2})
    assert refused("restore", str(postgresql), env=sqlite_env) == (
        "CommandError: 這份備份的資料庫是 PostgreSQL，這個 Envoy 設定的是 SQLite：無法還原。\n"
    )
    assert refused("restore", str(newer), env=sqlite_env) == (
        "CommandError: 這份備份來自較新版本的 Envoy（9.0，有這裡沒有的資料庫遷移 "
        "reports.9999_from_the_future）：請先升級 Envoy。\n"
    )
    assert refused("restore", str(future_format), env=sqlite_env) == (
        "CommandError: 這份備份的格式（第 2 版）需要較新版本的 Envoy 才能還原。\n"
    )


def test_an_incomplete_backup_is_refused_before_anything_is_replaced(tmp_path, sqlite_env):
    incomplete = fake_backup(tmp_path / "incomplete.tar.gz", GOOD_MANIFEST)  # no database
    assert refused("restore", str(incomplete), env=sqlite_env) == (
        f"CommandError: 備份檔「{incomplete}」不完整：內容與 manifest.json 不符。\n"
    )
    escaping = fake_backup(tmp_path / "escaping.tar.gz", GOOD_MANIFEST, {"../../outside.txt": b"x"})
    stderr = refused("restore", str(escaping), env=sqlite_env)
    assert stderr.startswith(f"CommandError: 備份檔「{escaping}」已經損壞：")
    assert not (tmp_path / "outside.txt").exists()
    assert not (Path(sqlite_env["ENVOY_DATA_DIR"]) / "media").exists()


def test_backup_says_why_it_cannot_write(tmp_path, sqlite_env):
    existing = tmp_path / "existing.tar.gz"
    existing.write_bytes(b"keep me")
    assert refused("backup", str(existing), env=sqlite_env) == (
        f"CommandError: 「{existing}」已經存在；請換一個檔名，或指定一個資料夾。\n"
    )
    assert existing.read_bytes() == b"keep me"
    assert refused("backup", str(tmp_path / "no" / "b.tar.gz"), env=sqlite_env) == (
        f"CommandError: 資料夾「{tmp_path / 'no'}」不存在。\n"
    )
    no_path = manage("backup", env=sqlite_env)
    assert no_path.returncode == 2
    assert no_path.stderr.splitlines()[-1] == (
        "manage.py backup: error: 請指定備份檔的路徑或資料夾，例如：manage.py backup /srv/envoy-backups/"
    )
    no_path = manage("backup", env={**sqlite_env, "LANG": "en_US.UTF-8"})
    assert no_path.stderr.splitlines()[-1] == (
        "manage.py backup: error: Name the backup file or a folder, "
        "e.g. manage.py backup /srv/envoy-backups/"
    )


def test_messages_are_in_english_for_an_english_console(tmp_path, sqlite_env):
    english = {**sqlite_env, "LANG": "en_US.UTF-8"}
    assert refused("restore", str(tmp_path / "missing.tar.gz"), env=english) == (
        f'CommandError: Backup file "{tmp_path / "missing.tar.gz"}" not found.\n'
    )
    existing = tmp_path / "existing.tar.gz"
    existing.write_bytes(b"")
    assert refused("backup", str(existing), env=english) == (
        f'CommandError: "{existing}" already exists: choose another file name, or name a folder.\n'
    )


def test_help_says_how_to_back_up_and_restore_in_the_users_language(sqlite_env):
    chinese = ok(manage("backup", "--help", env=sqlite_env))
    assert "備份整個 Envoy：資料庫、所有上傳的檔案" in chinese
    assert "  manage.py backup /srv/envoy-backups/\n      在資料夾中寫出 envoy-backup-" in chinese
    english = ok(manage("restore", "--help", env={**sqlite_env, "LANG": "en_US.UTF-8"}))
    assert "Restore Envoy from a file written by manage.py backup" in english
    assert "  1. Stop Envoy (e.g. systemctl stop envoy).\n" in english
    assert "--force               replace this Envoy's database and uploaded files" in english
