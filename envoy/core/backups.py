"""Backups of a whole Envoy (備份與還原): the database, the uploaded files and the secret key in
one ``.tar.gz`` archive, and their restoration into another install.

The archive holds::

    manifest.json        format version, Envoy's version, date, database vendor, the applied
                         migrations and the number of rows of every Envoy table
    database/envoy.sqlite3   SQLite: a copy made by SQLite's online backup (the site stays up)
    database/envoy.pgdump    PostgreSQL: pg_dump's custom format, read by pg_restore
    media/…              every uploaded file: originals, photos and thumbnails, slides…
    secret_key           the key file in use (absent when SECRET_KEY comes from the environment)

The row counts are taken from the very copy that goes into the archive (the SQLite copy, or
pg_dump's snapshot), so a restore can check it got back exactly what was saved. Files
uploaded while a backup runs may be in the archive without their rows, never the reverse
that matters (rows whose files are missing): files are copied after the database.

Every failure raises ``BackupError`` with a message for the person at the console.
"""

import datetime as dt
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

FORMAT = "envoy-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/envoy.sqlite3"
PGDUMP_MEMBER = "database/envoy.pgdump"
MEDIA_MEMBER = "media"
KEY_MEMBER = "secret_key"

Progress = Callable[[int, int], None]


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Outcome:
    """What a backup wrote or a restore read back."""

    path: Path
    manifest: dict
    notes: list[str]


# ----- What is counted -----


def counted_models() -> list:
    """Envoy's own tables (people's histories included): their rows are counted."""
    return sorted(
        (
            model
            for model in apps.get_models()
            if model.__module__.startswith("envoy.")
            and model._meta.managed
            and not model._meta.proxy
        ),
        key=lambda model: model._meta.label,
    )


def count_rows(cursor, tables: set[str] | None = None) -> dict[str, int]:
    """Rows of every Envoy table, by model label; a table that does not exist is left out."""
    counts = {}
    for model in counted_models():
        table = model._meta.db_table
        if tables is not None and table not in tables:
            continue
        quoted = table.replace('"', '""')
        cursor.execute(f'SELECT COUNT(*) FROM "{quoted}"')
        counts[model._meta.label] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor) -> list[str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def envoy_version() -> str:
    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    try:
        return tomllib.loads(pyproject.read_text())["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def vendor_name(vendor: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(vendor, vendor)


# ----- PostgreSQL's own tools -----


def pg_tool(name: str) -> Path:
    """pg_dump or pg_restore: the newest found on PATH or under /usr/lib/postgresql/*/bin
    (a newer pg_dump reads an older server; an older one refuses a newer server)."""
    candidates = {Path(p) for p in [shutil.which(name)] if p}
    candidates |= set(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))

    def major(tool: Path) -> int:
        try:
            out = subprocess.run(
                [str(tool), "--version"], capture_output=True, text=True, timeout=30
            ).stdout
        except OSError:
            return -1
        found = re.search(r"(\d+)(?:\.\d+)?", out)
        return int(found.group(1)) if found else -1

    ranked = sorted(((major(tool), str(tool)) for tool in candidates), reverse=True)
    if not ranked or ranked[0][0] < 0:
        raise BackupError(
            _(
                "找不到 PostgreSQL 的 %(tool)s：請安裝 postgresql-client"
                "（Debian：apt-get install postgresql-client）。"
            )
            % {"tool": name}
        )
    return Path(ranked[0][1])


def pg_environment() -> dict[str, str]:
    """How pg_dump and pg_restore reach Envoy's database: the password in the environment,
    never on a command line others can read."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGDATABASE", db.get("NAME")),
        ("PGSSLMODE", db.get("OPTIONS", {}).get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    return env


def run_pg_tool(arguments: list[str]) -> str:
    """Runs pg_dump or pg_restore; its output, or BackupError with the end of its errors."""
    done = subprocess.run(arguments, env=pg_environment(), capture_output=True, text=True)
    if done.returncode != 0:
        detail = "\n".join(done.stderr.strip().splitlines()[-5:])
        raise BackupError(
            _("%(tool)s 失敗：%(detail)s") % {"tool": Path(arguments[0]).name, "detail": detail}
        )
    return done.stdout


# ----- Backup -----


def default_name() -> str:
    return dt.datetime.now().strftime("envoy-backup-%Y%m%d-%H%M%S.tar.gz")


def make_backup(target: Path, *, progress: Progress | None = None) -> Outcome:
    """Writes the archive at ``target`` (a file name, or an existing folder to name one in).

    The archive is written beside its final name and renamed when complete, so a failed or
    interrupted backup never leaves what looks like a good one; it is readable by its owner
    only (it holds the secret key and everyone's password hashes)."""
    if target.is_dir():
        target = target / default_name()
    if target.exists():
        raise BackupError(_("「%s」已經存在；請換一個檔名，或指定一個資料夾。") % target)
    if not target.parent.is_dir():
        raise BackupError(_("資料夾「%s」不存在。") % target.parent)
    notes: list[str] = []
    try:
        staging = Path(tempfile.mkdtemp(prefix=".envoy-backup-", dir=target.parent))
    except OSError as error:
        raise BackupError(
            _("無法寫入「%(path)s」：%(reason)s")
            % {"path": target.parent, "reason": error.strerror}
        ) from None
    partial = target.with_name(target.name + ".partial")
    try:
        vendor = connection.vendor
        if vendor == "sqlite":
            database, member, counts, migrations = _copy_sqlite(staging)
        elif vendor == "postgresql":
            database, member, counts, migrations = _dump_postgresql(staging)
        else:
            raise BackupError(_("不支援這種資料庫：%s") % vendor)
        files = media_files()
        key_file = settings.ENVOY_SECRET_KEY_FILE
        if key_file is None:
            notes.append(_("金鑰來自環境變數 SECRET_KEY，沒有放入備份：請另外妥善保存。"))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "envoy_version": envoy_version(),
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": {"vendor": vendor, "file": member},
            "migrations": migrations,
            "counts": counts,
            "media": {
                "files": len(files),
                "bytes": sum(path.stat().st_size for path in files),
            },
            "secret_key": key_file is not None,
        }
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
            tar.add(database, arcname=member)
            root = Path(settings.MEDIA_ROOT)
            for done, path in enumerate(files, start=1):
                tar.add(path, arcname=f"{MEDIA_MEMBER}/{path.relative_to(root).as_posix()}")
                if progress:
                    progress(done, len(files))
            if key_file is not None:
                tar.add(key_file, arcname=KEY_MEMBER)
        partial.replace(target)
    except OSError as error:
        raise BackupError(
            _("無法寫出備份「%(path)s」：%(reason)s")
            % {"path": target, "reason": error.strerror or error}
        ) from None
    finally:
        partial.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
    return Outcome(path=target, manifest=manifest, notes=notes)


def _add_bytes(tar: tarfile.TarFile, name: str, text: str) -> None:
    data = text.encode("utf-8")
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o600
    info.mtime = int(dt.datetime.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def _copy_sqlite(staging: Path) -> tuple[Path, str, dict, list]:
    """SQLite's online backup: a consistent copy while Envoy keeps serving."""
    copy = staging / "envoy.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(copy) as target:
        connection.connection.backup(target)
    with sqlite3.connect(copy) as copied:
        cursor = copied.cursor()
        tables = {
            row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        counts = count_rows(cursor, tables)
        migrations = applied_migrations(cursor) if "django_migrations" in tables else []
    copied.close()
    target.close()
    return copy, SQLITE_MEMBER, counts, migrations


def _dump_postgresql(staging: Path) -> tuple[Path, str, dict, list]:
    """pg_dump of a snapshot shared with the transaction that counts the rows."""
    dump = staging / "envoy.pgdump"
    pg_dump = pg_tool("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = set(connection.introspection.table_names(cursor))
        counts = count_rows(cursor, tables)
        migrations = applied_migrations(cursor)
        run_pg_tool(
            [str(pg_dump), "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"]
            + [settings.DATABASES["default"]["NAME"]]
        )
    return dump, PGDUMP_MEMBER, counts, migrations


# ----- Restore -----


def read_manifest(archive: Path) -> dict:
    """The manifest of an Envoy backup, checked; BackupError for anything else."""
    if not archive.is_file():
        raise BackupError(_("找不到備份檔「%s」。") % archive)
    try:
        with tarfile.open(archive, "r:gz") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST or not first.isfile():
                raise BackupError(_("「%s」不是 Envoy 的備份檔（沒有 manifest.json）。") % archive)
            manifest = json.loads(tar.extractfile(first).read().decode("utf-8"))
    except (tarfile.TarError, EOFError, OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError(_("「%s」不是 Envoy 的備份檔，或檔案已經損壞。") % archive) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("「%s」不是 Envoy 的備份檔（沒有 manifest.json）。") % archive)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("這份備份的格式（第 %(found)s 版）需要較新版本的 Envoy 才能還原。")
            % {"found": manifest.get("format_version")}
        )
    return manifest


def data_in_place() -> tuple[int, int]:
    """(rows in Envoy's tables, uploaded files) of this install: what a restore replaces."""
    try:
        with connection.cursor() as cursor:
            tables = set(connection.introspection.table_names(cursor))
            rows = sum(count_rows(cursor, tables).values())
    except DatabaseError as error:
        raise BackupError(_("無法連線到資料庫：%s") % error) from None
    return rows, len(media_files())


def restore_backup(archive: Path, *, force: bool) -> Outcome:
    """Puts the database, the uploaded files and the secret key of ``archive`` in place.

    Refuses, before touching anything, an archive that is not an Envoy backup, one of the
    other database vendor or made by a newer Envoy (migrations this code does not have), and
    an install that already holds data unless ``force``. Everything is unpacked and checked
    before the first thing is replaced; the row counts are checked against the manifest after.
    """
    manifest = read_manifest(archive)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            _("這份備份的資料庫是 %(backup)s，這個 Envoy 設定的是 %(here)s：無法還原。")
            % {"backup": vendor_name(vendor), "here": vendor_name(connection.vendor)}
        )
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BackupError(
            _(
                "這份備份來自較新版本的 Envoy（%(version)s，有這裡沒有的資料庫遷移 %(first)s）：請先升級 Envoy。"
            )
            % {"version": manifest.get("envoy_version"), "first": unknown[0]}
        )
    rows, files = data_in_place()
    if (rows or files) and not force:
        raise BackupError(
            _(
                "這個 Envoy 已經有資料（資料庫 %(rows)d 筆記錄、上傳檔 %(files)d 個），還原會取代它們。"
                "確定要取代時，請先備份現有資料，再加上 --force 執行。"
            )
            % {"rows": rows, "files": files}
        )
    data_dir = Path(settings.DATA_DIR)
    staging = Path(tempfile.mkdtemp(prefix=".envoy-restore-", dir=data_dir))
    notes: list[str] = []
    try:
        _unpack(archive, staging, manifest)
        connections.close_all()
        if vendor == "sqlite":
            _restore_sqlite(staging / SQLITE_MEMBER)
        else:
            _restore_postgresql(staging / PGDUMP_MEMBER)
        _replace_media(staging / MEDIA_MEMBER, staging)
        if manifest.get("secret_key"):
            key = data_dir / "secret_key"
            os.chmod(staging / KEY_MEMBER, 0o600)
            os.replace(staging / KEY_MEMBER, key)
            if os.environ.get("SECRET_KEY", "").strip():
                notes.append(
                    _(
                        "已還原金鑰檔 %s，但環境變數 SECRET_KEY 優先：要沿用備份的金鑰，請移除 SECRET_KEY。"
                    )
                    % key
                )
        else:
            notes.append(
                _("備份中沒有金鑰（當時來自環境變數 SECRET_KEY）：請沿用原來的 SECRET_KEY。")
            )
    except OSError as error:
        raise BackupError(
            _("還原時無法寫入「%(path)s」：%(reason)s")
            % {"path": error.filename or data_dir, "reason": error.strerror or error}
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _check_counts(manifest)
    if set(known) - set(manifest["migrations"]):
        notes.append(_("這份備份來自較舊版本的 Envoy：請接著執行 manage.py migrate。"))
    return Outcome(path=archive, manifest=manifest, notes=notes)


def _members(tar: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    for member in tar:
        if member.name != MANIFEST:
            yield member


def _unpack(archive: Path, staging: Path, manifest: dict) -> None:
    """Unpacks the archive into ``staging`` (no path outside it, no links or devices: the
    tarfile "data" filter) and checks that it holds what the manifest says."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(staging, members=_members(tar), filter="data")
    except (tarfile.TarError, EOFError) as error:
        raise BackupError(
            _("備份檔「%(path)s」已經損壞：%(reason)s") % {"path": archive, "reason": error}
        ) from None
    database = staging / manifest["database"]["file"]
    media = staging / MEDIA_MEMBER
    found = sum(1 for path in media.rglob("*") if path.is_file()) if media.is_dir() else 0
    complete = (
        database.is_file()
        and found == manifest["media"]["files"]
        and (staging / KEY_MEMBER).is_file() == bool(manifest.get("secret_key"))
    )
    if not complete:
        raise BackupError(_("備份檔「%s」不完整：內容與 manifest.json 不符。") % archive)


def _restore_sqlite(copy: Path) -> None:
    """SQLite's backup API, from the archive's copy into Envoy's database file (made if
    missing): page by page, whatever the file held before."""
    name = Path(settings.DATABASES["default"]["NAME"])
    name.parent.mkdir(parents=True, exist_ok=True)
    try:
        with sqlite3.connect(copy) as source, sqlite3.connect(name, timeout=20) as target:
            source.backup(target)
        source.close()
        target.close()
    except sqlite3.Error as error:
        raise BackupError(
            _("無法寫入資料庫「%(path)s」：%(reason)s") % {"path": name, "reason": error}
        ) from None


# A line of pg_restore --list for an extension, or for its comment.
EXTENSION_ENTRY = re.compile(r"^\d+; \d+ \d+ (?:EXTENSION|COMMENT - EXTENSION) (?:- )?(\S+)")


def _restore_postgresql(dump: Path) -> None:
    """pg_restore in one transaction: the dumped tables replace those of the same name
    (--clean), owned by Envoy's database user (--no-owner).

    Extensions (rum, for the search index) are left out of what pg_restore does: dropping and
    creating them needs a superuser, which Envoy's user usually is not. They are created here
    when missing, or the message says who must create them."""
    pg_restore = pg_tool("pg_restore")
    listing = run_pg_tool([str(pg_restore), "--list", str(dump)])
    extensions = sorted(
        {match.group(1) for line in listing.splitlines() if (match := EXTENSION_ENTRY.match(line))}
    )
    name = settings.DATABASES["default"]["NAME"]
    for extension in extensions:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"CREATE EXTENSION IF NOT EXISTS {connection.ops.quote_name(extension)}"
                )
        except DatabaseError:
            raise BackupError(
                _(
                    "這份備份用到 PostgreSQL 擴充套件 %(extension)s，Envoy 的資料庫使用者無法建立它："
                    "請由資料庫管理者在資料庫 %(database)s 執行 CREATE EXTENSION %(extension)s; 後再還原。"
                )
                % {"extension": extension, "database": name}
            ) from None
    connections.close_all()
    entries = dump.with_name("entries.list")
    entries.write_text(
        "".join(line + "\n" for line in listing.splitlines() if not EXTENSION_ENTRY.match(line))
    )
    run_pg_tool(
        [
            str(pg_restore),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--use-list={entries}",
            f"--dbname={name}",
            str(dump),
        ]
    )


def _replace_media(unpacked: Path, staging: Path) -> None:
    """The archive's files take the place of MEDIA_ROOT, by renaming (same file system)."""
    media_root = Path(settings.MEDIA_ROOT)
    if not unpacked.is_dir():
        unpacked.mkdir()
    if media_root.exists():
        media_root.replace(staging / "media-replaced")
    unpacked.replace(media_root)


def _check_counts(manifest: dict) -> None:
    connections.close_all()
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        restored = count_rows(cursor, tables)
    expected = manifest["counts"]
    differing = sorted(label for label in expected if restored.get(label) != expected[label])
    if differing:
        label = differing[0]
        raise BackupError(
            _("還原後的資料與備份不符：%(table)s 應有 %(expected)s 筆，實際 %(found)s 筆。")
            % {"table": label, "expected": expected[label], "found": restored.get(label)}
        )


# ----- What the commands print -----


def human_size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


def describe(manifest: dict) -> list[str]:
    """The lines that say what a backup holds."""
    counts = manifest["counts"]
    return [
        _(
            "資料庫：%(vendor)s，任務 %(missions)d 筆、報告 %(reports)d 份、人員 %(people)d 位、使用者 %(users)d 位"
        )
        % {
            "vendor": vendor_name(manifest["database"]["vendor"]),
            "missions": counts.get("missions.Mission", 0),
            "reports": counts.get("reports.Report", 0),
            "people": counts.get("relations.Person", 0),
            "users": counts.get("core.User", 0),
        },
        _("上傳檔：%(files)d 個（%(size)s）")
        % {"files": manifest["media"]["files"], "size": human_size(manifest["media"]["bytes"])},
        _("金鑰：已包含") if manifest.get("secret_key") else _("金鑰：未包含"),
    ]
