"""Latin names in reports as Chromium draws them with Envoy's stylesheet.

Noto Sans CJK has z and a combining háček but no precomposed ž: with the CJK face first in
the font stack, Chromium drew ž as z plus the háček, and the háček landed on the u
(Sprindzǔks, 17 glyphs for 16 letters). Chromium reports which fonts drew a node's text and
with how many glyphs (DevTools' CSS.getPlatformFontsForNode).
"""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

PAGE = """<!doctype html>
<html lang="zh-Hant"><head><meta charset="utf-8"><style>{css}</style></head>
<body><main>
<p id="name">Māris Sprindžuks</p>
<h2 id="heading">拉脫維亞 Māris Sprindžuks、Vilnis Ķirsis 代表</h2>
</main></body></html>"""


@pytest.fixture(scope="module")
def fonts_of():
    """fonts_of(selector): [(family, PostScript name, glyphs)] that drew the node's text."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (bin/test does).")
    from playwright.sync_api import sync_playwright

    css = Path(finders.find("envoy/envoy.css")).read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.set_content(PAGE.format(css=css))
        devtools = page.context.new_cdp_session(page)
        devtools.send("DOM.enable")
        devtools.send("CSS.enable")
        root = devtools.send("DOM.getDocument")["root"]["nodeId"]

        def fonts_of(selector: str) -> list[tuple[str, str, int]]:
            node = devtools.send("DOM.querySelector", {"nodeId": root, "selector": selector})
            fonts = devtools.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
            return sorted(
                (font["familyName"], font["postScriptName"], font["glyphCount"])
                for font in fonts["fonts"]
            )

        yield fonts_of
        browser.close()


def test_a_latin_name_is_drawn_whole_by_one_latin_face(fonts_of):
    # 16 glyphs for the 16 characters of "Māris Sprindžuks": ž is one glyph.
    assert fonts_of("#name") == [("DejaVu Sans", "DejaVuSans", 16)]


def test_chinese_comes_from_the_cjk_face_and_latin_names_from_the_latin_one(fonts_of):
    # 拉脫維亞、代表: 7 glyphs; the Latin names, with the spaces, 31.
    assert fonts_of("#heading") == [
        ("DejaVu Sans", "DejaVuSans-Bold", 31),
        ("Noto Sans CJK TC", "NotoSansCJKtc-Bold", 7),
    ]
