"""The hosting commands: a visit as JSON, its printables, the gifts to report."""

import datetime as dt
import io
import json

import pypdfium2
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from envoy.hosting import services


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_hosted_visit_as_json(visit):
    data = json.loads(run("hosted_visit", str(visit.pk), "--json"))
    assert [(v["name"], v["precedence"], v["diets"]) for v in data["visitors"]] == [
        ("山田太郎", 1, []),
        ("Ahmad Rahman", 2, ["halal"]),
        ("김민준", 3, ["vegetarian"]),
    ]
    assert [s["place"] + " " + s["name"] for s in data["seating"]["rows"][0]["seats"]] == [
        "主位 林市長",
        "右 1 山田太郎",
        "左 1 Ahmad Rahman",
        "右 2 김민준",
        "左 2 祝惠美",
    ]
    assert [(m["meal"], m["diners"], [n["name"] for n in m["needs"]]) for m in data["meals"]] == [
        ("午宴", 6, ["Ahmad Rahman", "김민준"]),
        ("歡送晚宴", 6, ["Ahmad Rahman", "김민준"]),
    ]
    assert data["visitor_city"] == "東京"


@pytest.mark.django_db
def test_hosted_visit_in_words_and_an_unknown_visit(visit):
    text = run("hosted_visit", str(visit.pk))
    assert "2. Ahmad Rahman 清真" not in text  # codes, not labels, in the plain listing
    assert "Ahmad Rahman halal、堅果" in text
    with pytest.raises(CommandError, match="找不到 id 為 999 的來訪"):
        run("hosted_visit", "999")


@pytest.mark.django_db
def test_print_visit_writes_the_caterer_s_list(visit, tmp_path):
    output = tmp_path / "caterer.pdf"
    assert "已寫出" in run("print_visit", str(visit.pk), "catering", "-o", str(output))
    document = pypdfium2.PdfDocument(output)
    assert "清真 Halal" in document[0].get_textpage().get_text_range()
    document.close()


@pytest.mark.django_db
def test_gifts_to_report_lists_those_over_the_limit_not_yet_reported(visit, cast):
    def gift(description, value, reported_on=None, direction="received"):
        services.save_gift(
            user=cast["owner"],
            mission=visit,
            gift=None,
            data={"direction": direction, "date": dt.date(2026, 10, 5), "description": description,
                  "counterpart": "山田太郎", "value_ntd": value, "reported_on": reported_on},
        )  # fmt: skip

    gift("酒杯", 3000)
    gift("茶葉", None)
    gift("明信片", 200)
    gift("畫作", 9000, reported_on=dt.date(2026, 10, 6))
    gift("燈籠", 5000, direction="given")
    data = json.loads(run("gifts_to_report", "--json"))
    late = dt.date(2026, 10, 8) < timezone.localdate()
    assert [(g["description"], g["report_due"], g["overdue"]) for g in data["gifts"]] == [
        ("酒杯", "2026-10-08", late),
        ("茶葉", "2026-10-08", late),
    ]
