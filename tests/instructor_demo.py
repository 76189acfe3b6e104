"""What the instructor tests share: the demo notebook, its release and answer key, and ways to
run them (tests/test_instructor_release.py, tests/test_instructor_grading.py).

The demo notebook is built here over the exercises of a course module, notebook 03's
(`summitlib.exercises.nb03`: one exercise of every kind, a value, a table, a choice, a chart,
a reflection and a written answer), laid out as the course notebooks are. It stands in when
notebooks/ holds none, and is the one every student submits in the grading tests: a real
module, so the student edition the grader's sandbox imports has it as a release does. The
test modules take its fixtures by name (module-scoped: built once per module).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from summitlib.instructor import (
    OUTCOME_MIMETYPE,
    cells,
    release,
    release_notebook,
)

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
DEMO_NAME = "Demo-Exercises"
TIMEOUT = 5  # seconds per cell in the grading tests: the endless loop costs this much


DEMO_MODULE = "nb03"  # the course module with one exercise of every kind


def _demo():
    from summitlib.exercises import get_module

    return get_module(DEMO_MODULE)


def _demo_exercises():
    return list(_demo().EXERCISES)


def _awarded(ex) -> float:
    """The points the grader gives a right answer: a written one's wait for the marks."""
    from summitlib.exercises import WrittenExercise

    return 0.0 if isinstance(ex, WrittenExercise) else float(ex.points)


def _exercise_cell(source, exercise, role):
    cell = new_code_cell(source)
    cell.metadata["summitlib"] = {"exercise": exercise, "role": role}
    return cell


def _demo_source_notebook():
    """A source notebook laid out as the course notebooks are, over the demo exercises."""
    cells = [
        new_markdown_cell("# Demo exercises\n\nA stand-in notebook for the instructor tests."),
        new_code_cell(f"{_demo().SETUP}\nfrom summitlib.exercises import ____, "
                      f"{DEMO_MODULE} as ex"),
    ]
    for ex in _demo_exercises():
        cells += [
            new_markdown_cell(f"**{ex.name}.** {getattr(ex, 'prompt', '')}"),
            _exercise_cell(f"{ex.answer_variable} = ____", ex.name, "answer"),
            _exercise_cell(f"ex.{ex.name}.check({ex.answer_variable})", ex.name, "check"),
        ]
    first = _demo_exercises()[0]
    cells.append(new_code_cell(f"ex.{first.name}.solution()"))
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def _sha256(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _course_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb")) if NOTEBOOKS.is_dir() else []


@pytest.fixture(scope="module")
def source_dir(tmp_path_factory):
    """The notebooks to release: the course's, or the demo notebook when there are none."""
    folder = tmp_path_factory.mktemp("source")
    course = _course_notebooks()
    if course:
        for path in course:
            shutil.copy2(path, folder / path.name)
    else:
        nbformat.write(_demo_source_notebook(), folder / f"{DEMO_NAME}.ipynb")
        nbformat.write(new_notebook(cells=[new_markdown_cell("# No exercises here")]),
                       folder / "Reading.ipynb")
    (folder / "figure.png").write_bytes(b"\x89PNG not really")
    return folder


_CHECKSUMS = {}


@pytest.fixture(scope="module")
def released(source_dir, tmp_path_factory):
    """(student release folder, answer key folder); source checksums kept in _CHECKSUMS."""
    _CHECKSUMS["before"] = _sha256(source_dir)
    out = tmp_path_factory.mktemp("released")
    release(out / "student", notebooks_dir=source_dir)
    release(out / "key", notebooks_dir=source_dir, key=True)
    _CHECKSUMS["after"] = _sha256(source_dir)
    return out / "student" / "notebooks", out / "key"


@pytest.fixture(scope="module")
def demo_release(tmp_path_factory):
    """The demo notebook's student release and answer key (whatever notebooks/ holds)."""
    folder = tmp_path_factory.mktemp("demo")
    nb = _demo_source_notebook()
    student = release_notebook(nb, name=DEMO_NAME)
    key = release_notebook(nb, name=DEMO_NAME, key=True)
    paths = {}
    for kind, released_nb in (("student", student), ("key", key)):
        (folder / kind).mkdir()
        paths[kind] = folder / kind / f"{DEMO_NAME}.ipynb"
        nbformat.write(released_nb, paths[kind])
    return paths


def _module_exercises(nb):
    found = cells.find_setup(nb)
    if found is None:
        return "", []
    module = cells.exercise_module(found[0])
    return found[0], list(cells.exercises_of(module).values())


def _all_sources(nb) -> str:
    return "\n".join(cells.cell_source(c) for c in nb.cells)


def _run(path: Path, timeout=120, allow_errors=True, env=None):
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=allow_errors,
                   resources={"metadata": {"path": str(path.parent)}}).execute(
        **({"env": env} if env is not None else {}))
    return nb


def _outcomes(nb) -> dict:
    found = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            bundle = output.get("data", {}).get(OUTCOME_MIMETYPE)
            if bundle:
                found[bundle["exercise"]] = bundle["outcome"]
    return found
