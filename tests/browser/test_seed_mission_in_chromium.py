"""The seed mission in real Chromium: sign in, open the mission, edit a paragraph of the report,
attach a photo to a figure group, download the PDF and find both on the right pages in it."""

import io
import re
import secrets
import time

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from envoy.reports.enums import BlockKind
from envoy.reports.models import Block

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass("sqlite")]

FIRST_CAPTION = "東京臨海廣域防災公園體驗學習設施"  # the seed's first figure group, 圖 1-3
PHOTO_SIZE = (1200, 800)


def squeeze(text: str) -> str:
    """Text without white space, for comparing across line wraps. pdfium returns a hyphen it
    finds at a line end as U+FFFE; the sentences compared here have no hyphen: it goes too."""
    return re.sub(r"[\s\ufffe]", "", text)


def gradient_jpeg(size=PHOTO_SIZE) -> bytes:
    """A JPEG photo: red across, green down, a blue glow in the middle, and a label."""
    across = Image.linear_gradient("L").rotate(90).resize(size)
    down = Image.linear_gradient("L").resize(size)
    glow = Image.radial_gradient("L").resize(size).point(lambda v: 255 - v)
    image = Image.merge("RGB", (across, down, glow))
    ImageDraw.Draw(image).text((40, 40), "Envoy browser test", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def pdf_pages(data: bytes) -> list[tuple[str, list[tuple[int, int]]]]:
    """Each page's text and the pixel sizes of the images drawn on it."""
    pdf = pdfium.PdfDocument(data)
    try:
        pages = []
        for page in pdf:
            text = page.get_textpage().get_text_range()
            images = [
                tuple(image.get_px_size())
                for image in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE])
            ]
            pages.append((text, images))
        return pages
    finally:
        pdf.close()


def footer_number(text: str) -> int | None:
    """The page number printed at the foot of a page, if it has one."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return int(lines[-1]) if lines and lines[-1].isdigit() else None


def show_pdf_preview(page, seconds: float = 10) -> None:
    """Make the print page's screenshot show the PDF preview: the whole page in the viewport
    (Chromium leaves the PDF viewer blank in a full-page capture beyond the viewport), and
    a wait until its PDF viewer shows the page count.

    The viewer is Chromium's own UI, not Envoy's: should a Chromium release draw it otherwise,
    the wait ends after ``seconds`` and the screenshot merely lacks the rendered pages. That
    the preview is a PDF is checked by its response, not here."""
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": page.viewport_size["width"], "height": height})
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        viewers = [frame for frame in page.frames if frame.url.startswith("chrome-extension:")]
        count = viewers[0].locator("viewer-page-selector #pagelength") if viewers else None
        if count is not None and count.count() and re.fullmatch(r"\d+", count.inner_text()):
            page.wait_for_timeout(500)  # for its first page to be painted
            return
        page.wait_for_timeout(200)


def test_seed_mission_edited_and_printed_in_chromium(mission_report, cast, chromium_page):
    page = chromium_page.page
    owner = cast["owner"]
    mission = mission_report.mission
    sentence = (
        f"瀏覽器測試新增段落：代號 {secrets.token_hex(4).upper()}，本段由自動化瀏覽器測試"
        "於報告編輯頁寫入，用以確認段落修改能即時儲存並正確出現在下載的 PDF 報告之中。"
    )

    # ----- Sign in through the form -----
    page.goto("/missions/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/missions/$"))
    page.get_by_label("帳號").fill(owner.username)
    page.get_by_label("密碼").fill("x")
    chromium_page.screenshot("01-sign-in")
    page.get_by_role("button", name="登入", exact=True).click()

    # ----- The missions list, then the seed mission by its title -----
    expect(page).to_have_url(re.compile(r"/missions/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("任務與報告")
    expect(page.locator(".usermenu .who")).to_contain_text(owner.display_name)
    chromium_page.screenshot("02-missions-list")
    page.get_by_role("link", name=mission.title, exact=True).click()

    expect(page).to_have_url(re.compile(rf"/missions/{mission.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(mission.title)
    expect(page.locator("#report-body")).to_contain_text("第一章 目的")
    chromium_page.screenshot("03-mission")

    # ----- The report editor: a paragraph of 第一章 目的 rewritten in place -----
    page.get_by_role("link", name="編輯報告", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/reports/{mission_report.pk}/edit/$"))
    # A mark on the window: still there after the save, so the page was not reloaded.
    page.evaluate("window.envoyBrowserTest = 'same page'")

    chapter = page.locator("section.chapter").filter(
        has=page.get_by_role("heading", name="第一章 目的", exact=True)
    )
    paragraph = chapter.locator("article.block.kind-paragraph").first
    block_id = paragraph.get_attribute("id")
    old_text = paragraph.locator("p.block-paragraph").inner_text()
    assert block_id and old_text.strip()

    paragraph.get_by_role("link", name="編輯", exact=True).click()
    form = page.locator(f"form#{block_id}")
    text_box = form.locator("textarea[name=text]")
    expect(text_box).to_have_value(re.compile(re.escape(old_text.strip()[:20])))
    text_box.fill(sentence)
    form.get_by_role("button", name="儲存", exact=True).click()

    saved = page.locator(f"article#{block_id} p.block-paragraph")
    expect(saved).to_have_text(sentence)
    expect(form).to_have_count(0)
    assert page.evaluate("window.envoyBrowserTest") == "same page"
    chromium_page.screenshot("04-report-editor")

    # ----- A photo for the first figure group (圖 1-3) -----
    group = page.locator("article.block.kind-figures").first
    figures = Block.objects.get(
        pk=int(group.get_attribute("id").removeprefix("block-")), kind=BlockKind.FIGURES
    )
    assert figures.text == FIRST_CAPTION
    expect(group.locator("figcaption").last).to_have_text(f"圖 1-3 {FIRST_CAPTION}")
    expect(group).to_contain_text("這個圖組還沒有照片。")
    group.locator("input[type=file]").set_input_files(
        files=[{"name": "漸層測試.jpg", "mimeType": "image/jpeg", "buffer": gradient_jpeg()}]
    )
    group.get_by_role("button", name="上傳", exact=True).click()

    # The figures are renumbered by their photos, in place: this group is now 圖 1, and the
    # next one (no photo yet, two figures as imported) moves from 圖 4-5 to 圖 2-3.
    captions = page.locator("article.block.kind-figures figure.block-figures > figcaption")
    expect(captions.first).to_have_text(f"圖 1 {FIRST_CAPTION}")
    expect(captions.nth(1)).to_have_text("圖 2-3 小池百合子知事於開幕致詞並與特別來賓互動")
    thumbnail = group.locator(".figure-photos .gallery img")
    expect(thumbnail).to_have_count(1)
    thumbnail.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )
    expect(group).not_to_contain_text("這個圖組還沒有照片。")
    expect(group.locator(".figure-photos .gallery figcaption")).to_contain_text("漸層測試.jpg")
    assert page.evaluate("window.envoyBrowserTest") == "same page"
    chromium_page.screenshot("05-figure-group-photo", locator=group)
    figures.refresh_from_db()
    assert figures.photos.count() == 1
    caption = f"圖 {figures.figure_label} {figures.text}"  # numbered by its photos now

    # ----- The print page, its preview, and the PDF download -----
    with page.expect_response(lambda response: response.url.endswith("/preview.pdf")) as shown:
        page.get_by_role("link", name="列印與下載", exact=True).click()
    assert shown.value.ok
    assert shown.value.headers["content-type"] == "application/pdf"
    expect(page).to_have_url(re.compile(rf"/reports/{mission_report.pk}/print/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(mission_report.title)
    show_pdf_preview(page)
    chromium_page.screenshot("06-print-page", full_page=False)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下載 PDF", exact=True).click()
    download = download_info.value
    assert download.failure() is None
    assert download.url.endswith(f"/reports/{mission_report.pk}/download/pdf/")
    assert download.suggested_filename.endswith(".pdf")
    data = chromium_page.keep(download, "report.pdf").read_bytes()
    assert data.startswith(b"%PDF-")

    assert not chromium_page.problems, "\n".join(chromium_page.problems)

    # ----- In the PDF: the new sentence under 第一章 目的 -----
    pages = pdf_pages(data)
    texts = [squeeze(text) for text, _ in pages]
    with_sentence = [i for i, text in enumerate(texts) if squeeze(sentence) in text]
    assert len(with_sentence) == 1, f"the new paragraph is on pages {with_sentence}"
    assert texts[with_sentence[0]].startswith(squeeze("第一章 目的"))
    assert squeeze(old_text)[:40] not in "".join(texts)

    # ----- …and the photo on the page of its caption, the only page with an image -----
    # A caption under its figure is a line of its own; in the 圖次 it has a page number.
    caption_pages = [
        i
        for i, (text, _) in enumerate(pages)
        if any(line.strip() == caption for line in text.splitlines())
    ]
    assert len(caption_pages) == 1, f"the caption is under a figure on pages {caption_pages}"
    caption_page = caption_pages[0]
    image_pages = [i for i, (_, images) in enumerate(pages) if images]
    assert image_pages == [caption_page]
    [(width, height)] = pages[caption_page][1]  # one image: the photo, 3:2 as uploaded
    assert abs(width / height - PHOTO_SIZE[0] / PHOTO_SIZE[1]) < 0.01
    # The list of figures (圖次) gives the number printed at the foot of that page.
    listed = re.search(
        rf"^{re.escape(caption)}[\s.…]*?(\d+)\s*$",
        next(text for text, _ in pages if squeeze(text).startswith("圖次")),
        re.MULTILINE,
    )
    assert listed, "the figure group is missing from the 圖次"
    assert footer_number(pages[caption_page][0]) == int(listed.group(1))
