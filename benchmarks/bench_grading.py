"""Benchmark: notebooks graded per minute by ``summitlib grade``, against running them bare.

Run with ``python benchmarks/bench_grading.py`` (or all benchmarks: ``python benchmarks/run.py``).

The notebook is the answer key of the course notebook with the most exercises (one over
notebook 03's exercises when ``notebooks/`` has none), submitted by several students. Three
ways to get through the same class are timed in rounds, so drift in the machine's load hits
them alike:

- floor: start a kernel and execute each notebook with nbclient directly, one after another
  (what any grader must do at the least);
- ``grade(jobs=1)`` and ``grade(jobs=2)``: the whole command as an instructor runs it, with
  the sandbox on: restoring each submission's locked cells from the release, a bubblewrap
  sandbox and a runner process per notebook (nbclient and the kernel inside it), taking the
  answers out as plain data, judging them with the key, and writing the gradebook and
  feedback files.

The ratios say what grading adds to the floor (``jobs=1``: close to 1 is good) and what a
second job buys (``jobs=2``: up to 2 on a machine with two free cores).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

REPO = Path(__file__).resolve().parents[1]
STUDENTS = 4
ROUNDS = 2


def _sample_notebook(workdir: Path):
    """(name, answer key notebook) to grade: the course notebook with the most exercises."""
    import nbformat

    from summitlib import instructor
    from summitlib.instructor import cells

    best = None
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        count = sum(cells.cell_role(c)[1] == "check" for c in nb.cells)
        if count and (best is None or count > best[0]):
            best = (count, path.stem, nb)
    if best is not None:
        return best[1], instructor.release_notebook(best[2], key=True, name=best[1])
    return "Demo-Exercises", instructor.release_notebook(_demo_notebook(), key=True,
                                                         name="Demo-Exercises")


def _demo_notebook():
    """A notebook over notebook 03's exercises (one of every kind), laid out as the course's."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from summitlib.exercises import nb03

    cells = [new_markdown_cell("# Demo"),
             new_code_cell(f"{nb03.SETUP}\nfrom summitlib.exercises import ____, nb03 as ex")]
    for ex in nb03.EXERCISES:
        answer = new_code_cell(f"{ex.answer_variable} = ____")
        answer.metadata["summitlib"] = {"exercise": ex.name, "role": "answer"}
        check = new_code_cell(f"ex.{ex.name}.check({ex.answer_variable})")
        check.metadata["summitlib"] = {"exercise": ex.name, "role": "check"}
        cells += [answer, check]
    return new_notebook(cells=cells)


def _floor(paths) -> float:
    import subprocess

    import nbformat
    from nbclient import NotebookClient

    start = time.perf_counter()
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        # Killed, not asked, to stop at the end, as the grader does: the floor is the least
        # work, so the ratio shows what grading adds, not a shutdown policy.
        NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                       shutdown_kernel="immediate",
                       resources={"metadata": {"path": str(path.parent)}}).execute(
            stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _grade(submissions: Path, out: Path, jobs: int) -> float:
    from summitlib.instructor import grade

    start = time.perf_counter()
    report = grade(submissions, out / f"jobs{jobs}.csv", jobs=jobs, timeout=120, force=True)
    elapsed = time.perf_counter() - start
    wrong = [r for r in report.results if r.outcome != "correct"]
    if wrong:
        raise RuntimeError(f"the answer key did not grade as correct: {wrong[:3]}")
    return elapsed


def main() -> dict:
    import nbformat

    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        tmp = Path(tmp)
        name, key = _sample_notebook(tmp)
        submissions = tmp / "submissions"
        paths = []
        for i in range(STUDENTS):
            folder = submissions / f"student{i + 1}"
            folder.mkdir(parents=True)
            nbformat.write(key, folder / f"{name}.ipynb")
            paths.append(folder / f"{name}.ipynb")
        out = tmp / "grades"
        times = {"floor": [], "jobs1": [], "jobs2": []}
        _floor(paths[:1])  # warm-up: imports and disk caches
        _grade(submissions, out, 1)  # and the grader's: its student edition, built once a run
        for _ in range(ROUNDS):
            times["floor"].append(_floor(paths))
            times["jobs1"].append(_grade(submissions, out, 1))
            times["jobs2"].append(_grade(submissions, out, 2))

    per_minute = {k: 60 * STUDENTS / statistics.median(v) for k, v in times.items()}
    results = {
        "notebook": name,
        "notebooks_per_round": STUDENTS,
        "rounds": ROUNDS,
        "cores": os.cpu_count(),
        "notebooks_per_minute": {k: round(v, 1) for k, v in per_minute.items()},
        "seconds_per_notebook": {k: round(60 / v, 2) for k, v in per_minute.items()},
        "ratio_to_floor": {k: round(per_minute[k] / per_minute["floor"], 2)
                           for k in ("jobs1", "jobs2")},
    }
    print(f"Grading {STUDENTS} copies of the answer key of {name} "
          f"({ROUNDS} rounds, {os.cpu_count()} cores):")
    for label, key_ in (("floor (nbclient, one kernel at a time)", "floor"),
                        ("summitlib grade --jobs 1", "jobs1"),
                        ("summitlib grade --jobs 2", "jobs2")):
        print(f"  {label:40s} {per_minute[key_]:6.1f} notebooks/min "
              f"({60 / per_minute[key_]:.2f} s each)")
    print(f"  ratio to the floor: jobs 1 = {results['ratio_to_floor']['jobs1']:.2f}, "
          f"jobs 2 = {results['ratio_to_floor']['jobs2']:.2f} (higher is faster)")
    return results


if __name__ == "__main__":
    main()
    sys.exit(0)
