import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "fixtures" / "reports" / "new-taipei-gnets-tokyo-2026.txt"
SEED_FACTS = SEED.with_suffix(".facts.json")


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
