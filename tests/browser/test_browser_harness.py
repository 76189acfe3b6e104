"""The browser harness itself, on two small notebooks made here: one sound, one broken.

The sound notebook uses what the real ones use (ipywidgets with an Output updated by a callback,
a matplotlib chart, Markdown feedback from a ``.check`` call); the harness must pass it and time
a control change. The broken one shows each thing a student must never see; the harness must
name every one of them, so the real notebooks' tests cannot pass by accident.
"""

from __future__ import annotations

import harness
import nbformat
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SOUND = [
    ("markdown", "# Harness probe\n\nA notebook the browser harness is tested on."),
    ("code", "import ipywidgets as widgets\nimport matplotlib.pyplot as plt\n"
             "from IPython.display import Markdown, display"),
    ("code", "choice = widgets.Dropdown(options=['squares', 'cubes'], description='Show')\n"
             "size = widgets.IntSlider(value=3, min=1, max=6, description='How many')\n"
             "out = widgets.Output()\n\n"
             "def redraw(*_):\n"
             "    power = 2 if choice.value == 'squares' else 3\n"
             "    with out:\n"
             "        out.clear_output(wait=True)\n"
             "        print(choice.value, [i ** power for i in range(1, size.value + 1)])\n\n"
             "choice.observe(redraw, 'value')\n"
             "size.observe(redraw, 'value')\n"
             "redraw()\n"
             "widgets.VBox([choice, size, out])"),
    ("code", "fig, ax = plt.subplots(figsize=(4, 2.5))\n"
             "ax.bar(['a', 'b', 'c'], [3, 1, 2])\n"
             "ax.set_title('A chart drawn by the probe')\n"
             "plt.show()"),
    ("code", "word = widgets.Text(placeholder='a word, e.g. cubes', continuous_update=False)\n"
             "picks = widgets.SelectMultiple(options=['one', 'two', 'three'], value=['one'])\n"
             "again = widgets.Button(description='Again')\n"
             "clicks = widgets.Output()\n\n"
             "def report(*_):\n"
             "    clicks.outputs = ({'output_type': 'stream', 'name': 'stdout',\n"
             "                       'text': f'{word.value!r} {picks.value} {len(seen)}'},)\n\n"
             "seen = []\n"
             "word.observe(report, 'value')\n"
             "picks.observe(report, 'value')\n"
             "again.on_click(lambda b: (seen.append(1), report()))\n"
             "report()\n"
             "widgets.VBox([word, picks, again, clicks])"),
    ("code", "class Question:\n"
             "    def check(self, answer):\n"
             "        display(Markdown('**Not attempted yet.** Replace `____` with your answer.'\n"
             "                         if answer is None else '**Correct.**'))\n\n"
             "q1 = Question()\n"
             "answer_1 = None"),
    ("code", "q1.check(answer_1)"),
    ("code", ""),
]

BROKEN = [
    ("code", "import ipywidgets as widgets\nfrom IPython.display import display"),
    # A widget that JupyterLab cannot render live shows as its text form.
    ("code", "display({'text/plain': 'VBox(children=(IntSlider(value=0),))'}, raw=True)"),
    # A widget view whose model the page never received.
    ("code", "display({'application/vnd.jupyter.widget-view+json': {'model_id': 'no-such-model', "
             "'version_major': 2, 'version_minor': 0}}, raw=True)"),
    # A control wired to nothing: changing it updates nothing. Its option of value None shows
    # as a blank dropdown.
    ("code", "widgets.Dropdown(options=[('All', None), ('b', 'b')], value=None)"),
    # An exercise check that shows no feedback.
    ("code", "class Question:\n    def check(self, answer):\n        pass\n\n"
             "Question().check(1)"),
    # A cell meant to show a widget that shows nothing.
    ("code", "def explore_nothing():\n    return None\n\nexplore_nothing()"),
    # What a summitlib widget shows when its view could not be made.
    ("code", "from IPython.display import HTML\n"
             "HTML('<div role=\"alert\">This view could not be updated.</div>')"),
    ("code", "1 / 0"),
    ("code", "print('never reached: Run All stops at the error above')"),
]


def _write(path, cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(src) if kind == "markdown"
                else nbformat.v4.new_code_cell(src) for kind, src in cells]
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def probe_server(start_lab, tmp_path_factory):
    root = tmp_path_factory.mktemp("probe-notebooks")
    _write(root / "sound.ipynb", SOUND)
    _write(root / "broken.ipynb", BROKEN)
    with start_lab(root, tmp_path_factory.mktemp("probe-lab")) as server:
        yield server, root


def test_a_sound_notebook_passes_and_its_widget_responds(page, probe_server, screenshot_path):
    server, root = probe_server
    plan = harness.NotebookPlan.read(root / "sound.ipynb")
    assert plan.code_cells == [1, 2, 3, 4, 5, 6] and plan.widget_cells == [2, 4]
    assert plan.check_cells == [6]
    try:
        harness.open_notebook(page, server.url, plan.name)
        harness.run_all(page, plan)
        assert harness.notebook_problems(page, plan) == []
        chart = harness.cell_report(page, 3)
        assert [o["mime"] for o in chart["outputs"]] == ["image/png"]
        change = harness.change_a_control(page, plan)
        assert change.cell == 2 and change.kind == "select"
        assert "squares [1, 4, 9]" in change.before and "cubes [1, 8, 27]" in change.after
        assert 0 < change.latency_ms < 30_000
        # The slider too: the next control in the same widget updates the same output.
        output = page.locator(".widget-output").first
        page.locator(".widget-slider .noUi-handle").first.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("el => el.innerText.includes('cubes [1, 8, 27, 64]')",
                               arg=output.element_handle(), timeout=30_000)
        # Every other kind of control a summitlib widget uses.
        typed = harness.change_a_control(page, plan, cells=[4], kinds=["text"])
        assert typed.after.endswith("'cubes' ('one',) 0")
        picked = harness.change_a_control(page, plan, cells=[4], kinds=["select"])
        assert "('two',)" in picked.after
        clicked = harness.change_a_control(page, plan, cells=[4], kinds=["click"])
        assert clicked.after.endswith("1")
        # The keyboard walk, narrowed to one widget and at a reader's pace: it presses only
        # that widget's controls (the text box, then the button), each after the pause.
        walk = harness.keyboard_walk(page, plan, cells=[4], pause_s=0.5)
        assert [(p.cell, p.keys, p.changed) for p in walk] == [
            (4, "type nuclear, Enter", True), (4, "Space", True)]
        assert walk[1].gap_ms >= 500
        assert harness.notebook_problems(page, plan) == []
    finally:
        harness.screenshot_notebook(page, screenshot_path("_harness-sound"))
        server.shutdown_kernels(page)
    assert page.js_errors == []


def test_a_broken_notebook_shows_every_problem(page, probe_server, screenshot_path):
    server, root = probe_server
    plan = harness.NotebookPlan.read(root / "broken.ipynb")
    assert plan.widget_cells == [3, 5]
    try:
        harness.open_notebook(page, server.url, plan.name)
        harness.run_all(page, plan)
        problems = "\n".join(harness.notebook_problems(page, plan))
        with pytest.raises(harness.HarnessError, match="no control changed"):
            harness.change_a_control(page, plan, timeout=3)
    finally:
        harness.screenshot_notebook(page, screenshot_path("_harness-broken"))
        server.shutdown_kernels(page)
    assert "cell 1 shows a widget as text" in problems
    assert "cell 2 shows a widget that did not render" in problems
    assert "cell 4 calls .check but shows no feedback" in problems
    assert "cell 5 should show a widget" in problems
    assert "cell 6 shows an alert: 'This view could not be updated.'" in problems
    assert "cell 7 shows an error" in problems and "ZeroDivisionError" in problems
    assert "cell 8 did not run" in problems
    assert "cell 3 shows the dropdown 'All' blank" in problems
