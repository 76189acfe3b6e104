"""Every notebook in JupyterLab in headless Chromium, as a Binder user would run it.

JupyterLab serves a copy of the repository's ``notebooks/`` folder (autosave never touches the
repository) from the Binder stand-in environment, with the copy's parent as its root, as on
Binder. For each notebook: open it, Run > Run All Cells, then check that no cell shows an error,
every widget is live, a control of at least one widget changes what that widget shows, and every
exercise check shows its feedback. A full-page screenshot of each notebook goes to
``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import harness
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
START = "00-Start-here.ipynb"


@pytest.fixture(scope="module")
def lab(start_lab, tmp_path_factory):
    root = tmp_path_factory.mktemp("served")
    harness.copy_notebooks(REPO / "notebooks", root / "notebooks")
    with start_lab(root, tmp_path_factory.mktemp("lab")) as server:
        yield server, root


def test_there_are_notebooks_to_open():
    assert NOTEBOOKS, "notebooks/ holds no .ipynb: the browser tests would test nothing"


def test_the_readme_binder_link_opens_the_start_notebook(page, lab):
    server, _ = lab
    links = re.findall(r"https://mybinder\.org/v2/gh/[^)\s\"'`]+",
                       (REPO / "README.md").read_text(encoding="utf-8"))
    # The presentation page's link (urlpath=voila/...) is tested with the page, in
    # test_voila_page.py; the JupyterLab links must all open the start notebook.
    launch = [link for link in links if "urlpath=" in link and "urlpath=voila/" not in link]
    assert launch, "README.md has no Binder launch link with ?urlpath=lab/..."
    urlpaths = {parse_qs(urlparse(link).query)["urlpath"][0] for link in launch}
    assert urlpaths == {f"lab/tree/notebooks/{START}"}, urlpaths
    urlpath = urlpaths.pop()
    try:
        harness.open_notebook(page, server.url, f"notebooks/{START}",
                              url=f"{server.url}/{urlpath}")
    finally:
        server.shutdown_kernels(page)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_in_jupyterlab(page, lab, notebook, screenshot_path):
    server, root = lab
    plan = harness.NotebookPlan.read(root / "notebooks" / notebook.name)
    assert plan.widget_cells, f"{notebook.name} shows no widget (a cell ending in explore_...())"
    try:
        harness.open_notebook(page, server.url, f"notebooks/{notebook.name}")
        harness.run_all(page, plan)
        problems = harness.notebook_problems(page, plan)
        assert problems == [], f"{notebook.name}:\n" + "\n".join(problems)
        change = harness.change_a_control(page, plan)
        assert change.before != change.after
        # What the change shows must be sound too (no error message in its place).
        problems = harness.notebook_problems(page, plan)
        assert problems == [], f"{notebook.name} after a {change.kind} change:\n" + "\n".join(
            problems)
    finally:
        harness.screenshot_notebook(page, screenshot_path(notebook.name))
        server.shutdown_kernels(page)
