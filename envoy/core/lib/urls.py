"""URLs of many records of one kind, without a ``reverse()`` for each.

An editing page links every block, day and item to its own edit, move and remove
addresses: hundreds of ``{% url %}`` tags, each a full ``reverse()``. Here a route is
reversed once, with sentinel numbers in place of its ids, into a pattern; each URL is then
a ``str.format`` of that pattern, the very string ``reverse()`` gives.

    edit = route("reports:block_edit", ID, ID)
    edit.format(report.pk, block.pk)    # "/reports/7/edit/blocks/31/edit/"
"""

from functools import cache

from django.urls import get_script_prefix, get_urlconf, reverse

# Stands for an integer id (an ``<int:…>`` part of the route) to be filled in later.
ID = object()

# Numbers no record has, one for each ID while the route is reversed.
_SENTINELS = (987_654_301, 987_654_302, 987_654_303)


@cache
def _pattern(name: str, args: tuple, prefix: str, urlconf) -> str:
    sentinels = iter(_SENTINELS)
    reversed_args = [next(sentinels) if arg is ID else arg for arg in args]
    url = reverse(name, args=reversed_args, urlconf=urlconf)
    pattern = url.replace("{", "{{").replace("}", "}}")
    for index, sentinel in enumerate(_SENTINELS[: args.count(ID)]):
        if pattern.count(str(sentinel)) != 1:
            raise ValueError(f"{name}: id {index} does not appear once in {url}")
        pattern = pattern.replace(str(sentinel), f"{{{index}}}")
    return pattern


def route(name: str, *args) -> str:
    """The URL pattern of route ``name``: each :data:`ID` among ``args`` becomes ``{0}``,
    ``{1}``… to fill in with ``str.format`` and an integer id; other ``args`` are reversed as
    given (``route("reports:photo", ID, "thumb")``)."""
    # Keyed by the request's script prefix and URLconf too: a site mounted under a path
    # prefix gets patterns of its own.
    return _pattern(name, args, get_script_prefix(), get_urlconf())
