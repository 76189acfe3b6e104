"""How fast the notebooks feel in JupyterLab: ``python benchmarks/bench_browser.py [FOLDER]``.

For every notebook, in headless Chromium against JupyterLab served from the Binder stand-in
environment (the one the browser tests use):

* the time from opening the notebook to all cells run (Run > Run All Cells);
* the median time from a control change to the widget's updated output, measured in the page
  (from the browser's input event to the last change of what the widget shows);
* per explorer, every key press of a keyboard-only walk through it (Tab to each control,
  Space / arrow keys / typing; ``harness.keyboard_walk``): median and worst time from the key
  to the new view in the page, against the 300 ms goal for the worst; and the slowest
  presses one by one (notebook, explorer, control, keys, to new pixels, to the kernel's first
  message back, and the kernel's idle time before the key), so the worst can be explained;
* the same walk at a reader's pace, on a new kernel (Run All again), through the explorers
  that warm up the views one change away once the kernel has been idle for a second (New
  START, sources): each press :data:`READING_PAUSE_S` after the view before settled, as a
  student who reads the new chart before the next key. The first walk presses as soon as the
  page has been still for 300 ms, faster than anyone reads, so no warm-up runs before it.

Both are printed as ratios measured in the same run: against a floor notebook (pandas,
matplotlib and ipywidgets imported, one chart drawn, a slider redrawing a chart in an Output),
which is the least a widget notebook can cost on this machine, and against the 300 ms goal for
a control change. Nothing is asserted: the machine is shared and timings are noisy.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import sys
import tempfile
from contextlib import contextmanager
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

import binder_env  # noqa: E402
import harness  # noqa: E402

GOAL_MS = 300
CHANGES = 7  # timed control changes per notebook, after one untimed warm-up change
WORST_SHOWN = 10  # the slowest key presses listed, each with what explains it
READING_PAUSE_S = 3.0  # a reader's pause before each key of the second walk

FLOOR_CELLS = [
    harness.FLOOR_IMPORTS,
    "df = pd.DataFrame({'year': range(2010, 2021), 'value': range(11)})\n"
    "df.plot(x='year', y='value')\nplt.show()",
    harness.FLOOR_WIDGET,
]
FLOOR = "_floor.ipynb"


@contextmanager
def _lab_page(browser, server):
    """A page of its own for one notebook; its kernels are shut down when it closes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        yield page
    finally:
        server.shutdown_kernels(page)
        context.close()


def measure(browser, server, root: Path, name: str) -> dict:
    """Open, run all and change a control ``CHANGES`` times in one notebook."""
    plan = harness.NotebookPlan.read(root / name)
    names = _explorer_names(root / name)
    with _lab_page(browser, server) as page:
        opened = harness.open_notebook(page, server.url, name)
        ran = harness.run_all(page, plan)
        problems = harness.notebook_problems(page, plan)
        first = harness.change_a_control(page, plan)
        # The same kind of control again; a button that changes nothing when pressed twice
        # gives way to the next one (that wait is not part of the latency).
        latencies = [
            harness.change_a_control(page, plan, cells=[first.cell], kinds=[first.kind],
                                     candidates=20, timeout=5,
                                     last_first=first.kind == "click").latency_ms
            for _ in range(CHANGES)
        ]
        # Then a keyboard-only walk through every explorer: each press is one first change.
        walk = harness.keyboard_walk(page, plan) if name != FLOOR else []
    explorers, record = _by_explorer(walk, names, name)
    # And at a reader's pace, on a new kernel, through the explorers that warm up.
    warming = [cell for cell, explorer in names.items() if explorer in _warming_explorers()]
    reading, reading_record = {}, []
    if warming:
        with _lab_page(browser, server) as page:
            harness.open_notebook(page, server.url, name)
            harness.run_all(page, plan)
            slow = harness.keyboard_walk(page, plan, pause_s=READING_PAUSE_S, cells=warming)
        reading, reading_record = _by_explorer(slow, names, name)
    return {
        "keyboard": {k: _press_figures(v) for k, v in explorers.items()},
        "presses": record,
        "reading": {k: _press_figures(v) for k, v in reading.items()},
        "reading_presses": reading_record,
        "open_s": round(opened, 2),
        "open_to_all_run_s": round(opened + ran, 2),
        "control": f"cell {first.cell} {first.kind}",
        "change_median_ms": round(statistics.median(latencies), 1),
        "change_max_ms": round(max(latencies), 1),
        "problems": problems,
    }


@cache
def _warming_explorers() -> tuple[str, ...]:
    """The ``explore_*`` functions whose explorers warm up (are built with ``warm_up=``)."""
    from summitlib import widgets

    return tuple(name for name in widgets.__all__ if name.startswith("explore_")
                 and getattr(getattr(widgets, name)(), "_warm_up", None) is not None)


def _by_explorer(walk, names: dict[int, str], notebook: str):
    """The presses of a walk that changed the view: by explorer, and one record each."""
    explorers, record = {}, []
    for press in walk:
        if press.changed:
            explorer = names.get(press.cell, f"cell {press.cell}")
            explorers.setdefault(explorer, []).append(press)
            record.append({"notebook": notebook, "explorer": explorer, "cell": press.cell,
                           "control": press.control, "keys": press.keys,
                           "first_ms": press.first_ms, "pixels_ms": press.pixels_ms,
                           "gap_ms": press.gap_ms})
    return explorers, record


def _press_figures(presses) -> dict:
    """Median and worst of a walk's presses: to new pixels (the frame painted after the new
    chart image was decoded), to the last change of the page, to the first one (the kernel's
    first message back: its drawing time plus the round trip)."""
    figures = {"presses": len(presses)}
    for name, attribute in (("", "latency_ms"), ("pixels_", "pixels_ms"),
                            ("first_", "first_ms")):
        values = [getattr(p, attribute) for p in presses if getattr(p, attribute) is not None]
        if values:
            figures[f"{name}median_ms"] = round(statistics.median(values), 1)
            figures[f"{name}worst_ms"] = round(max(values), 1)
    return figures


def _explorer_names(path: Path) -> dict[int, str]:
    """Cell index -> the explorer its last line makes (``explore_topic``), from the file."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    names = {}
    for index, cell in enumerate(cells):
        source = "".join(cell.get("source", ""))
        found = re.findall(r"\b(explore_\w+)\(", source)
        if cell["cell_type"] == "code" and found:
            names[index] = found[-1]
    return names


def _environment(workdir: Path):
    chosen = os.environ.get("SUMMITLIB_LAB_PYTHON")
    if chosen:
        return chosen, binder_env.isolated_jupyter_env(Path(chosen).parent.parent, workdir)
    env, _, _ = binder_env.ensure_env()
    return str(binder_env.env_python(env)), binder_env.isolated_jupyter_env(env, workdir)


def main(notebook_dir: str | Path | None = None) -> dict:
    """Measure every notebook in ``notebook_dir`` (default: the repository's ``notebooks/``)."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        print("browser: skipped, Chromium is not installed (apt-get install chromium)")
        return {"skipped": "no chromium"}
    source = Path(notebook_dir or REPO / "notebooks")
    notebooks = sorted(p.name for p in source.glob("*.ipynb"))
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp:
        tmp = Path(tmp)
        root = harness.copy_notebooks(source, tmp / "served" / "notebooks")
        harness.write_code_notebook(root / FLOOR, FLOOR_CELLS)
        python, variables = _environment(tmp / "home")
        results = {}
        with harness.LabServer(python, root, tmp / "lab", env=variables) as server, \
                sync_playwright() as playwright:
            browser = harness.launch_chromium(playwright, chromium)
            try:
                # The floor first and last, so a machine that slows down mid-run shows up.
                floors = [measure(browser, server, root, FLOOR)]
                for name in notebooks:
                    results[name] = measure(browser, server, root, name)
                floors.append(measure(browser, server, root, FLOOR))
            finally:
                browser.close()
    floor = {
        "open_to_all_run_s": statistics.mean(f["open_to_all_run_s"] for f in floors),
        "change_median_ms": statistics.mean(f["change_median_ms"] for f in floors),
    }
    print(f"Browser (JupyterLab in headless Chromium, {CHANGES} control changes per notebook)")
    print(f"  floor notebook: open to all run {floor['open_to_all_run_s']:.1f} s, control change "
          f"median {floor['change_median_ms']:.0f} ms "
          f"(runs: {[f['open_to_all_run_s'] for f in floors]} s, "
          f"{[f['change_median_ms'] for f in floors]} ms)")
    header = (f"  {'notebook':<48} {'open+run s':>10} {'x floor':>8} {'change ms':>10} "
              f"{'x floor':>8} {'x 300ms':>8}  control")
    print(header)
    for name, r in results.items():
        r["open_ratio_to_floor"] = round(r["open_to_all_run_s"] / floor["open_to_all_run_s"], 2)
        r["change_ratio_to_floor"] = round(r["change_median_ms"] / floor["change_median_ms"], 2)
        r["change_ratio_to_goal"] = round(r["change_median_ms"] / GOAL_MS, 2)
        print(f"  {name:<48} {r['open_to_all_run_s']:>10.1f} {r['open_ratio_to_floor']:>8.2f} "
              f"{r['change_median_ms']:>10.0f} {r['change_ratio_to_floor']:>8.2f} "
              f"{r['change_ratio_to_goal']:>8.2f}  {r['control']}")
        if r["problems"]:
            print(f"    problems: {r['problems']}")
    if not results:
        print(f"  (no notebooks in {source} yet: only the floor was measured)")
    floor_goal = floor["change_median_ms"] / GOAL_MS
    print(f"  floor control change against the {GOAL_MS} ms goal: x{floor_goal:.2f}")
    print(f"  keyboard walk, key press to new pixels in the page (goal: worst under {GOAL_MS} ms);"
          " then to the last change of the page and to its first (the kernel's first message "
          "back)")
    summary, slowest = _walk_figures(results, "keyboard", "presses")
    print(f"  the same walk at a reader's pace ({READING_PAUSE_S:.0f} s before each key), on a "
          f"new kernel, through the explorers that warm up "
          f"({', '.join(_warming_explorers())})")
    reading, reading_slowest = _walk_figures(results, "reading", "reading_presses")
    return {"floor": floor, "floor_runs": floors, "goal_ms": GOAL_MS, "notebooks": results,
            "keyboard": summary, "slowest_presses": slowest,
            "reading": reading, "reading_slowest_presses": reading_slowest}


def _walk_figures(results: dict, figures_key: str, presses_key: str):
    """Print one walk's figures per explorer and its slowest presses; return both."""
    keyboard = {}
    for r in results.values():
        for explorer, figures in r[figures_key].items():
            keyboard.setdefault(explorer, []).append(figures)
    print(f"  {'explorer':<24} {'presses':>7} {'pixels med':>10} {'worst':>6} {'x goal':>7}"
          f" {'last med':>9} {'worst':>6} {'first med':>10} {'worst':>6}")
    summary = {}
    for explorer, runs in sorted(keyboard.items()):
        row = {"presses": sum(f["presses"] for f in runs)}
        for key in ("pixels_median_ms", "median_ms", "first_median_ms"):
            row[key] = statistics.median(f.get(key, 0) for f in runs)
        for key in ("pixels_worst_ms", "worst_ms", "first_worst_ms"):
            row[key] = max(f.get(key, 0) for f in runs)
        row["worst_ratio_to_goal"] = round(row["pixels_worst_ms"] / GOAL_MS, 2)
        summary[explorer] = row
        print(f"  {explorer:<24} {row['presses']:>7} {row['pixels_median_ms']:>10.0f} "
              f"{row['pixels_worst_ms']:>6.0f} {row['worst_ratio_to_goal']:>7.2f} "
              f"{row['median_ms']:>9.0f} {row['worst_ms']:>6.0f} "
              f"{row['first_median_ms']:>10.0f} {row['first_worst_ms']:>6.0f}")
    presses = sorted((p for r in results.values() for p in r[presses_key]),
                     key=lambda p: p["pixels_ms"] or 0, reverse=True)
    print(f"  the {WORST_SHOWN} slowest presses to new pixels: the kernel's first message back "
          "(its time to draw the view, plus the round trip), and the idle time before the key "
          "(since the last change of the press before: the kernel warms up after 1 s idle)")
    print(f"  {'explorer':<20} {'control':<28} {'keys':<10} {'pixels':>7} {'first':>7} "
          f"{'idle':>7}  notebook")
    for p in presses[:WORST_SHOWN]:
        gap = "" if p["gap_ms"] is None else f"{p['gap_ms']:.0f}"
        print(f"  {p['explorer']:<20} {p['control'][:28]:<28} {p['keys'][:10]:<10} "
              f"{p['pixels_ms'] or 0:>7.0f} {p['first_ms'] or 0:>7.0f} {gap:>7}  "
              f"{p['notebook']} (cell {p['cell']})")
    return summary, presses[:WORST_SHOWN]


if __name__ == "__main__":
    main(*sys.argv[1:2])
