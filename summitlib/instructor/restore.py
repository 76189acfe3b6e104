"""The release a submission is graded as, and the submission with its locked cells put back.

The grader trusts nothing of the submitted file but its answer cells: the exercises come
from the release's notebook of the same name (never from what the submission imports), and
:func:`restore` puts back the release's setup and check cells (changed, deleted or extra ones
alike), as nbgrader's ``OverwriteCells`` does, turning each check cell into the cell that
hands the answer out as plain data (:func:`summitlib.exercises._plain.emit`).
"""

from __future__ import annotations

import contextlib
import copy
import re
from dataclasses import dataclass
from pathlib import Path

from summitlib.instructor.cells import (
    cell_role,
    cell_source,
    exercise_module,
    exercises_of,
    find_setup,
    load_nbformat,
    setup_import,
)
from summitlib.instructor.errors import ReleaseError
from summitlib.instructor.releasing import release_notebook

__all__ = ["Release", "Releases", "default_release_dir", "restore"]

# A copy's name ("04-Arms-Control (1).ipynb") still starts with its notebook's number.
_NN_NAME = re.compile(r"^(\d\d)-")


@dataclass
class Release:
    """One notebook of the release, as the grader trusts it (never the student's copy)."""

    name: str
    nb: object  # the released notebook (nbformat.NotebookNode)
    module: str | None  # its exercise module, from the release's own setup cell
    setup_index: int
    exercises: list



def load_release(path: Path) -> Release | None:
    """The release notebook at ``path`` (a source notebook is released in memory first)."""
    nbformat = load_nbformat()
    nb = nbformat.read(path, as_version=4)
    found = find_setup(nb)
    if found is None:  # a notebook without exercises (a reading, a presentation)
        return Release(path.name, nb, None, 0, [])
    setup = nb.cells[found[2]]
    if "nbgrader" not in setup.get("metadata", {}):  # a source notebook, not yet released
        with contextlib.suppress(ReleaseError):  # an incomplete one still names its exercises
            nb = release_notebook(nb, name=path.stem)
    found = find_setup(nb)
    module = exercise_module(found[0])
    return Release(path.name, nb, found[0], found[2], list(exercises_of(module).values()))


class Releases:
    """The release notebooks by file name, loaded when first asked for."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._cache: dict[str, Release | None] = {}

    def paths(self) -> dict[str, Path]:
        if self.folder is None or not self.folder.is_dir():
            return {}
        folder = self.folder
        if not any(folder.glob("*.ipynb")) and (folder / "notebooks").is_dir():
            folder = folder / "notebooks"  # a student release: OUT_DIR/notebooks/
        return {p.name: p for p in sorted(folder.glob("*.ipynb"))}

    def find(self, filename: str) -> Release | None:
        paths = self.paths()
        path = paths.get(filename)
        if path is None:  # "04-Arms-Control (1).ipynb" is still notebook 04
            match = _NN_NAME.match(filename)
            same = [p for n, p in paths.items() if match and n.startswith(match.group(0))]
            path = same[0] if len(same) == 1 else None
        if path is None:
            return None
        if path.name not in self._cache:
            self._cache[path.name] = load_release(path)
        return self._cache[path.name]


def default_release_dir() -> Path | None:
    """The course notebooks next to the package (a clone), else ./notebooks."""
    import summitlib

    for folder in (Path(summitlib.__file__).resolve().parents[1] / "notebooks",
                   Path.cwd() / "notebooks"):
        if folder.is_dir():
            return folder
    return None


def _emit_source(variable: str) -> str:
    return (f'__import__("summitlib.exercises._plain", fromlist=["emit"]).emit({variable!r})')


def _strip_claims(cell) -> None:
    cell.metadata.pop("summitlib", None)
    cell.metadata.pop("nbgrader", None)


def restore(submitted, release: Release):
    """The notebook to run: the student's cells, every locked cell as the release has it.

    Returns (notebook, {exercise: check cell index}, {exercise: [answer cell indices]},
    notes). The setup cell is the release's, wherever the student's was (or re-inserted where
    the release has it); the first cell claiming each exercise's check becomes the
    answer-taking cell; further cells claiming a check, or claiming an exercise the release
    does not have, lose their claim (they run as the student's own code, which decides
    nothing); a missing check cell is put back after the exercise's answer cell.
    """
    nbformat = load_nbformat()
    released_setup = release.nb.cells[release.setup_index] if release.module else None
    setup_id = released_setup.metadata.get("nbgrader", {}).get("grade_id")
    names = {ex.name for ex in release.exercises}
    cells, notes = [], []
    setup_done = False
    checks_seen: set[str] = set()
    for cell in submitted.get("cells", []):
        cell = nbformat.from_dict(copy.deepcopy(dict(cell)))
        if cell.get("cell_type") == "code":
            cell.outputs, cell.execution_count = [], None
        nbgrader_id = (cell.get("metadata", {}).get("nbgrader") or {}).get("grade_id")
        is_setup = (nbgrader_id == setup_id and setup_id is not None) or (
            cell.get("cell_type") == "code" and setup_import(cell_source(cell)) is not None)
        if is_setup and not setup_done and released_setup is not None:
            cells.append(copy.deepcopy(released_setup))
            setup_done = True
            continue
        exercise_name, role = cell_role(cell)
        if role == "check":
            if exercise_name in names and exercise_name not in checks_seen \
                    and cell.get("cell_type") == "code":
                checks_seen.add(exercise_name)
                cells.append(cell)
                continue
            _strip_claims(cell)
            notes.append(f"a cell claiming to be the check of {exercise_name!r} was not the "
                         "release's and counted for nothing")
        elif role is not None and exercise_name not in names:
            _strip_claims(cell)
        cells.append(cell)
    if not setup_done and released_setup is not None:
        cells.insert(min(release.setup_index, len(cells)), copy.deepcopy(released_setup))
        notes.append("the setup cell was missing; the grader put the release's back")

    def where(name, role):
        return [i for i, c in enumerate(cells)
                if c.get("cell_type") == "code" and cell_role(c) == (name, role)]

    def released_check(name):
        found = next((c for c in release.nb.cells if cell_role(c) == (name, "check")), None)
        if found is None:
            found = nbformat.v4.new_code_cell("")
            found.metadata["summitlib"] = {"exercise": name, "role": "check"}
        return copy.deepcopy(found)

    for ex in release.exercises:
        if ex.name in checks_seen:
            continue
        answers = where(ex.name, "answer")
        check = released_check(ex.name)
        at = answers[0] + 1 if answers else len(cells)
        cells.insert(at, check)
        notes.append(f"the check cell of {ex.name} was missing; the grader put it back "
                     + ("after its answer cell" if answers else "at the end"))
    checks = {}
    for ex in release.exercises:
        index = where(ex.name, "check")[0]
        cells[index] = released_check(ex.name)
        cells[index].source = _emit_source(ex.answer_variable)
        checks[ex.name] = index
    nb = nbformat.v4.new_notebook(cells=cells, metadata=copy.deepcopy(release.nb.metadata))
    answers = {ex.name: where(ex.name, "answer") for ex in release.exercises}
    return nb, checks, answers, notes


# --------------------------------------------------------------------- running, sealed off
