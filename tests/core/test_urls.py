"""URL patterns reversed once give the very URLs reverse() gives."""

import pytest
from django.urls import reverse, set_script_prefix

from envoy.core.lib.urls import ID, route


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("missions:detail", [7]),
        ("missions:item_edit", [7, 31]),
        ("reports:block_edit", [12, 1234567]),
        ("reports:chapter_move", [1, 2]),
        ("reports:block_add", [3, 3]),
    ],
)
def test_a_route_formatted_with_ids_is_what_reverse_gives(name, args):
    assert route(name, *[ID] * len(args)).format(*args) == reverse(name, args=args)


def test_arguments_other_than_ids_are_reversed_as_given():
    assert route("reports:photo", ID, "thumb").format(5) == reverse(
        "reports:photo", args=[5, "thumb"]
    )


def test_a_site_under_a_path_prefix_gets_its_own_pattern():
    try:
        set_script_prefix("/envoy/")
        assert route("missions:detail", ID).format(9) == "/envoy/missions/9/"
    finally:
        set_script_prefix("/")
    assert route("missions:detail", ID).format(9) == "/missions/9/"
