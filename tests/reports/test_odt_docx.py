"""The editable printers: the report as .odt (odfdo) and .docx (python-docx)."""

import base64
import datetime as dt
import io

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from odfdo import Document
from PIL import Image

from envoy.core.lib.rocdates import format_roc_span
from envoy.reports.printing.docx import render_docx
from envoy.reports.printing.odt import render_odt

SUMMARY = [
    "本府代表團赴日本東京出席 2026 全球城市永續網絡（G-NETS）首長高峰會。",
    "會中與 Riga 市長 Vilnis Ķirsis 及 Māris Sprindžuks 交流韌性城市經驗。",
]


def _image(size: tuple[int, int], color: str, kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, kind)
    return out.getvalue()


def report_document(tmp_path) -> dict:
    """A small report with every kind of block, photos given by path and by data."""
    park = tmp_path / "park.jpg"
    park.write_bytes(_image((400, 300), "green", "JPEG"))
    stage = _image((300, 500), "navy", "PNG")
    dinner = _image((640, 360), "orange", "JPEG")
    return {
        "format": "envoy.report",
        "version": 1,
        "id": 12,
        "mission": {
            "id": 7,
            "direction": "outbound",
            "title": "赴日本東京出席 2026 G-NETS 首長高峰會",
            "category": "other",
            "category_detail": "出席國際會議",
            "region": "日本",
            "host_agency": "新北市政府秘書處",
            "visited_agencies": "",
            "start_date": "2026-04-26",
            "end_date": "2026-04-28",
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
                    "name": "林小文",
                    "agency": "新北市政府",
                    "unit": "秘書處",
                    "title": "科員",
                    "rank": "",
                    "is_head": False,
                },
            ],
            "days": [
                {
                    "date": "2026-04-26",
                    "countries": ["臺灣", "日本"],
                    "places": ["臺北", "東京"],
                    "heading": "",
                    "remarks": "",
                    "items": [
                        {
                            "kind": "flight",
                            "text": "搭乘華航 CI220 班機啟程前往日本東京",
                            "place": "",
                            "start_time": "09:00",
                            "start_timezone": "Asia/Taipei",
                            "end_time": "12:55",
                            "end_timezone": "Asia/Tokyo",
                            "end_date": None,
                            "flight_number": "CI220",
                            "origin": "台北松山機場",
                            "destination": "東京羽田機場",
                        },
                        {
                            "kind": "visit",
                            "text": "考察東京臨海廣域防災公園",
                            "place": "",
                            "start_time": "",
                            "start_timezone": "",
                            "end_time": "",
                            "end_timezone": "",
                            "end_date": None,
                            "flight_number": "",
                            "origin": "",
                            "destination": "",
                        },
                    ],
                },
                {
                    "date": "2026-04-27",
                    "countries": ["日本"],
                    "places": ["東京"],
                    "heading": "出席 G-NETS 首長高峰會",
                    "remarks": "住宿東京",
                    "items": [
                        {
                            "kind": "session",
                            "text": "開幕式",
                            "place": "",
                            "start_time": "",
                            "start_timezone": "",
                            "end_time": "",
                            "end_timezone": "",
                            "end_date": None,
                            "flight_number": "",
                            "origin": "",
                            "destination": "",
                        },
                        {
                            "kind": "meal",
                            "text": "歡迎晚宴",
                            "place": "",
                            "start_time": "",
                            "start_timezone": "",
                            "end_time": "",
                            "end_timezone": "",
                            "end_date": None,
                            "flight_number": "",
                            "origin": "",
                            "destination": "",
                        },
                    ],
                },
                {
                    "date": "2026-04-28",
                    "countries": ["日本", "臺灣"],
                    "places": ["東京", "臺北"],
                    "heading": "",
                    "remarks": "",
                    "items": [
                        {
                            "kind": "flight",
                            "text": "搭乘華航 CI221 班機返抵臺灣",
                            "place": "",
                            "start_time": "",
                            "start_timezone": "",
                            "end_time": "",
                            "end_timezone": "",
                            "end_date": None,
                            "flight_number": "CI221",
                            "origin": "",
                            "destination": "",
                        }
                    ],
                },
            ],
        },
        "report": {
            "title": "赴日本東京出席 2026 全球城市永續網絡(G-Nets)首長高峰會出國報告",
            "keywords": ["G-NETS", "韌性城市"],
            "subject_category": "",
            "policy_category": "",
            "summary": "\n".join(SUMMARY),
            "report_date": "2026-06-15",
            "page_count": None,
            "portal_id": "",
            "status": "draft",
            "source_toc": [],
            "chapters": [
                {
                    "number": 1,
                    "title": "目的",
                    "blocks": [
                        {
                            "kind": "paragraph",
                            "text": "全球城市永續網絡（Global City Network for Sustainability，"
                            "以下簡稱 G-NETS）由東京都廳於 2022 年發起成立。",
                        },
                        {"kind": "paragraph", "text": "本次參與兩項盛事：  高峰會與 SusHi Tech。"},
                    ],
                },
                {
                    "number": 2,
                    "title": "過程",
                    "blocks": [
                        {
                            "kind": "day",
                            "date": "2026-04-26",
                            "text": "115 年 4 月 26 日（星期日）",
                        },
                        {"kind": "section", "text": "考察東京臨海廣域防災公園"},
                        {"kind": "paragraph", "text": "本府代表團抵達東京後，隨即前往防災公園。"},
                        {
                            "kind": "figures",
                            "text": "東京臨海廣域防災公園體驗學習設施",
                            "figure_first": 1,
                            "figure_last": 3,
                            "source_page": 3,
                            "photos": [
                                {"filename": "park.jpg", "sha256": "", "path": str(park)},
                                {
                                    "filename": "stage.png",
                                    "sha256": "",
                                    "data": base64.b64encode(stage).decode(),
                                },
                                {
                                    "filename": "dinner.jpg",
                                    "sha256": "",
                                    "data": base64.b64encode(dinner).decode(),
                                },
                            ],
                        },
                        {"kind": "day", "date": "2026-04-27", "text": ""},
                        {"kind": "section", "text": "出席 G-NETS 開幕式"},
                        {
                            "kind": "paragraph",
                            "text": "拉脫維亞 Māris Sprindžuks 代表於開幕式致詞。",
                        },
                        {
                            "kind": "figures",
                            "text": "小池百合子知事於開幕致詞",
                            "figure_first": 4,
                            "figure_last": 4,
                            "source_page": 4,
                            "photos": [],
                        },
                    ],
                },
                {
                    "number": 3,
                    "title": "心得",
                    "blocks": [
                        {"kind": "point", "number": 1, "text": "韌性城市需跨域合作"},
                        {"kind": "paragraph", "text": "東京都以防災公園結合教育與演練。"},
                        {"kind": "point", "number": 2, "text": "國際城市網絡提升能見度"},
                        {"kind": "paragraph", "text": "透過 G-NETS 平台分享「新北模式」。"},
                    ],
                },
                {
                    "number": 4,
                    "title": "建議",
                    "blocks": [
                        {"kind": "point", "number": 1, "text": "持續參與 G-NETS 工作小組"},
                        {"kind": "paragraph", "text": "建議指派專人追蹤工作小組進度。"},
                    ],
                },
            ],
        },
    }


COVER = [
    "出國報告（出國類別：其他(出席國際會議)）",
    "赴日本東京出席 2026 全球城市永續網絡(G-Nets)首長高峰會出國報告",
    "服務機關：新北市政府秘書處",
    "姓名職稱：新北市政府秘書處 處長 祝惠美\n新北市政府秘書處 科員 林小文",
    "派赴國家/地區：日本",
    f"出國期間：{format_roc_span(dt.date(2026, 4, 26), dt.date(2026, 4, 28))}",
    "報告日期：115 年 6 月 15 日",
]

HEADINGS = [
    (1, "行程表"),
    (1, "第一章 目的"),
    (1, "第二章 過程"),
    (2, "115 年 4 月 26 日（星期日）"),
    (3, "考察東京臨海廣域防災公園"),
    (2, "115 年 4 月 27 日（星期一）"),
    (3, "出席 G-NETS 開幕式"),
    (1, "第三章 心得"),
    (3, "一、韌性城市需跨域合作"),
    (3, "二、國際城市網絡提升能見度"),
    (1, "第四章 建議"),
    (3, "一、持續參與 G-NETS 工作小組"),
]

# The pages of HEADINGS in the PDF of report_document.
HEADING_PAGES = ["1", "2", "3", "3", "3", "3", "3", "5", "5", "5", "6", "6"]

CAPTIONS = ["圖 1-3 東京臨海廣域防災公園體驗學習設施", "圖 4 小池百合子知事於開幕致詞"]

ITINERARY = [
    [["日期"], ["國家"], ["地點"], ["行程"], ["備註"]],
    [
        ["115/4/26"],
        ["臺灣/日本"],
        ["臺北-東京"],
        ["搭乘華航 CI220 班機啟程前往日本東京", "1. 考察東京臨海廣域防災公園"],
        [""],
    ],
    [
        ["115/4/27"],
        ["日本"],
        ["東京"],
        ["出席 G-NETS 首長高峰會：", "1. 開幕式", "2. 歡迎晚宴"],
        ["住宿東京"],
    ],
    [["115/4/28"], ["日本/臺灣"], ["東京-臺北"], ["搭乘華航 CI221 班機返抵臺灣"], [""]],
]


def body_texts(document: dict) -> list[str]:
    """The report's own paragraphs, in order, as each printed form must carry them."""
    texts = list(SUMMARY)
    for chapter in document["report"]["chapters"]:
        texts += [b["text"] for b in chapter["blocks"] if b["kind"] == "paragraph"]
    return texts


# ODT


@pytest.fixture
def odt(tmp_path):
    document = report_document(tmp_path)
    return document, Document(io.BytesIO(render_odt(document)))


def _odt_text(element) -> str:
    """The text of an ODF element as typed: tabs, line breaks and spaces included."""
    parts = [element.text or ""]
    for child in element.children:
        if child.tag == "text:tab":
            parts.append("\t")
        elif child.tag == "text:line-break":
            parts.append("\n")
        elif child.tag == "text:s":
            parts.append(" " * int(child.get_attribute("text:c") or 1))
        else:
            parts.append(_odt_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _odt_body_paragraphs(odf: Document) -> list[tuple[str, str]]:
    """(style, text) of the body's paragraphs and headings outside indexes and tables."""
    return [
        (element.get_attribute("text:style-name"), _odt_text(element))
        for element in odf.body.children
        if element.tag in ("text:p", "text:h")
    ]


def test_odt_body_is_cover_summary_chapters_in_order(odt):
    document, odf = odt
    assert _odt_body_paragraphs(odf) == [
        ("Cover_20_Heading", COVER[0]),
        ("Title", COVER[1]),
        *((f"CoverLine{n}", line) for n, line in enumerate(COVER[2:])),
        ("Summary_20_Heading", "摘要"),
        ("Text_20_body", SUMMARY[0]),
        ("Text_20_body", SUMMARY[1]),
        ("Heading_20_1", "行程表"),
        ("Heading_20_1", "第一章 目的"),
        ("Text_20_body", document["report"]["chapters"][0]["blocks"][0]["text"]),
        ("Text_20_body", "本次參與兩項盛事：  高峰會與 SusHi Tech。"),
        ("Heading_20_1", "第二章 過程"),
        ("Heading_20_2", "115 年 4 月 26 日（星期日）"),
        ("Heading_20_3", "考察東京臨海廣域防災公園"),
        ("Text_20_body", "本府代表團抵達東京後，隨即前往防災公園。"),
        ("Figure_20_Photos", ""),
        ("Figure_20_Photos", ""),
        ("Figure", CAPTIONS[0]),
        ("Heading_20_2", "115 年 4 月 27 日（星期一）"),
        ("Heading_20_3", "出席 G-NETS 開幕式"),
        ("Text_20_body", "拉脫維亞 Māris Sprindžuks 代表於開幕式致詞。"),
        ("Figure_20_Placeholder", "小池百合子知事於開幕致詞"),
        ("Figure", CAPTIONS[1]),
        ("Heading_20_1", "第三章 心得"),
        ("Heading_20_3", "一、韌性城市需跨域合作"),
        ("Text_20_body", "東京都以防災公園結合教育與演練。"),
        ("Heading_20_3", "二、國際城市網絡提升能見度"),
        ("Text_20_body", "透過 G-NETS 平台分享「新北模式」。"),
        ("Heading_20_1", "第四章 建議"),
        ("Heading_20_3", "一、持續參與 G-NETS 工作小組"),
        ("Text_20_body", "建議指派專人追蹤工作小組進度。"),
    ]


def test_odt_carries_every_report_paragraph_exactly_once(odt):
    document, odf = odt
    texts = [text for _style, text in _odt_body_paragraphs(odf)]
    for paragraph in body_texts(document):
        assert texts.count(paragraph) == 1, paragraph
    assert "拉脫維亞 Māris Sprindžuks 代表於開幕式致詞。" in odf.get_formatted_text()


def test_odt_headings_have_outline_levels(odt):
    _document, odf = odt
    assert [(int(h.level), h.text_recursive) for h in odf.body.headers] == HEADINGS
    assert [h.get_attribute("text:style-name") for h in odf.body.headers] == [
        f"Heading_20_{level}" for level, _text in HEADINGS
    ]


def test_odt_contents_and_figure_index_are_real_indexes(odt):
    _document, odf = odt
    contents, figures = odf.body.get_elements("text:table-of-content")
    source = contents.get_element("text:table-of-content-source")
    assert source.get_attribute("text:outline-level") == "3"
    assert contents.get_title() == "目次"
    entries = [_odt_text(p) for p in contents.body.get_elements(".//text:p")]
    assert entries == ["目次"] + [f"{text}\t" for _level, text in HEADINGS]
    assert len(contents.body.get_elements(".//text:bookmark-ref")) == len(HEADINGS)

    source = figures.get_element("text:table-of-content-source")
    assert source.get_attribute("text:use-outline-level") is False
    assert source.get_attribute("text:use-index-source-styles") is True
    styles = source.get_elements("text:index-source-styles/text:index-source-style")
    assert [s.get_attribute("text:style-name") for s in styles] == ["Figure"]
    assert figures.get_title() == "圖次"
    entries = [_odt_text(p) for p in figures.body.get_elements(".//text:p")]
    assert entries == ["圖次"] + [f"{caption}\t" for caption in CAPTIONS]
    refs = figures.body.get_elements(".//text:bookmark-ref")
    assert [r.get_attribute("text:ref-name") for r in refs] == ["__RefFigure__1", "__RefFigure__2"]
    assert len(odf.body.get_elements("//text:bookmark[@text:name='__RefFigure__2']")) == 1


def test_odt_itinerary_is_a_table_with_a_line_per_paragraph(odt):
    _document, odf = odt
    (table,) = odf.body.tables
    assert table.name == "行程表"
    rows = [
        [[p.text_recursive for p in cell.get_elements("text:p")] for cell in row.traverse()]
        for row in table.traverse()
    ]
    assert rows == ITINERARY
    assert len(table.get_elements("table:table-header-rows/table:table-row")) == 1


def test_odt_embeds_photos_two_per_row_at_figure_width(odt):
    _document, odf = odt
    rows = [
        p for p in odf.body.children if p.get_attribute("text:style-name") == "Figure_20_Photos"
    ]
    frames = [[f.size for f in row.get_elements("draw:frame")] for row in rows]
    assert frames == [
        [("7.500cm", "5.625cm"), ("6.000cm", "10.000cm")],
        [("7.500cm", "4.219cm")],
    ]
    pictures = [part for part in odf.parts if part.startswith("Pictures/")]
    assert sorted(p.rsplit(".", 1)[1] for p in pictures) == ["jpg", "jpg", "png"]
    for frame in odf.body.get_elements("//draw:frame"):
        assert odf.get_part(frame.get_element("draw:image").url)


def test_odt_metadata_and_language(odt):
    document, odf = odt
    assert odf.meta.title == document["report"]["title"]
    assert odf.meta.language == "zh-TW"
    keywords = odf.meta.get_elements("//meta:keyword")
    assert [k.text for k in keywords] == ["G-NETS", "韌性城市"]
    props = odf.get_style("paragraph").get_properties(area="text")
    assert (props["style:language-asian"], props["style:country-asian"]) == ("zh", "TW")
    assert props["style:font-name-asian"] == "標楷體"


# DOCX


@pytest.fixture
def word(tmp_path):
    document = report_document(tmp_path)
    return document, docx.Document(io.BytesIO(render_docx(document)))


def _docx_body_paragraphs(word) -> list[tuple[str, str]]:
    """(style, text) of the body's paragraphs outside indexes and tables."""
    return [(p.style.name, p.text) for p in word.paragraphs]


def test_docx_body_is_cover_summary_chapters_in_order(word):
    document, word = word
    assert _docx_body_paragraphs(word) == [
        ("Cover Heading", COVER[0]),
        ("Title", COVER[1]),
        *(("Cover Line", line) for line in COVER[2:]),
        ("Summary Heading", "摘要"),
        ("Body Text", SUMMARY[0]),
        ("Body Text", SUMMARY[1]),
        ("Normal", ""),  # the front matter's section break, after 目次 and 圖次
        ("Heading 1", "行程表"),
        ("Heading 1", "第一章 目的"),
        ("Body Text", document["report"]["chapters"][0]["blocks"][0]["text"]),
        ("Body Text", "本次參與兩項盛事：  高峰會與 SusHi Tech。"),
        ("Heading 1", "第二章 過程"),
        ("Heading 2", "115 年 4 月 26 日（星期日）"),
        ("Heading 3", "考察東京臨海廣域防災公園"),
        ("Body Text", "本府代表團抵達東京後，隨即前往防災公園。"),
        ("Figure Photos", " "),
        ("Figure Photos", ""),
        ("Figure", CAPTIONS[0]),
        ("Heading 2", "115 年 4 月 27 日（星期一）"),
        ("Heading 3", "出席 G-NETS 開幕式"),
        ("Body Text", "拉脫維亞 Māris Sprindžuks 代表於開幕式致詞。"),
        ("Figure Placeholder", "小池百合子知事於開幕致詞"),
        ("Figure", CAPTIONS[1]),
        ("Heading 1", "第三章 心得"),
        ("Heading 3", "一、韌性城市需跨域合作"),
        ("Body Text", "東京都以防災公園結合教育與演練。"),
        ("Heading 3", "二、國際城市網絡提升能見度"),
        ("Body Text", "透過 G-NETS 平台分享「新北模式」。"),
        ("Heading 1", "第四章 建議"),
        ("Heading 3", "一、持續參與 G-NETS 工作小組"),
        ("Body Text", "建議指派專人追蹤工作小組進度。"),
    ]


def test_docx_carries_every_report_paragraph_exactly_once(word):
    document, word = word
    texts = [p.text for p in word.paragraphs]
    for paragraph in body_texts(document):
        assert texts.count(paragraph) == 1, paragraph


def test_docx_headings_are_outline_levels_one_to_three(word):
    _document, word = word
    headings = [
        (int(p.style.name.removeprefix("Heading ")), p.text)
        for p in word.paragraphs
        if p.style.name.startswith("Heading ")
    ]
    assert headings == HEADINGS
    levels = [
        word.styles[f"Heading {n}"].element.pPr.find(qn("w:outlineLvl")).get(qn("w:val"))
        for n in (1, 2, 3)
    ]
    assert levels == ["0", "1", "2"]
    assert word.styles["Heading 1"].paragraph_format.page_break_before is True


def _fonts(style) -> dict[str, str]:
    fonts = style.element.rPr.find(qn("w:rFonts"))
    return {key.rsplit("}", 1)[1]: value for key, value in fonts.attrib.items()}


def test_docx_styles_set_east_asian_and_latin_fonts(word):
    _document, word = word
    serif = {
        "ascii": "Noto Serif",
        "hAnsi": "Noto Serif",
        "eastAsia": "標楷體",
        "cs": "Noto Serif",
    }
    sans = {
        "ascii": "Noto Sans",
        "hAnsi": "Noto Sans",
        "eastAsia": "Noto Sans CJK TC",
        "cs": "Noto Sans",
    }
    assert _fonts(word.styles["Normal"]) == serif
    assert _fonts(word.styles["Body Text"]) == serif
    assert _fonts(word.styles["Title"]) == serif
    assert _fonts(word.styles["Figure"]) == serif
    for level in (1, 2, 3):
        assert _fonts(word.styles[f"Heading {level}"]) == sans
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    assert defaults.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")) == "標楷體"
    lang = defaults.find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-TW"
    body = word.styles["Body Text"].element.pPr.find(qn("w:ind"))
    assert (body.get(qn("w:firstLineChars")), body.get(qn("w:firstLine"))) == ("200", "480")
    assert word.styles["Figure"].base_style.name == "Caption"


def test_docx_contents_and_figure_index_are_fields_word_updates(word):
    _document, word = word
    contents, figures = word.element.body.findall(qn("w:sdt"))
    codes = [
        [t.text for t in sdt.iter(qn("w:instrText")) if t.text.startswith(" TOC")]
        for sdt in (contents, figures)
    ]
    assert codes == [[' TOC \\o "1-3" \\h \\z \\u '], [' TOC \\h \\z \\t "Figure,1" ']]
    # Each entry ends in its page as the PDF prints it (the page reference's result).
    content = contents.find(qn("w:sdtContent"))
    entries = [Paragraph(p, word).text for p in content.findall(qn("w:p"))]
    assert entries == ["目次"] + [
        f"{text}\t{page}" for (_level, text), page in zip(HEADINGS, HEADING_PAGES, strict=True)
    ]
    content = figures.find(qn("w:sdtContent"))
    entries = [Paragraph(p, word).text for p in content.findall(qn("w:p"))]
    assert entries == ["圖次", f"{CAPTIONS[0]}\t3", f"{CAPTIONS[1]}\t4"]

    pagerefs = [t.text.split()[1] for t in figures.iter(qn("w:instrText")) if "PAGEREF" in t.text]
    bookmarks = {
        b.get(qn("w:name")): b.getparent() for b in word.element.body.iter(qn("w:bookmarkStart"))
    }
    assert [Paragraph(bookmarks[name], word).text for name in pagerefs] == CAPTIONS
    assert len(bookmarks) == len(HEADINGS) + len(CAPTIONS)

    update = word.settings.element.find(qn("w:updateFields"))
    assert update.get(qn("w:val")) == "true"


def test_docx_itinerary_is_a_table_with_a_line_per_paragraph(word):
    _document, word = word
    (table,) = word.tables
    rows = [[[p.text for p in cell.paragraphs] for cell in row.cells] for row in table.rows]
    assert rows == ITINERARY
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.width.cm for c in table.columns] == pytest.approx([2.3, 2.2, 2.2, 7.42, 1.8], 0.01)


def test_docx_embeds_photos_two_per_row_at_figure_width(word):
    _document, word = word
    sizes = [(round(s.width.cm, 3), round(s.height.cm, 3)) for s in word.inline_shapes]
    assert sizes == [(7.5, 5.625), (6.0, 10.0), (7.5, 4.219)]
    images = [p for p in word.part.package.parts if p.content_type.startswith("image/")]
    assert sorted(p.content_type for p in images) == ["image/jpeg", "image/jpeg", "image/png"]


def test_docx_placeholder_is_a_bordered_paragraph(word):
    _document, word = word
    borders = word.styles["Figure Placeholder"].element.pPr.find(qn("w:pBdr"))
    assert [b.tag.rsplit("}", 1)[1] for b in borders] == ["top", "left", "bottom", "right"]


def test_docx_metadata_and_language(word):
    document, word = word
    assert word.core_properties.title == document["report"]["title"]
    assert word.core_properties.language == "zh-TW"
    assert word.core_properties.keywords == "G-NETS、韌性城市"


# Both


def _with_unusual_photos(document: dict, tmp_path) -> dict:
    """The 圖 4 group given a photo that is gone and a WebP, and a blank section."""
    blocks = document["report"]["chapters"][1]["blocks"]
    blocks[-1]["photos"] = [
        {"filename": "gone.jpg", "sha256": "", "path": str(tmp_path / "gone.jpg")},
        {
            "filename": "stage.webp",
            "sha256": "",
            "data": base64.b64encode(_image((200, 100), "red", "WEBP")).decode(),
        },
    ]
    blocks.insert(-1, {"kind": "section", "text": "  "})
    return document


def test_odt_prints_a_photo_it_cannot_read_as_a_box_with_its_name(tmp_path):
    document = _with_unusual_photos(report_document(tmp_path), tmp_path)
    odf = Document(io.BytesIO(render_odt(document)))
    paragraphs = _odt_body_paragraphs(odf)
    start = paragraphs.index(("Text_20_body", "拉脫維亞 Māris Sprindžuks 代表於開幕式致詞。"))
    assert paragraphs[start + 1 : start + 4] == [
        ("Figure_20_Placeholder", "gone.jpg"),
        ("Figure_20_Photos", ""),
        ("Figure", CAPTIONS[1]),
    ]
    frame = odf.body.get_elements("//draw:frame")[-1]
    assert frame.size == ("7.500cm", "3.750cm")
    assert frame.get_element("draw:image").url.endswith(".png")
    assert [int(h.level) for h in odf.body.headers] == [level for level, _text in HEADINGS]


def test_docx_prints_a_photo_it_cannot_read_as_a_box_with_its_name(tmp_path):
    document = _with_unusual_photos(report_document(tmp_path), tmp_path)
    word = docx.Document(io.BytesIO(render_docx(document)))
    paragraphs = _docx_body_paragraphs(word)
    start = paragraphs.index(("Body Text", "拉脫維亞 Māris Sprindžuks 代表於開幕式致詞。"))
    assert paragraphs[start + 1 : start + 4] == [
        ("Figure Placeholder", "gone.jpg"),
        ("Figure Photos", ""),
        ("Figure", CAPTIONS[1]),
    ]
    shape = word.inline_shapes[-1]
    assert (round(shape.width.cm, 3), round(shape.height.cm, 3)) == (7.5, 3.75)
    assert [p.text for p in word.paragraphs if p.style.name.startswith("Heading")] == [
        text for _level, text in HEADINGS
    ]


@pytest.mark.parametrize("render", [render_odt, render_docx])
def test_printers_refuse_a_document_version_they_do_not_know(tmp_path, render):
    document = report_document(tmp_path)
    document["version"] = 2
    with pytest.raises(ValueError, match="version 1"):
        render(document)
