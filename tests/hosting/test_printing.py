"""The printables of a visit, checked by the text of their PDFs."""

import io

import pypdfium2
import pytest
from django.urls import reverse

from envoy.hosting.printing import pdf
from tests.conftest import client_for


def pdf_text(content: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(io.BytesIO(content))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def fonts_of(content: bytes) -> set[str]:
    """The base font names embedded in a PDF (subset prefixes dropped)."""
    import re

    return {
        name.split("+")[-1]
        for name in re.findall(rb"/BaseFont\s*/([\w+-]+)", content)
        for name in [name.decode()]
    }


@pytest.mark.django_db
def test_the_caterer_s_list_carries_the_halal_note_and_the_allergy_per_meal(visit):
    text = "\n".join(pdf_text(pdf.render("catering", visit, care=True)))
    assert text.count("Ahmad Rahman") == 2  # the lunch and the dinner
    assert text.count("清真") == 3  # the totals and each meal
    assert "堅果" in text and "蛋奶素" in text
    assert "115/10/5" in text and "午宴" in text and "歡送晚宴" in text
    assert "用餐人數：6" in text  # three visitors, two hosts and the interpreter


@pytest.mark.django_db
def test_badges_print_each_name_in_its_own_script_and_in_english(visit):
    content = pdf.render("badges", visit)
    text = "\n".join(pdf_text(content))
    for name in (
        "山田太郎",
        "Taro Yamada",
        "Ahmad Rahman",
        "김민준",
        "Minjun Kim",
        "林市長",
        "陳譯員",
    ):
        assert name in text
    assert text.index("山田太郎") < text.index("Ahmad Rahman") < text.index("김민준")
    fonts = fonts_of(content)
    assert {"NotoSansCJKjp-Bold", "NotoSansCJKkr-Bold"} <= fonts


@pytest.mark.django_db
def test_table_cards_one_a_page_upright_and_upside_down(visit):
    text = pdf_text(pdf.render("cards", visit))
    assert len(text) == 6  # three visitors, two hosts, the interpreter
    assert text[0].count("山田太郎") == 2


@pytest.mark.django_db
def test_the_seating_plan_puts_the_guest_of_honour_on_the_host_s_right(visit):
    text = "\n".join(pdf_text(pdf.render("seating", visit)))
    assert "主人居中，主賓坐主人右側" in text
    rows = [line for line in text.splitlines() if line.startswith(("主位", "右 ", "左 "))]
    assert rows[-5:] == [
        "主位 林市長 Mayor Lin 市長",
        "右 1 山田太郎 Taro Yamada 局長",
        "左 1 Ahmad Rahman 課長",
        "右 2 김민준 Minjun Kim 主任",
        "左 2 祝惠美 處長",
    ]


@pytest.mark.django_db
def test_the_programme_and_the_welcome_pack(visit):
    programme = "\n".join(pdf_text(pdf.render("programme", visit)))
    assert "拜會市長" in programme and "市府貴賓廳" in programme
    welcome = "\n".join(pdf_text(pdf.render("welcome", visit)))
    assert "來訪團員（依禮賓順序） Delegation" in welcome and "本府接待人員 Your hosts" in welcome
    assert "陳譯員" in welcome and "歡送晚宴" in welcome
    assert "清真" not in welcome  # dietary needs are for the caterer's list only


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, kind, status",
    [
        ("owner", "catering", 200),
        ("reviewer", "catering", 200),
        ("viewer", "catering", 403),
        ("viewer", "badges", 200),
        ("outsider", "badges", 404),
        ("anonymous", "badges", 302),
        ("owner", "nothing", 404),
    ],
)
def test_who_may_print_what(visit, cast, who, kind, status):
    response = client_for(cast[who]).get(reverse("hosting:print", args=[visit.pk, kind]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_the_seating_plan_of_a_meeting_prints_both_sides(visit, cast):
    from envoy.hosting import services

    services.save_hosting(user=cast["owner"], mission=visit, data={"seating_layout": "meeting"})
    text = "\n".join(pdf_text(pdf.render("seating", visit)))
    assert "賓主對坐" in text
    rows = [
        line
        for line in text.splitlines()
        if line.startswith(("主位 ", "右 ", "左 ")) and len(line.split()) > 3
    ]
    assert rows == [
        "主位 林市長 Mayor Lin 市長",
        "右 1 祝惠美 處長",
        "主位 山田太郎 Taro Yamada 局長",
        "右 1 Ahmad Rahman 課長",
        "左 1 김민준 Minjun Kim 主任",
    ]


@pytest.mark.django_db
def test_the_seating_plan_of_a_banquet_at_several_tables_prints_each_table(visit, cast):
    from envoy.hosting import services

    # Five at table (three visitors, two hosts) at tables of four: two tables, 3 and 2.
    services.save_hosting(user=cast["owner"], mission=visit, data={"table_size": 4})
    text = "\n".join(pdf_text(pdf.render("seating", visit)))
    assert "每桌 4 人以內分桌" in text
    lines = text.splitlines()
    assert "主桌" in lines and "第 2 桌" in lines
    second = lines[lines.index("第 2 桌") :]
    rows = [line for line in second if line.startswith(("主位 ", "右 ", "左 "))]
    assert rows[-2:] == ["主位 祝惠美 處長", "右 1 김민준 Minjun Kim 主任"]
