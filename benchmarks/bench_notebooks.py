"""Benchmark: time to execute each notebook top to bottom, against a floor notebook.

Run with ``python benchmarks/bench_notebooks.py``. The floor notebook only imports pandas,
matplotlib and ipywidgets and draws one chart: the least any notebook of this course costs.
Each notebook and the floor are executed in a fresh kernel with nbclient (kernel start-up
included), interleaved, and the ratio notebook/floor is computed from medians measured in the
same run. Goal: every notebook within 2x the floor.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
GOAL = 2.0

FLOOR_CELLS = [
    "import pandas as pd\nimport matplotlib.pyplot as plt\nimport ipywidgets as widgets",
    "fig, ax = plt.subplots()\nax.bar(['a', 'b'], [1, 2])\nax.set_title('floor')",
]


def _floor() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in FLOOR_CELLS]
    return nb


def _run(nb, cwd) -> float:
    start = time.perf_counter()
    # The kernel's own start-up warnings go nowhere: they would bury the figures.
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(cwd)}}).execute(
        stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(repeats: int = 3) -> dict:
    sys.path.insert(0, str(REPO))  # the maintainer tools live outside the package
    from tools.navigation import notebook_paths

    folder = REPO / "notebooks"
    paths = notebook_paths(folder)
    if not paths:
        print("No notebooks found in", folder)
        return {}
    floor_times, results = [], {}
    for path in paths:
        times = []
        for _ in range(repeats):
            floor_times.append(_run(_floor(), folder))
            times.append(_run(nbformat.read(path, as_version=4), folder))
        results[path.name] = statistics.median(times)
    floor = statistics.median(floor_times)
    print("== notebooks (execute top to bottom in a fresh kernel) ==")
    print(f"{'floor notebook':50s} {floor:6.2f} s")
    worst = 0.0
    for name, seconds in results.items():
        ratio = seconds / floor
        worst = max(worst, ratio)
        print(f"{name:50s} {seconds:6.2f} s  {ratio:4.2f}x floor"
              f"{'' if ratio <= GOAL else '  (over the 2x goal)'}")
    print(f"worst ratio {worst:.2f}x (goal <= {GOAL:.0f}x: {'met' if worst <= GOAL else 'MISSED'})")
    return {"floor (s)": floor, "notebooks (s)": results, "worst ratio": worst}


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
