import json
import os
import socket
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = FIXTURES / "reports" / "new-taipei-gnets-tokyo-2026.txt"
SEED_FACTS = SEED.with_suffix(".facts.json")

# The database of this run: bin/test runs the suite twice, on SQLite and on PostgreSQL.
DATABASE = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
PASS_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers",
        "one_pass(database): a test whose subject is not the database (a browser's page, the "
        "permission table, a command run against an install of its own) runs in that "
        "database's pass of bin/test only, not twice",
    )


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        marker = item.get_closest_marker("one_pass")
        if marker is not None and marker.args[0] != DATABASE:
            name = PASS_NAMES[marker.args[0]]
            item.add_marker(pytest.mark.skip(reason=f"runs once, in bin/test's {name} pass"))


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing takes ~0.3 s a user; tests only need hashing to work."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Pages in tests name static files without a collectstatic manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test has a database of its own: what an earlier test cached (the home page's
    counts of actions by bureau) must not be taken for this one's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fresh_facet_columns():
    """Each test has a database of its own; search facet columns cached by an earlier test
    (whose rows were rolled back) must not be taken for this one's."""
    from envoy.search import facets

    facets.forget()
    yield
    facets.forget()


@pytest.fixture(autouse=True)
def fresh_calendar():
    """The working-day calendar is cached per process: each test reads its own database's."""
    from envoy.core import workdays

    workdays.forget()
    yield
    workdays.forget()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test writes its files in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def facts() -> dict:
    return json.loads(SEED_FACTS.read_text(encoding="utf-8"))


@pytest.fixture
def seed_report(db):
    from envoy.reports.services import import_report_file

    return import_report_file(SEED).report


# ----- The fixed cast for permissions (see missions/permissions.py) -----


@pytest.fixture
def bureaus(db):
    from envoy.core.models import Bureau

    return {
        "secretariat": Bureau.objects.create(code="secretariat", name="秘書處"),
        "works": Bureau.objects.create(code="public-works", name="工務局"),
    }


def make_user(username, role, bureau=None, **extra):
    from envoy.core.models import User

    return User.objects.create_user(
        username=username, password="x", role=role, bureau=bureau, **extra
    )


@pytest.fixture
def cast(bureaus):
    """Who is asking: the mission below belongs to the secretariat.

    - officer: an international-affairs officer (every mission);
    - owner: the bureau editor who keeps the mission (secretariat);
    - colleague: another editor of the same bureau;
    - outsider: an editor of another bureau (public works);
    - reviewer, viewer, admin: the other roles;
    - anonymous: nobody signed in (None).
    """
    from envoy.core.enums import Role

    return {
        "officer": make_user("officer", Role.OFFICER, bureaus["secretariat"]),
        "owner": make_user("owner", Role.EDITOR, bureaus["secretariat"]),
        "colleague": make_user("colleague", Role.EDITOR, bureaus["secretariat"]),
        "outsider": make_user("outsider", Role.EDITOR, bureaus["works"]),
        "reviewer": make_user("reviewer", Role.REVIEWER, bureaus["secretariat"]),
        "viewer": make_user("viewer", Role.VIEWER),
        "admin": make_user("admin", Role.ADMIN, is_staff=True, is_superuser=True),
        "anonymous": None,
    }


@pytest.fixture
def mission_report(cast, bureaus):
    """The seed imported by the owner, for the secretariat."""
    from envoy.reports.services import import_report_file

    return import_report_file(SEED, user=cast["owner"], bureau=bureaus["secretariat"]).report


def fill_cover(report):
    """What the seed's text leaves out of its cover, filled in as an officer would before
    submitting it: a 摘要, the 報告日期 and the delegation."""
    import datetime as dt

    from envoy.missions.models import DelegationMember
    from envoy.reports.models import Report

    Report.objects.filter(pk=report.pk).update(
        summary=report.summary or "本府代表團出席 G-NETS 首長高峰會。",
        report_date=report.report_date or dt.date(2026, 6, 1),
    )
    if not report.mission.members.exists():
        DelegationMember.objects.create(
            mission=report.mission,
            name="祝惠美",
            agency="新北市政府",
            unit="秘書處",
            title="處長",
            is_head=True,
        )
    report.refresh_from_db()
    return report


def client_for(user):
    """A test client signed in as ``user`` (anonymous for None)."""
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# ----- A real SMTP server (aiosmtpd) in the test process -----


class Inbox:
    """An SMTP server's handler keeping every message it accepts."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 in this process (aiosmtpd)."""
    controller = Controller(Inbox(), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def smtp_settings(settings, smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return settings
