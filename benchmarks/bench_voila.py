"""How fast the presentation page comes up in Voilà: ``python benchmarks/bench_voila.py``.

In headless Chromium against Voilà served from the Binder stand-in environment (the one the
browser tests use), the time from the page request to every widget live (measured in the page,
from the navigation's start to the first moment all the page's widgets show their view), for
``notebooks/Explore-the-summit.ipynb`` and for a floor page (one slider redrawing a chart in an
Output: the least a widget page costs on this machine). Voilà starts a fresh kernel for every
request, so each run pays for a kernel start and for running the notebook, as a class does. The
runs alternate between the two pages, so a machine that slows down mid-run affects both alike.
Nothing is asserted: the machine is shared and timings are noisy.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

import binder_env  # noqa: E402
import harness  # noqa: E402

PAGE = "Explore-the-summit.ipynb"
RUNS = 3
FLOOR = "_floor.ipynb"
FLOOR_CELLS = [harness.FLOOR_IMPORTS, harness.FLOOR_WIDGET]


def measure(browser, server, name: str, widget_count: int) -> float:
    """Seconds from the request for ``name`` to all its widgets live, in a fresh browser tab."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        harness.keep_local(page, server.url)
        seconds = harness.open_voila_page(page, f"{server.url}/voila/render/{name}", widget_count)
        problems = harness.voila_problems(page)
        if problems:
            raise harness.HarnessError(f"{name} in Voilà: {problems}")
        return seconds
    finally:
        context.close()


def _environment(workdir: Path):
    chosen = os.environ.get("SUMMITLIB_LAB_PYTHON")
    if chosen:
        return chosen, binder_env.isolated_jupyter_env(Path(chosen).parent.parent, workdir)
    env, _, _ = binder_env.ensure_env()
    return str(binder_env.env_python(env)), binder_env.isolated_jupyter_env(env, workdir)


def main() -> dict:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        print("voila: skipped, Chromium is not installed (apt-get install chromium)")
        return {"skipped": "no chromium"}
    widgets = len(harness.NotebookPlan.read(REPO / "notebooks" / PAGE).widget_cells)
    with tempfile.TemporaryDirectory(prefix="bench-voila-") as tmp:
        tmp = Path(tmp)
        root = harness.copy_notebooks(REPO / "notebooks", tmp / "served" / "notebooks")
        harness.write_code_notebook(root / FLOOR, FLOOR_CELLS)
        python, variables = _environment(tmp / "home")
        floors, pages = [], []
        # Voilà on the folder (as `voila notebooks/`), so both pages come from one server.
        with harness.VoilaServer(python, root.parent, "notebooks", tmp / "voila",
                                 env=variables) as server, sync_playwright() as playwright:
            browser = harness.launch_chromium(playwright, chromium)
            try:
                measure(browser, server, FLOOR, 1)  # warm-up: file caches
                for _ in range(RUNS):
                    floors.append(measure(browser, server, FLOOR, 1))
                    pages.append(measure(browser, server, PAGE, widgets))
            finally:
                browser.close()
    floor, page = statistics.median(floors), statistics.median(pages)
    print(f"Voilà (headless Chromium, 1280x720, {RUNS} runs each, a fresh kernel per request)")
    print(f"  floor page (one slider and chart): request to widget live, median {floor:.1f} s "
          f"(runs: {[round(s, 1) for s in floors]})")
    print(f"  {PAGE} ({widgets} explorers): request to all widgets live, median {page:.1f} s "
          f"(runs: {[round(s, 1) for s in pages]}), x{page / floor:.2f} the floor")
    return {
        "floor_s": round(floor, 2), "floor_runs_s": [round(s, 2) for s in floors],
        "page_s": round(page, 2), "page_runs_s": [round(s, 2) for s in pages],
        "page_ratio_to_floor": round(page / floor, 2), "widgets": widgets,
    }


if __name__ == "__main__":
    main()
