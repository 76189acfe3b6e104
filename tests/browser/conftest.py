"""Fixtures for the browser tests: Chromium, and JupyterLab from the Binder stand-in.

JupyterLab runs from the environment built only from ``binder/`` (see ``binder_env.py``), so the
browser sees what a Binder user would. Set ``SUMMITLIB_LAB_PYTHON`` to a Python executable to
serve from that interpreter instead (quicker while developing; not what CI does).

Without Chromium the tests are skipped on a user's machine, but fail when ``CI`` is set: CI
must run them, never skip them.
"""

from __future__ import annotations

import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import binder_env  # noqa: E402
import harness  # noqa: E402

REPO = HERE.parents[1]
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium")
    if path is None:
        message = ("Chromium is not installed (no 'chromium' on the PATH); install Debian's "
                   "package with 'apt-get install chromium' to run the browser tests")
        if os.environ.get("CI"):
            pytest.fail(message + " (CI must run them, never skip them)")
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = harness.launch_chromium(playwright, chromium_path)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def lab_environment(tmp_path_factory):
    """``(python, process environment)`` that JupyterLab and its kernels run with."""
    home = tmp_path_factory.mktemp("lab-home")
    chosen = os.environ.get("SUMMITLIB_LAB_PYTHON")
    if chosen:
        return chosen, binder_env.isolated_jupyter_env(Path(chosen).parent.parent, home)
    env, _, _ = binder_env.ensure_env()
    return str(binder_env.env_python(env)), binder_env.isolated_jupyter_env(env, home)


@pytest.fixture(scope="session")
def start_lab(lab_environment):
    """Start JupyterLab on a folder: ``with start_lab(folder, workdir) as server: ...``."""
    python, variables = lab_environment

    @contextmanager
    def start(root_dir: Path, workdir: Path):
        with harness.LabServer(python, root_dir, workdir, env=variables) as server:
            yield server

    return start


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def screenshot_path():
    def path(name: str) -> Path:
        return SCREENSHOTS / f"{Path(name).stem}.png"

    return path


def pytest_collection_modifyitems(config, items):
    """Run a failed browser test once more (pytest-rerunfailures), with fresh kernels.

    A fresh ipykernel 7 now and then never answers a request: a first cell left pending, or
    widget messages left unanswered, in notebooks with no summitlib code at all (the harness's
    own probe notebook). About one CI run in three met one such test; the same test passed
    when run again, and the tests shut their kernels down whatever the outcome, so a rerun
    gets new ones. A test that fails twice fails; pytest reports the first failure as RERUN.
    """
    if not config.pluginmanager.hasplugin("rerunfailures"):
        return
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("flaky"):
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=2))
