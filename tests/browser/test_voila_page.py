"""The presentation page, ``notebooks/Explore-the-summit.ipynb``, served by Voilà in Chromium.

Voilà runs from the Binder stand-in environment (``binder/requirements.txt`` installs it), started
as the README tells an instructor: ``voila notebooks/Explore-the-summit.ipynb``, on a copy of the
notebooks. Every request that does not go to that local server is blocked, so the page is known
to work without a network. The page is opened once at a projector's 1280x720 and once at a
phone's 390x844; on it: every widget is live, no code shows, one control of each explorer
changes what that explorer shows (by mouse or by keyboard), the text is large enough to read from
the back of a room, nothing runs off the side of the screen, axe-core finds nothing serious or
critical, and a screenshot of each size goes to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import harness
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
PAGE = "Explore-the-summit.ipynb"
PAGE_PATH = REPO / "notebooks" / PAGE
PLAN = harness.NotebookPlan.read(PAGE_PATH)
PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
# The explorers in page order, as the notebook calls them.
EXPLORERS = [re.search(r"explore_(\w+)\(", "".join(json.loads(PAGE_PATH.read_text())["cells"][i]
                                                       ["source"])).group(1)
             for i in PLAN.widget_cells]


@pytest.fixture(scope="module")
def voila(lab_environment, tmp_path_factory):
    python, variables = lab_environment
    root = tmp_path_factory.mktemp("served")
    harness.copy_notebooks(REPO / "notebooks", root / "notebooks")
    with harness.VoilaServer(python, root, f"notebooks/{PAGE}", tmp_path_factory.mktemp("voila"),
                             env=variables) as server:
        yield server


def _open(browser, server, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    page.blocked = harness.keep_local(page, server.url)
    page.live_after_s = harness.open_voila_page(page, f"{server.url}/", len(PLAN.widget_cells))
    return context, page


@pytest.fixture(scope="module")
def projector(browser, voila):
    context, page = _open(browser, voila, PROJECTOR)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="module")
def phone(browser, voila):
    context, page = _open(browser, voila, PHONE)
    try:
        yield page
    finally:
        context.close()


def _screenshot(page, path: Path) -> None:
    """What the screen shows, then the whole page at the same width (the page scrolls inside
    ``#rendered_cells``, so a full-page screenshot needs a viewport as tall as the page)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page.evaluate("() => document.getElementById('rendered_cells').scrollTo(0, 0)")
    page.screenshot(path=str(path))
    viewport = page.viewport_size
    height = page.evaluate("() => document.getElementById('rendered_cells').scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": min(height, 16000)})
    try:
        page.wait_for_timeout(500)
        page.screenshot(path=str(path.with_name(path.stem + "-full.png")))
    finally:
        page.set_viewport_size(viewport)


def _explorer(page, name):
    return page.locator(harness.VOILA_WIDGETS).nth(EXPLORERS.index(name))


SHOWN_JS = """(root) => {
    const out = root.querySelector(':scope > .widget-output') || root;
    return out.innerText + [...out.querySelectorAll('img')].map(i => i.src.length).join(',');
}"""


def _changes(page, root, action, *, timeout=60):
    """Do ``action()``; wait until the explorer shows something else; return the new text."""
    before = root.evaluate(SHOWN_JS)
    action()
    page.wait_for_function(f"([root, before]) => ({SHOWN_JS})(root) !== before",
                           arg=[root.element_handle(), before], timeout=timeout * 1000,
                           polling=100)
    return root.locator(":scope > .widget-output").inner_text()


def test_the_page_shows_every_explorer_of_the_course():
    import summitlib.widgets

    every = {name.removeprefix("explore_") for name in summitlib.widgets.__all__
             if name.startswith("explore_")}
    assert sorted(EXPLORERS) == sorted(every)


def test_every_widget_is_live_with_no_network_beyond_the_server(projector):
    assert projector.locator(harness.VOILA_WIDGETS).count() == len(PLAN.widget_cells)
    assert harness.voila_problems(projector) == []
    assert projector.js_errors == []
    # summitlib's Voilà template drops what Voilà's own asks a CDN for: nothing leaves the server.
    assert projector.blocked == []


def test_no_code_is_shown(projector):
    assert projector.locator(".jp-CodeCell .jp-InputArea, .cm-editor, .CodeMirror").count() == 0
    text = projector.locator("#rendered_cells").inner_text()
    cells = json.loads(PAGE_PATH.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "code":
            for line in "".join(cell["source"]).splitlines():
                if line.strip() and not line.lstrip().startswith("#") and len(line.strip()) > 8:
                    assert line.strip() not in text, f"code shows on the page: {line!r}"
    # The Markdown is there: the title and the sources.
    assert "Explore the Helsinki Summit" in text and "Sources" in text


def _toggle(root, row: int, label: str):
    """The toggle button ``label`` in the explorer's ``row``-th row of toggle buttons.

    The chosen button's accessible name ends in ", selected" (the explorers' check mark), so
    the name is matched with or without it.
    """
    name = re.compile(rf"^{re.escape(label)}(\W+selected)?$")
    return root.locator(".widget-toggle-buttons").nth(row).get_by_role("button", name=name)


def test_the_topic_explorer_answers_the_keyboard(projector):
    root = _explorer(projector, "topic")
    buttons = root.locator(".widget-toggle-buttons").first.get_by_role("button")
    buttons.first.scroll_into_view_if_needed()
    # Another topic than the one shown, picked as a keyboard user would: focus, then Space.
    label = next(b.inner_text().strip() for b in buttons.all()
                 if "mod-active" not in (b.get_attribute("class") or ""))
    button = _toggle(root, 0, label)
    shown = _changes(projector, root, lambda: (button.focus(), projector.keyboard.press("Space")))
    assert "mod-active" in button.get_attribute("class")
    assert shown.splitlines()[0] == label  # the view is headed by the topic picked


def test_the_source_comparison_changes_with_the_first_source(projector):
    root = _explorer(projector, "sources")
    _toggle(root, 0, "CRS").scroll_into_view_if_needed()
    shown = _changes(projector, root, lambda: _toggle(root, 1, "CRS").click())
    shown = _changes(projector, root, lambda: _toggle(root, 0, "CGTN").click())
    # The CRS Insight covers Ukraine and Crimea (paragraph 15); the CGTN article does not.
    assert re.search(r"Only CRS covers:.*Ukraine and Crimea", shown)


def test_new_start_what_if_reports_a_broken_limit_from_the_keyboard(projector):
    root = _explorer(projector, "new_start")
    what_if = root.get_by_role("button", name="What if…")
    what_if.scroll_into_view_if_needed()
    # From the keyboard, as a presenter without a mouse would: focus, then Space.
    _changes(projector, root, lambda: (what_if.focus(), projector.keyboard.press("Space")))
    warheads = root.locator("input[type=number]").first
    assert warheads.is_enabled(), "the number boxes stay disabled"

    warheads.focus()
    projector.keyboard.press("Control+A")
    projector.keyboard.type("2500")
    # The box redraws as each digit arrives: wait for the view of the whole number, 2,500
    # deployed warheads against New START's limit of 1,550 (State Department).
    projector.wait_for_function(
        "(root) => root.innerText.includes('950 over the limit of 1,550')",
        arg=root.element_handle(), timeout=60_000, polling=100)


def _event_count(text: str) -> int:
    return int(re.search(r"(\d+) events? from", text).group(1))


def test_the_timeline_narrows_to_one_topic(projector):
    root = _explorer(projector, "timeline")
    syria = root.get_by_role("checkbox", name="Syria")
    syria.scroll_into_view_if_needed()
    total = _event_count(root.locator(":scope > .widget-output").inner_text())
    shown = _changes(projector, root, lambda: (syria.focus(), projector.keyboard.press("Space")))
    assert _event_count(shown) < total


def test_the_statement_search_finds_a_word(projector):
    root = _explorer(projector, "statements")
    word = root.locator("input[type=text]")
    word.scroll_into_view_if_needed()
    shown = _changes(projector, root, lambda: (word.fill("rubbish"), word.press("Enter")))
    # CGTN, paragraph 11: Putin tells the press to get "this rubbish" out of their heads.
    assert shown.startswith("1 statement matches")
    assert "CGTN ¶11" in shown


def test_who_said_it_moves_to_the_next_quote_from_the_keyboard(projector):
    root = _explorer(projector, "who_said_it")
    button = root.get_by_role("button", name="Next quote")
    button.scroll_into_view_if_needed()
    before = root.locator(":scope > .widget-output").inner_text()
    shown = _changes(projector, root, lambda: (button.focus(), projector.keyboard.press("Enter")))
    number = int(re.match(r"Quote (\d+) of \d+", before).group(1))
    assert re.match(rf"Quote {number + 1} of \d+", shown), shown[:80]


LAYOUT_JS = """() => {
    const width = document.documentElement.clientWidth;
    const cells = document.getElementById('rendered_cells');
    const controls = [...cells.querySelectorAll(
        'select, input, button, .widget-label')]
        .filter(e => e.offsetParent !== null);
    const off = controls.map(e => [e, e.getBoundingClientRect()])
        .filter(([e, r]) => r.left < -1 || r.right > width + 1)
        .map(([e, r]) => `${e.tagName}.${e.className} "${(e.innerText || e.value || '')
            .slice(0, 30)}" at ${Math.round(r.left)}..${Math.round(r.right)}`);
    const size = s => parseFloat(getComputedStyle(s).fontSize);
    return {
        width, page_width: cells.scrollWidth, controls: controls.length, off,
        prose_px: size(cells.querySelector('.jp-MarkdownOutput p')),
        widget_px: size(cells.querySelector('.widget-label')),
    };
}"""


@pytest.mark.parametrize("screen, smallest", [("projector", 20), ("phone", 16)])
def test_the_page_fits_the_screen(request, screen, smallest, screenshot_path):
    page = request.getfixturevalue(screen)
    viewport = page.viewport_size
    _screenshot(page, screenshot_path(f"Explore-the-summit-voila-{viewport['width']}x"
                                      f"{viewport['height']}"))
    layout = page.evaluate(LAYOUT_JS)
    assert layout["page_width"] <= layout["width"], "the page scrolls sideways"
    assert layout["controls"] > 20 and layout["off"] == [], layout["off"]
    # Readable from the back of a room: prose at 20 px on a projector (JupyterLab's is 14 px).
    assert layout["prose_px"] >= smallest and layout["widget_px"] >= smallest - 3, layout


SERIOUS = {"serious", "critical"}


def _axe(page, **context):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context or None)
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in SERIOUS]


@pytest.mark.parametrize("screen", ["projector", "phone"])
def test_axe_finds_nothing_serious_in_the_page_itself(request, screen):
    """The page's own parts: its text, headings, links and style, around the explorers."""
    page = request.getfixturevalue(screen)
    assert _axe(page, exclude=[[harness.VOILA_WIDGETS]]) == []


def test_axe_finds_nothing_serious_in_the_explorers(projector):
    assert _axe(projector) == []


def test_the_readme_opens_the_page_in_voila_on_binder(start_lab, page, tmp_path_factory):
    """The README's Binder link for the page: JupyterLab's server with Voilà's extension."""
    links = re.findall(r"https://mybinder\.org/v2/gh/[^)\s\"'`]+",
                       (REPO / "README.md").read_text(encoding="utf-8"))
    urlpaths = {parse_qs(urlparse(link).query).get("urlpath", [""])[0] for link in links}
    assert f"voila/render/notebooks/{PAGE}" in urlpaths, urlpaths
    assert f"&& voila notebooks/{PAGE}\n" in (REPO / "README.md").read_text(encoding="utf-8")
    root = tmp_path_factory.mktemp("binder-served")
    harness.copy_notebooks(REPO / "notebooks", root / "notebooks")
    with start_lab(root, tmp_path_factory.mktemp("binder-lab")) as server:
        blocked = harness.keep_local(page, server.url)
        harness.open_voila_page(page, f"{server.url}/voila/render/notebooks/{PAGE}",
                                len(PLAN.widget_cells))
        assert harness.voila_problems(page) == []
        assert blocked == []
