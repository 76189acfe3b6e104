"""A first-time student in JupyterLab at 1024x700, file browser open: wrong answers first.

Notebook 02 is opened as Binder serves it (``binder/postBuild`` has stamped the kernel's
``language_info``), so opening it must not mark it changed. Then the student runs the setup
cell, answers Exercise 4 with "B", retypes it as a bare ``C`` (no quotes) and runs the check:
the answer cell must explain the missing quotes in one sentence, with Python's message folded
away, and the check must say the answer cell failed instead of judging the old "B". The
screenshot of that moment goes to ``test-artifacts/screenshots/first-time-stale-answer.png``.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import harness
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = "02-Election-Interference.ipynb"
WINDOW = {"width": 1024, "height": 700}

DIRTY_JS = ("() => !!document.querySelector("
            "'.lm-DockPanel .lm-TabBar-tab.lm-mod-current.jp-mod-dirty')")


@pytest.fixture(scope="module")
def lab(start_lab, lab_environment, tmp_path_factory):
    python, _ = lab_environment
    root = tmp_path_factory.mktemp("served")
    folder = harness.copy_notebooks(REPO / "notebooks", root / "notebooks")
    # What binder/postBuild does in the image, with the Python the kernel runs on.
    subprocess.run([python, str(REPO / "binder" / "stamp_language_info.py"), str(folder)],
                   check=True, capture_output=True, text=True, timeout=120)
    with start_lab(root, tmp_path_factory.mktemp("lab")) as server:
        yield server, root


@pytest.fixture
def small_page(browser):
    context = browser.new_context(viewport=WINDOW)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        yield page
    finally:
        context.close()


def _cells(root: Path) -> list[dict]:
    return json.loads((root / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))["cells"]


def _index(cells, *, exercise=None, role=None, starts=None) -> int:
    for i, cell in enumerate(cells):
        meta = cell.get("metadata", {}).get("summitlib", {})
        if exercise and (meta.get("exercise"), meta.get("role")) == (exercise, role):
            return i
        if starts and "".join(cell["source"]).startswith(starts):
            return i
    raise LookupError(f"no cell {exercise} {role} {starts} in {NOTEBOOK}")


def _cell(page, index):
    return page.locator(".jp-NotebookPanel-notebook .jp-Cell").nth(index)


def _run_cell(page, index, text=None) -> None:
    """Click into a cell, optionally replace its text as a student types, and Shift+Enter."""
    cell = _cell(page, index)
    cell.scroll_into_view_if_needed()
    editor = cell.locator(".cm-content")
    editor.click()
    if text is not None:
        page.keyboard.press("Control+a")
        page.keyboard.type(text)
    before = cell.locator(".jp-InputPrompt").inner_text()
    page.keyboard.press("Shift+Enter")
    harness.wait_until(
        page,
        """([i, before]) => {
            const c = document.querySelectorAll('.jp-NotebookPanel-notebook .jp-Cell')[i];
            const p = c.querySelector('.jp-InputPrompt').innerText.trim();
            return /^\\[\\d+\\]:?$/.test(p) && p !== before.trim();
        }""",
        arg=[index, before], timeout=120, what=f"cell {index} to finish running",
    )
    harness.wait_for_idle(page)


def _outputs(page, index) -> list[str]:
    return [o["text"] for o in harness.cell_report(page, index)["outputs"]]


def test_opening_is_not_a_change_and_a_stale_answer_is_never_judged(small_page, lab,
                                                                       screenshot_path):
    page = small_page
    server, root = lab
    cells = _cells(root)
    setup = _index(cells, starts="import matplotlib.pyplot as plt")
    answer = _index(cells, exercise="q4", role="answer")
    check = _index(cells, exercise="q4", role="check")
    try:
        harness.open_notebook(page, server.url, f"notebooks/{NOTEBOOK}")
        assert page.locator(".jp-DirListing").first.is_visible(), "the file browser is open"
        time.sleep(3)  # JupyterLab writes the kernel's language_info soon after it starts
        assert not page.evaluate(DIRTY_JS), (
            "opening the notebook marked it changed; a student closing it would be asked "
            "'Save changes?'")

        _run_cell(page, setup)
        _run_cell(page, answer, "answer_4 = 'B'")
        _run_cell(page, answer, 'answer_4 = C')
        shown = " ".join("\n".join(_outputs(page, answer)).split())
        assert 'put it in quotes: "C"' in shown, shown
        assert "Traceback" not in shown and "Show Python's full message" in shown, shown
        _run_cell(page, check)
        feedback = "\n".join(_outputs(page, check))
        assert feedback.startswith("Error. Your answer cell"), feedback
        assert "stopped with an error (NameError)" in feedback
        assert "not the right choice" not in feedback, "the old 'B' was judged"
        _cell(page, answer).scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_path("first-time-stale-answer")))

        _run_cell(page, answer, "answer_4 = 'B'")
        _run_cell(page, check)
        assert "\n".join(_outputs(page, check)).startswith("Correct"), _outputs(page, check)
    finally:
        server.shutdown_kernels(page)
