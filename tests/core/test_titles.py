"""A title beside its organisation says the organisation once, in every language."""

import pytest

from envoy.core.lib.titles import title_at, title_without_organisation


@pytest.mark.parametrize(
    ("title", "organisation", "shown"),
    [
        # The unit written into the title (reports: 巴黎 國際關係處副處長).
        ("國際關係處副處長", "巴黎國際關係處", "副處長"),
        ("國際關係局長", "首爾市國際關係局", "局長"),
        ("秘書處處長", "新北市政府秘書處", "處長"),
        ("環境部 部長", "環境部", "部長"),
        ("資訊中心主任", "臺北市資訊中心", "主任"),
        # The unit's last character doubling as the title's first.
        ("環境部長", "環境部", "部長"),
        # Japanese.
        ("東京都知事", "東京都", "知事"),
        ("港湾局長", "東京都港湾局", "局長"),
        ("副知事", "東京都", "副知事"),
        # English.
        (
            "International Relations Deputy Director",
            "Paris International Relations",
            "Deputy Director",
        ),
        (
            "Deputy Director, Paris International Relations",
            "Paris International Relations",
            "Deputy Director",
        ),
        # Titles that only share a word with their organisation keep it.
        ("環境教育專員", "環境部", "環境教育專員"),
        ("市議員", "奧克蘭市議會", "市議員"),
        ("主任委員", "國家發展委員會", "主任委員"),
        ("Governor of Tokyo", "Tokyo Metropolitan Government", "Governor of Tokyo"),
        ("Minister of Environment", "Ministry of Environment", "Minister of Environment"),
        # Nothing would be left: the title stays.
        ("國際關係處", "巴黎國際關係處", "國際關係處"),
        # No organisation.
        ("東南區市長", "", "東南區市長"),
        ("副市長", "", "副市長"),
    ],
)
def test_a_title_loses_only_what_repeats_its_organisation(title, organisation, shown):
    assert title_without_organisation(title, organisation) == shown


def test_any_name_of_the_organisation_counts():
    assert title_without_organisation("國際關係處副處長", "Paris", "巴黎國際關係處") == "副處長"


@pytest.mark.parametrize(
    ("title", "organisation", "joined"),
    [
        ("國際關係處副處長", "巴黎國際關係處", "巴黎國際關係處副處長"),
        ("環境部長", "環境部", "環境部部長"),
        ("知事", "東京都", "東京都知事"),
        ("市議員", "", "市議員"),
        ("", "東京都", "東京都"),
        ("Deputy Mayor", "Riga City Council", "Deputy Mayor, Riga City Council"),
    ],
)
def test_a_title_at_its_organisation_names_it_once(title, organisation, joined):
    assert title_at(title, organisation) == joined
