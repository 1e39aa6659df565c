"""The report as a Word document (.docx), for offices that exchange .docx.

Filled from an ``envoy.report`` document (docs/json-export.md) with the same content and
heading structure as the PDF and the ODT: cover, 摘要, 目次 and 圖次, 行程表, chapters.

目次 is a ``TOC \\o "1-3"`` field over the headings and 圖次 a ``TOC \\t "Figure,1"`` field
over the captions (paragraphs in the "Figure" style), each inside a content control.
``w:updateFields`` makes Word offer to refresh every field on open. Until then they show
the entries written here, each ending in a ``PAGEREF`` field to a bookmark on its heading or
caption whose result is the page the PDF prints it on (:func:`.pdf.printed_pages`), so the
indexes read right in LibreOffice too, which does not compute fields inside an index it
reads from .docx (Tools ▸ Update ▸ Update All recomputes them from its own layout).

Sections, as in the PDF: the cover, 摘要, 目次 and 圖次 are the first, numbered i, ii, … from
摘要 on (the cover is page 0 and shows no number); the body is the second, numbered from 1.

python-docx's ``font.name`` only sets the Latin font: the East-Asian one (``w:eastAsia``)
is set here on every style the report uses, and the theme fonts are removed so they do not
override it.
"""

import copy
import datetime as dt
import functools
import hashlib
import io
import logging
import unicodedata

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.oxml.text.parfmt import CT_PPr
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from envoy.core.lib.text import clean_strings

from ..docformat import PACKAGED_RECORD
from ..document import packaged_record
from . import common, pdf

RECORD_RELATIONSHIP = "urn:envoy:relationships:report-record"

logger = logging.getLogger(__name__)

TEXT_WIDTH_CM = 15.92  # A4 with 2.54 cm margins
PHOTO_WIDTH_CM = 7.5
PHOTO_MAX_HEIGHT_CM = 10.0
COVER_LINE_PT = 14

# The text's Chinese font: 標楷體 as Word knows it (Word has no fallback list).
SERIF_CJK, SERIF_LATIN = common.KAI_FONT, common.SERIF_FONTS[1]
SANS_CJK, SANS_LATIN = common.SANS_FONTS[0], common.SANS_FONTS[1]

FIGURE_STYLE = "Figure"  # the caption style 圖次 collects
# python-docx refuses a document property (title, comments…) of more than 255 characters,
# as Word's own dialog holds no more: longer ones are cut, the body keeps the whole text.
CORE_PROPERTY_LENGTH = 255
CONTENTS_FIELD = ' TOC \\o "1-3" \\h \\z \\u '
FIGURES_FIELD = f' TOC \\h \\z \\t "{FIGURE_STYLE},1" '

_ITINERARY_WIDTHS_CM = [2.3, 2.2, 2.2, 7.42, 1.8]
_BLACK = RGBColor(0, 0, 0)
# What follows w:pBdr in a w:pPr (the schema fixes the order).
_AFTER_BORDER = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


# What follows w:pgNumType in a w:sectPr.
_AFTER_PAGE_NUMBERS = (
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)


def render_docx(document: dict) -> bytes:
    """The report as .docx bytes."""
    if document.get("format") != "envoy.report" or document.get("version") != 1:
        raise ValueError("not an envoy.report version 1 document")
    # Records saved before text was cleaned at the services may hold control characters.
    return _DocxReport(clean_strings(document)).render()


def _core_text(text: str) -> str:
    """A document property cut to CORE_PROPERTY_LENGTH characters, … marking the cut."""
    if len(text) <= CORE_PROPERTY_LENGTH:
        return text
    return text[: CORE_PROPERTY_LENGTH - 1] + "…"


def _label_width_em(label: str) -> float:
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in label)


@functools.cache
def _template() -> bytes:
    """python-docx's blank document with the report's page, styles and settings, saved once."""
    word = docx.Document()
    # python-docx's blank document carries a thumbnail of itself and Word 2010's copy of
    # the styles; neither would match the report.
    for rels in (word.part.package.rels, word.part.rels):
        for key, rel in list(rels.items()):
            if rel.reltype.endswith(("/thumbnail", "/stylesWithEffects")):
                del rels[key]
    # Nor does the report use its seventy-odd table styles.
    for style in word.styles.element.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in (
            "TableNormal",
            "TableGrid",
        ):
            word.styles.element.remove(style)
    _set_page(word)
    _set_styles(word.styles)
    _set_settings(word.settings.element)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _set_page(word) -> None:
    section = word.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.54)
    section.top_margin = Cm(2.54)
    section.bottom_margin = Cm(2.2)
    section.footer_distance = Cm(1.0)
    # The cover has no page number.
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.style = word.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer._p, " PAGE ", "1")


def _set_styles(styles) -> None:
    defaults = styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(run_defaults, SERIF_LATIN, SERIF_CJK)
    lang = run_defaults.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-TW")
    paragraph_defaults = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    paragraph_defaults.remove(paragraph_defaults.find(qn("w:spacing")))

    normal = _restyle(styles["Normal"], SERIF_LATIN, SERIF_CJK, 12)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.15

    body = _restyle(styles["Body Text"], SERIF_LATIN, SERIF_CJK, 12, keep_paragraph=False)
    body_format = body.paragraph_format
    body_format.first_line_indent = Pt(24)
    body_format.line_spacing = 1.5
    body_format.space_after = Pt(6)
    body_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    # Two characters whatever the font size, where Word reads it.
    body.element.pPr.ind.set(qn("w:firstLineChars"), "200")

    for level, size in ((1, 16), (2, 14), (3, 12)):
        heading = _restyle(styles[f"Heading {level}"], SANS_LATIN, SANS_CJK, size, bold=True)
        heading.paragraph_format.space_before = Pt(18 if level < 3 else 12)
        heading.paragraph_format.space_after = Pt(12 if level == 1 else 6)
    styles["Heading 1"].paragraph_format.page_break_before = True

    title = _restyle(styles["Title"], SERIF_LATIN, SERIF_CJK, 22, bold=True, keep_paragraph=False)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Cm(4)
    title.paragraph_format.space_after = Cm(5)
    title.paragraph_format.line_spacing = 1.3

    cover = _custom(styles, "Cover Heading", SERIF_LATIN, SERIF_CJK, 16, bold=True)
    cover.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cover.paragraph_format.space_before = Cm(1)
    line = _custom(styles, "Cover Line", SERIF_LATIN, SERIF_CJK, COVER_LINE_PT)
    line.paragraph_format.space_after = Pt(8)
    line.paragraph_format.line_spacing = 1.3

    # Headings outside the outline, so that no index lists them.
    toc_heading = _restyle(styles["TOC Heading"], SANS_LATIN, SANS_CJK, 16, bold=True)
    toc_heading.element.pPr.remove(toc_heading.element.pPr.find(qn("w:outlineLvl")))
    toc_heading.base_style = styles["Normal"]
    for style in (
        _custom(styles, "Summary Heading", SANS_LATIN, SANS_CJK, 16, bold=True),
        toc_heading,
        _custom(styles, "Figure Index Heading", SANS_LATIN, SANS_CJK, 16, bold=True),
    ):
        style_format = style.paragraph_format
        style_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style_format.keep_with_next = True
        style_format.page_break_before = style.name != "Figure Index Heading"
        style_format.space_before = Pt(24 if style.name == "Figure Index Heading" else 0)
        style_format.space_after = Pt(12)

    for level in (1, 2, 3):
        entry = _custom(styles, f"toc {level}", SERIF_LATIN, SERIF_CJK, 12, builtin=True)
        entry_format = entry.paragraph_format
        entry_format.left_indent = Cm(0.85 * (level - 1))
        entry_format.space_after = Pt(4)
        entry_format.tab_stops.add_tab_stop(
            Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )

    cell = _custom(styles, "Table Contents", SERIF_LATIN, SERIF_CJK, 11)
    cell.paragraph_format.line_spacing = 1.15
    head = _custom(styles, "Table Heading", SERIF_LATIN, SERIF_CJK, 11, bold=True)
    head.base_style = cell
    head.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    caption = _restyle(styles["Caption"], SERIF_LATIN, SERIF_CJK, 11, keep_paragraph=False)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_before = Pt(4)
    caption.paragraph_format.space_after = Pt(12)
    figure = _custom(styles, FIGURE_STYLE, SERIF_LATIN, SERIF_CJK, 11)
    figure.base_style = caption

    photos = _custom(styles, "Figure Photos", SERIF_LATIN, SERIF_CJK, 12)
    photos.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    photos.paragraph_format.keep_with_next = True
    photos.paragraph_format.space_before = Pt(8)
    placeholder = _custom(styles, "Figure Placeholder", SERIF_LATIN, SERIF_CJK, 11)
    placeholder.font.color.rgb = RGBColor(0x60, 0x60, 0x60)
    placeholder_format = placeholder.paragraph_format
    placeholder_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    placeholder_format.keep_with_next = True
    side = Cm((TEXT_WIDTH_CM - PHOTO_WIDTH_CM) / 2)
    placeholder_format.left_indent = placeholder_format.right_indent = side
    placeholder_format.space_before = Pt(12)
    placeholder_format.space_after = Pt(4)
    _add_border(placeholder.element.get_or_add_pPr())

    _restyle(styles["Footer"], SERIF_LATIN, SERIF_CJK, 10)


def _set_settings(settings) -> None:
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    # CT_Settings is a sequence: updateFields comes just before w:compat.
    compat = settings.find(qn("w:compat"))
    if compat is not None:
        compat.addprevious(update)
    else:
        settings.append(update)


class _DocxReport:
    def __init__(self, document: dict):
        self.document = document
        self.style = common.heading_style(document)
        self.embedded: dict[str, str] = {}  # a photo's sha256 → its printed image's
        self.report = document["report"]
        self.title = self.report["title"] or document["mission"]["title"]
        self.word = docx.Document(io.BytesIO(_template()))
        self.body = self.word.element.body
        self.bookmarks = 0
        self.headings: list[tuple[int, str, str]] = []  # (level, text, bookmark)
        self.figures: list[tuple[str, str]] = []  # (caption, bookmark)

    def render(self) -> bytes:
        self._set_properties()
        self._cover()
        self._summary()
        contents = self._index_place()
        figures = self._index_place() if common.has_figures(self.document) else None
        self._end_front_matter()
        if common.has_itinerary(self.document):
            self._itinerary()
        for chapter in self.report["chapters"]:
            self._chapter(chapter)
        printed = _pages_in_pdf(self.document)
        self._fill_index(
            contents,
            "目次",
            "TOCHeading",
            CONTENTS_FIELD,
            [(f"toc{level}", text, bookmark) for level, text, bookmark in self.headings],
            printed.headings,
        )
        if figures is not None:
            self._fill_index(
                figures,
                "圖次",
                "FigureIndexHeading",
                FIGURES_FIELD,
                [("toc1", text, bookmark) for text, bookmark in self.figures],
                printed.figures,
            )
        self._package_record()
        out = io.BytesIO()
        self.word.save(out)
        return out.getvalue()

    def _package_record(self) -> None:
        """The record this file was printed from, as a part of its own (Word keeps parts it
        does not know when they are related to the package)."""
        package = self.word.part.package
        part = Part(
            PackURI("/" + PACKAGED_RECORD),
            "application/json",
            packaged_record(self.document, self.embedded),
            package,
        )
        package.relate_to(part, RECORD_RELATIONSHIP)

    def _set_properties(self) -> None:
        properties = self.word.core_properties
        now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
        properties.title = _core_text(self.title)
        properties.language = "zh-TW"
        properties.keywords = _core_text("、".join(self.report.get("keywords") or []))
        properties.comments = _core_text(self.report.get("summary") or "")
        properties.author = _core_text(self.document["mission"].get("host_agency") or "")
        properties.last_modified_by = ""
        properties.created = properties.modified = now
        properties.revision = 1

    # The parts of the report

    def _paragraph(self, text: str, style_id: str, parent=None):
        """A paragraph at the end of the body (or of ``parent``), styled by style id.

        Going round python-docx's style lookup by name, which scans every style each time.
        """
        paragraph = OxmlElement("w:p")
        paragraph.style = style_id
        if text:
            paragraph.add_r().text = text
        if parent is None:
            self.body.sectPr.addprevious(paragraph)
        else:
            parent.append(paragraph)
        return paragraph

    def _cover(self) -> None:
        self._paragraph(common.cover_heading(self.document), "CoverHeading")
        self._paragraph(self.title, "Title")
        for line in common.cover_lines(self.document):
            # A hanging indent lines up a value's later lines (one traveller per line).
            hang = Cm((_label_width_em(line.label) + 1) * COVER_LINE_PT * 2.54 / 72)
            paragraph = self._paragraph(f"{line.label}：{line.value}", "CoverLine")
            paragraph.pPr.ind_left = Cm(1.5) + hang
            paragraph.pPr.first_line_indent = -hang

    def _summary(self) -> None:
        """摘要 and its paragraphs, one per line; nothing for a report without one."""
        lines = [line for line in (self.report.get("summary") or "").splitlines() if line.strip()]
        if lines:
            self._paragraph("摘要", "SummaryHeading")
        for line in lines:
            self._paragraph(line, "BodyText")

    def _index_place(self):
        """A content control to fill with an index once the headings are known."""
        sdt = OxmlElement("w:sdt")
        properties = OxmlElement("w:sdtPr")
        part = OxmlElement("w:docPartObj")
        gallery = OxmlElement("w:docPartGallery")
        gallery.set(qn("w:val"), "Table of Contents")
        part.append(gallery)
        part.append(OxmlElement("w:docPartUnique"))
        properties.append(part)
        sdt.append(properties)
        content = OxmlElement("w:sdtContent")
        sdt.append(content)
        self.body.sectPr.addprevious(sdt)
        return content

    def _end_front_matter(self) -> None:
        """A section break after 目次 and 圖次: the front matter numbered i, ii… with the
        cover as page 0 (its footer left out), the body from 1 under the same footer."""
        body = self.body.sectPr
        front = copy.deepcopy(body)
        _set_page_numbers(front, "lowerRoman", 0)
        for reference in body.findall(qn("w:footerReference")):
            body.remove(reference)  # the body keeps the front matter's footer
        body.remove(body.find(qn("w:titlePg")))
        _set_page_numbers(body, "decimal", 1)
        paragraph = self._paragraph("", "Normal")
        paragraph.get_or_add_pPr().append(front)

    def _fill_index(self, content, title, title_style, instruction, entries, printed) -> None:
        """An index's entries, each with the page the PDF prints its heading or caption
        on (``printed``: (text, page) in order) as its page reference's result."""
        self._paragraph(title, title_style, content)
        pages = _printed_pages([text for _style, text, _bookmark in entries], printed)
        paragraphs = []
        for (style, text, bookmark), page in zip(entries, pages, strict=True):
            paragraph = self._paragraph("", style, content)
            link = OxmlElement("w:hyperlink")
            link.set(qn("w:anchor"), bookmark)
            link.set(qn("w:history"), "1")
            link.append(_run(text))
            link.append(_run("\t"))
            _field(link, f" PAGEREF {bookmark} \\h ", page)
            paragraph.append(link)
            paragraphs.append(paragraph)
        if not paragraphs:
            paragraphs.append(self._paragraph("", "Normal", content))
        # The TOC field opens in the first entry and closes after the last.
        begin, code, separate, end = _field_runs(instruction, dirty=True)
        paragraphs[0].pPr.addnext(begin)
        begin.addnext(code)
        code.addnext(separate)
        paragraphs[-1].append(end)

    def _itinerary(self) -> None:
        self._heading(1, common.itinerary_title(self.document))
        rows = [common.ITINERARY_COLUMNS, *common.itinerary_rows(self.document)]
        widths = [Cm(width) for width in _ITINERARY_WIDTHS_CM]
        table_width = Cm(sum(_ITINERARY_WIDTHS_CM))
        table = CT_Tbl.new_tbl(len(rows), len(widths), table_width)
        properties = table.tblPr
        properties.style = "TableGrid"
        properties.alignment = WD_TABLE_ALIGNMENT.CENTER
        properties.autofit = False
        total = properties.find(qn("w:tblW"))
        total.set(qn("w:type"), "dxa")
        total.set(qn("w:w"), str(table_width.twips))
        for column, width in zip(table.tblGrid.gridCol_lst, widths, strict=True):
            column.w = width
        for row_index, (row, cells) in enumerate(zip(table.tr_lst, rows, strict=True)):
            style = "TableHeading" if row_index == 0 else "TableContents"
            for cell, text, width in zip(row.tc_lst, cells, widths, strict=True):
                cell.width = width
                cell.remove(cell.p_lst[0])
                for line in text.split("\n"):
                    self._paragraph(line, style, cell)
                if row_index == 0:
                    _shade(cell)
        repeat = OxmlElement("w:tblHeader")
        table.tr_lst[0].get_or_add_trPr().append(repeat)
        self.body.sectPr.addprevious(table)

    def _chapter(self, chapter: dict) -> None:
        self._heading(1, common.chapter_heading(chapter, self.style))
        for block in chapter["blocks"]:
            kind = block["kind"]
            if kind == "day":
                self._heading(2, common.day_heading(block))
            elif kind == "section":
                if block["text"].strip():
                    self._heading(3, block["text"])
            elif kind == "point":
                self._heading(3, common.point_heading(block))
            elif kind == "figures":
                self._figures(block)
            else:
                for paragraph in common.paragraphs(block["text"]):
                    self._paragraph(paragraph, "BodyText")

    def _bookmarked(self, text: str, style_id: str, prefix: str) -> str:
        self.bookmarks += 1
        name = f"_{prefix}{self.bookmarks:06d}"
        paragraph = self._paragraph(text, style_id)
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.bookmarks))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.bookmarks))
        paragraph.pPr.addnext(start)
        paragraph.append(end)
        return name

    def _heading(self, level: int, text: str) -> None:
        bookmark = self._bookmarked(text, f"Heading{level}", "Toc")
        self.headings.append((level, text, bookmark))

    def _figures(self, block: dict) -> None:
        photos = block.get("photos") or []
        if not photos:
            self._paragraph(block["text"], "FigurePlaceholder")
        images = []
        for photo in photos:
            if image := common.office_photo(photo):
                images.append(image)
                if photo.get("sha256"):
                    self.embedded[photo["sha256"]] = hashlib.sha256(image.data).hexdigest()
            else:
                self._paragraph(common.photo_name(photo), "FigurePlaceholder")
        for pair in (images[i : i + 2] for i in range(0, len(images), 2)):
            paragraph = Paragraph(self._paragraph("", "FigurePhotos"), self.word)
            for n, image in enumerate(pair):
                if n:
                    paragraph.add_run(" ")
                width, height = image.size_cm(PHOTO_WIDTH_CM, PHOTO_MAX_HEIGHT_CM)
                shape = paragraph.add_run().add_picture(
                    io.BytesIO(image.data), width=Cm(width), height=Cm(height)
                )
                # Without them LibreOffice pads each photo and two no longer fit on a line.
                for side in ("distT", "distB", "distL", "distR"):
                    shape._inline.set(side, "0")
        caption = common.figure_caption(block)
        self.figures.append((caption, self._bookmarked(caption, FIGURE_STYLE, "Fig")))


def _pages_in_pdf(document: dict) -> pdf.PrintedPages:
    """Where the PDF prints each heading and caption; nothing if Typst cannot lay the
    report out (the Word file still prints, its indexes then without page numbers)."""
    try:
        return pdf.printed_pages(document)
    except RuntimeError as error:  # typst.TypstError, or Typst failing to start
        logger.warning("目次 and 圖次 without page numbers: %s", error)
        return pdf.PrintedPages(headings=[], figures=[])


def _printed_pages(texts: list[str], printed: list[tuple[str, str]]) -> list[str]:
    """The printed page of each of ``texts``, looked for in order among ``printed``; ""
    where the PDF has no such heading (the page reference then waits for an update)."""
    pages, start = [], 0
    for text in texts:
        wanted = " ".join(text.split())
        for n in range(start, len(printed)):
            if " ".join(printed[n][0].split()) == wanted:
                pages.append(printed[n][1])
                start = n + 1
                break
        else:
            pages.append("")
    return pages


def _set_page_numbers(section_properties, number_format: str, start: int) -> None:
    numbers = OxmlElement("w:pgNumType")
    numbers.set(qn("w:fmt"), number_format)
    numbers.set(qn("w:start"), str(start))
    section_properties.insert_element_before(numbers, *_AFTER_PAGE_NUMBERS)


def _set_fonts(run_properties, latin: str, cjk: str) -> None:
    """Latin and East-Asian fonts on a w:rPr, replacing theme fonts that would win."""
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_properties.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute, font in (
        ("w:ascii", latin),
        ("w:hAnsi", latin),
        ("w:eastAsia", cjk),
        ("w:cs", latin),
    ):
        fonts.set(qn(attribute), font)


def _restyle(style, latin, cjk, size, bold=False, keep_paragraph=True):
    """A built-in style's character formatting (and paragraph formatting) started afresh."""
    style.element._remove_rPr()
    if not keep_paragraph:
        style.element._remove_pPr()
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = _BLACK
    _set_fonts(style.element.get_or_add_rPr(), latin, cjk)
    return style


def _custom(styles, name, latin, cjk, size, bold=False, builtin=False):
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=builtin)
    style.base_style = styles["Normal"]
    style.quick_style = not builtin
    return _restyle(style, latin, cjk, size, bold)


def _add_border(paragraph_properties: CT_PPr) -> None:
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), "single")
        border.set(qn("w:sz"), "4")
        border.set(qn("w:color"), "808080")
        border.set(qn("w:space"), "24" if side in ("top", "bottom") else "4")
        borders.append(border)
    paragraph_properties.insert_element_before(borders, *_AFTER_BORDER)


def _shade(cell) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), "E6E6E6")
    cell.get_or_add_tcPr().append(shading)


def _run(text: str):
    run = OxmlElement("w:r")
    run.text = text
    return run


def _field_runs(instruction: str, dirty: bool = False) -> list:
    """begin, instruction, separate, end; a dirty field is recomputed when Word opens it."""
    runs = []
    for kind in ("begin", None, "separate", "end"):
        run = OxmlElement("w:r")
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            if kind == "begin" and dirty:
                char.set(qn("w:dirty"), "true")
            run.append(char)
        else:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = instruction
            run.append(code)
        runs.append(run)
    return runs


def _field(parent, instruction: str, result: str) -> None:
    """A complete field with its last computed result."""
    begin, code, separate, end = _field_runs(instruction)
    parent.append(begin)
    parent.append(code)
    parent.append(separate)
    if result:
        parent.append(_run(result))
    parent.append(end)
