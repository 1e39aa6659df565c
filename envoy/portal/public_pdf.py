"""The published copy of a report as PDF, typeset once and kept on disk.

Typesetting a report takes Typst a good part of a second; the public must not be able to
make the server do that on every request. The PDF is kept under
``MEDIA_ROOT/archive/<report id>-<digest>.pdf``, where the digest is of the public document
itself (every word, photo and metadata field that is printed, and the printing template):
``Report.version`` moves only with the workflow and ``updated_at`` only with the metadata,
while a block edited or marked 限閱 changes neither. Reading the document costs a few
queries; a changed report gets a new file at its first request, the old one is removed.

Files are written to a temporary name and renamed into place, so a reader never sees half a
file, and two first requests at once both write a whole one.
"""

import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import translation

from envoy.reports.document import load_report, report_document
from envoy.reports.enums import ReportStatus
from envoy.reports.models import Report
from envoy.reports.printing import render

FOLDER = "archive"


@cache
def _template_digest() -> str:
    # Imported here: the printer loads Typst, which the archive's pages do not need.
    from envoy.reports.printing.pdf import TEMPLATE

    return hashlib.sha256(TEMPLATE.read_bytes()).hexdigest()


def _digest(document: dict) -> str:
    """The document's digest, photos by their content (sha256) rather than their place on
    this server's disk."""
    printed = {
        **document,
        "report": {
            **document["report"],
            "chapters": [
                {**c, "blocks": [_without_paths(b) for b in c["blocks"]]}
                for c in document["report"]["chapters"]
            ],
        },
    }
    data = json.dumps(printed, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256((_template_digest() + data).encode("utf-8")).hexdigest()[:20]


def _without_paths(block: dict) -> dict:
    if "photos" not in block:
        return block
    return {
        **block,
        "photos": [{k: v for k, v in p.items() if k != "path"} for p in block["photos"]],
    }


def folder() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def public_pdf(report: Report) -> Path:
    """The path of the published copy of ``report`` as PDF (classified blocks left out),
    typeset now only when the report changed since it was last typeset. ``report`` must be
    published: the caller checks."""
    # The official report is in Chinese whatever language the visitor reads.
    with translation.override(settings.LANGUAGE_CODE):
        document = report_document(load_report(report.pk), photos="path", public=True)
        path = folder() / f"{report.pk}-{_digest(document)}.pdf"
        if path.exists():
            return path
        data = render(document, "pdf")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{report.pk}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    # Earlier copies of this report are out of date.
    for old in path.parent.glob(f"{report.pk}-*.pdf"):
        if old != path:
            old.unlink(missing_ok=True)
    return path


def remove_copies(report_id: int) -> None:
    """Remove every published copy of report ``report_id`` kept on disk."""
    for old in folder().glob(f"{report_id}-*.pdf"):
        old.unlink(missing_ok=True)


def withdrawn(sender, instance, created, **kwargs) -> None:
    """A report taken back from the public (公開 → 撤回): its copies go once that commits —
    they would never be served again, but should not stay on disk either."""
    if created and instance.from_status == ReportStatus.PUBLISHED:
        report_id = instance.report_id
        transaction.on_commit(lambda: remove_copies(report_id))


def deleted(sender, instance, **kwargs) -> None:
    report_id = instance.pk
    transaction.on_commit(lambda: remove_copies(report_id))
