"""The steps that turn a source notebook into its student release or its answer key.

Each step is a small function over one notebook or one cell, tested on its own, as nbgrader
splits ``generate_assignment`` into preprocessors (``ClearOutput``, ``ClearSolutions``,
``LockCells`` ...). :func:`summitlib.instructor.releasing.release_notebook` runs them in order:

1. :func:`clear_outputs`: no outputs, execution counts or widget state;
2. :func:`find_exercises`: the setup cell and the exercises its import names;
3. :func:`exercise_cells`: every answer and check cell, each exercise with exactly one of each;
4. :func:`released_answer` (with :func:`strip_solution_regions` and, in the key,
   :func:`insert_solution`) and :func:`released_check`: the cells' new sources;
5. :func:`lock` and :func:`nbgrader_meta`: the nbgrader metadata, locked cells read-only;
6. :func:`refuse_leaks`: the student release holds no solution.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from summitlib.exercises._written import WrittenExercise
from summitlib.instructor.cells import (
    cell_role,
    cell_source,
    check_call,
    exercise_module,
    exercises_of,
    find_setup,
)
from summitlib.instructor.errors import ReleaseError

__all__ = ["BEGIN", "END", "PLACEHOLDER", "ExerciseCell", "Exercises", "clear_outputs",
           "exercise_cells", "find_exercises", "grade_id", "insert_solution", "is_written", "lock",
           "nbgrader_meta", "placeholder_line", "refuse_leaks", "released_answer",
           "released_check", "solution_needles", "strip_solution_regions"]

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
PLACEHOLDER = "____"


def clear_outputs(nb) -> None:
    """Clear every code cell's outputs, execution count and timing, and the widget state."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)


@dataclass
class Exercises:
    """What the setup cell imports: the module, its alias, the cell, its exercises by name."""

    module: object
    alias: str
    setup_index: int
    by_name: dict


def find_exercises(nb, name: str) -> Exercises | None:
    """The setup cell and the exercises it imports; None for a notebook without exercises.

    Raises
    ------
    ReleaseError
        The notebook has exercise cells but no setup cell, or the setup cell imports a
        module that cannot be imported.
    """
    found = find_setup(nb)
    if found is None:
        if any(cell_role(c)[1] in ("answer", "check") for c in nb.cells):
            raise ReleaseError(
                f"{name}: has exercise cells but no setup cell importing its exercises; add "
                "'from summitlib.exercises import ____, nbNN as ex' to the setup cell."
            )
        return None
    module_name, alias, setup_index = found
    try:
        module = exercise_module(module_name)
    except ImportError as exc:
        raise ReleaseError(
            f"{name}: the setup cell imports summitlib.exercises.{module_name}, which cannot "
            f"be imported ({exc}); create summitlib/exercises/{module_name}.py or fix the import."
        ) from exc
    return Exercises(module, alias, setup_index, exercises_of(module))


@dataclass
class ExerciseCell:
    """One answer or check cell, the exercise it belongs to, and where it is for messages."""

    index: int
    role: str
    exercise: object
    where: str


def exercise_cells(nb, exercises: Exercises, name: str) -> list[ExerciseCell]:
    """Every answer and check cell, checked: known exercises, one of each per exercise.

    Raises
    ------
    ReleaseError
        A cell names an exercise the module does not declare, an exercise has two answer
        (or check) cells, or a declared exercise has none.
    """
    found, seen = [], set()
    module_name = exercises.module.__name__
    for index, cell in enumerate(nb.cells):
        exercise_name, role = cell_role(cell)
        if role not in ("answer", "check"):
            continue
        where = f"{name}, cell {index + 1}"
        if exercise_name not in exercises.by_name:
            raise ReleaseError(
                f"{where}: the {role} cell names exercise {exercise_name!r}, but "
                f"{module_name} declares only {sorted(exercises.by_name)}; fix the cell's "
                "summitlib metadata or declare the exercise."
            )
        if (exercise_name, role) in seen:
            raise ReleaseError(
                f"{where}: a second {role} cell for exercise {exercise_name!r}; each exercise "
                "has one answer cell and one check cell."
            )
        seen.add((exercise_name, role))
        found.append(ExerciseCell(index, role, exercises.by_name[exercise_name], where))
    missing = [f"{name_} ({role})" for name_ in exercises.by_name for role in ("answer", "check")
               if (name_, role) not in seen]
    if missing:
        raise ReleaseError(
            f"{name}: {module_name} declares exercises the notebook has no cell for: "
            f"{', '.join(missing)}; add the cells (see docs/instructors.md) or remove the "
            "exercise from EXERCISES."
        )
    return found


def strip_solution_regions(source: str, variable: str) -> str:
    """Replace every ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` region by the placeholder.

    >>> print(strip_solution_regions("x = 1\\n    ### BEGIN SOLUTION\\n    answer_1 = 3\\n"
    ...                              "    ### END SOLUTION", "answer_1"))
    x = 1
        answer_1 = ____
    """
    out, inside = [], False
    for line in source.split("\n"):
        if BEGIN in line:
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}{variable} = {PLACEHOLDER}")
        elif END in line:
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out)


def placeholder_line(variable: str) -> re.Pattern:
    """The answer line a student fills in: ``answer_1 = ____`` (or a written answer's box)."""
    # The placeholder alone, or between three quote marks (a written answer's box).
    blank = rf'(?:{PLACEHOLDER}|"""\s*{PLACEHOLDER}\s*""")'
    return re.compile(rf"^([ \t]*){re.escape(variable)}[ \t]*=[ \t]*{blank}[ \t]*(#.*)?$",
                      re.MULTILINE)


def insert_solution(source: str, exercise, *, where: str) -> str:
    """Put the exercise's solution, between the solution markers, in place of its answer line.

    Raises
    ------
    ReleaseError
        The source has no ``answer_N = ____`` line.
    """
    variable = _variable(exercise)
    match = placeholder_line(variable).search(source)
    if match is None:
        raise ReleaseError(
            f"{where}: the answer cell of {exercise.name} has no line "
            f"'{variable} = {PLACEHOLDER}' to put the solution in; restore that line."
        )
    indent = match.group(1)
    solution = "\n".join(indent + line if line else line
                         for line in exercise.solution_code.strip("\n").split("\n"))
    region = f"{indent}{BEGIN}\n{solution}\n{indent}{END}"
    if match.group(2):  # keep the line's hint comment ("# a, b or c") above the solution
        region = f"{indent}{match.group(2)}\n{region}"
    return source[: match.start()] + region + source[match.end():]


def _variable(exercise) -> str:
    return getattr(exercise, "answer_variable", None) or "answer"


def released_answer(source: str, exercise, *, key: bool, where: str) -> str:
    """An answer cell's source: solution regions stripped; in the key, the solution put in."""
    student = strip_solution_regions(source, _variable(exercise))
    return insert_solution(student, exercise, where=where) if key else student


def released_check(source: str, alias: str, exercise_name: str, *, where: str) -> str:
    """A check cell's source, its ``ex.qN.check(`` turned into ``ex.qN.grade(``.

    Raises
    ------
    ReleaseError
        The cell does not call ``ex.qN.check(``.
    """
    pattern = check_call(alias, exercise_name)
    if not pattern.search(source):
        raise ReleaseError(
            f"{where}: the check cell of {exercise_name} should call "
            f"{alias}.{exercise_name}.check(...), but holds {source.strip()[:80]!r}."
        )
    return pattern.sub(f"{alias}.{exercise_name}.grade(", source)


def grade_id(*parts: str) -> str:
    """An nbgrader ``grade_id``: the parts joined by ``-``, other characters made ``_``.

    >>> grade_id("04-Arms Control", "q1")
    '04-Arms_Control-q1'
    """
    # nbgrader allows only letters, digits, '_' and '-' in a grade_id.
    return re.sub(r"[^A-Za-z0-9_-]", "_", "-".join(parts))


def nbgrader_meta(*, grade: bool, solution: bool, locked: bool, grade_id: str,
                  points: float | None = None) -> dict:
    """A cell's ``nbgrader`` metadata, schema version 3."""
    meta = {"grade": grade, "solution": solution, "locked": locked, "grade_id": grade_id,
            "schema_version": 3}
    if points is not None:
        meta["points"] = points
    return meta


def lock(cell, *, grade_id: str, grade: bool = False, points: float | None = None) -> None:
    """Make a cell one of nbgrader's read-only cells, which JupyterLab will not edit or delete."""
    cell.metadata["nbgrader"] = nbgrader_meta(grade=grade, solution=False, locked=True,
                                              grade_id=grade_id, points=points)
    cell.metadata["editable"] = False
    cell.metadata["deletable"] = False


def solution_needles(exercise) -> list[str]:
    """Pieces of an exercise's solution that must never appear in a student release."""
    code = (getattr(exercise, "solution_code", None) or "").strip()
    if not code:
        return []
    needles = [code]
    # A one-line solution short enough to occur by chance ("3", "'b'") is searched for only
    # as the assignment a student would type.
    if len(code) < 12 and "\n" not in code:
        variable = getattr(exercise, "answer_variable", None)
        needles = [f"{variable} = {code}"] if variable else []
    return needles


def refuse_leaks(nb, exercises: Iterable, name: str) -> None:
    """Refuse a student release in which a solution marker or a solution survives.

    Raises
    ------
    ReleaseError
        Naming the cell.
    """
    needles = [(ex.name, n) for ex in exercises for n in solution_needles(ex)]
    for index, cell in enumerate(nb.cells):
        text = cell_source(cell)
        if "BEGIN SOLUTION" in text or "END SOLUTION" in text:
            raise ReleaseError(
                f"{name}, cell {index + 1}: a solution marker survives in the student release; "
                "solution regions belong in answer cells only."
            )
        for exercise_name, needle in needles:
            if needle in text:
                raise ReleaseError(
                    f"{name}, cell {index + 1}: contains the solution of {exercise_name}; "
                    "remove it from the source notebook (solutions live only in "
                    "summitlib/exercises)."
                )


def is_written(exercise) -> bool:
    """A written answer, marked by hand rather than judged."""
    return isinstance(exercise, WrittenExercise)
