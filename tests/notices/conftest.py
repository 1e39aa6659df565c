import datetime as dt
import socket

import pytest
from aiosmtpd.controller import Controller

from envoy.core.workdays import deadline
from envoy.missions.enums import Direction
from envoy.missions.models import Mission
from envoy.reports.enums import ReportStatus
from envoy.reports.models import REPORT_DUE_MONTHS, Report

# The day the scans run in these tests: a Monday.
TODAY = dt.date(2026, 9, 7)


@pytest.fixture
def people(cast):
    """The cast with e-mail addresses; the colleague reads Envoy in English."""
    for name, user in cast.items():
        if user is not None:
            user.email = f"{name}@city.example"
            user.first_name = name.capitalize()
            if name == "colleague":
                user.language = "en"
            user.save()
    return cast


def make_report(
    *,
    bureau,
    end: dt.date,
    title="東京考察",
    status=ReportStatus.DRAFT,
    direction=Direction.OUTBOUND,
    created_by=None,
) -> Report:
    mission = Mission.objects.create(
        title=title,
        start_date=end - dt.timedelta(days=5),
        end_date=end,
        bureau=bureau,
        direction=direction,
        created_by=created_by,
    )
    return Report.objects.create(mission=mission, title=title, status=status)


def returned_with_days_left(today: dt.date, days: int) -> dt.date:
    """A return date whose report is due ``days`` days after ``today``."""
    for back in range(80, 130):
        end = today + dt.timedelta(days=days) - dt.timedelta(days=back)
        if (deadline(end, REPORT_DUE_MONTHS) - today).days == days:
            return end
    raise AssertionError(f"no return date is due in exactly {days} days")


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
