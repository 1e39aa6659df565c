"""How static files are named and served.

In production the files are named with a hash of their content from collectstatic's manifest
(``STATIC_ROOT/staticfiles.json``; bin/setup runs collectstatic) and WhiteNoise lets browsers
keep them for a year. Django's storage refuses to name a file the manifest lacks, so before
collectstatic has run every page failed with a 500. Here a missing manifest means plain names
instead, served by WhiteNoise from the apps' own folders (settings.WHITENOISE_USE_FINDERS):
the pages work, only without the long caching, and ``check --deploy`` says what to run
(envoy.core.checks).
"""

import json

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

MANIFEST_NAME = "staticfiles.json"


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed files; plain names while there is no manifest."""

    manifest_name = MANIFEST_NAME

    def stored_name(self, name):
        if not self.hashed_files:
            return name
        return super().stored_name(name)


def manifest_paths() -> set[str] | None:
    """The source names collectstatic recorded, or None when it has not run."""
    try:
        manifest = json.loads((settings.STATIC_ROOT / MANIFEST_NAME).read_text())
    except FileNotFoundError:
        return None
    return set(manifest.get("paths", {}))
