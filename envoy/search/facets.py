"""The facet columns of every search document, kept in each process as numpy arrays indexed
by document id, so that facets and filters over a hit set of any size cost a few array
operations instead of one row lookup a hit (a common term hits most of the archive).

The arrays follow the index through ``SearchState.generation``: a search reads that one
row; when it moved, only the documents written since are read again (all of them after a
rebuild).
"""

import threading
from dataclasses import dataclass, field

import numpy as np
from django.db import connection

from envoy.core.lib.places import country_name
from envoy.core.lib.rocdates import year_label
from envoy.core.models import Bureau
from envoy.missions.enums import TripCategory
from envoy.relations.models import Network
from envoy.reports.enums import ReportStatus

from .enums import Kind
from .models import SearchDocument, SearchState

# A kind's code is its place here + 1: new kinds are added at the end of ``Kind``.
KINDS = list(Kind.values)
FACETS = ("kind", "year", "country", "category", "bureau", "network")
# Past this many changed documents, all columns are read again.
FULL_RELOAD = 2000


@dataclass
class Columns:
    generation: int = -1
    size: int = 0
    # One value a document (0: none); kind is the index in KINDS + 1.
    kind: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    year: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    category: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    bureau: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    mission: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    published: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    # Several values a document: (document id, value) pairs.
    country_docs: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    country_values: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    network_docs: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    network_values: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    # Codes of the text values (categories and countries), from 1.
    codes: dict = field(default_factory=dict)
    names: list = field(default_factory=lambda: [""])

    def code(self, value: str) -> int:
        if value not in self.codes:
            self.codes[value] = len(self.names)
            self.names.append(value)
        return self.codes[value]

    def grow(self, size: int) -> None:
        if size <= self.size:
            return
        size = max(size, int(self.size * 1.25) + 64)
        for name in ("kind", "year", "category", "bureau", "mission", "published"):
            old = getattr(self, name)
            new = np.zeros(size, old.dtype)
            new[: len(old)] = old
            setattr(self, name, new)
        self.size = size


_lock = threading.Lock()
_columns = Columns()

_FIELDS = (
    "id", "kind", "year", "category", "bureau_id", "mission_id", "report_status",
    "countries", "networks",
)  # fmt: skip


def _load(columns: Columns, rows) -> None:
    rows = list(rows)
    if not rows:
        return
    ids = np.array([r[0] for r in rows], np.int64)
    columns.grow(int(ids.max()) + 1)
    columns.kind[ids] = [KINDS.index(r[1]) + 1 for r in rows]
    columns.year[ids] = [r[2] or 0 for r in rows]
    columns.category[ids] = [columns.code(r[3]) if r[3] else 0 for r in rows]
    columns.bureau[ids] = [r[4] or 0 for r in rows]
    columns.mission[ids] = [r[5] or 0 for r in rows]
    columns.published[ids] = [r[6] == ReportStatus.PUBLISHED for r in rows]
    for name, position, to_value in (("country", 7, columns.code), ("network", 8, int)):
        docs, values = getattr(columns, name + "_docs"), getattr(columns, name + "_values")
        keep = ~np.isin(docs, ids)
        pairs = [(r[0], to_value(v)) for r in rows for v in r[position].split()]
        new_docs = np.array([p[0] for p in pairs], np.int64)
        new_values = np.array([p[1] for p in pairs], np.int64)
        setattr(columns, name + "_docs", np.concatenate([docs[keep], new_docs]))
        setattr(columns, name + "_values", np.concatenate([values[keep], new_values]))


def columns() -> Columns:
    """The facet columns as of the index's current generation."""
    global _columns
    # A plain query: this runs on every search, and the ORM's compiling costs more than it.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT generation FROM {SearchState._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    generation = row[0] if row else 0
    with _lock:
        current = _columns
        if current.generation == generation:
            return current
        changed = SearchDocument.objects.filter(generation__gt=max(current.generation, 0))
        if current.generation < 0 or changed.count() > FULL_RELOAD:
            fresh = Columns()
            _load(fresh, SearchDocument.objects.values_list(*_FIELDS).iterator(chunk_size=5000))
        else:
            # Arrays are replaced, never written in place: a search holding the old ones
            # keeps a consistent view.
            fresh = Columns(**{k: getattr(current, k) for k in current.__dataclass_fields__})
            for name in ("kind", "year", "category", "bureau", "mission", "published"):
                setattr(fresh, name, getattr(current, name).copy())
            fresh.codes, fresh.names = dict(current.codes), list(current.names)
            _load(fresh, changed.values_list(*_FIELDS))
        fresh.generation = generation
        _columns = fresh
        return fresh


def forget() -> None:
    """Drop this process's columns (tests that rebuild the database use it)."""
    global _columns
    with _lock:
        _columns = Columns()


# ----- Counting and filtering a hit set -----


@dataclass
class FacetValue:
    """One value of a facet and its count; ``url`` for pages that link each value (the
    public archive's browse lists)."""

    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""


def members(ids: np.ndarray, size: int) -> np.ndarray:
    """A boolean array over document ids, true at ``ids``: membership in one lookup."""
    mask = np.zeros(size, bool)
    mask[ids] = True
    return mask


def facet_values(columns, name: str, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(document ids, values) of facet ``name`` for ``ids`` — a document may repeat for
    countries and networks."""
    if name in ("country", "network"):
        docs, values = getattr(columns, name + "_docs"), getattr(columns, name + "_values")
        keep = members(ids, columns.size)[docs]
        return docs[keep], values[keep]
    array = {"kind": columns.kind, "year": columns.year}.get(name)
    if array is None:
        array = {"category": columns.category, "bureau": columns.bureau}[name]
    return ids, array[ids]


def value_code(columns, name: str, value: str) -> int | None:
    """The code of a facet value as a filter names it (None: no document has it)."""
    if name == "kind":
        return KINDS.index(value) + 1 if value in KINDS else None
    if name in ("category", "country"):
        return columns.codes.get(value)
    return int(value) if value.isdigit() else None


_MISSION, _REPORT = KINDS.index(Kind.MISSION) + 1, KINDS.index(Kind.REPORT) + 1


@dataclass
class Grouped:
    """Mission documents folded into their report's hit: (report document id, mission
    document id) pairs, by report document id."""

    reports: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    documents: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    def __len__(self) -> int:
        return len(self.reports)

    def mission_of(self, report_document: int) -> int | None:
        """The mission document folded into the report document ``report_document``."""
        if not len(self.reports):
            return None
        at = int(np.searchsorted(self.reports, report_document))
        if at < len(self.reports) and self.reports[at] == report_document:
            return int(self.documents[at])
        return None


def group(columns, ids: np.ndarray) -> tuple[np.ndarray, Grouped]:
    """``ids`` (ascending) with each mission's document left out when its report's document
    is among them too: the two are one result, shown as the report with the matching parts
    of both. A mission whose report did not match stays a result of its own. Mission and
    report documents share every facet value but the kind, so the other facets narrow both
    or neither."""
    kind = columns.kind[ids]
    missions = columns.mission[ids]
    is_report = kind == _REPORT
    folded = (kind == _MISSION) & np.isin(missions, missions[is_report])
    if not folded.any():
        return ids, Grouped()
    # A mission has one report: pair each folded mission document with its report's.
    reports, report_missions = ids[is_report], missions[is_report]
    order = np.argsort(report_missions, kind="stable")
    at = np.searchsorted(report_missions[order], missions[folded])
    paired = reports[order][at]
    order = np.argsort(paired)
    return ids[~folded], Grouped(paired[order], ids[folded][order])


def filter_masks(columns, ids: np.ndarray, filters: dict) -> dict[str, np.ndarray]:
    """For each facet with chosen values, a mask of ``ids`` holding one of them."""
    masks = {}
    for name in FACETS:
        values = [v for v in filters.get(name, []) if v]
        if not values:
            continue
        codes = [c for c in (value_code(columns, name, v) for v in values) if c is not None]
        docs, found = facet_values(columns, name, ids)
        masks[name] = members(docs[np.isin(found, codes)], columns.size)[ids]
    return masks


def value_labels(name: str, codes: list[int], columns) -> dict[int, tuple[str, str]]:
    """(value, label) of each facet code."""
    if name == "kind":
        return {c: (k := KINDS[c - 1], str(Kind(k).label)) for c in codes}
    if name == "year":
        return {c: (str(c), year_label(c)) for c in codes}
    if name == "country":
        return {c: (columns.names[c], country_name(columns.names[c])) for c in codes}
    if name == "category":
        names = dict(TripCategory.choices)
        return {
            c: (columns.names[c], str(names.get(columns.names[c], columns.names[c]))) for c in codes
        }
    model = Bureau if name == "bureau" else Network
    names = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=codes)}
    return {c: (str(c), names[c]) for c in codes if c in names}


def counts(columns, ids, masks, filters) -> dict[str, list[FacetValue]]:
    """Each facet's values and counts over ``ids``, narrowed by the filters of the other
    facets (``masks``, from ``filter_masks``), the chosen values marked. A count is the
    number of results choosing the value gives: results as ``group`` makes them (a mission
    and its report one), but for the kind of record, where choosing 任務 alone shows every
    mission found, its report's hit or not."""
    out = {}
    for name in FACETS:
        base = ids
        others = [m for other, m in masks.items() if other != name]
        if others:
            base = ids[np.logical_and.reduce(others)]
        if name != "kind":
            base, _ = group(columns, base)
        _, values = facet_values(columns, name, base)
        values = values[values > 0]
        codes, numbers = np.unique(values, return_counts=True)
        labels = value_labels(name, [int(c) for c in codes], columns)
        chosen = set(filters.get(name, []))
        items = [
            FacetValue(labels[c][0], labels[c][1], int(n), labels[c][0] in chosen)
            for c, n in zip(codes.tolist(), numbers.tolist(), strict=True)
            if c in labels
        ]
        if name == "year":
            items.sort(key=lambda v: v.value, reverse=True)
        else:
            items.sort(key=lambda v: (-v.count, v.label))
        out[name] = items
    return out
