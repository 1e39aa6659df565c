"""The PDF printer (envoy/reports/printing/pdf.py and report.typ).

The checks read the PDF back with pypdfium2. Each page's text is split by position:
what lies below FOOTER_TOP (the bottom margin) is the footer, which holds only the page
number; the rest is the body. Page numbers are read from the footers, so a 目次 or 圖次
entry can be checked against the footer of the first page whose body shows that
heading or caption. Paragraphs are looked for in the bodies of all pages joined, so a
paragraph that runs over a page break still matches while the page numbers between
its halves are left out. Whitespace is removed before comparing (pypdfium2 returns
line ends, and spaces where justification or CJK-Latin spacing widened a gap), and
U+FFFE or U+0002, which pypdfium2 returns for a hyphen at a line end, is read as "-":
the template does not hyphenate, so such a hyphen was typed by the user.
"""

import base64
import datetime as dt
import io
import re
import threading

import pypdfium2 as pdfium
import pytest
from PIL import Image

from envoy.reports.printing import common
from envoy.reports.printing.pdf import render_pdf

# The footer is in the 2.5 cm (71 pt) bottom margin of report.typ, its number about
# 40-50 pt from the page's foot; the body's last line may hang a few points into the
# margin with its descenders. Text below this line (in points) is the footer.
FOOTER_TOP = 60

TITLE = "赴日本東京出席 2026 全球城市永續網絡(G-NETS)首長高峰會出國報告"

MARKUP = (
    "這段文字看似 Typst 語法但須照原樣印出：#set page(width: 1cm) *不是粗體* _不是斜體_ "
    "$x^2$ <label> @ref `raw` // 不是註解 \\ [方括號] #(1 + 2) = 標題？ - 清單？ 1. 編號？"
)

LATIN = (
    "拉脫維亞里加市長 Māris Sprindžuks 與紐西蘭奧克蘭代表 Ms. Efficient-Office 討論 "
    "internationalization、interoperability 與 decarbonization 之政策工具，並提及 "
    "office workflow、affluent suburbs 及 fjord 等詞彙，以確認連字（ligature）不影響文字擷取。"
)

FILLER = (
    "本府代表團於會議期間與各城市代表就氣候調適、防災韌性及智慧城市治理等議題深入交換意見，"
    "東京都廳介紹其 Carbon Half 目標與再生能源推動策略，說明 2030 年溫室氣體排放減半之路徑，"
    "並分享都市更新結合綠色基盤設施（Green Infrastructure）之經驗。"
)


def _png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def _jpeg(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def _day(date, countries, places, heading, items, remarks=""):
    return {
        "date": date,
        "countries": countries,
        "places": places,
        "heading": heading,
        "remarks": remarks,
        "items": [
            {
                "kind": kind,
                "text": text,
                "place": "",
                "start_time": None,
                "start_timezone": "",
                "end_time": None,
                "end_timezone": "",
                "end_date": None,
                "flight_number": "",
                "origin": "",
                "destination": "",
            }
            for kind, text in items
        ],
    }


def _figures(first, last, text, photos=()):
    return {
        "kind": "figures",
        "text": text,
        "figure_first": first,
        "figure_last": last,
        "source_page": None,
        "photos": list(photos),
    }


def make_document(photo_dir=None, days: int = 3, filler: int = 3) -> dict:
    """A report like the real ones: 4 chapters, days, sections, 9 figure groups, points.

    ``days`` and ``filler`` (paragraph length) make it longer; with ``photo_dir`` some
    figure groups carry photos by path, others by data, one a missing file.
    """
    data_photo = {
        "filename": "park.png",
        "sha256": "",
        "data": base64.b64encode(_png(800, 600, (30, 120, 200))).decode(),
    }
    tall_photo = {
        "filename": "tower.jpg",
        "sha256": "",
        "data": base64.b64encode(_jpeg(300, 900, (200, 80, 40))).decode(),
    }
    path_photos = []
    if photo_dir is not None:
        for n in range(8):
            path = photo_dir / f"dinner-{n}.jpg"
            path.write_bytes(_jpeg(640, 480, (40 * n, 160, 90)))
            path_photos.append({"filename": path.name, "sha256": "", "path": str(path)})
    missing = {"filename": "lost.jpg", "sha256": "", "path": "/nonexistent/lost.jpg"}
    not_image = {
        "filename": "note.txt",
        "sha256": "",
        "data": base64.b64encode(b"not an image").decode(),
    }

    long_text = FILLER * filler
    start = dt.date(2026, 4, 26)
    day_dates = [(start + dt.timedelta(days=n)).isoformat() for n in range(days)]
    itinerary = [
        _day(
            day_dates[0],
            ["臺灣", "日本"],
            ["臺北", "東京"],
            "",
            [
                ("flight", "搭乘華航 CI220 班機啟程前往日本東京"),
                ("visit", "考察東京臨海廣域防災公園"),
            ],
        )
    ] + [
        _day(
            date,
            ["日本"],
            ["東京"],
            "出席全球城市永續網絡(G-NETS)首長高峰會",
            [("session", "開幕式"), ("visit", "參觀 SusHi Tech Tokyo 2026"), ("meal", "歡迎晚宴")],
            remarks="著正式服裝" if n == 1 else "",
        )
        for n, date in enumerate(day_dates[1:], 1)
    ]

    process = []
    figure = 1
    groups = [
        ("東京臨海廣域防災公園體驗學習設施", [data_photo, tall_photo, data_photo]),
        ("小池百合子知事於開幕致詞並與特別來賓互動", []),
        ("本府代表團參觀 SusHi Tech Tokyo 2026 台灣館", [tall_photo]),
        ("祝處長於歡迎晚宴與各城市首長或代表交流", path_photos),
        ("本府於平行論壇進行發表", [missing, data_photo, not_image]),
        ("全體大會及聯合記者會", []),
        ("祝處長與東京都副知事及東京都官員交流", path_photos[:5]),
        ("參觀江戶東京博物館", [data_photo, data_photo]),
        ("千代田下水道幹線工程", []),
    ]
    for n, date in enumerate(day_dates):
        process.append({"kind": "day", "date": date, "text": "" if n % 2 else f"第 {n + 1} 日行程"})
        process.append({"kind": "paragraph", "text": f"第 {n + 1} 日。" + FILLER})
        for section in range(2):
            process.append({"kind": "section", "text": f"第 {n + 1} 日議程之{'甲乙'[section]}"})
            process.append({"kind": "paragraph", "text": f"（{n + 1}-{section}）" + long_text})
            if n == 0 and section == 0:
                process.append({"kind": "paragraph", "text": MARKUP})
                process.append({"kind": "paragraph", "text": LATIN})
            if groups and (n * 2 + section) % max(1, (days * 2) // 9) == 0:
                caption, photos = groups.pop(0)
                size = max(1, len(photos))
                process.append(_figures(figure, figure + size - 1, caption, photos))
                figure += size
    for caption, photos in groups:  # any left over, at the end of the last day
        size = max(1, len(photos))
        process.append(_figures(figure, figure + size - 1, caption, photos))
        figure += size

    def points(prefix):
        blocks = []
        for n in range(1, 4):
            blocks.append(
                {"kind": "point", "number": n, "text": f"{prefix}之{n}：強化韌性城市論述"}
            )
            blocks.append({"kind": "paragraph", "text": f"（{prefix}{n}）" + long_text})
        return blocks

    return {
        "format": "envoy.report",
        "version": 1,
        "id": 12,
        "mission": {
            "id": 7,
            "direction": "outbound",
            "title": TITLE,
            "category": "other",
            "category_detail": "出席國際會議",
            "region": "日本",
            "host_agency": "新北市政府秘書處",
            "visited_agencies": "",
            "start_date": day_dates[0],
            "end_date": day_dates[-1],
            "destination_countries": ["日本"],
            "destination_cities": ["東京"],
            "members": [
                {
                    "name": "祝惠美",
                    "agency": "新北市政府",
                    "unit": "秘書處",
                    "title": "處長",
                    "rank": "",
                    "is_head": True,
                },
                {
                    "name": "林怡君",
                    "agency": "新北市政府",
                    "unit": "秘書處",
                    "title": "專員",
                    "rank": "",
                    "is_head": False,
                },
            ],
            "days": itinerary,
        },
        "report": {
            "title": TITLE,
            "keywords": ["G-NETS", "韌性城市"],
            "subject_category": "",
            "policy_category": "",
            "summary": "本次赴日本東京出席 G-NETS 首長高峰會並發表演說。\n"
            "代表團並參觀 SusHi Tech Tokyo 2026，考察防災公園與下水道工程。",
            "report_date": "2026-07-20",
            "page_count": None,
            "portal_id": "",
            "status": "draft",
            "source_toc": [],
            "chapters": [
                {
                    "number": 1,
                    "title": "目的",
                    "blocks": [
                        {"kind": "paragraph", "text": "目的之一。" + long_text},
                        {"kind": "paragraph", "text": "目的之二。" + FILLER},
                    ],
                },
                {"number": 2, "title": "過程", "blocks": process},
                {"number": 3, "title": "心得", "blocks": points("心得")},
                {"number": 4, "title": "建議", "blocks": points("建議")},
            ],
        },
    }


# ---------------------------------------------------------------- reading the PDF back


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\ufffe", "-").replace("\x02", "-"))


class Pages:
    """Each page's body text and footer text."""

    def __init__(self, pdf_bytes: bytes):
        self.pdf = pdfium.PdfDocument(pdf_bytes)
        self.body, self.footer = [], []
        for page in self.pdf:
            width, height = page.get_size()
            text = page.get_textpage()
            self.body.append(text.get_text_bounded(0, FOOTER_TOP, width, height))
            self.footer.append(text.get_text_bounded(0, 0, width, FOOTER_TOP).strip())

    def close(self):
        self.pdf.close()

    def __len__(self):
        return len(self.body)

    def first_body_page(self) -> int:
        return self.footer.index("1")

    def page_with(self, text: str, start: int = 0) -> int:
        """Index of the first page from ``start`` whose body holds ``text``."""
        wanted = _squash(text)
        for index in range(start, len(self)):
            if wanted in _squash(self.body[index]):
                return index
        raise AssertionError(f"not printed: {text}")

    def listing(self, title: str) -> list[tuple[str, str]]:
        """The entries of 目次 or 圖次: (squashed title, page number), in order.

        The listing runs from the page headed ``title`` to the next page headed 圖次 or
        the first body page. A long title may wrap: its lines are joined until one ends
        in the dot leader and the page number.
        """
        start = next(i for i, body in enumerate(self.body) if body.strip().startswith(title))
        lines = self.body[start].strip().splitlines()[1:]
        for index in range(start + 1, self.first_body_page()):
            if self.body[index].strip().startswith(("目次", "圖次")):
                break
            lines += self.body[index].strip().splitlines()
        entries, pending = [], ""
        for line in lines:
            match = re.match(r"^(.*?)(?:\s*\.){3,}\s*(\d+)\s*$", line)
            if match:
                entries.append((_squash(pending + match.group(1)), match.group(2)))
                pending = ""
            else:
                pending += line
        assert not pending, f"unfinished entry in {title}: {pending}"
        return entries


@pytest.fixture(scope="module")
def document(tmp_path_factory):
    return make_document(tmp_path_factory.mktemp("photos"))


@pytest.fixture(scope="module")
def pages(document):
    pages = Pages(render_pdf(document))
    yield pages
    pages.close()


@pytest.fixture(scope="module")
def long_document(tmp_path_factory):
    """Forty days: the itinerary, 目次 and paragraphs run over pages."""
    return make_document(tmp_path_factory.mktemp("photos"), days=40, filler=5)


@pytest.fixture(scope="module")
def long_pages(long_document):
    pages = Pages(render_pdf(long_document))
    yield pages
    pages.close()


def _contents_entries(document):
    """What 目次 lists: 行程表, the chapters, and their level-2 headings."""
    entries = [common.itinerary_title(document)]
    for chapter in document["report"]["chapters"]:
        entries.append(common.chapter_heading(chapter, common.heading_style(document)))
        has_days = any(block["kind"] == "day" for block in chapter["blocks"])
        for block in chapter["blocks"]:
            if block["kind"] == "day":
                entries.append(common.day_heading(block))
            elif not has_days and block["kind"] == "point":
                entries.append(common.point_heading(block))
    return entries


def _figure_groups(document):
    return [
        block
        for chapter in document["report"]["chapters"]
        for block in chapter["blocks"]
        if block["kind"] == "figures"
    ]


def _paragraphs(document):
    return [
        block["text"]
        for chapter in document["report"]["chapters"]
        for block in chapter["blocks"]
        if block["kind"] == "paragraph"
    ]


@pytest.fixture
def both(request):
    document, pages = request.param
    return request.getfixturevalue(document), request.getfixturevalue(pages)


def _both(test):
    return pytest.mark.parametrize(
        "both", [("document", "pages"), ("long_document", "long_pages")], indirect=True
    )(test)


# ---------------------------------------------------------------- tests


def test_is_a4_pdf_titled_with_the_report_title(pages):
    assert pages.pdf.get_metadata_dict()["Title"] == TITLE
    width, height = pages.pdf[0].get_size()
    assert (round(width), round(height)) == (595, 842)


def test_cover_in_the_national_layout(document, pages):
    cover = pages.body[0]
    lines = [line.strip() for line in cover.strip().splitlines()]
    assert lines[0] == common.cover_heading(document)
    assert _squash(TITLE) in _squash(cover)
    squashed = _squash(cover)
    for line in common.cover_lines(document):
        assert _squash(line.label + "：") in squashed
        for value in line.value.split("\n"):
            assert _squash(value) in squashed
    assert "新北市政府秘書處 處長 祝惠美" in cover
    assert "新北市政府秘書處 專員 林怡君" in cover
    assert "115 年 7 月 20 日" in cover
    assert pages.footer[0] == ""  # no page number on the cover


@_both
def test_front_matter_then_body_numbered_from_one(both):
    _, pages = both
    first = pages.first_body_page()
    headed = [pages.body[i].split()[0] for i in range(1, first)]
    assert [title for title in headed if title in ("摘要", "目次", "圖次")] == [
        "摘要",
        "目次",
        "圖次",
    ]
    assert headed[:2] == ["摘要", "目次"]  # 目次 may run over more pages
    roman = ["i", "ii", "iii", "iv", "v", "vi"]
    assert pages.footer[1:first] == roman[: first - 1]
    assert pages.footer[first:] == [str(n) for n in range(1, len(pages) - first + 1)]
    assert pages.body[first].strip().startswith("行程表")


def test_summary_page(document, pages):
    summary = _squash(pages.body[1])
    assert summary.startswith("摘要")
    for line in document["report"]["summary"].split("\n"):
        assert _squash(line) in summary


@_both
def test_contents_lists_headings_with_their_printed_page_numbers(both):
    document, pages = both
    entries = pages.listing("目次")
    assert [title for title, _ in entries] == [_squash(e) for e in _contents_entries(document)]
    first = pages.first_body_page()
    for title, number in entries:
        index = pages.page_with(title, start=first)
        assert pages.footer[index] == number, title
    # 行程表 and each chapter start their page
    for heading in ["行程表"] + [
        common.chapter_heading(chapter, common.heading_style(document))
        for chapter in document["report"]["chapters"]
    ]:
        index = pages.page_with(heading, start=first)
        assert pages.body[index].strip().startswith(heading)


@_both
def test_list_of_figures_uses_the_group_labels_and_printed_page_numbers(both):
    document, pages = both
    entries = pages.listing("圖次")
    groups = _figure_groups(document)
    expected = [_squash(f"{common.figure_label(g)} {g['text']}") for g in groups]
    assert [title for title, _ in entries] == expected
    assert expected[0] == _squash("圖 1-3 東京臨海廣域防災公園體驗學習設施")
    first = pages.first_body_page()
    for title, number in entries:
        index = pages.page_with(title, start=first)
        assert pages.footer[index] == number, title


@_both
def test_every_paragraph_comes_back_as_text(both):
    document, pages = both
    body = _squash("".join(pages.body[pages.first_body_page() :]))
    paragraphs = _paragraphs(document)
    assert MARKUP in paragraphs and LATIN in paragraphs
    for text in paragraphs:
        assert _squash(text) in body, text
    assert "Sprindžuks" in body


def test_paragraphs_run_over_page_breaks(long_document, long_pages):
    """Some paragraphs are split between pages, and the check above still finds them."""
    split = [
        text
        for text in _paragraphs(long_document)
        if not any(_squash(text) in _squash(body) for body in long_pages.body)
    ]
    assert len(split) > 5


def test_itinerary_table(document, pages):
    first = pages.first_body_page()
    itinerary = _squash(pages.body[first])
    assert itinerary.startswith("行程表" + "".join(common.ITINERARY_COLUMNS))
    for row in common.itinerary_rows(document):
        for cell in row:
            assert _squash(cell) in itinerary


def test_itinerary_header_repeats_on_every_page(long_document, long_pages):
    pages = long_pages
    header = "".join(common.ITINERARY_COLUMNS)
    first = pages.first_body_page()
    chapter_one = common.chapter_heading(long_document["report"]["chapters"][0], "chapter")
    end = pages.page_with(chapter_one, first)
    assert end - first >= 2  # the table runs over pages
    assert _squash(pages.body[first]).startswith("行程表" + header)
    for index in range(first + 1, end):
        assert _squash(pages.body[index]).startswith(header)


def test_chapters_start_a_page_with_their_heading(document, pages):
    first = pages.first_body_page()
    for chapter in document["report"]["chapters"]:
        heading = common.chapter_heading(chapter, common.heading_style(document))
        index = pages.page_with(heading, first)
        assert pages.body[index].strip().startswith(heading)


def test_day_section_and_point_headings(document, pages):
    body = _squash("".join(pages.body[pages.first_body_page() :]))
    for chapter in document["report"]["chapters"]:
        for block in chapter["blocks"]:
            if block["kind"] == "day":
                assert _squash(common.day_heading(block)) in body
            elif block["kind"] == "section":
                assert _squash(block["text"]) in body
            elif block["kind"] == "point":
                assert _squash(common.point_heading(block)) in body
    assert "115年4月27日（星期一）" in body  # a day without text gets the standard heading
    assert "二、心得之2：強化韌性城市論述" in body


def test_photos_from_data_and_path_are_embedded(document, pages):
    images = sum(
        len(list(page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]))) for page in pages.pdf
    )
    photos = [photo for group in _figure_groups(document) for photo in group["photos"]]
    assert {"data", "path"} <= {key for photo in photos for key in photo}
    unprintable = {"lost.jpg", "note.txt"}
    assert images == len([photo for photo in photos if photo["filename"] not in unprintable])


def test_unprintable_photo_is_named_in_a_frame(pages):
    body = _squash("".join(pages.body))
    assert "lost.jpg" in body
    assert "note.txt" in body


def test_photo_that_does_not_decode_is_named_in_a_frame():
    document = make_document()
    broken = {
        "filename": "broken.jpg",
        "sha256": "",
        "data": base64.b64encode(b"\xff\xd8\xff\xe0" + b"garbage" * 20).decode(),
    }
    groups = _figure_groups(document)
    groups[0]["photos"].append(broken)
    pages = Pages(render_pdf(document))
    try:
        body = _squash("".join(pages.body))
        assert "broken.jpg" in body
        assert _squash(groups[0]["text"]) in body
    finally:
        pages.close()


def test_group_without_photos_gets_a_frame_with_its_caption(pages):
    body = _squash("".join(pages.body))
    caption = _squash("小池百合子知事於開幕致詞並與特別來賓互動")
    assert body.count(caption) == 3  # in 圖次, in the frame, under the frame
    assert _squash("圖 4 小池百合子知事於開幕致詞並與特別來賓互動") in body


def test_user_text_is_never_markup():
    document = make_document()
    title = "#pagebreak() *標題* _x_ $y$ <z> @w #{1 + 1} [a](b) \\"
    document["report"]["title"] = title
    document["report"]["summary"] = "= 不是標題\n- 不是清單\n#outline()"
    pages = Pages(render_pdf(document))
    try:
        assert pages.pdf.get_metadata_dict()["Title"] == title
        assert _squash(title) in _squash(pages.body[0])
        assert pages.body[1].strip().splitlines() == [
            "摘要",
            "= 不是標題",
            "- 不是清單",
            "#outline()",
        ]
    finally:
        pages.close()


def test_empty_summary_and_no_figures():
    document = make_document()
    document["report"]["summary"] = ""
    for chapter in document["report"]["chapters"]:
        chapter["blocks"] = [b for b in chapter["blocks"] if b["kind"] != "figures"]
    pages = Pages(render_pdf(document))
    try:
        # No blank 摘要 page: 目次 is page i, and the body follows it (no 圖次).
        assert pages.first_body_page() == 2
        assert pages.body[1].strip().startswith("目次")
        assert pages.footer[1] == "i"
    finally:
        pages.close()


def test_refuses_unknown_version():
    document = make_document()
    document["version"] = 2
    with pytest.raises(ValueError):
        render_pdf(document)


def test_renders_from_several_threads():
    document = make_document()
    results, errors = [], []

    def work():
        try:
            results.append(render_pdf(document))
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == 3
