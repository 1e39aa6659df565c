"""Every page of the public archive, as an anonymous visitor reaches it by following links
from /archive/: none fails, none asks to sign in, none links out of the archive (but to
static files), and no word the public may not read appears in any of them — pages, PDFs
(their text read back) and photos alike."""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

import pypdfium2 as pdfium

from tests.conftest import client_for

from .corpus import NEVER_SHOWN, PUBLISHED_TEXT

# The corpus has about 530 addresses (facet combinations, both languages); a crawl that
# reaches this many is running away.
MAX_PAGES = 1500


class Links(HTMLParser):
    """The addresses a page points to: links, images, style sheets, scripts, forms."""

    ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "form": "action"}

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = self.ATTRIBUTES.get(tag)
        if name and attrs.get(name):
            self.found.append(attrs[name])
        if tag == "form" and (attrs.get("method") or "get").lower() != "get":
            self.inline.append(f"a form that posts: {attrs}")
        if tag == "script" and not attrs.get("src"):
            self.inline.append("an inline script")
        if tag == "style" or "style" in attrs:
            self.inline.append(f"inline style in <{tag}>")
        if any(name.startswith("on") for name in attrs):
            self.inline.append(f"an event handler in <{tag}>")


def text_of(response) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind == "application/pdf":
        pdf = pdfium.PdfDocument(data)
        return "".join("".join(page.get_textpage().get_text_range().split()) for page in pdf)
    if kind.startswith("image/"):
        return data.decode("latin-1")
    return data.decode("utf-8")


def crawl(client, starts: list[str]) -> dict[str, str]:
    """Breadth first from ``starts``: address → the text of what it answered. Fails at the
    first address that answers anything but 200 (or a redirect within the archive)."""
    seen, queue, texts = set(starts), deque(starts), {}
    while queue:
        url = queue.popleft()
        assert len(texts) < MAX_PAGES, "the crawl does not end"
        response = client.get(url)
        if response.status_code == 302:
            target = response["Location"]
            assert urlsplit(target).path.startswith("/archive/"), (url, target)
            assert "/accounts/login" not in target, url
            if target not in seen:
                seen.add(target)
                queue.append(target)
            texts[url] = ""
            continue
        assert response.status_code == 200, (url, response.status_code)
        text = text_of(response)
        texts[url] = text
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = Links()
        parser.feed(text)
        assert parser.inline == [], (url, parser.inline)
        for link in parser.found:
            target = urljoin(url, link.replace("&amp;", "&"))
            parts = urlsplit(target)
            assert not parts.netloc or parts.netloc == "testserver", (url, link)
            if parts.path.startswith("/static/"):
                continue
            assert parts.path.startswith("/archive/"), (url, link)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return texts


def test_every_page_the_public_can_reach_is_free_of_what_it_may_not_read(archive):
    starts = [
        "/archive/",
        # Searches a visitor types; their result pages then lead on.
        "/archive/search/?q=%E6%9D%B1%E4%BA%AC",
        "/archive/search/?q=G-NETS",
        *[f"/archive/search/?q={marker}" for marker in NEVER_SHOWN],
    ]
    texts = crawl(client_for(None), starts)
    seed = archive["seed"]
    # The crawl reached every kind of page: reports, their PDFs, photos, both languages.
    assert {
        f"/archive/reports/{seed.pk}/",
        f"/archive/reports/{seed.pk}.pdf",
        "/archive/reports/",
        "/archive/search/",
    } <= set(texts)
    assert any(url.startswith("/archive/photos/") for url in texts)
    assert any(url.startswith("/archive/language/?lang=en") for url in texts)
    assert any(url.startswith("/archive/language/?lang=zh-hant") for url in texts)
    for report in archive["published"]:
        assert f"/archive/reports/{report.pk}/" in texts
        assert f"/archive/reports/{report.pk}.pdf" in texts
    assert PUBLISHED_TEXT in texts[f"/archive/reports/{seed.pk}/"]
    assert PUBLISHED_TEXT in texts[f"/archive/reports/{seed.pk}.pdf"]
    # Nothing the public may not read, anywhere but in the searches typed for it (echoed
    # back in the search box, the title and the language link of their own page).
    for url, text in texts.items():
        echoed = unquote(url.split("q=", 1)[1].split("&", 1)[0]) if "q=" in url else None
        for marker in NEVER_SHOWN:
            if marker == echoed:
                continue
            assert marker not in text, (marker, url)
    for hidden in archive["hidden"].values():
        assert f"/archive/reports/{hidden.pk}/" not in texts
