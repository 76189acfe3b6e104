"""Every notebook in JupyterLab as a keyboard-only and a screen-reader user meets it.

For each notebook, after Run > Run All Cells: every image in the outputs has a non-empty
alternative text; axe-core, run over our outputs only (JupyterLab's own page is upstream),
finds no serious or critical violation; and every explorer is driven by the keyboard alone
(Tab to each control, Space / arrow keys / typing to change it), each change showing
something new. The press that JupyterLab used to take (ArrowDown on a collapsed drop-down,
ipywidgets issue 3912) cannot happen: no explorer has a drop-down, slider or list left.
Screenshots go to ``test-artifacts/screenshots/`` (``access-NN-....png``).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import harness
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def lab(start_lab, tmp_path_factory):
    root = tmp_path_factory.mktemp("served")
    harness.copy_notebooks(REPO / "notebooks", root / "notebooks")
    with start_lab(root, tmp_path_factory.mktemp("lab")) as server:
        yield server, root


def _problems_of_the_walk(presses):
    problems = []
    by_widget = {}
    for press in presses:
        by_widget.setdefault(press.cell, []).append(press)
        # Toggle buttons, check boxes, number boxes and text boxes always show something new.
        if press.kind != "button" and not press.changed:
            problems.append(f"cell {press.cell}: {press.keys} on the {press.kind} "
                            f"{press.control!r} changed nothing")
    for cell, mine in by_widget.items():
        if not any(p.changed for p in mine):
            problems.append(f"cell {cell}: no key press changed the widget ({mine})")
    return problems


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_works_by_keyboard_and_for_screen_readers(page, lab, notebook,
                                                           screenshot_path):
    server, root = lab
    plan = harness.NotebookPlan.read(root / "notebooks" / notebook.name)
    try:
        harness.open_notebook(page, server.url, f"notebooks/{notebook.name}")
        harness.run_all(page, plan)
        assert harness.notebook_problems(page, plan) == []

        images = harness.output_images(page)
        assert images, f"{notebook.name} shows no chart image"
        missing = [i for i in images if not (i["alt"] or "").strip()]
        assert missing == [], f"images without a text alternative: {missing}"

        assert harness.axe_outputs(page) == []

        presses = harness.keyboard_walk(page, plan)
        record = REPO / "test-artifacts" / "keyboard-walk" / f"{notebook.stem}.json"
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps([dataclasses.asdict(p) for p in presses], indent=1))
        cells = {p.cell for p in presses}
        assert cells == set(plan.widget_cells), (
            f"widgets the keyboard walk did not drive: {set(plan.widget_cells) - cells}")
        assert _problems_of_the_walk(presses) == []
        # What the keys showed is sound, and as accessible as the first view.
        assert harness.notebook_problems(page, plan) == []
        assert harness.axe_outputs(page) == []
        assert all((i["alt"] or "").strip() for i in harness.output_images(page))
    finally:
        harness.screenshot_notebook(page, screenshot_path(f"access-{notebook.name}"))
        server.shutdown_kernels(page)


def _toggle_names(page):
    buttons = f"{harness.OUTPUTS} .widget-toggle-buttons button"
    active = page.evaluate(
        "(s) => [...document.querySelectorAll(s)].map(b => b.classList.contains('mod-active'))",
        buttons)
    return list(zip(harness.accessible_names(page, buttons), active, strict=True))


def test_a_screen_reader_hears_which_toggle_button_is_chosen(page, lab, screenshot_path):
    """ipywidgets' ToggleButtons set no aria-pressed: the chosen one's name says "selected"."""
    server, root = lab
    name = "04-Arms-Control-and-New-START.ipynb"
    plan = harness.NotebookPlan.read(root / "notebooks" / name)
    try:
        harness.open_notebook(page, server.url, f"notebooks/{name}")
        harness.run_all(page, plan)
        names = _toggle_names(page)
        assert names, "no toggle buttons in the notebook's explorers"
        for label, chosen in names:
            assert label.endswith("selected") == chosen, names
        # Space on another button of the first group: the name moves with the choice.
        group = page.locator(f"{harness.OUTPUTS} .widget-toggle-buttons").first
        other = group.locator("button:not(.mod-active)").first.element_handle()
        picked = other.inner_text().replace("\u2713", "").strip()
        other.focus()
        page.keyboard.press("Space")
        page.wait_for_function("(b) => b.classList.contains('mod-active')", arg=other,
                               timeout=30_000)
        after = dict((n.split(",")[0].replace("\u2713", "").strip(), c)
                     for n, c in _toggle_names(page)[:group.locator("button").count()])
        assert after[picked] is True
        for label, chosen in _toggle_names(page):
            assert label.endswith("selected") == chosen
        assert harness.axe_outputs(page) == []
    finally:
        harness.screenshot_notebook(page, screenshot_path(f"access-toggle-{name}"))
        server.shutdown_kernels(page)
