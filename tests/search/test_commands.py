"""manage.py rebuild_search_index and manage.py search."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from .helpers import make_report


@pytest.fixture
def records(cast, bureaus):
    make_report("秘書處赴東京", ["東京交流 & 紀要。"], bureau=bureaus["secretariat"])
    make_report("工務局赴東京", ["東京下水道。"], bureau=bureaus["works"])
    return cast


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_rebuild_indexes_everything_with_a_progress_bar(records):
    out, err = run("rebuild_search_index")
    assert out.startswith("已重建搜尋索引：4 筆文件")
    assert re.fullmatch(
        r"\r\[#{30}\] 2/2 筆任務已索引 \d+ s\n"
        r"\r\[ {30}\] 0/1 建立索引中 \d+ s\r\[#{30}\] 1/1 索引已建立 \d+ s\n",
        err,
    )


def test_search_prints_kind_id_title_and_snippet(records):
    run("rebuild_search_index", "--quiet-progress")
    out, _ = run("search", "交流")
    kind, pk, title = out.splitlines()[1].split("\t")
    assert (out.splitlines()[0], kind, title, out.splitlines()[2]) == (
        "共 1 筆",
        "report",
        "秘書處赴東京",
        "\t…東京交流 & 紀要。",
    )


def test_search_prints_json(records):
    run("rebuild_search_index", "--quiet-progress")
    data = json.loads(run("search", "下水道", "--json")[0])
    assert (data["total"], [(h["kind"], h["title"], h["snippet"]) for h in data["hits"]]) == (
        1,
        [("report", "工務局赴東京", "…東京下水道。")],
    )
    assert [v["label"] for v in data["facets"]["kind"]] == ["出國報告"]


def test_search_as_a_user_applies_their_permissions(records):
    run("rebuild_search_index", "--quiet-progress")
    out, _ = run("search", "東京", "--user", "outsider")
    assert out.splitlines()[0] == "共 1 筆"  # the mission and its report: one result
    assert all("工務局" in line for line in out.splitlines()[1::2])


def test_search_as_an_unknown_user_is_refused(records):
    with pytest.raises(CommandError, match="沒有使用者「nobody」"):
        run("search", "東京", "--user", "nobody")
