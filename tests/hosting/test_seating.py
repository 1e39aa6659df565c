"""The seating plan follows the right-of-host rule (以右為尊) from the order of precedence."""

from envoy.hosting.enums import SeatingLayout
from envoy.hosting.scripts import script_of
from envoy.hosting.seating import Sitter, plan


def guest(name: str, rank: int | None, order: int = 0) -> Sitter:
    return Sitter(name, "", "", "", guest=True, precedence=rank, order=order)


def host(name: str, rank: int | None, order: int = 0) -> Sitter:
    return Sitter(name, "", "", "", guest=False, precedence=rank, order=order)


def places(row) -> list[tuple[str, str]]:
    return [(seat.place, seat.sitter.name) for seat in row.seats]


def test_the_guest_of_honour_sits_on_the_host_s_right_then_they_alternate():
    result = plan(
        SeatingLayout.BANQUET,
        [guest("G3", 3), guest("G1", 1), guest("G2", 2)],
        [host("H2", 2), host("H1", 1)],
    )
    (row,) = result.rows
    assert places(row) == [
        ("主位", "H1"),
        ("右 1", "G1"),
        ("左 1", "G2"),
        ("右 2", "G3"),
        ("左 2", "H2"),
    ]
    assert [s.sitter.name for s in row.left_to_right] == ["H2", "G2", "H1", "G1", "G3"]


def test_the_unranked_follow_the_ranked_in_the_delegation_s_order():
    result = plan(
        SeatingLayout.BANQUET,
        [guest("B", None, 1), guest("A", None, 0), guest("Head", 1, 2)],
        [host("H", None)],
    )
    assert places(result.rows[0]) == [("主位", "H"), ("右 1", "Head"), ("左 1", "A"), ("右 2", "B")]


def test_at_a_meeting_the_two_sides_face_each_other_each_from_its_principal():
    result = plan(
        SeatingLayout.MEETING,
        [guest("G1", 1), guest("G2", 2), guest("G3", 3)],
        [host("H1", 1), host("H2", 2)],
    )
    ours, theirs = result.rows
    assert places(ours) == [("主位", "H1"), ("右 1", "H2")]
    assert places(theirs) == [("主位", "G1"), ("右 1", "G2"), ("左 1", "G3")]


def test_no_one_to_seat_is_an_empty_plan():
    assert plan(SeatingLayout.BANQUET, [], []).empty


def test_a_name_is_printed_in_the_face_of_its_own_script():
    assert [
        script_of("山田太郎", "JP"),
        script_of("やまだ", ""),
        script_of("김민준", "JP"),
        script_of("李小明", "CN"),
        script_of("林市長", "TW"),
        script_of("Māris Sprindžuks", "LV"),
    ] == ["ja", "ja", "ko", "zh-Hans", "zh-Hant", "latin"]
