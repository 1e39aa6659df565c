"""Read queries compiled once per process, run many times.

Django turns a queryset into SQL anew on every call. For the short look-ups a page makes —
a mission's travellers, its days, a report's chapters and blocks — that costs far more than
the query: about 700 µs against 45 µs on SQLite for a mission's travellers (measured), so
that a page of a dozen such look-ups spends a third of its time building SQL.

A :class:`Prepared` query is a queryset written once, as a function of its arguments. It is
compiled on first use with a marker value for each argument; the markers' places among the
SQL parameters are remembered, and each call runs that SQL with the real arguments and
builds the model instances as Django's own iterator does (the same converters,
``Model.from_db``, ``select_related`` objects):

    MEMBERS = Prepared(
        lambda mission_id: DelegationMember.objects.filter(mission_id=mission_id)
        .order_by("position", "id")
    )
    MEMBERS(mission.pk)  # -> list[DelegationMember], one query

Arguments are integers unless ``kinds`` says otherwise (``str``), each used as given
(a model's id, not the model). What cannot be compiled ahead — ``prefetch_related``,
``values()``, an argument Django transforms before it reaches the SQL — is refused when
the query is first compiled, not silently run wrong.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, get_related_populators

# Values no record has, one for each argument while the query is compiled: within every
# integer column's range (Django refuses a look-up outside it before any SQL is made).
_INT_MARKER = 2_087_654_301
_STR_MARKER = "\x1fprepared-argument-{}\x1f"


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # For each SQL parameter: the index of the argument it takes, or None for a constant.
    slots: tuple[int | None, ...]
    constants: tuple
    model: type
    init_list: list[str]
    fields_start: int
    fields_end: int
    converters: dict
    compiler: object
    related_populators: list


class Prepared:
    """A read query built by ``build(*arguments)``, compiled once per database alias."""

    def __init__(self, build: Callable[..., QuerySet], *, kinds: tuple[type, ...] = (int,)):
        self.build = build
        self.kinds = kinds
        self._compiled: dict[str, _Compiled] = {}

    def _markers(self) -> list:
        return [
            _INT_MARKER + n if kind is int else _STR_MARKER.format(n)
            for n, kind in enumerate(self.kinds)
        ]

    def _compile(self, alias: str | None) -> _Compiled:
        markers = self._markers()
        queryset = self.build(*markers)
        if alias is not None:
            queryset = queryset.using(alias)
        if queryset._iterable_class is not ModelIterable or queryset._prefetch_related_lookups:
            raise ValueError("A prepared query returns model instances, without prefetching.")
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        slots = tuple(markers.index(p) if p in markers else None for p in params)
        missing = set(range(len(markers))) - set(slots)
        if missing:
            raise ValueError(f"Arguments {sorted(missing)} do not reach the SQL unchanged: {sql}")
        select, klass_info = compiler.select, compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        return _Compiled(
            sql=sql,
            slots=slots,
            constants=tuple(params),
            model=klass_info["model"],
            init_list=[column[0].target.attname for column in select[start:end]],
            fields_start=start,
            fields_end=end,
            converters=compiler.get_converters(
                [column[0] for column in select[: compiler.col_count]]
            ),
            compiler=compiler,
            related_populators=get_related_populators(klass_info, select, queryset.db),
        )

    def __call__(self, *arguments, using: str = "default") -> list:
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = self._compiled[using] = self._compile(using)
        params = [
            arguments[slot] if slot is not None else constant
            for slot, constant in zip(compiled.slots, compiled.constants, strict=True)
        ]
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        start, end, init_list = compiled.fields_start, compiled.fields_end, compiled.init_list
        from_db = compiled.model.from_db
        populators = compiled.related_populators
        objects = []
        for row in rows:
            obj = from_db(using, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            objects.append(obj)
        return objects


def as_prefetched(instance, name: str, objects: list) -> None:
    """Make ``instance.<name>.all()`` answer ``objects`` without a query, as
    ``prefetch_related`` would have left it."""
    related = getattr(type(instance), name).rel.related_model
    queryset = QuerySet(related)
    queryset._result_cache = objects
    queryset._prefetch_done = True
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[name] = queryset
