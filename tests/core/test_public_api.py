"""Envoy uses Django's public API only, no module reaches into another's private names, and
the apps depend one way: core → missions → reports → relations → actions → planning → talent →
opportunities → hosting → search → notices → desk → portal (a layer imports only those before
it). The ORM's and the sessions' internals once re-implemented here (an iterator built on
private attributes silently dropped ``.annotate()`` values) must not come back."""

import ast
import re
from pathlib import Path

ENVOY = Path(__file__).resolve().parents[2] / "envoy"
LAYERS = [
    "core",
    "missions",
    "reports",
    "relations",
    "actions",
    "planning",
    "talent",
    "opportunities",
    "hosting",
    "search",
    "notices",
    "desk",
    "portal",
]
# Django internals: QuerySet and Model caches, the SQL compiler's row building, the database
# session store's private reader, the query's own tree.
PRIVATE = re.compile(
    r"\b(?:_iterable_class|_result_cache|_prefetched_objects_cache|_prefetch_related_lookups"
    r"|klass_info|get_related_populators|_get_session_from_db|_fields_cache|sql_with_params"
    r"|get_compiler)\b|\.query\.(?:where|is_empty|alias_map|select|annotations)\b"
)
# Underscore attributes of other libraries that their documentation tells users to set or
# read: the model's _meta API (Django), the history's author and reason
# (django-simple-history), and python-docx's XML elements where it has no API (fields in
# footers, image wrapping, style resets).
DOCUMENTED = {"_meta", "_history_user", "_change_reason", "_p", "_inline", "_remove_rPr",
              "_remove_pPr"}  # fmt: skip


def modules():
    for path in sorted(ENVOY.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield path.relative_to(ENVOY).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def imported(name: str, path: str, node: ast.ImportFrom) -> str:
    """The dotted module an ``from … import`` names, relative imports resolved."""
    if not node.level:
        return node.module or ""
    package = ["envoy", *path.split("/")[:-1]][: len(path.split("/")) + 1 - node.level]
    return ".".join([*package, *([node.module] if node.module else [])])


def test_no_module_of_envoy_uses_django_internals():
    found = [
        f"{path.relative_to(ENVOY.parent)}:{n}: {line.strip()}"
        for path in sorted(ENVOY.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PRIVATE.search(line)
    ]
    assert found == []


def test_no_private_name_is_read_from_another_module_or_object():
    found = []
    for path, tree in modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                found += [
                    f"{path}:{node.lineno}: imports {alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_") and not alias.name.startswith("__")
                ]
            elif isinstance(node, ast.Attribute):
                name = node.attr
                owner = node.value
                if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name):
                    owner = owner.func  # super()
                owner = owner.id if isinstance(owner, ast.Name) else None
                if (
                    name.startswith("_")
                    and not name.startswith("__")
                    and owner not in ("self", "cls", "super")
                    and name not in DOCUMENTED
                ):
                    found.append(f"{path}:{node.lineno}: reads .{name}")
    assert found == []


def test_apps_import_only_the_layers_below_them():
    found = set()
    for path, tree in modules():
        layer = path.split("/")[0]
        if layer not in LAYERS:
            continue
        above = LAYERS[LAYERS.index(layer) + 1 :]
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names = [imported(node.module or "", path, node)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if len(parts) > 1 and parts[0] == "envoy" and parts[1] in above:
                    found.add((path, parts[1]))
    assert sorted(found) == []
