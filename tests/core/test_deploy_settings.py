"""Production settings come from the environment (README, docs/deploy.md): HTTPS behind a
TLS proxy, trusted origins, sign-in throttling by the address the proxy forwards, and a
secret key that is never one written in the code outside DEBUG."""

import json
import secrets
import shutil
import subprocess
import sys

import pytest
from django.test import Client

from .processes import ROOT, envoy_env, get, manage, runserver

# Installs of the test's own (their own data folders and databases): once, not on each database.
pytestmark = pytest.mark.one_pass("postgresql")

# The variables docs/deploy.md asks a production install to set (DATABASE_URL aside).
PRODUCTION = {
    "ALLOWED_HOSTS": "envoy.city.example",
    "CSRF_TRUSTED_ORIGINS": "https://envoy.city.example",
    "ENVOY_BEHIND_TLS_PROXY": "1",
    "ENVOY_ADMINS": "Envoy IT <it@city.example>",
    "EMAIL_HOST": "smtp.city.example",
}


@pytest.fixture
def production(tmp_path, collected_static):
    """A data directory as bin/setup leaves it (a secret key, collected static files) and
    the production variables."""
    shutil.copytree(collected_static, tmp_path / "static")
    (tmp_path / "secret_key").write_text(secrets.token_urlsafe(50) + "\n")
    return envoy_env(tmp_path, **PRODUCTION)


def settings_in(env, *names) -> dict:
    """The named settings as a process started with ``env`` reads them."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    done = manage("shell", "--no-imports", "-c", code, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_check_deploy_finds_nothing_with_the_documented_production_variables(production):
    checked = manage("check", "--deploy", "--fail-level", "WARNING", env=production)
    assert (checked.returncode, checked.stderr) == (0, "")
    assert checked.stdout == "System check identified no issues (2 silenced).\n"


def test_behind_a_tls_proxy_cookies_are_secure_and_browsers_keep_to_https(production):
    assert settings_in(
        production,
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "CSRF_TRUSTED_ORIGINS",
        "ENVOY_PROXY_COUNT",
        "ADMINS",
        "EMAIL_HOST",
    ) == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "CSRF_TRUSTED_ORIGINS": ["https://envoy.city.example"],
        "ENVOY_PROXY_COUNT": 1,
        "ADMINS": ["Envoy IT <it@city.example>"],
        "EMAIL_HOST": "smtp.city.example",
    }


def test_a_server_behind_a_tls_proxy_redirects_plain_http_and_sends_hsts(production):
    production["ALLOWED_HOSTS"] = "127.0.0.1"
    with runserver(production) as base:
        plain = get(base + "/accounts/login/")
        https = get(base + "/accounts/login/", {"X-Forwarded-Proto": "https"})
    status, headers, _ = plain
    assert (status, headers["Location"]) == (
        301,
        base.replace("http:", "https:") + "/accounts/login/",
    )
    status, headers, _ = https
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "; Secure;" in headers["Set-Cookie"] or headers["Set-Cookie"].endswith("; Secure")


def test_without_a_proxy_nothing_changes(tmp_path):
    assert settings_in(
        envoy_env(tmp_path),
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "ENVOY_PROXY_COUNT",
        "ADMINS",
    ) == {
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
        "ENVOY_PROXY_COUNT": 0,
        "ADMINS": [],
    }


# ----- The secret key -----


def secret_key_in(env) -> str:
    return settings_in(env, "SECRET_KEY")["SECRET_KEY"]


def test_the_secret_key_is_read_from_the_data_directory(tmp_path):
    (tmp_path / "secret_key").write_text("key-in-the-data-directory-" + "x" * 40 + "\n")
    assert secret_key_in(envoy_env(tmp_path)) == "key-in-the-data-directory-" + "x" * 40


def test_the_secret_key_from_the_environment_comes_first(tmp_path):
    (tmp_path / "secret_key").write_text("key-in-the-data-directory\n")
    assert secret_key_in(envoy_env(tmp_path, SECRET_KEY="key-from-env")) == "key-from-env"


@pytest.mark.skipif(
    not (ROOT / "var" / "secret_key").is_file(), reason="this checkout has no var/secret_key"
)
def test_an_install_with_its_key_in_var_keeps_it_when_the_data_directory_has_none(tmp_path):
    legacy = (ROOT / "var" / "secret_key").read_text().strip()
    assert secret_key_in(envoy_env(tmp_path)) == legacy


@pytest.fixture
def bare_checkout(tmp_path):
    """The settings module in a checkout of its own, with no var/secret_key."""
    (tmp_path / "checkout" / "envoy").mkdir(parents=True)
    (tmp_path / "checkout" / "envoy" / "__init__.py").write_text("")
    shutil.copy(ROOT / "envoy" / "settings.py", tmp_path / "checkout" / "envoy" / "settings.py")
    return tmp_path / "checkout"


def import_settings(checkout, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import envoy.settings as s; print(s.SECRET_KEY)"],
        cwd=checkout,
        env={**env, "PYTHONPATH": str(checkout)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_a_key_envoy_refuses_to_start_and_says_what_to_do(bare_checkout, tmp_path):
    data_dir = tmp_path / "data"
    done = import_settings(bare_checkout, envoy_env(data_dir))
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: "
        f"找不到金鑰：請設定環境變數 SECRET_KEY，或執行 bin/setup 產生 {data_dir / 'secret_key'}。"
        f" No secret key: set SECRET_KEY, or run bin/setup to write {data_dir / 'secret_key'}."
    )


def test_only_debug_runs_on_a_key_written_in_the_code(bare_checkout, tmp_path):
    done = import_settings(bare_checkout, envoy_env(tmp_path / "data", DEBUG="1"))
    assert (done.returncode, done.stdout) == (0, "insecure-key-for-development-only\n")


# ----- Sign-in throttling behind a proxy -----


def sign_in(username, password, forwarded_for):
    """A sign-in that reached Envoy through nginx, whose address is REMOTE_ADDR."""
    return Client().post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_proxy_failures_from_one_address_do_not_lock_out_the_others(cast, settings):
    settings.ENVOY_PROXY_COUNT = 1
    statuses = [sign_in("owner", "wrong", "203.0.113.5").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert sign_in("owner", "x", "203.0.113.5").status_code == 429
    # The same account from another office, through the same proxy.
    assert sign_in("owner", "x", "198.51.100.7").status_code == 302


def test_an_address_the_client_writes_into_x_forwarded_for_is_not_believed(cast, settings):
    settings.ENVOY_PROXY_COUNT = 1
    for number in range(5):
        # The client claims a new address each time; nginx appends the real one.
        sign_in("owner", "wrong", f"192.0.2.{number}, 203.0.113.5")
    assert sign_in("owner", "x", "192.0.2.99, 203.0.113.5").status_code == 429


def test_without_a_proxy_the_forwarded_header_is_ignored(cast, settings):
    settings.ENVOY_PROXY_COUNT = 0
    for number in range(5):
        sign_in("owner", "wrong", f"192.0.2.{number}")
    assert sign_in("owner", "x", "192.0.2.99").status_code == 429
