"""Envoy uses Django's public API only: the ORM's and the sessions' internals that were once
re-implemented or overridden here (an iterator built on private attributes silently dropped
``.annotate()`` values) must not come back."""

import re
from pathlib import Path

ENVOY = Path(__file__).resolve().parents[2] / "envoy"
# Django internals: QuerySet and Model caches, the SQL compiler's row building, the database
# session store's private reader.
PRIVATE = re.compile(
    r"\b(?:_iterable_class|_result_cache|_prefetched_objects_cache|_prefetch_related_lookups"
    r"|klass_info|get_related_populators|_get_session_from_db|_fields_cache)\b"
)


def test_no_module_of_envoy_uses_django_internals():
    found = [
        f"{path.relative_to(ENVOY.parent)}:{n}: {line.strip()}"
        for path in sorted(ENVOY.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PRIVATE.search(line)
    ]
    assert found == []
