"""Envoy's main pages on a phone (390 × 844) in real Chromium, in both languages, each page
as the role that uses it, over the permission crawl's small world (the seed mission and its
report, a published copy of it, Tokyo, G-NETS, Koike, the proposed actions, a forum spotted):

- nothing makes the page wider than the phone (the document scrolls only down);
- no text is squeezed into a column so narrow that it stands one or two characters a line;
- axe-core finds no serious or critical accessibility violation.

Every page is checked before the test fails, so that its message lists every problem found.
axe-core comes from npm (package.json, installed by bin/test into node_modules/); it is never
served by Envoy, only injected into the page by the test.
"""

import json
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.test_permission_crawl import build_dataset

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.phone,
    pytest.mark.one_pass("sqlite"),
]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# The impacts that fail the test; "moderate" and "minor" ones are listed but pass.
BLOCKING = ("serious", "critical")

# What makes the page wider than its window: the document's scroll width against the layout
# viewport's, and for the message the deepest visible elements that stick out on the right.
OVERFLOW = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const scroll = Math.max(root.scrollWidth, document.body.scrollWidth);
  if (scroll <= width) return null;
  const culprits = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.right <= width + 1 || box.width === 0 || !element.checkVisibility()) continue;
    // Only the deepest: an element none of whose children sticks out too.
    const child = [...element.children].some((c) => c.getBoundingClientRect().right > width + 1);
    if (child) continue;
    const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
      + (element.classList.length ? "." + [...element.classList].join(".") : "");
    culprits.push(`${name} (right edge ${Math.round(box.right)}px)`);
    if (culprits.length === 5) break;
  }
  return {width, scroll, culprits};
}"""

# Text stood one or two characters a line. For each visible run of text (a text node with at
# least two characters that are not spaces), the lines it is drawn on are its client rects
# grouped by their vertical position, and the room it had is the content width of the box
# that lays it out (its nearest ancestor that is not inline). A run broken over two lines or
# more in a box narrower than 2.5 em of its font holds at most two Chinese characters, or
# one short word, a line: the column it sits in is too narrow to read. (A short run that
# merely wraps at the end of a wide paragraph has a wide box, and passes; a Latin word too
# long for its box overflows instead, which the check above finds.) The brief's "at least
# three lines high and under 2 em wide" is a case of it. Text visually hidden for screen
# readers (in a box of one pixel that hides its overflow) is not drawn, and not checked.
SQUEEZED = """() => {
  // Inside a box of a pixel that hides its overflow: text kept for screen readers only.
  const clippedAway = (element) => {
    for (let e = element; e && e !== document.body; e = e.parentElement) {
      const box = e.getBoundingClientRect();
      if ((box.width <= 1 || box.height <= 1) && getComputedStyle(e).overflow !== "visible") {
        return true;
      }
    }
    return false;
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.replace(/\\s+/g, "");
    const parent = node.parentElement;
    if ([...text].length < 2 || !parent || !parent.checkVisibility({visibilityProperty: true})) {
      continue;
    }
    if (clippedAway(parent)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const tops = new Set();
    for (const rect of range.getClientRects()) {
      if (rect.width >= 1 && rect.height >= 1) tops.add(Math.round(rect.top / 4));
    }
    if (tops.size < 2) continue;
    let box = parent;
    while (box.parentElement && ["inline", "contents"].includes(getComputedStyle(box).display)) {
      box = box.parentElement;
    }
    const style = getComputedStyle(box);
    const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const em = parseFloat(getComputedStyle(parent).fontSize);
    if (room < 2.5 * em) {
      found.push(`"${text.slice(0, 24)}" in <${box.tagName.toLowerCase()}`
        + `${box.className ? " class=" + box.className : ""}>: ${tops.size} lines`
        + ` in ${Math.round(room)}px`);
    }
  }
  return found;
}"""


# The keyboard's way through the top of a page: the first stop is the skip link, shown; then
# every control it reaches draws a ring (Chromium's own, or an outline of at least 2px).
KEYBOARD_STOPS = 12
FOCUS_RING = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  // Chromium's own ring ("auto") counts; "outline: none" or a hairline does not.
  const ring = style.outlineStyle === "auto"
    || (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2);
  const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
    + (element.className && typeof element.className === "string" ? "." + element.className : "");
  return {name, ring, top: element.getBoundingClientRect().top};
}"""


def keyboard_problems(page) -> list[str]:
    """Tab from the top of the page as loaded: the skip link first, visible, pointing at
    <main> (unless the page put the focus in a field of its own, as the sign-in form does,
    or its address names a part of it, where the keyboard then starts);
    then a focus ring on every control reached, up to the page's end or a frame (whose
    inside is the PDF viewer's, not Envoy's)."""
    problems = []
    autofocused = page.evaluate("document.activeElement !== document.body || location.hash !== ''")
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUS_RING)
    if not autofocused:
        if not first["name"].startswith("a.skip-link") or first["top"] < 0:
            problems.append(f"the first Tab reaches {first['name']}, not the skip link, shown")
        elif (
            page.locator(".skip-link").get_attribute("href") != "#main"
            or page.locator("main#main").count() != 1
        ):
            problems.append("the skip link does not lead to <main id=main>")
    stop = first
    for _ in range(KEYBOARD_STOPS):
        if stop["name"].startswith(("body", "iframe")):
            break
        if not stop["ring"]:
            problems.append(f"no focus ring on {stop['name']}")
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_RING)
    return problems


def menu_problems(page) -> list[str]:
    """On a signed-in page: the menu is folded behind its button, and opened it shows every
    link, none of them squeezed, the page no wider than the phone; Escape folds it."""
    button = page.locator("header .menu > summary")
    if not button.is_visible():
        return ["no menu button on a phone"]
    links = page.locator("header .menu a, header .menu button")
    if links.first.is_visible():
        return ["the menu is open before its button is pressed"]
    button.click()
    problems = [
        f"{link.inner_text()!r} hidden in the open menu"
        for link in links.all()
        if not link.is_visible()
    ]
    overflow = page.evaluate(OVERFLOW)
    if overflow:
        problems.append(f"the open menu makes the page {overflow['scroll']}px wide")
    problems += [f"squeezed in the open menu: {text}" for text in page.evaluate(SQUEEZED)]
    # Escape, from a link of the open menu, folds it back to its button.
    links.first.focus()
    page.keyboard.press("Escape")
    if page.locator("header details.menu").evaluate("(menu) => menu.open"):
        problems.append("Escape leaves the menu open")
        button.click()
    return problems


def sign_in(page, user) -> None:
    """Through the sign-in form (in whichever language the page is)."""
    page.context.clear_cookies(name="sessionid")
    if user is None:
        return
    page.goto(reverse("login"))
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill("x")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".usermenu .who")).to_contain_text(user.display_name)


def main_pages(dataset: dict[str, str]) -> list[tuple[str, str, str]]:
    """(what, who, path) of each page checked; pages are grouped by who sees them."""
    mission, report = dataset["mission"], dataset["report"]
    opportunity = dataset["opportunity"]
    return [
        ("login", "anonymous", reverse("login")),
        ("archive home", "anonymous", reverse("portal:home")),
        ("archive list", "anonymous", reverse("portal:reports")),
        ("archive search", "anonymous", reverse("portal:search") + "?q=東京"),
        ("archive report", "anonymous", reverse("portal:report", args=[dataset["published"]])),
        ("home (officer)", "officer", reverse("home")),
        ("missions list", "officer", reverse("missions:list")),
        ("relations: people", "officer", reverse("relations:people")),
        ("relations: person", "officer", reverse("relations:person", args=[dataset["person"]])),
        ("relations: organisations", "officer", reverse("relations:organisations")),
        ("relations: cities", "officer", reverse("relations:cities")),
        ("relations: city", "officer", reverse("relations:city", args=[dataset["city"]])),
        ("relations: networks", "officer", reverse("relations:networks")),
        ("actions tracking table", "officer", reverse("actions:table")),
        ("talent pool", "officer", reverse("talent:pool") + "?q=日語"),
        ("talent matches", "officer", reverse("talent:matches")),
        ("opportunities", "officer", reverse("opportunities:list")),
        ("opportunities import", "officer", reverse("opportunities:import")),
        ("search", "officer", reverse("search:search") + "?q=東京"),
        ("notices settings", "officer", reverse("notices:settings")),
        ("home (editor)", "owner", reverse("home")),
        ("mission page", "owner", reverse("missions:detail", args=[mission])),
        ("mission edit", "owner", reverse("missions:edit", args=[mission])),
        ("delegation", "owner", reverse("missions:delegation", args=[mission])),
        ("per diem estimate", "owner", reverse("planning:per_diem", args=[mission])),
        ("trip plans", "owner", reverse("plans:list")),
        ("new trip plan", "owner", reverse("plans:create")),
        ("trip plan", "owner", reverse("plans:detail", args=[dataset["plan"]])),
        ("talent profile", "owner", reverse("talent:detail", args=[dataset["talent_profile"]])),
        ("talent profile edit", "owner", reverse("talent:edit", args=[dataset["talent_profile"]])),
        ("opportunity", "owner", reverse("opportunities:detail", args=[opportunity])),
        ("opportunity edit", "owner", reverse("opportunities:edit", args=[opportunity])),
        ("traveller's handbook", "owner", reverse("planning:handbook", args=[mission])),
        ("hosting a visit", "owner", reverse("hosting:visit", args=[dataset["visit"]])),
        (
            "hosting: visitor",
            "owner",
            reverse("hosting:visitor", args=[dataset["visit"], dataset["visitor"]]),
        ),
        (
            "hosting: gift",
            "owner",
            reverse("hosting:gift_edit", args=[dataset["visit"], dataset["gift"]]),
        ),
        ("hosting: talent pool", "owner", reverse("hosting:pool", args=[dataset["visit"]])),
        ("report editor", "owner", reverse("reports:edit", args=[report])),
        ("report print page", "owner", reverse("reports:print", args=[report])),
        ("report actions", "owner", reverse("actions:report", args=[report])),
        ("home (reviewer)", "reviewer", reverse("home")),
        ("report workflow", "reviewer", reverse("reports:workflow", args=[report])),
        ("home (viewer)", "viewer", reverse("home")),
    ]


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as it stands. The script is evaluated by the
    browser's debugging protocol, not added as a <script> element, which the page's
    Content-Security-Policy would rightly refuse."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """() => axe.run(document, {
             resultTypes: ["violations"],
             runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                             "best-practice"]},
           })"""
    )
    return result["violations"]


def describe(violation: dict) -> str:
    targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
    more = len(violation["nodes"]) - 3
    return (
        f"{violation['impact']} {violation['id']} ({violation['help']}) "
        f"×{len(violation['nodes'])}: {targets}{f' …+{more}' if more > 0 else ''}"
    )


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_main_pages_fit_a_phone_and_pass_axe(
    language, cast, bureaus, chromium_page, live_server, settings
):
    assert AXE.exists(), f"{AXE} is missing: run `npm ci` (bin/test does so)"
    dataset = build_dataset(cast, bureaus)
    # The language: the signed-in users' own choice, the cookie for visitors.
    for user in cast.values():
        if user is not None:
            user.language = language
            user.save(update_fields=["language"])
    page = chromium_page.page
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    failures: list[str] = []
    tally = {"pages": 0, "overflow": 0, "squeezed": 0, "axe": {}}
    signed_in = "anonymous"
    for what, who, path in main_pages(dataset):
        if who != signed_in:
            sign_in(page, cast[who])
            signed_in = who
        response = page.goto(path)
        assert response.status == 200, f"{what}: {path} answered {response.status}"
        page.wait_for_load_state("load")
        where = f"[{language}] {what} ({path})"
        tally["pages"] += 1
        html_lang = page.evaluate("document.documentElement.lang")
        assert html_lang == ("en" if language == "en" else "zh-Hant-TW"), (where, html_lang)

        overflow = page.evaluate(OVERFLOW)
        if overflow:
            tally["overflow"] += 1
            failures.append(
                f"{where}: {overflow['scroll']}px wide in a {overflow['width']}px window; "
                f"sticking out: {'; '.join(overflow['culprits'])}"
            )
        squeezed = page.evaluate(SQUEEZED)
        if squeezed:
            tally["squeezed"] += 1
            failures.append(f"{where}: text a character or two a line: " + "; ".join(squeezed[:6]))
        failures.extend(f"{where}: {problem}" for problem in keyboard_problems(page))
        if what.startswith("home"):
            failures.extend(f"{where}: {problem}" for problem in menu_problems(page))
            menu = page.locator("header .menu > summary")
            if what == "home (officer)" and menu.is_visible():
                menu.click()
                chromium_page.screenshot(f"phone-{language}-menu-open", full_page=False)
                menu.click()
        for violation in axe_violations(page):
            impact = violation["impact"]
            tally["axe"][impact] = tally["axe"].get(impact, 0) + 1
            if impact in BLOCKING:
                failures.append(f"{where}: axe {describe(violation)}")
            else:
                print(f"{where}: axe (passes) {describe(violation)}")
        slug = re.sub(r"[^a-z0-9]+", "-", what.lower()).strip("-")
        chromium_page.screenshot(f"phone-{language}-{slug}")

    print(f"phone/axe tally [{language}]: {json.dumps(tally, sort_keys=True)}")
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)
    assert not chromium_page.problems, "\n".join(chromium_page.problems)
