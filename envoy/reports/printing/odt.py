"""The report as an editable ODF text document (.odt), for offices that keep it in ODF.

Filled from an ``envoy.report`` document (docs/json-export.md) with the same content and
heading structure as the PDF: cover, 摘要, 目次 and 圖次, 行程表, then the chapters.

目次 and 圖次 are real indexes: 目次 over headings 1–3, 圖次 over the paragraphs in the
"Figure" caption style. LibreOffice does not rebuild an index when it opens a file, so both
are written already filled, each entry ending in a page-reference field to a bookmark on its
heading or caption: the office suite computes those page numbers when it lays the document
out, and "Update index" rebuilds the entries from the headings and captions.
"""

import datetime as dt
import functools
import hashlib
import io
import unicodedata
import zipfile

from odfdo import TOC, Bookmark, Document, Element, Frame, Header, Link, Paragraph, Tab

from envoy.core.lib.text import clean_strings

from ..docformat import PACKAGED_RECORD
from ..document import packaged_record
from . import common

# A4 with 2.54 cm margins: the text is 15.92 cm wide.
TEXT_WIDTH_CM = 15.92
PHOTO_WIDTH_CM = 7.5
PHOTO_MAX_HEIGHT_CM = 10.0
COVER_LINE_PT = 14

# The text's Chinese font is 標楷體, with TW-Kai after it in its font face (see FONT_FACES).
SERIF_CJK, SERIF_LATIN = common.KAI_FONT, common.SERIF_FONTS[1]
SANS_CJK, SANS_LATIN = common.SANS_FONTS[0], common.SANS_FONTS[1]

FIGURE_STYLE = "Figure"  # the caption style 圖次 collects


def render_odt(document: dict) -> bytes:
    """The report as .odt bytes."""
    if document.get("format") != "envoy.report" or document.get("version") != 1:
        raise ValueError("not an envoy.report version 1 document")
    # Records saved before text was cleaned at the services may hold control characters.
    return _OdtReport(clean_strings(document)).render()


def _font_face(name: str, generic: str, fallbacks: tuple[str, ...] = (), pitch="variable") -> str:
    """A font face; svg:font-family is a CSS-style list, so the fallbacks follow the name
    (LibreOffice takes the first family installed)."""
    families = ", ".join(f"&apos;{family}&apos;" for family in (name, *fallbacks))
    return (
        f'<style:font-face style:name="{name}" svg:font-family="{families}" '
        f'style:font-family-generic="{generic}" style:font-pitch="{pitch}"/>'
    )


def _text_props(latin: str, cjk: str, size: str = "", bold: bool = False, extra: str = "") -> str:
    attrs = [f'style:font-name="{latin}"', f'style:font-name-asian="{cjk}"']
    if size:
        attrs += [f'fo:font-size="{size}"', f'style:font-size-asian="{size}"']
        attrs.append(f'style:font-size-complex="{size}"')
    if bold:
        attrs += ['fo:font-weight="bold"', 'style:font-weight-asian="bold"']
        attrs.append('style:font-weight-complex="bold"')
    if extra:
        attrs.append(extra)
    return f"<style:text-properties {' '.join(attrs)}/>"


def _paragraph_style(
    name: str,
    display: str,
    parent: str = "Standard",
    paragraph: str = "",
    text: str = "",
    extra: str = "",
    children: str = "",
) -> str:
    return (
        f'<style:style style:name="{name}" style:display-name="{display}" '
        f'style:family="paragraph" style:parent-style-name="{parent}" {extra}>'
        f"<style:paragraph-properties {paragraph}>{children}</style:paragraph-properties>"
        f"{text}</style:style>"
    )


def _index_entry_style(name: str, display: str, indent_cm: float) -> str:
    tab = (
        '<style:tab-stops><style:tab-stop style:position="'
        f'{TEXT_WIDTH_CM - indent_cm:.2f}cm" style:type="right" style:leader-style="dotted" '
        'style:leader-text="."/></style:tab-stops>'
    )
    return _paragraph_style(
        name,
        display,
        parent="Index",
        paragraph=f'fo:margin-left="{indent_cm}cm" fo:margin-top="0.1cm" fo:margin-bottom="0.1cm"',
        children=tab,
        extra='style:class="index"',
    )


_HEADING_TEXT = _text_props(SANS_LATIN, SANS_CJK, bold=True)

FONT_FACES = [
    _font_face(SERIF_CJK, "script", (common.KAI_FALLBACK,), pitch="fixed"),
    _font_face(SERIF_LATIN, "roman"),
    _font_face(SANS_CJK, "swiss"),
    _font_face(SANS_LATIN, "swiss"),
]

DEFAULT_PARAGRAPH_STYLE = (
    '<style:default-style style:family="paragraph">'
    '<style:paragraph-properties style:text-autospace="ideograph-alpha" '
    'style:punctuation-wrap="hanging" style:line-break="strict" '
    'style:tab-stop-distance="1.25cm" style:writing-mode="page"/>'
    f'<style:text-properties style:font-name="{SERIF_LATIN}" fo:font-size="12pt" '
    'fo:language="en" fo:country="US" '
    f'style:font-name-asian="{SERIF_CJK}" style:font-size-asian="12pt" '
    'style:language-asian="zh" style:country-asian="TW" '
    f'style:font-name-complex="{SERIF_LATIN}" style:font-size-complex="12pt" '
    'style:language-complex="zxx" style:country-complex="none" fo:hyphenate="false"/>'
    "</style:default-style>"
)

PAGE_LAYOUT = (
    '<style:page-layout style:name="Mpm1"><style:page-layout-properties '
    'fo:page-width="21.001cm" fo:page-height="29.7cm" style:num-format="1" '
    'style:print-orientation="portrait" fo:margin-top="2.54cm" fo:margin-bottom="1.5cm" '
    'fo:margin-left="2.54cm" fo:margin-right="2.54cm" style:writing-mode="lr-tb"/>'
    "<style:header-style/><style:footer-style><style:header-footer-properties "
    'fo:min-height="0.6cm" fo:margin-top="0.4cm"/></style:footer-style></style:page-layout>'
)

MASTER_PAGES = [
    '<style:master-page style:name="Standard" style:page-layout-name="Mpm1">'
    '<style:footer><text:p text:style-name="Footer"><text:page-number text:select-page="current"/>'
    "</text:p></style:footer></style:master-page>",
    # The cover has no page number.
    '<style:master-page style:name="First_20_Page" style:display-name="First Page" '
    'style:page-layout-name="Mpm1" style:next-style-name="Standard"/>',
]

# Headings without numbering: the chapter headings carry their own 第一章.
OUTLINE_STYLE = (
    '<text:outline-style style:name="Outline">'
    + "".join(
        f'<text:outline-level-style text:level="{level}" style:num-format="">'
        "<style:list-level-properties/></text:outline-level-style>"
        for level in range(1, 11)
    )
    + "</text:outline-style>"
)

_FIGURE_BOX = 'fo:border="0.5pt solid #808080" fo:padding-top="24pt" fo:padding-bottom="24pt"'
_BOX_SIDE = f"{(TEXT_WIDTH_CM - PHOTO_WIDTH_CM) / 2:.2f}cm"

PARAGRAPH_STYLES = [
    '<style:style style:name="Standard" style:family="paragraph" style:class="text"/>',
    _paragraph_style(
        "Text_20_body",
        "Text body",
        paragraph='fo:text-indent="24pt" fo:margin-top="0cm" fo:margin-bottom="0.2cm" '
        'fo:line-height="150%" fo:text-align="justify"',
        extra='style:class="text"',
    ),
    _paragraph_style(
        "Heading",
        "Heading",
        paragraph='fo:margin-top="0.42cm" fo:margin-bottom="0.25cm" fo:keep-with-next="always"',
        text=_HEADING_TEXT,
        extra='style:next-style-name="Text_20_body" style:class="text"',
    ),
    _paragraph_style(
        "Heading_20_1",
        "Heading 1",
        parent="Heading",
        paragraph='fo:break-before="page" fo:margin-bottom="0.5cm"',
        text=_text_props(SANS_LATIN, SANS_CJK, "16pt", bold=True),
        extra='style:default-outline-level="1" style:next-style-name="Text_20_body" '
        'style:class="text"',
    ),
    _paragraph_style(
        "Heading_20_2",
        "Heading 2",
        parent="Heading",
        paragraph='fo:margin-top="0.5cm"',
        text=_text_props(SANS_LATIN, SANS_CJK, "14pt", bold=True),
        extra='style:default-outline-level="2" style:next-style-name="Text_20_body" '
        'style:class="text"',
    ),
    _paragraph_style(
        "Heading_20_3",
        "Heading 3",
        parent="Heading",
        text=_text_props(SANS_LATIN, SANS_CJK, "12pt", bold=True),
        extra='style:default-outline-level="3" style:next-style-name="Text_20_body" '
        'style:class="text"',
    ),
    _paragraph_style(
        "Cover_20_Heading",
        "Cover Heading",
        paragraph='fo:text-align="center" fo:margin-top="1cm"',
        text=_text_props(SERIF_LATIN, SERIF_CJK, "16pt", bold=True),
        extra='style:master-page-name="First_20_Page" style:class="chapter"',
    ),
    _paragraph_style(
        "Title",
        "Title",
        paragraph='fo:text-align="center" fo:margin-top="4cm" fo:margin-bottom="5cm" '
        'fo:line-height="130%"',
        text=_text_props(SERIF_LATIN, SERIF_CJK, "22pt", bold=True),
        extra='style:class="chapter"',
    ),
    _paragraph_style(
        "Cover_20_Line",
        "Cover Line",
        paragraph='fo:margin-left="1.5cm" fo:margin-bottom="0.3cm" fo:line-height="130%"',
        text=_text_props(SERIF_LATIN, SERIF_CJK, f"{COVER_LINE_PT}pt"),
        extra='style:class="text"',
    ),
    _paragraph_style(
        "Summary_20_Heading",
        "Summary Heading",
        parent="Heading",
        paragraph='fo:break-before="page" fo:text-align="center" fo:margin-bottom="0.5cm"',
        text=_text_props(SANS_LATIN, SANS_CJK, "16pt", bold=True),
        extra='style:next-style-name="Text_20_body" style:class="chapter"',
    ),
    _paragraph_style("Index", "Index", extra='style:class="index"'),
    _paragraph_style(
        "Contents_20_Heading",
        "Contents Heading",
        parent="Heading",
        paragraph='fo:break-before="page" fo:text-align="center" fo:margin-bottom="0.5cm"',
        text=_text_props(SANS_LATIN, SANS_CJK, "16pt", bold=True),
        extra='style:class="index"',
    ),
    _index_entry_style("Contents_20_1", "Contents 1", 0),
    _index_entry_style("Contents_20_2", "Contents 2", 0.85),
    _index_entry_style("Contents_20_3", "Contents 3", 1.7),
    _paragraph_style(
        "Illustration_20_Index_20_Heading",
        "Figure Index Heading",
        parent="Heading",
        paragraph='fo:text-align="center" fo:margin-top="1.2cm" fo:margin-bottom="0.5cm"',
        text=_text_props(SANS_LATIN, SANS_CJK, "16pt", bold=True),
        extra='style:class="index"',
    ),
    _index_entry_style("Illustration_20_Index_20_1", "Figure Index 1", 0),
    _paragraph_style(
        "Table_20_Contents",
        "Table Contents",
        paragraph='fo:line-height="130%"',
        text=_text_props(SERIF_LATIN, SERIF_CJK, "11pt"),
        extra='style:class="extra"',
    ),
    _paragraph_style(
        "Table_20_Heading",
        "Table Heading",
        parent="Table_20_Contents",
        paragraph='fo:text-align="center"',
        text=_text_props(SERIF_LATIN, SERIF_CJK, bold=True),
        extra='style:class="extra"',
    ),
    _paragraph_style(
        "Caption",
        "Caption",
        paragraph='fo:text-align="center" fo:margin-top="0.15cm" fo:margin-bottom="0.45cm"',
        text=_text_props(SERIF_LATIN, SERIF_CJK, "11pt"),
        extra='style:class="extra"',
    ),
    _paragraph_style(FIGURE_STYLE, "Figure", parent="Caption", extra='style:class="extra"'),
    _paragraph_style(
        "Figure_20_Photos",
        "Figure Photos",
        paragraph='fo:text-align="center" fo:margin-top="0.3cm" fo:keep-with-next="always"',
        extra='style:class="extra"',
    ),
    _paragraph_style(
        "Figure_20_Placeholder",
        "Figure Placeholder",
        paragraph=f'fo:text-align="center" fo:margin-left="{_BOX_SIDE}" '
        f'fo:margin-right="{_BOX_SIDE}" fo:margin-top="0.3cm" {_FIGURE_BOX} '
        'fo:keep-with-next="always"',
        text=_text_props(SERIF_LATIN, SERIF_CJK, "11pt", extra='fo:color="#606060"'),
        extra='style:class="extra"',
    ),
    _paragraph_style(
        "Footer",
        "Footer",
        paragraph='fo:text-align="center"',
        text=_text_props(SERIF_LATIN, SERIF_CJK, "10pt"),
        extra='style:class="extra"',
    ),
]

# Index entries link to their heading but do not look like web links.
INDEX_LINK_STYLE = (
    '<style:style style:name="Index_20_Link" style:display-name="Index Link" style:family="text"/>'
)

PHOTO_FRAME_STYLE = (
    '<style:style style:name="Photo" style:family="graphic">'
    '<style:graphic-properties fo:margin-left="0.15cm" fo:margin-right="0.15cm" '
    'fo:margin-top="0cm" fo:margin-bottom="0cm" style:vertical-pos="top" '
    'style:vertical-rel="baseline" fo:border="none" fo:padding="0cm"/></style:style>'
)

_ITINERARY_WIDTHS_CM = [2.3, 2.2, 2.2, 7.42, 1.8]

ITINERARY_STYLES = [
    '<style:style style:name="Itinerary" style:family="table"><style:table-properties '
    f'style:width="{TEXT_WIDTH_CM}cm" table:align="margins"/></style:style>',
    *(
        f'<style:style style:name="Itinerary.{chr(65 + i)}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{width}cm"/></style:style>'
        for i, width in enumerate(_ITINERARY_WIDTHS_CM)
    ),
    '<style:style style:name="Itinerary.Cell" style:family="table-cell">'
    '<style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"/>'
    "</style:style>",
    '<style:style style:name="Itinerary.Head" style:family="table-cell">'
    '<style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000" '
    'fo:background-color="#e6e6e6" style:vertical-align="middle"/></style:style>',
]


def _label_width_em(label: str) -> float:
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in label)


@functools.cache
def _template() -> bytes:
    """odfdo's blank text document with the report's styles and page, saved once."""
    odf = Document("text")
    styles = odf.styles
    decls = styles.get_element("//office:font-face-decls")
    for face in FONT_FACES:
        decls.append(Element.from_tag(face))
    odf.insert_style(DEFAULT_PARAGRAPH_STYLE, default=True)
    for style in PARAGRAPH_STYLES:
        odf.insert_style(style)
    odf.insert_style(INDEX_LINK_STYLE)
    odf.insert_style(PHOTO_FRAME_STYLE)
    odf.insert_style(PAGE_LAYOUT)
    for master in MASTER_PAGES:
        odf.insert_style(master)
    outline = styles.get_element("//text:outline-style")
    outline.parent.replace_element(outline, Element.from_tag(OUTLINE_STYLE))
    for style in ITINERARY_STYLES:
        odf.insert_style(style, automatic=True)
    for paragraph in odf.body.get_elements("text:p"):
        odf.body.delete(paragraph)
    # The blank template's thumbnail and statistics would describe some other document.
    odf.del_part("Thumbnails/thumbnail.png")
    odf.manifest.del_full_path("Thumbnails/thumbnail.png")
    odf.meta.meta_body.delete(odf.meta.get_element("//meta:document-statistic"))
    out = io.BytesIO()
    odf.save(out)
    return out.getvalue()


class _OdtReport:
    def __init__(self, document: dict):
        self.document = document
        self.style = common.heading_style(document)
        self.embedded: dict[str, str] = {}  # a photo's sha256 → its printed image's
        self.report = document["report"]
        self.title = self.report["title"] or document["mission"]["title"]
        self.odf = Document(io.BytesIO(_template()))
        self.body = self.odf.body
        self.headings: list[tuple[int, str, str]] = []  # (level, text, bookmark)
        self.figures: list[tuple[str, str]] = []  # (caption, bookmark)
        self.pictures: dict[str, bytes] = {}  # path in the package: image
        self.frames = 0

    def render(self) -> bytes:
        self._set_meta()
        self._cover()
        self._summary()
        contents, figure_index = self._indexes()
        if common.has_itinerary(self.document):
            self._itinerary()
        for chapter in self.report["chapters"]:
            self._chapter(chapter)
        self._fill_indexes(contents, figure_index)
        self.odf.manifest.add_full_path(PACKAGED_RECORD, "application/json")
        out = io.BytesIO()
        self.odf.save(out)
        # Photos are compressed already: odfdo would deflate them again, which costs more
        # than all the rest of the rendering, so they go into the package stored as they are.
        with zipfile.ZipFile(out, "a") as package:
            for path, data in self.pictures.items():
                package.writestr(path, data, zipfile.ZIP_STORED)
            package.writestr(
                PACKAGED_RECORD, packaged_record(self.document, self.embedded), zipfile.ZIP_DEFLATED
            )
        return out.getvalue()

    def _set_meta(self) -> None:
        meta = self.odf.meta
        meta.title = self.title
        meta.language = "zh-TW"
        meta.set_creation_date(dt.datetime.now().replace(microsecond=0))
        for keyword in self.report.get("keywords") or []:
            element = Element.from_tag("<meta:keyword/>")
            element.text = keyword
            meta.meta_body.append(element)
        if self.report.get("summary"):
            meta.description = self.report["summary"]

    # The parts of the report

    def _cover(self) -> None:
        self.body.append(Paragraph(common.cover_heading(self.document), style="Cover_20_Heading"))
        self.body.append(Paragraph(self.title, style="Title"))
        for n, line in enumerate(common.cover_lines(self.document)):
            # A hanging indent lines up a value's later lines (one traveller per line).
            hang_cm = (_label_width_em(line.label) + 1) * COVER_LINE_PT * 2.54 / 72
            name = f"CoverLine{n}"
            self.odf.insert_style(
                _paragraph_style(
                    name,
                    name,
                    parent="Cover_20_Line",
                    paragraph=f'fo:margin-left="{1.5 + hang_cm:.3f}cm" '
                    f'fo:text-indent="-{hang_cm:.3f}cm"',
                ),
                automatic=True,
            )
            self.body.append(Paragraph(f"{line.label}：{line.value}", style=name))

    def _summary(self) -> None:
        """摘要 and its paragraphs, one per line; nothing for a report without one."""
        lines = [line for line in (self.report.get("summary") or "").splitlines() if line.strip()]
        if lines:
            self.body.append(Paragraph("摘要", style="Summary_20_Heading"))
        for line in lines:
            self.body.append(Paragraph(line, style="Text_20_body"))

    def _indexes(self) -> tuple[TOC, TOC | None]:
        """目次, and 圖次 when the report has figures."""
        contents = _index("目次", 3, "Contents_20_Heading", "Contents_20_%d")
        self.body.append(contents)
        if not common.has_figures(self.document):
            return contents, None
        figures = _index(
            "圖次", 1, "Illustration_20_Index_20_Heading", "Illustration_20_Index_20_%d"
        )
        source = figures.get_element("text:table-of-content-source")
        source.set_attribute("text:use-outline-level", "false")
        source.set_attribute("text:use-index-marks", "false")
        source.set_attribute("text:use-index-source-styles", "true")
        source.append(
            Element.from_tag(
                '<text:index-source-styles text:outline-level="1">'
                f'<text:index-source-style text:style-name="{FIGURE_STYLE}"/>'
                "</text:index-source-styles>"
            )
        )
        self.body.append(figures)
        return contents, figures

    def _itinerary(self) -> None:
        self._heading(1, common.itinerary_title(self.document))
        table = Element.from_tag('<table:table table:name="行程表" table:style-name="Itinerary"/>')
        for i in range(len(common.ITINERARY_COLUMNS)):
            table.append(
                Element.from_tag(
                    f'<table:table-column table:style-name="Itinerary.{chr(65 + i)}"/>'
                )
            )
        header = Element.from_tag("<table:table-header-rows/>")
        header.append(_row(common.ITINERARY_COLUMNS, "Itinerary.Head", "Table_20_Heading"))
        table.append(header)
        for cells in common.itinerary_rows(self.document):
            table.append(_row(cells, "Itinerary.Cell", "Table_20_Contents"))
        self.body.append(table)

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
                    self.body.append(Paragraph(paragraph, style="Text_20_body"))

    def _heading(self, level: int, text: str) -> None:
        bookmark = f"__RefHeading__{len(self.headings) + 1}"
        heading = Header(level, text)
        heading.style = f"Heading_20_{level}"
        heading.insert(Bookmark(bookmark), start=True)
        self.body.append(heading)
        self.headings.append((level, text, bookmark))

    def _figures(self, block: dict) -> None:
        photos = block.get("photos") or []
        if not photos:
            self.body.append(Paragraph(block["text"], style="Figure_20_Placeholder"))
        frames = []
        for photo in photos:
            if image := common.office_photo(photo):
                frames.append(self._photo_frame(image))
                if photo.get("sha256"):
                    self.embedded[photo["sha256"]] = hashlib.sha256(image.data).hexdigest()
            else:
                self.body.append(Paragraph(common.photo_name(photo), style="Figure_20_Placeholder"))
        for pair in (frames[i : i + 2] for i in range(0, len(frames), 2)):
            row = Paragraph("", style="Figure_20_Photos")
            for frame in pair:
                row.append(frame)
            self.body.append(row)
        caption_text = common.figure_caption(block)
        bookmark = f"__RefFigure__{len(self.figures) + 1}"
        caption = Paragraph(caption_text, style=FIGURE_STYLE)
        caption.insert(Bookmark(bookmark), start=True)
        self.body.append(caption)
        self.figures.append((caption_text, bookmark))

    def _photo_frame(self, image: common.OfficePhoto) -> Frame:
        path = f"Pictures/{hashlib.sha256(image.data).hexdigest()[:32]}.{image.extension}"
        if path not in self.pictures:
            self.pictures[path] = image.data
            self.odf.manifest.add_full_path(path, image.mime_type)
        width, height = image.size_cm(PHOTO_WIDTH_CM, PHOTO_MAX_HEIGHT_CM)
        self.frames += 1
        return Frame.image_frame(
            path,
            name=f"Photo{self.frames}",
            style="Photo",
            size=(f"{width:.3f}cm", f"{height:.3f}cm"),
            anchor_type="as-char",
        )

    def _fill_indexes(self, contents: TOC, figure_index: TOC | None) -> None:
        for level, text, bookmark in self.headings:
            contents.body.append(_index_entry(f"Contents_20_{level}", text, bookmark))
        for text, bookmark in self.figures:
            figure_index.body.append(_index_entry("Illustration_20_Index_20_1", text, bookmark))


def _index(title: str, outline_level: int, title_style: str, entry_style: str) -> TOC:
    """An index whose entries are as LibreOffice writes them: linked text, dotted tab, page."""
    toc = TOC(title, outline_level=outline_level, title_style=title_style, entry_style=entry_style)
    # odfdo leaves the title paragraph unstyled.
    toc.body.get_element("text:index-title/text:p").style = title_style
    for template in toc.get_elements(
        "text:table-of-content-source/text:table-of-content-entry-template"
    ):
        for tag in (
            '<text:index-entry-link-start text:style-name="Index_20_Link"/>',
            "<text:index-entry-text/>",
            '<text:index-entry-tab-stop style:type="right" style:leader-char="."/>',
            "<text:index-entry-page-number/>",
            "<text:index-entry-link-end/>",
        ):
            template.append(Element.from_tag(tag))
    return toc


def _index_entry(style: str, text: str, bookmark: str) -> Paragraph:
    """An index entry whose page number the office suite computes from the bookmark."""
    link = Link(f"#{bookmark}", text=text, style="Index_20_Link", visited_style="Index_20_Link")
    link.set_attribute("xlink:type", "simple")
    link.append(Tab())
    link.append(
        Element.from_tag(
            f'<text:bookmark-ref text:reference-format="page" text:ref-name="{bookmark}"/>'
        )
    )
    entry = Paragraph("", style=style)
    entry.append(link)
    return entry


def _row(cells: list[str], cell_style: str, paragraph_style: str) -> Element:
    row = Element.from_tag("<table:table-row/>")
    for text in cells:
        cell = Element.from_tag(
            f'<table:table-cell table:style-name="{cell_style}" office:value-type="string"/>'
        )
        for line in text.split("\n"):
            cell.append(Paragraph(line, style=paragraph_style))
        row.append(cell)
    return row
