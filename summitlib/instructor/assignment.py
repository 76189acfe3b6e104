"""The assignment: which notebooks are expected, and which exercises each one holds.

Told from the instructor's list (``--assignment``), the notebooks' names ("04-..." is
``nb04``) and the setup cells of the files handed in; a file whose setup cell imports
another notebook's exercises than its name says is set aside, not graded.
"""

from __future__ import annotations

import json
from pathlib import Path

from summitlib.instructor.cells import exercise_module, exercises_of, find_setup
from summitlib.instructor.classlist import NUMBERED, set_aside
from summitlib.instructor.errors import ReleaseError

__all__ = ["assignment_notebooks", "exercise_points", "module_from_name", "module_in",
           "modules_by_notebook", "set_aside_other_notebooks"]


def module_from_name(filename: str) -> str | None:
    """The exercise module a notebook's number names: ``"04-Arms..."`` is ``"nb04"``."""
    match = NUMBERED.match(filename)
    if not match or filename[2:3] != "-":
        return None
    short = f"nb{match.group(1)}"
    try:
        exercise_module(short)
    except ImportError:
        return None
    return short


def module_in(path: Path) -> str | None:
    """The exercise module a notebook file imports (None when it cannot be told)."""
    try:
        found = find_setup(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, ValueError, AttributeError, TypeError):
        return None
    return found[0] if found else None


def set_aside_other_notebooks(plans, wanted: dict[str, str]) -> None:
    """Grade no file whose setup cell imports another notebook's exercises than its name's.

    A notebook 05 renamed as 04 would otherwise be graded against 05's exercises and
    counted as 04.
    """
    for student_plan in plans:
        for nb_id, submission in list(student_plan.graded.items()):
            own = module_in(submission.path)
            if own and wanted.get(nb_id) and own != wanted[nb_id]:
                set_aside(student_plan, nb_id,
                               f"{submission.label!r} is named as {nb_id} but holds the "
                               f"exercises of another notebook ({own}); it was not graded")


def modules_by_notebook(submissions) -> dict[str, str]:
    """Notebook id -> exercise module, from the submissions that can be read.

    The last resort of :func:`summitlib.instructor.grading.grade`, for a notebook that neither
    the assignment's files nor the release name: a copy that cannot say which exercises it
    holds (broken JSON, setup cell deleted) is then listed with the exercises its classmates'
    copies of the same notebook import.
    """
    modules: dict[str, str] = {}
    for submission in submissions:
        if submission.notebook_id not in modules:
            found = module_in(submission.path)
            if found:
                modules[submission.notebook_id] = found
    return modules


def assignment_notebooks(assignment) -> tuple[list[str], dict[str, str]]:
    """(notebook ids, id -> exercise module) of the notebooks an assignment names."""
    ids, modules = [], {}
    for entry in assignment:
        path = Path(entry)
        # The instructor's own name for it: taken as it is, never undecorated ("Week-4").
        nb_id = path.name[:-len(".ipynb")] if path.name.lower().endswith(".ipynb") else path.name
        if nb_id in ids:
            continue
        ids.append(nb_id)
        found = module_in(path) if path.is_file() else None
        if found:
            modules[nb_id] = found
    return ids, modules


def exercise_points(nb_id: str, module: str | None, results) -> list[tuple[str, float]]:
    """(exercise, points) of one notebook of the assignment: from its exercise module, else
    from the rows of whoever handed it in."""
    module = module or module_from_name(nb_id)
    if module:
        try:
            return [(ex.name, float(ex.points))
                    for ex in exercises_of(exercise_module(module)).values()]
        except (ImportError, ReleaseError):
            pass
    for result in results:
        named = [(r.exercise, float(r.max_points)) for r in result.results if r.exercise]
        if named:
            return named
    return []
