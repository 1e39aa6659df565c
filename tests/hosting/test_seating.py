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


# ----- a banquet at several tables -----


def party(guests: int, hosts: int) -> tuple[list[Sitter], list[Sitter]]:
    """``guests`` visitors G1… and ``hosts`` of ours H1…, ranked as numbered."""
    return (
        [guest(f"G{n}", n) for n in range(1, guests + 1)],
        [host(f"H{n}", n) for n in range(1, hosts + 1)],
    )


def tables(result) -> list[tuple[str, list[str]]]:
    """Each table's heading and its people in their order of precedence at it."""
    return [(row.heading, [seat.sitter.name for seat in row.seats]) for row in result.rows]


def test_a_party_that_fits_one_table_sits_at_one_whatever_the_size_chosen():
    guests, hosts = party(7, 3)
    for size in (None, 10, 12):
        result = plan(SeatingLayout.BANQUET, guests, hosts, size)
        assert tables(result) == [
            ("主桌", ["H1", "G1", "G2", "G3", "G4", "G5", "G6", "G7", "H2", "H3"])
        ]
        assert not result.several_tables


def test_two_tables_the_second_headed_by_our_second_host():
    # 16 at tables of 10: two tables of 8 (an even count shared evenly).
    guests, hosts = party(12, 4)
    result = plan(SeatingLayout.BANQUET, guests, hosts, 10)
    assert result.several_tables
    assert tables(result) == [
        ("主桌", ["H1", "G1", "G2", "G3", "G4", "G5", "G6", "G7"]),
        ("第 2 桌", ["H2", "G8", "G9", "G10", "G11", "G12", "H3", "H4"]),
    ]
    main, second = result.rows
    assert [(s.place, s.sitter.name) for s in second.seats[:3]] == [
        ("主位", "H2"),
        ("右 1", "G8"),
        ("左 1", "G9"),
    ]


def test_three_tables_with_an_odd_count_and_our_hosts_spread_over_them():
    # 31 at tables of 12: 11, 10 and 10; hosts beyond the heads dealt to each table in turn.
    guests, hosts = party(25, 6)
    result = plan(SeatingLayout.BANQUET, guests, hosts, 12)
    assert tables(result) == [
        ("主桌", ["H1", *[f"G{n}" for n in range(1, 11)]]),
        ("第 2 桌", ["H2", *[f"G{n}" for n in range(11, 18)], "H4", "H6"]),
        ("第 3 桌", ["H3", *[f"G{n}" for n in range(18, 26)], "H5"]),
    ]
    assert [len(row.seats) for row in result.rows] == [11, 10, 10]
    everyone = [seat.sitter.name for row in result.rows for seat in row.seats]
    assert sorted(everyone) == sorted(s.name for s in [*guests, *hosts])


def test_a_table_without_a_host_of_ours_is_headed_by_its_highest_visitor():
    guests, hosts = party(20, 2)
    result = plan(SeatingLayout.BANQUET, guests, hosts, 10)
    assert [(row.heading, len(row.seats)) for row in result.rows] == [
        ("主桌", 8),
        ("第 2 桌", 7),
        ("第 3 桌", 7),
    ]
    third = result.rows[2]
    assert (third.seats[0].place, third.seats[0].sitter.name) == ("主位", "G14")
    assert [s.sitter.name for s in third.seats] == [f"G{n}" for n in range(14, 21)]


def test_our_hosts_fill_the_main_table_when_the_visitors_are_few():
    guests, hosts = party(3, 20)
    result = plan(SeatingLayout.BANQUET, guests, hosts, 10)
    main = tables(result)[0]
    # The heads of the other tables (H2, H3) are kept for them.
    assert main == ("主桌", ["H1", "G1", "G2", "G3", "H4", "H5", "H6", "H7"])
    assert [row.seats[0].sitter.name for row in result.rows[1:]] == ["H2", "H3"]
    assert sum(len(row.seats) for row in result.rows) == 23


def test_the_unranked_sit_after_the_ranked_at_the_lower_tables():
    guests = [guest(f"U{n}", None, order=n) for n in range(6)] + [
        guest(f"G{n}", n, order=10 + n) for n in range(1, 9)
    ]
    hosts = [host("H1", 1), host("Hx", None), host("H2", 2)]
    result = plan(SeatingLayout.BANQUET, guests, hosts, 9)
    # 17 at tables of 9: 9 and 8.
    assert tables(result) == [
        ("主桌", ["H1", *[f"G{n}" for n in range(1, 9)]]),
        ("第 2 桌", ["H2", "U0", "U1", "U2", "U3", "U4", "U5", "Hx"]),
    ]


def test_a_meeting_ignores_the_table_size():
    guests, hosts = party(20, 5)
    result = plan(SeatingLayout.MEETING, guests, hosts, 10)
    assert [row.heading for row in result.rows] == ["本府", "來賓"]
    assert not result.several_tables
