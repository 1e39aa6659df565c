"""Signing in and out, the language switch, throttling, the demo accounts and the CSP."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from envoy.core.enums import Role
from envoy.core.models import User
from tests.conftest import SEED, client_for

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_to_the_home_page_is_sent_to_sign_in():
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_sign_in_page_is_in_traditional_chinese_by_default_whatever_the_browser_says():
    response = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hant"
    assert "登入 Envoy" in response.content.decode()


def test_signing_in_with_the_form_lands_on_the_missions(cast):
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "owner", "password": "x"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_signing_out_ends_the_session_and_clears_what_the_browser_keeps(cast):
    client = client_for(cast["viewer"])
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    # The handbook kept for offline use (cache and service worker) goes with the session.
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get("/").status_code == 302


def test_a_wrong_password_is_refused_with_a_message(cast):
    response = Client().post(
        "/accounts/login/", {"username": "owner", "password": "wrong"}, REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 200
    assert "輸入正確的 使用者名稱 和密碼" in response.content.decode()


def test_sign_in_is_throttled_per_username_and_address(cast):
    client = Client()
    for _ in range(5):
        client.post(
            "/accounts/login/", {"username": "owner", "password": "no"}, REMOTE_ADDR="10.0.0.3"
        )
    locked = client.post(
        "/accounts/login/", {"username": "owner", "password": "x"}, REMOTE_ADDR="10.0.0.3"
    )
    assert locked.status_code == 429
    assert "暫時無法登入" in locked.content.decode()
    # The same user from another address, and another user from that address, still get in.
    other_address = Client().post(
        "/accounts/login/", {"username": "owner", "password": "x"}, REMOTE_ADDR="10.0.0.4"
    )
    assert other_address.status_code == 302
    other_user = Client().post(
        "/accounts/login/", {"username": "viewer", "password": "x"}, REMOTE_ADDR="10.0.0.3"
    )
    assert other_user.status_code == 302


def test_the_language_choice_is_remembered_on_the_user(cast):
    client = client_for(cast["viewer"])
    response = client.post("/language/", {"language": "en", "next": "/accounts/password/"})
    assert response["Location"] == "/accounts/password/"
    cast["viewer"].refresh_from_db()
    assert cast["viewer"].language == "en"
    page = client_for(cast["viewer"]).get("/accounts/password/")
    assert page["Content-Language"] == "en"


def test_the_language_switch_refuses_to_redirect_elsewhere(cast):
    response = client_for(cast["viewer"]).post(
        "/language/", {"language": "en", "next": "https://example.org/"}
    )
    assert response["Location"] == "/"


def test_pages_carry_a_strict_content_security_policy():
    response = Client().get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert not re.search(
        r"<script>|<script\s+type=\"text/javascript\">|style=\"", response.content.decode()
    )


def test_password_change_works(cast):
    client = client_for(cast["viewer"])
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "x",
            "new_password1": "a-long-new-pass-9",
            "new_password2": "a-long-new-pass-9",
        },
    )
    assert response.status_code == 302
    cast["viewer"].refresh_from_db()
    assert cast["viewer"].check_password("a-long-new-pass-9")


def test_seed_demo_makes_one_account_per_role_and_prints_passwords_once(capsys):
    call_command("seed_demo", "--seed", str(SEED))
    first = capsys.readouterr().out
    assert sorted(User.objects.values_list("role", flat=True).distinct()) == sorted(Role.values)
    for username in ("admin", "officer", "editor", "works-editor", "reviewer", "viewer"):
        line = next(line for line in first.splitlines() if line.strip().startswith(username + " "))
        password = line.split()[1]
        assert User.objects.get(username=username).check_password(password)
    call_command("seed_demo", "--seed", str(SEED))
    second = capsys.readouterr().out
    assert "種子報告已匯入" in second
    assert "示範帳號已存在" in second
    from envoy.reports.models import Report

    assert Report.objects.get().mission.bureau.code == "secretariat"


def test_createsuperuser_works_without_input(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-pass-77")
    call_command(
        "createsuperuser", "--noinput", "--username", "root", "--email", "root@example.org"
    )
    root = User.objects.get(username="root")
    assert root.is_superuser and root.effective_role == Role.ADMIN
    assert root.check_password("a-long-pass-77")
