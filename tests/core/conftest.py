"""Fixtures of the core tests: the compiled message catalogues, collected static files."""

import contextlib
import fcntl
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.signals import setting_changed


def stale_catalogues() -> list[Path]:
    """The .po files of the project whose .mo is missing or older than them."""
    return [
        po
        for locale_dir in map(Path, settings.LOCALE_PATHS)
        for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]


def compile_stale_catalogues() -> None:
    """Compile the catalogues that need it, and have Django read them afresh."""
    if not stale_catalogues():
        return
    # One compiler at a time, should two test runs share the working tree.
    lock_path = Path(tempfile.gettempdir()) / "envoy-compilemessages.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if stale_catalogues():
                for locale_dir in settings.LOCALE_PATHS:
                    # compilemessages walks the tree below the working directory: start in
                    # the locale folder so that it finds the project's catalogues only.
                    with contextlib.chdir(locale_dir):
                        call_command("compilemessages", verbosity=0)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    # Catalogues read before the compilation (by earlier tests) are cached: drop them.
    setting_changed.send(
        sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=True
    )


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    """The .mo files are not committed: compile them once when set-up did not (a fresh
    clone) or a .po changed since, so the pages and messages can be read in English."""
    compile_stale_catalogues()


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """STATIC_ROOT as collectstatic leaves it in a data directory of its own (run once):
    tests copy it into theirs."""
    from .processes import envoy_env, manage

    data_dir = tmp_path_factory.mktemp("collected")
    done = manage("collectstatic", "--noinput", "-v", "0", env=envoy_env(data_dir))
    assert (done.returncode, done.stderr) == (0, "")
    return data_dir / "static"
