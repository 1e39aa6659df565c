"""A page that fails leaves a trace: its traceback in the log (standard error, and e-mail to
ADMINS) under the request id, and a page that shows the user the same id to quote to IT."""

import logging
import re

import pytest
from django.core import mail
from django.test import Client

from ..conftest import client_for

pytestmark = pytest.mark.urls("tests.core.failing_urls")

HEX_ID = re.compile(r"[0-9a-f]{32}")


def fail(client=None, **headers):
    client = client or Client()
    client.raise_request_exception = False
    return client.get("/failing/", headers=headers)


def error_records(caplog):
    return [r for r in caplog.records if r.name == "django.request" and r.levelname == "ERROR"]


def console_handler():
    """The handler that writes Envoy's log to standard error (settings.LOGGING)."""
    return next(h for h in logging.getLogger().handlers if h.get_name() == "console")


@pytest.mark.django_db
def test_a_failing_page_logs_its_traceback_under_the_id_the_page_shows(caplog):
    response = fail()
    request_id = response["X-Request-ID"]
    assert HEX_ID.fullmatch(request_id)
    assert response.status_code == 500
    html = response.content.decode()
    assert f'錯誤代碼：<code class="request-id">{request_id}</code>' in html
    assert "<h1>系統發生錯誤</h1>" in html

    [record] = error_records(caplog)
    assert record.request_id == request_id
    assert record.getMessage() == "Internal Server Error: /failing/"
    assert record.exc_info[0] is RuntimeError
    line = console_handler().format(record)
    first, *_, last = line.splitlines()
    assert first.endswith(f" ERROR [{request_id}] django.request: Internal Server Error: /failing/")
    assert "Traceback (most recent call last):" in line
    assert 'raise RuntimeError("the itinerary table is on fire")' in line
    assert last == "RuntimeError: the itinerary table is on fire"


@pytest.mark.django_db
def test_the_error_page_keeps_the_proxys_request_id_when_it_is_a_safe_token(caplog):
    response = fail(**{"X-Request-ID": "7f3a9c1e-proxy.42_b"})
    assert response["X-Request-ID"] == "7f3a9c1e-proxy.42_b"
    assert '<code class="request-id">7f3a9c1e-proxy.42_b</code>' in response.content.decode()
    assert [r.request_id for r in error_records(caplog)] == ["7f3a9c1e-proxy.42_b"]


@pytest.mark.django_db
@pytest.mark.parametrize("unsafe", ["<script>x</script>", "a b", "x" * 129, "行程"])
def test_an_unsafe_request_id_from_outside_is_replaced(unsafe, caplog):
    response = fail(**{"X-Request-ID": unsafe})
    assert HEX_ID.fullmatch(response["X-Request-ID"])
    assert unsafe not in response.content.decode()


@pytest.mark.django_db
def test_the_error_page_holds_no_inline_script_or_style_and_keeps_the_policy():
    response = fail()
    html = response.content.decode()
    assert response["Content-Security-Policy"].startswith("default-src 'self'")
    assert (html.count("<script"), html.count("<style"), html.count(" style=")) == (0, 0, 0)
    assert '<link rel="stylesheet" href="/static/envoy/envoy.css">' in html


def test_the_error_page_speaks_the_users_language(cast):
    english = cast["owner"]
    english.language = "en"
    english.save(update_fields=["language"])
    response = fail(client_for(english))
    html = response.content.decode()
    request_id = response["X-Request-ID"]
    assert response["Content-Language"] == "en"
    assert "<h1>Something went wrong</h1>" in html
    assert f'Error code: <code class="request-id">{request_id}</code>' in html
    assert "系統發生錯誤" not in html


@pytest.mark.django_db
def test_administrators_named_in_the_settings_get_the_error_by_mail(settings):
    settings.ADMINS = ["Envoy IT <it@city.example>"]
    response = fail()
    [message] = mail.outbox
    assert message.to == ["Envoy IT <it@city.example>"]
    assert message.subject == "[Envoy] ERROR (EXTERNAL IP): Internal Server Error: /failing/"
    first_line = message.body.splitlines()[0]
    assert first_line.endswith(
        f" ERROR [{response['X-Request-ID']}] django.request: Internal Server Error: /failing/"
    )
    assert "\nRuntimeError at /failing/\nthe itinerary table is on fire\n" in message.body
    assert "Traceback (most recent call last):" in message.body


@pytest.mark.django_db
def test_without_administrators_no_mail_is_sent():
    fail()
    assert mail.outbox == []


def test_a_refused_request_is_logged_with_its_id_too(cast, caplog):
    response = client_for(cast["owner"]).get("/missions/987654/")
    assert response.status_code == 404
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert (record.levelname, record.getMessage()) == ("WARNING", "Not Found: /missions/987654/")
    assert record.request_id == response["X-Request-ID"]


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_log_lines_outside_a_request_do_not():
    first, second = Client().get("/accounts/login/"), Client().get("/accounts/login/")
    assert first.status_code == 200
    assert HEX_ID.fullmatch(first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]
    record = logging.LogRecord("envoy", logging.INFO, __file__, 1, "outside", None, None)
    handler = console_handler()
    assert handler.filter(record)
    assert handler.format(record).endswith(" INFO [-] envoy: outside")
