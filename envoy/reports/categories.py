"""The official code lists (主題分類, 施政分類): what the pickers offer, and how a report's
text meets them.

A report keeps the name it is filed under as text (``Report.subject_category``,
``policy_category``): the portal, search, printing and the JSON file read that text as
before. A text that matches an entry of the list — its name, its code, or its path
(``公共工程/道路``), 台/臺 and Simplified characters alike — is written as the entry's
name; one that matches none is kept as given, and :func:`unlisted` flags it.
"""

import csv
import io
from dataclasses import dataclass

from django.db import transaction

from envoy.core.lib.chinese import fold

from .enums import CategoryKind
from .models import CategoryCode


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    path: str  # 公共工程 › 道路
    depth: int


def entries(kind: str, *, active_only: bool = True) -> list[Entry]:
    """The list of ``kind`` as a tree in reading order: each entry after its parent."""
    rows = CategoryCode.objects.filter(kind=kind)
    if active_only:
        rows = rows.filter(active=True)
    rows = list(rows.order_by("position", "code"))
    by_parent: dict[int | None, list[CategoryCode]] = {}
    for row in rows:
        by_parent.setdefault(row.parent_id, []).append(row)
    known = {row.pk for row in rows}
    out: list[Entry] = []

    def walk(parent_id, names, depth):
        for row in by_parent.get(parent_id, []):
            path = [*names, row.name]
            out.append(Entry(row.code, row.name, " › ".join(path), depth))
            walk(row.pk, path, depth + 1)

    walk(None, [], 0)
    # An entry whose parent is retired still shows, at the top.
    for parent_id, children in by_parent.items():
        if parent_id is not None and parent_id not in known:
            for row in children:
                out.append(Entry(row.code, row.name, row.name, 0))
    return out


def _key(text: str) -> str:
    return fold(text).replace(" ", "").replace("›", "/").replace(">", "/").strip("/")


def match(kind: str, text: str) -> Entry | None:
    """The entry ``text`` names (by name, code or path), active or retired; None if none."""
    key = _key(text or "")
    if not key:
        return None
    for entry in entries(kind, active_only=False):
        if key in (_key(entry.name), _key(entry.code), _key(entry.path)):
            return entry
    return None


def filed_as(kind: str, text: str) -> str:
    """What a report is filed under: the entry's own name when ``text`` names one, else
    ``text`` as given (never lost)."""
    entry = match(kind, text)
    return entry.name if entry else (text or "").strip()


def unlisted(kind: str, text: str) -> bool:
    """Whether a report's category text names no entry of the list (to be checked)."""
    return bool((text or "").strip()) and match(kind, text) is None


@transaction.atomic
def import_csv(kind: str, text: str, *, replace: bool = False) -> dict[str, int]:
    """Load a list from CSV text with the columns ``code,name,parent,position,active``
    (``parent`` a code of the same list; ``position`` and ``active`` optional, active
    unless ``0``/``false``/``否``). Entries are matched by code: changed, or added.
    ``replace`` retires (never deletes: reports may be filed under them) what the file does
    not hold. Returns the counts ``added``, ``changed``, ``retired``.
    Raises ``ValueError`` naming the line of a row it cannot read.
    """
    if kind not in CategoryKind.values:
        raise ValueError(f"unknown list: {kind}")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"code", "name"} - set(reader.fieldnames or [])
    if missing:
        raise ValueError(f"missing columns: {', '.join(sorted(missing))}")
    rows = []
    for line, row in enumerate(reader, 2):
        code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
        if not code or not name:
            raise ValueError(f"line {line}: a code and a name are needed")
        position = (row.get("position") or "").strip()
        if position and not position.isdigit():
            raise ValueError(f"line {line}: position must be a number")
        active = (row.get("active") or "1").strip().lower() not in {"0", "false", "no", "否"}
        rows.append((line, code, name, (row.get("parent") or "").strip(), position, active))
    existing = {c.code: c for c in CategoryCode.objects.filter(kind=kind)}
    counts = {"added": 0, "changed": 0, "retired": 0}
    for n, (_line, code, name, _parent, position, active) in enumerate(rows):
        entry = existing.get(code)
        values = {"name": name, "position": int(position) if position else n, "active": active}
        if entry is None:
            existing[code] = CategoryCode.objects.create(kind=kind, code=code, **values)
            counts["added"] += 1
        elif any(getattr(entry, k) != v for k, v in values.items()):
            CategoryCode.objects.filter(pk=entry.pk).update(**values)
            counts["changed"] += 1
    for line, code, _name, parent, _position, _active in rows:
        if parent and parent not in existing:
            raise ValueError(f"line {line}: no entry with the code {parent}")
        parent_id = existing[parent].pk if parent else None
        if parent == code:
            raise ValueError(f"line {line}: an entry cannot be its own parent")
        CategoryCode.objects.filter(pk=existing[code].pk).update(parent_id=parent_id)
    if replace:
        kept = {code for _l, code, *_rest in rows}
        counts["retired"] = (
            CategoryCode.objects.filter(kind=kind, active=True)
            .exclude(code__in=kept)
            .update(active=False)
        )
    return counts
