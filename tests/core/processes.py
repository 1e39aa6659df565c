"""Envoy run as an operator runs it: manage.py commands and runserver in processes of their
own, with the environment they are given and a data directory of their own."""

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Variables that would make a child process use the test run's settings instead of its own.
OWN_SETTINGS = {
    "DATABASE_URL",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "ENVOY_DATA_DIR",
    "ENVOY_BEHIND_TLS_PROXY",
    "ENVOY_ADMINS",
    "ENVOY_LOG_LEVEL",
    "CSRF_TRUSTED_ORIGINS",
    "LANGUAGE",
    "LC_ALL",
    "LC_MESSAGES",
    "LANG",
}


def envoy_env(data_dir: Path, **variables: str) -> dict[str, str]:
    """The test run's environment without Envoy's settings, plus ``variables``."""
    env = {k: v for k, v in os.environ.items() if k not in OWN_SETTINGS}
    env.update(ENVOY_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1", **variables)
    return env


def manage(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    """``manage.py ARGS`` in the checkout; its exit status, output and errors as text."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def runserver(env: dict[str, str]):
    """``manage.py runserver`` on a free port; yields its base URL, stopped afterwards."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"runserver did not start: {server.stderr.read()}") from None
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stderr.close()


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of a GET, whatever the status; redirects are not followed.
    Headers that come more than once (Set-Cookie) are joined with newlines."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", parts.path or "/", headers=headers or {})
        response = connection.getresponse()
        joined: dict[str, str] = {}
        for name, value in response.getheaders():
            joined[name] = f"{joined[name]}\n{value}" if name in joined else value
        return response.status, joined, response.read()
    finally:
        connection.close()
