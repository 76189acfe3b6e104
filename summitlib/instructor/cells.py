"""The notebook conventions that release and grading both read.

A setup cell imports the notebook's exercises (``from summitlib.exercises import ____, nb04 as
ex``); an answer cell has the metadata ``{"summitlib": {"exercise": "q1", "role": "answer"}}``
and a check cell ``{"summitlib": {"exercise": "q1", "role": "check"}}`` (see
``docs/design.md``). Cells may be nbformat nodes or the plain dicts of a notebook's JSON.

nbformat (installed with JupyterLab) is imported only when needed, so ``import summitlib``
stays light.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from importlib import import_module

from summitlib.instructor.errors import ReleaseError

__all__ = ["cell_role", "cell_source", "check_call", "describe_cell",
           "exercise_label", "exercise_module", "exercises_of", "find_setup", "load_nbformat",
           "setup_import"]


def load_nbformat():
    """The nbformat module, imported on first use."""
    import nbformat

    return nbformat


def cell_source(cell) -> str:
    """A cell's source as one string (nbformat allows a list of lines too)."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def cell_role(cell) -> tuple[str | None, str | None]:
    """(exercise name, role) from a cell's ``summitlib`` metadata; (None, None) without it.

    >>> cell_role({"metadata": {"summitlib": {"exercise": "q1", "role": "check"}}})
    ('q1', 'check')
    >>> cell_role({"metadata": {"summitlib": "q1"}})
    (None, None)
    """
    meta = cell.get("metadata", {}).get("summitlib") or {}
    if not isinstance(meta, dict):
        return None, None
    return meta.get("exercise"), meta.get("role")


def check_call(alias: str, exercise_name: str, method: str = "check") -> re.Pattern:
    """The call a check cell makes, such as ``ex.q1.check(``.

    >>> bool(check_call("ex", "q1").search("ex.q1.check(answer_1)"))
    True
    >>> bool(check_call("ex", "q1").search("my_ex.q1.check(answer_1)"))
    False
    """
    return re.compile(rf"\b{re.escape(alias)}\.{re.escape(exercise_name)}\.{method}\(")


def setup_import(source: str) -> tuple[str, str] | None:
    """(module short name, alias) if this code imports a notebook's exercise module.

    Understands ``from summitlib.exercises import ____, nb04 as ex`` (any order, with or
    without an alias) and ``import summitlib.exercises.nb04 as ex``.

    >>> setup_import("from summitlib.exercises import ____, nb04 as ex")
    ('nb04', 'ex')
    >>> setup_import("import summitlib.exercises.nb04 as ex")
    ('nb04', 'ex')
    >>> setup_import("from summitlib.exercises import ____") is None
    True
    """
    # IPython magics and shell escapes are not Python; the import never sits on such a line.
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (
                node.module == "summitlib.exercises"):
            for alias in node.names:
                if _is_exercise_module(alias.name):
                    return alias.name, alias.asname or alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                prefix, _, short = alias.name.rpartition(".")
                if prefix == "summitlib.exercises" and alias.asname and _is_exercise_module(short):
                    return short, alias.asname
    return None


def _is_exercise_module(short_name: str) -> bool:
    if not short_name.isidentifier() or short_name.startswith("_"):
        return False
    try:
        return importlib.util.find_spec(f"summitlib.exercises.{short_name}") is not None
    except (ImportError, ValueError):
        return False


def find_setup(nb) -> tuple[str, str, int] | None:
    """(module short name, alias, cell index) of the cell importing the notebook's exercises."""
    for index, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") == "code":
            found = setup_import(cell_source(cell))
            if found:
                return (*found, index)
    return None


def exercise_module(short_name: str):
    """The key's exercise module ``summitlib.exercises.<short_name>``."""
    return import_module(f"summitlib.exercises.{short_name}")


def exercises_of(module) -> dict:
    """The exercises a module declares, by name, in their declared order."""
    declared = getattr(module, "EXERCISES", None)
    if declared is None:
        raise ReleaseError(
            f"{module.__name__} has no EXERCISES list; declare one listing its exercises "
            "(see docs/instructors.md, 'Add or change an exercise')."
        )
    return {ex.name: ex for ex in declared}


def exercise_label(name: str) -> str:
    """What the notebook calls an exercise: ``"q3"`` is ``"Exercise 3"``.

    >>> exercise_label("q3"), exercise_label("extra")
    ('Exercise 3', 'Exercise extra')
    """
    digits = "".join(ch for ch in name if ch.isdigit())
    return f"Exercise {digits or name}"


def describe_cell(nb, index: int) -> str:
    """A cell as a student finds it: by its exercise, or by its place among the code cells.

    Counting every cell, as nbclient does, gives numbers that match nothing a student sees
    (Markdown cells count too, and JupyterLab numbers no cell).

    Examples
    --------
    >>> nb = {"cells": [{"cell_type": "markdown", "source": "# Title"},
    ...                 {"cell_type": "code", "source": "import summitlib"},
    ...                 {"cell_type": "code", "source": "answer_2 = 1",
    ...                  "metadata": {"summitlib": {"exercise": "q2", "role": "answer"}}},
    ...                 {"cell_type": "code", "source": "while True: pass"}]}
    >>> describe_cell(nb, 1), describe_cell(nb, 2), describe_cell(nb, 3)
    ('code cell 1', 'the answer cell of Exercise 2', 'code cell 3 (after Exercise 2)')
    """
    cells = nb.get("cells", [])
    code_number, last_exercise = 0, None
    for i, cell in enumerate(cells[: index + 1]):
        if cell.get("cell_type") != "code":
            continue
        code_number += 1
        exercise, role = cell_role(cell)
        if exercise:
            if i == index and role in ("answer", "check"):
                return f"the {role} cell of {exercise_label(str(exercise))}"
            last_exercise = str(exercise)
    where = f"code cell {code_number}"
    return f"{where} (after {exercise_label(last_exercise)})" if last_exercise else where
