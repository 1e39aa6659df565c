"""Office files (zip packages) rewritten for tests: a member changed or left out."""

import io
import re
import zipfile

from envoy.reports.docformat import PACKAGED_RECORD


def rewritten(package: bytes, change) -> bytes:
    """``package`` with each member's bytes as ``change(name, data)`` returns them (None:
    the member is left out)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            data = change(member.filename, source.read(member))
            if data is not None:
                target.writestr(member, data)
    return out.getvalue()


def without_record(name: str, data: bytes) -> bytes | None:
    """The record left out, and its relation with it, as an office suite dropping it would."""
    if name == "_rels/.rels":
        return re.sub(rb'<Relationship [^>]*report\.json"/>', b"", data)
    return None if name == PACKAGED_RECORD else data
