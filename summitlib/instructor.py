"""Release the notebooks to students and grade their submissions in one batch.

Two jobs, reachable as ``summitlib release`` and ``summitlib grade`` (see ``summitlib --help``)
or from Python:

- :func:`release` writes a self-contained student release (the notebooks with outputs
  cleared and every exercise cell turned into an nbgrader cell, the data, the student edition
  of summitlib from :mod:`summitlib.student_edition`, ``requirements.txt`` and ``binder/``) or,
  with ``key=True``, the answer key (the same cells, each answer cell holding its solution
  between ``### BEGIN SOLUTION`` and ``### END SOLUTION``, in a folder git ignores).
- :func:`grade` grades every submitted notebook and writes a gradebook (CSV) and one
  feedback file per student.

The notebooks follow the conventions in ``docs/design.md``: a setup cell imports the
notebook's exercises (``from summitlib.exercises import ____, nb04 as ex``); an answer cell has the
metadata ``{"summitlib": {"exercise": "q1", "role": "answer"}}`` and a check cell
``{"summitlib": {"exercise": "q1", "role": "check"}}``.

Submitted notebooks are hostile code, and nothing their kernel says decides a grade. For each
submission the grader takes the release's notebook of the same name (never the exercises the
submission imports), puts back its locked cells (setup and checks: changed, deleted or extra
ones alike), and runs it sealed off (:mod:`summitlib.sandbox`: bubblewrap, no network, the
class's files and the key out of sight, the student edition importable) through
:mod:`summitlib.grading_runner`, which takes each ``answer_N`` out of the kernel as plain data
where its check cell stands (:mod:`summitlib.exercises._plain`). The grader rebuilds those
values in its own process and judges them with the key's exercises. Outcome bundles the kernel
displays are for the student's eyes only.

nbformat and nbclient (both installed with JupyterLab) are imported only when needed, so
``import summitlib`` stays light.
"""

from __future__ import annotations

import ast
import atexit
import compileall
import contextlib
import copy
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from summitlib import gradebook as book
from summitlib.exercises._written import WrittenExercise
from summitlib.marking import mark  # noqa: F401 (the marking view, issue 17)

__all__ = [
    "GRADEBOOK_COLUMNS",
    "OUTCOMES",
    "OUTCOME_MIMETYPE",
    "ExerciseResult",
    "GradeReport",
    "NotebookResult",
    "OverwriteError",
    "ReleaseError",
    "RunningNotebook",
    "SandboxRequired",
    "grade",
    "grade_notebook",
    "release",
    "release_notebook",
]

#: The mimetype of the machine-readable outcome that ``q.check()`` attaches to its feedback.
OUTCOME_MIMETYPE = "application/vnd.summitlib.outcome+json"

#: The columns of the gradebook, in order.
GRADEBOOK_COLUMNS = ("student", "notebook", "exercise", "outcome", "points", "max_points",
                     "detail", "notebook_id")

#: Every outcome a gradebook row can hold, and what it means.
OUTCOMES = {
    "correct": "the check cell reported a correct answer",
    "incorrect": "the check cell reported a wrong answer",
    "not_attempted": "the answer still holds the placeholder ____",
    "error": "the answer or check cell raised an error, or the check cell is missing",
    "timeout": "a cell ran longer than the time limit per cell and was stopped",
    "kernel_died": "the kernel process stopped before the check cell ran",
    "output_too_large": "the notebook printed more than the output cap before the check cell ran",
    "invalid_notebook": "the file is not valid JSON or not a Jupyter notebook",
    "grader_error": "the grader itself failed on this notebook (a kernel did not start ...)",
    "missing": "the notebook was not handed in (the detail says what was looked for)",
    "marked": "a written answer marked by hand (summitlib mark); the detail names the rubric "
              "lines",
    "changed_since_marked": "a written answer whose text changed after it was marked; its "
                            "mark is not counted until it is marked again",
}

_BEGIN, _END = "### BEGIN SOLUTION", "### END SOLUTION"
_PLACEHOLDER = "____"
_NN_NAME = re.compile(r"^(\d\d)-")
_DEFAULT_MAX_OUTPUT = 10_000_000  # bytes: 10 MB, as the command line counts them


class ReleaseError(ValueError):
    """A notebook cannot be released as it is (a malformed exercise cell, a leaked solution)."""


class OverwriteError(FileExistsError):
    """The output already exists and ``force`` was not given."""


# --------------------------------------------------------------------------------- helpers


def _nbformat():
    import nbformat

    return nbformat


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _role(cell) -> tuple[str | None, str | None]:
    meta = cell.get("metadata", {}).get("summitlib") or {}
    if not isinstance(meta, dict):
        return None, None
    return meta.get("exercise"), meta.get("role")


def _exercise_import(source: str) -> tuple[str, str] | None:
    """(module short name, alias) if this code imports a notebook's exercise module.

    Understands ``from summitlib.exercises import ____, nb04 as ex`` (any order, with or
    without an alias) and ``import summitlib.exercises.nb04 as ex``.
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


def _find_import(nb) -> tuple[str, str, int] | None:
    """(module short name, alias, cell index) of the cell importing the notebook's exercises."""
    for index, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") == "code":
            found = _exercise_import(_source(cell))
            if found:
                return (*found, index)
    return None


def _exercise_module(short_name: str):
    return import_module(f"summitlib.exercises.{short_name}")


def _exercises_of(module) -> dict:
    """The exercises a module declares, by name, in their declared order."""
    declared = getattr(module, "EXERCISES", None)
    if declared is None:
        raise ReleaseError(
            f"{module.__name__} has no EXERCISES list; declare one listing its exercises "
            "(see docs/instructors.md, 'Add or change an exercise')."
        )
    items = declared.values() if isinstance(declared, dict) else declared
    return {ex.name: ex for ex in items}


def _grade_id(*parts: str) -> str:
    # nbgrader allows only letters, digits, '_' and '-' in a grade_id.
    return re.sub(r"[^A-Za-z0-9_-]", "_", "-".join(parts))


def _nbgrader_meta(*, grade: bool, solution: bool, locked: bool, grade_id: str,
                   points: float | None = None) -> dict:
    meta = {"grade": grade, "solution": solution, "locked": locked, "grade_id": grade_id,
            "schema_version": 3}
    if points is not None:
        meta["points"] = points
    return meta


def _strip_solution_regions(source: str, variable: str) -> str:
    """Replace every ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` region by the placeholder."""
    out, inside = [], False
    for line in source.split("\n"):
        if _BEGIN in line:
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}{variable} = {_PLACEHOLDER}")
        elif _END in line:
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out)


def _placeholder_line(variable: str) -> re.Pattern:
    # The placeholder alone, or between three quote marks (a written answer's box).
    blank = rf'(?:{_PLACEHOLDER}|"""\s*{_PLACEHOLDER}\s*""")'
    return re.compile(rf"^([ \t]*){re.escape(variable)}[ \t]*=[ \t]*{blank}[ \t]*(#.*)?$",
                      re.MULTILINE)


def _solution_needles(exercise) -> list[str]:
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


# --------------------------------------------------------------------------------- release


def release_notebook(nb, *, key: bool = False, name: str = "notebook"):
    """Turn one source notebook into its student release or its answer key.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The source notebook (left unchanged; a changed copy is returned).
    key : bool, default=False
        False: the student release (placeholders kept, solutions switched off).
        True: the answer key (each answer cell holds its solution between
        ``### BEGIN SOLUTION`` and ``### END SOLUTION``).
    name : str, default="notebook"
        The notebook's file stem, used in nbgrader ``grade_id`` values and in messages.

    Returns
    -------
    nbformat.NotebookNode
        The released notebook: outputs and execution counts cleared, exercise cells carrying
        nbgrader metadata (schema version 3).

    Raises
    ------
    ReleaseError
        When an exercise cell names an exercise its module does not declare, a declared
        exercise has no answer or check cell (or two), an answer cell has no
        ``answer = ____`` line, a check cell does not call ``.check(``, or a solution would
        survive in the student release.

    Examples
    --------
    A notebook without exercises only loses its outputs:

    >>> import nbformat
    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> nb = new_notebook(cells=[new_code_cell("1 + 1", execution_count=1,
    ...                                        outputs=[new_output("execute_result",
    ...                                                            {"text/plain": "2"})])])
    >>> released = release_notebook(nb)
    >>> released.cells[0].outputs, released.cells[0].execution_count
    ([], None)
    >>> nb.cells[0].execution_count  # the source is untouched
    1
    """
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)

    has_exercise_cells = any(_role(c)[1] in ("answer", "check") for c in nb.cells)
    found = _find_import(nb)
    if found is None:
        if has_exercise_cells:
            raise ReleaseError(
                f"{name}: has exercise cells but no setup cell importing its exercises; add "
                "'from summitlib.exercises import ____, nbNN as ex' to the setup cell."
            )
        return nb
    module_name, alias, setup_index = found
    try:
        module = _exercise_module(module_name)
    except ImportError as exc:
        raise ReleaseError(
            f"{name}: the setup cell imports summitlib.exercises.{module_name}, which cannot "
            f"be imported ({exc}); create summitlib/exercises/{module_name}.py or fix the import."
        ) from exc
    exercises = _exercises_of(module)

    seen: set[tuple[str, str]] = set()
    for index, cell in enumerate(nb.cells):
        exercise_name, role = _role(cell)
        if role not in ("answer", "check"):
            continue
        where = f"{name}, cell {index + 1}"
        if exercise_name not in exercises:
            raise ReleaseError(
                f"{where}: the {role} cell names exercise {exercise_name!r}, but "
                f"{module.__name__} declares only {sorted(exercises)}; fix the cell's "
                "summitlib metadata or declare the exercise."
            )
        if (exercise_name, role) in seen:
            raise ReleaseError(
                f"{where}: a second {role} cell for exercise {exercise_name!r}; each exercise "
                "has one answer cell and one check cell."
            )
        seen.add((exercise_name, role))
        exercise = exercises[exercise_name]
        # A written answer is marked by hand: its answer cell is nbgrader's "manually graded
        # answer" (solution and grade, with the rubric's points), and its check cell, which
        # only says whether something was written, gives no points to nbgrader's autograder.
        written = isinstance(exercise, WrittenExercise)
        if role == "answer":
            cell.source = _released_answer(_source(cell), exercise, key=key, where=where)
            cell.metadata["nbgrader"] = _nbgrader_meta(
                grade=written, solution=True, locked=False,
                grade_id=_grade_id(name, exercise_name, "answer"),
                points=exercise.points if written else None)
        elif written:
            _released_check(_source(cell), alias, exercise_name, where=where)  # validates
            cell.metadata["nbgrader"] = _nbgrader_meta(
                grade=False, solution=False, locked=True,
                grade_id=_grade_id(name, exercise_name))
            cell.metadata["editable"] = False
            cell.metadata["deletable"] = False
        else:
            cell.source = _released_check(_source(cell), alias, exercise_name, where=where)
            cell.metadata["nbgrader"] = _nbgrader_meta(
                grade=True, solution=False, locked=True, grade_id=_grade_id(name, exercise_name),
                points=exercise.points)
            cell.metadata["editable"] = False
            cell.metadata["deletable"] = False

    missing = [f"{name_} ({role})" for name_ in exercises for role in ("answer", "check")
               if (name_, role) not in seen]
    if missing:
        raise ReleaseError(
            f"{name}: {module.__name__} declares exercises the notebook has no cell for: "
            f"{', '.join(missing)}; add the cells (see docs/instructors.md) or remove the "
            "exercise from EXERCISES."
        )

    # The setup cell is the same in the key and the release (nbgrader checksums it): what
    # keeps solutions from students is the student edition of summitlib they install.
    setup = nb.cells[setup_index]
    setup.metadata["nbgrader"] = _nbgrader_meta(
        grade=False, solution=False, locked=True, grade_id=_grade_id(name, "setup"))
    setup.metadata["editable"] = False
    setup.metadata["deletable"] = False

    if not key:
        _refuse_leaks(nb, exercises.values(), name)
    return nb


def _released_answer(source: str, exercise, *, key: bool, where: str) -> str:
    variable = getattr(exercise, "answer_variable", None) or "answer"
    student = _strip_solution_regions(source, variable)
    if not key:
        return student
    pattern = _placeholder_line(variable)
    match = pattern.search(student)
    if match is None:
        raise ReleaseError(
            f"{where}: the answer cell of {exercise.name} has no line "
            f"'{variable} = {_PLACEHOLDER}' to put the solution in; restore that line."
        )
    indent = match.group(1)
    solution = "\n".join(indent + line if line else line
                         for line in exercise.solution_code.strip("\n").split("\n"))
    region = f"{indent}{_BEGIN}\n{solution}\n{indent}{_END}"
    if match.group(2):  # keep the line's hint comment ("# a, b or c") above the solution
        region = f"{indent}{match.group(2)}\n{region}"
    return student[: match.start()] + region + student[match.end():]


def _released_check(source: str, alias: str, exercise_name: str, *, where: str) -> str:
    pattern = re.compile(rf"\b{re.escape(alias)}\.{re.escape(exercise_name)}\.check\(")
    if not pattern.search(source):
        raise ReleaseError(
            f"{where}: the check cell of {exercise_name} should call "
            f"{alias}.{exercise_name}.check(...), but holds {source.strip()[:80]!r}."
        )
    return pattern.sub(f"{alias}.{exercise_name}.grade(", source)


def _refuse_leaks(nb, exercises: Iterable, name: str) -> None:
    needles = [(ex.name, n) for ex in exercises for n in _solution_needles(ex)]
    for index, cell in enumerate(nb.cells):
        text = _source(cell)
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


def _is_nonempty_dir(path: Path) -> bool:
    return path.is_dir() and any(path.iterdir())


def release(out_dir, *, notebooks_dir="notebooks", key: bool = False,
            force: bool = False, graded: bool = False) -> list[Path]:
    """Write the student release (or the answer key) of every notebook in a folder.

    The student release is self-contained, ready to push as a course repository or zip for
    an LMS::

        OUT_DIR/README.md            how students open it (Binder, or pip + JupyterLab)
        OUT_DIR/requirements.txt     ``pip install -r requirements.txt`` installs all of it
        OUT_DIR/binder/              what Binder builds from (Python 3.12, the same packages)
        OUT_DIR/pyproject.toml       the student edition as a package, installed by ``-e .``
        OUT_DIR/summitlib/           the student edition: no answer, solution or explanation
        OUT_DIR/data/                the data and its dataset card (the notebooks link to it)
        OUT_DIR/notebooks/           the released notebooks, and the other files beside them

    The answer key is only the notebooks, in ``OUT_DIR`` itself, with a ``.gitignore`` that
    keeps git from ever adding them (``git add -A`` included).

    Parameters
    ----------
    out_dir : str or Path
        Where to write (created if missing).
    notebooks_dir : str or Path, default="notebooks"
        The source notebooks; they are read, never changed.
    key : bool, default=False
        Write the answer key instead of the student release.
    force : bool, default=False
        Overwrite files in an ``out_dir`` that is not empty. Files of ``out_dir`` that the
        release does not write are left alone.
    graded : bool, default=False
        A release for graded work: its checks only say whether an answer has the right form
        and that it is recorded (no Correct / Not yet a student could try answers against).
        Default: formative checks, judged against salted fingerprints of the answers.

    Returns
    -------
    list of Path
        The notebooks written.

    Raises
    ------
    OverwriteError
        ``out_dir`` exists, is not empty and ``force`` is False.
    ReleaseError
        A notebook cannot be released (nothing is written then).
    FileNotFoundError
        ``notebooks_dir`` is not a folder or holds no notebooks.
    ValueError
        ``out_dir`` is the notebooks folder, or inside it.

    Examples
    --------
    >>> import tempfile
    >>> import nbformat
    >>> from nbformat.v4 import new_markdown_cell, new_notebook
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     source = Path(tmp, "notebooks")
    ...     source.mkdir()
    ...     nbformat.write(new_notebook(cells=[new_markdown_cell("# Reading")]),
    ...                    source / "00-Reading.ipynb")
    ...     [p.relative_to(tmp).as_posix() for p in release(Path(tmp, "student"),
    ...                                                     notebooks_dir=source)]
    ['student/notebooks/00-Reading.ipynb']
    """
    nbformat = _nbformat()
    source_dir, target = Path(notebooks_dir), Path(out_dir)
    if not source_dir.is_dir():
        raise FileNotFoundError(
            f"No notebooks folder at {str(source_dir)!r}; run from the repository root or name "
            "the folder with --notebooks DIR."
        )
    paths = sorted(p for p in source_dir.glob("*.ipynb") if not p.name.startswith("."))
    if not paths:
        raise FileNotFoundError(f"{str(source_dir)!r} holds no .ipynb notebooks.")
    src, dst = source_dir.resolve(), target.resolve()
    if dst == src or src in dst.parents:
        raise ValueError(
            f"The release folder {str(target)!r} is the notebooks folder or inside it; choose a "
            "folder outside it, so the source notebooks are never overwritten."
        )
    if _is_nonempty_dir(target) and not force:
        raise OverwriteError(
            f"{str(target)!r} already exists and is not empty; choose another folder, or pass "
            "--force to overwrite the notebooks in it."
        )
    if target.exists() and not target.is_dir():
        raise OverwriteError(f"{str(target)!r} exists and is not a folder; choose another name.")

    # Everything is built before anything is written: a bad notebook leaves no half release.
    released = []
    for path in paths:
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as exc:
            raise ReleaseError(f"{path}: cannot be read as a notebook ({exc}).") from exc
        released.append((path.name, release_notebook(nb, key=key, name=path.stem)))

    target.mkdir(parents=True, exist_ok=True)
    notebooks_out = target if key else target / "notebooks"
    notebooks_out.mkdir(exist_ok=True)
    if key:
        # '*' ignores everything here, this file included: the key never reaches git.
        (target / ".gitignore").write_text(
            "# The answer key of summitlib: never commit or publish it.\n*\n", encoding="utf-8")
    written = []
    for filename, nb in released:
        out = notebooks_out / filename
        out.write_text(nbformat.writes(nb), encoding="utf-8")
        written.append(out)
    for extra in sorted(source_dir.iterdir()):
        if extra.name.startswith(".") or extra.suffix == ".ipynb":
            continue
        if extra.is_dir():
            shutil.copytree(extra, notebooks_out / extra.name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns(".*", "__pycache__"))
        else:
            shutil.copy2(extra, notebooks_out / extra.name)
    if not key:
        _write_student_package(target, graded=graded)
    return written


_STUDENT_README = """\
# {title}

Notebooks about the Trump-Putin summit in Helsinki, 16 July 2018, with exercises that check
themselves{checks}.

## Open them

- **On Binder** (nothing to install): open the link your instructor gives you. Binder does
  not keep your work: download your notebook (File > Download) before you leave.
- **On your own computer**, with Python 3.11 or newer, in this folder:

  ```bash
  python -m pip install -r requirements.txt
  jupyter lab notebooks/00-Start-here.ipynb
  ```

Start with the first notebook; each one says what to do. Hand in the `.ipynb` files your
instructor asks for.
"""


def _requirements() -> tuple[list[str], list[str]]:
    """(what the package needs, what JupyterLab adds), from summitlib's own metadata."""
    from importlib.metadata import PackageNotFoundError, requires

    try:
        declared = requires("summitlib") or []
    except PackageNotFoundError:
        declared = []
    needs = [r for r in declared if "extra ==" not in r] or [
        "pandas>=2.1", "matplotlib>=3.8", "ipywidgets>=8.1,<9"]
    lab = [r.split(";")[0].strip() for r in declared if 'extra == "lab"' in r] or [
        "jupyterlab>=4.2", "ipykernel>=6.29"]
    return needs, lab


def _write_student_package(target: Path, *, graded: bool) -> None:
    """The student edition, the data and the files that install them, beside the notebooks."""
    import summitlib
    from summitlib import student_edition

    student_edition.build(target, formative=not graded)
    data = Path(summitlib.__file__).resolve().parent / "data"
    shutil.copytree(data.resolve(), target / "data", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".*", "__pycache__"))
    needs, lab = _requirements()
    from importlib.metadata import PackageNotFoundError, version

    try:
        own_version = version("summitlib")
    except PackageNotFoundError:
        own_version = "0.1.0"
    (target / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["hatchling>=1.21"]\nbuild-backend = "hatchling.build"\n\n'
        '[project]\nname = "summitlib"\n'
        f'version = "{own_version}+student"\n'
        'description = "summitlib, student edition: the notebooks\' library without answers"\n'
        'requires-python = ">=3.11"\n'
        f"dependencies = {json.dumps(needs)}\n\n"
        '[tool.hatch.build.targets.wheel]\npackages = ["summitlib"]\n', encoding="utf-8")
    (target / "requirements.txt").write_text(
        "# Everything these notebooks need: python -m pip install -r requirements.txt\n"
        + "".join(f"{r}\n" for r in [*lab, *needs])
        + "# The student edition of summitlib, from this folder.\n-e .\n", encoding="utf-8")
    binder = target / "binder"
    binder.mkdir(exist_ok=True)
    # repo2docker reads only binder/ once it exists; its Python 3.12 base already has
    # JupyterLab, so only the library's needs and the package itself are added.
    (binder / "runtime.txt").write_text("python-3.12\n", encoding="utf-8")
    (binder / "requirements.txt").write_text(
        "".join(f"{r}\n" for r in needs) + "# The student edition, from the repository root.\n"
        "-e .\n", encoding="utf-8")
    checks = (", and record your answers for grading" if graded
              else ": Correct, or Not yet and what to look at")
    (target / "README.md").write_text(
        _STUDENT_README.format(title="Helsinki 2018: the summit notebooks", checks=checks),
        encoding="utf-8")


# --------------------------------------------------------------------------------- grading


@dataclass
class ExerciseResult:
    """The outcome of one exercise of one submitted notebook: one gradebook row.

    ``detail`` is one line for the gradebook; ``feedback`` is the full text for the student
    (Markdown), ``prompt`` the exercise's question.
    """

    student: str
    notebook: str
    exercise: str
    outcome: str
    points: float
    max_points: float
    detail: str = ""
    feedback: str = ""
    prompt: str = ""

    def row(self) -> dict:
        """This result as a gradebook row (a dict keyed by :data:`GRADEBOOK_COLUMNS`)."""
        return {"student": self.student, "notebook": self.notebook, "exercise": self.exercise,
                "outcome": self.outcome, "points": _number(self.points),
                "max_points": _number(self.max_points), "detail": self.detail}


@dataclass
class NotebookResult:
    """Every exercise result of one submitted notebook, and how grading it went."""

    student: str
    notebook: str
    results: list[ExerciseResult] = field(default_factory=list)
    seconds: float = 0.0
    problem: str = ""
    grader_failed: bool = False

    def summary(self) -> str:
        """One line for the progress display, such as ``3/4 correct`` (reflections, worth
        no points, not counted)."""
        if self.problem and not any(r.outcome == "correct" for r in self.results):
            return self.problem
        scored = [r for r in self.results if r.max_points > 0 or not r.exercise]
        correct = sum(r.outcome == "correct" for r in scored)
        text = f"{correct}/{len(scored)} correct"
        return f"{text} ({self.problem})" if self.problem else text


@dataclass
class GradeReport:
    """What :func:`grade` did: every notebook's results and the files written.

    ``plans`` holds every student (roster and folders) with what was graded, missing or
    reported; ``loose`` the files found directly in the submissions folder (not graded).
    """

    notebooks: list[NotebookResult]
    gradebook: Path
    feedback_dir: Path
    plans: list = field(default_factory=list)
    summary: Path | None = None
    archive: Path | None = None
    loose: list[Path] = field(default_factory=list)
    by_notebook: dict = field(default_factory=dict)

    def statuses(self) -> dict[str, str]:
        """Student id -> status in the summary (see :data:`summitlib.gradebook.STATUSES`)."""
        return {p.student_id: book.student_status(p, self.by_notebook) for p in self.plans}

    @property
    def results(self) -> list[ExerciseResult]:
        """Every gradebook row, in gradebook order."""
        return [r for nb in self.notebooks for r in nb.results]

    @property
    def grader_failures(self) -> list[NotebookResult]:
        """The notebooks the grader itself could not grade (a kernel failed to start ...)."""
        return [nb for nb in self.notebooks if nb.grader_failed]


def _number(value: float):
    value = float(value)
    return int(value) if value.is_integer() else round(value, 3)


def _one_line(text: str, limit: int | None = None) -> str:
    # The gradebook's detail is never cut (an instructor reads it whole); a limit is for
    # quoting a student's code inside a message.
    text = " ".join(str(text).split())
    return text if limit is None or len(text) <= limit else text[: limit - 3] + "..."


def _ansi_free(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)


# ------------------------------------------------------------------ restoring the locked cells


@dataclass
class _Release:
    """One notebook of the release, as the grader trusts it (never the student's copy)."""

    name: str
    nb: object  # the released notebook (nbformat.NotebookNode)
    module: str | None  # its exercise module, from the release's own setup cell
    setup_index: int
    exercises: list


def _released_setup_index(nb) -> int | None:
    found = _find_import(nb)
    return found[2] if found else None


def _load_release(path: Path) -> _Release | None:
    """The release notebook at ``path`` (a source notebook is released in memory first)."""
    nbformat = _nbformat()
    nb = nbformat.read(path, as_version=4)
    found = _find_import(nb)
    if found is None:  # a notebook without exercises (a reading, a presentation)
        return _Release(path.name, nb, None, 0, [])
    setup = nb.cells[found[2]]
    if "nbgrader" not in setup.get("metadata", {}):  # a source notebook, not yet released
        with contextlib.suppress(ReleaseError):  # an incomplete one still names its exercises
            nb = release_notebook(nb, name=path.stem)
    found = _find_import(nb)
    module = _exercise_module(found[0])
    return _Release(path.name, nb, found[0], found[2], list(_exercises_of(module).values()))


class _Releases:
    """The release notebooks by file name, loaded when first asked for."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._cache: dict[str, _Release | None] = {}

    def paths(self) -> dict[str, Path]:
        if self.folder is None or not self.folder.is_dir():
            return {}
        folder = self.folder
        if not any(folder.glob("*.ipynb")) and (folder / "notebooks").is_dir():
            folder = folder / "notebooks"  # a student release: OUT_DIR/notebooks/
        return {p.name: p for p in sorted(folder.glob("*.ipynb"))}

    def find(self, filename: str) -> _Release | None:
        paths = self.paths()
        path = paths.get(filename)
        if path is None:  # "04-Arms-Control (1).ipynb" is still notebook 04
            match = _NN_NAME.match(filename)
            same = [p for n, p in paths.items() if match and n.startswith(match.group(0))]
            path = same[0] if len(same) == 1 else None
        if path is None:
            return None
        if path.name not in self._cache:
            self._cache[path.name] = _load_release(path)
        return self._cache[path.name]


def _default_release_dir() -> Path | None:
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


def _restore(submitted, release: _Release):
    """The notebook to run: the student's cells, every locked cell as the release has it.

    Returns (notebook, {exercise: check cell index}, {exercise: [answer cell indices]},
    notes). The setup cell is the release's, wherever the student's was (or re-inserted where
    the release has it); the first cell claiming each exercise's check becomes the
    answer-taking cell; further cells claiming a check, or claiming an exercise the release
    does not have, lose their claim (they run as the student's own code, which decides
    nothing); a missing check cell is put back after the exercise's answer cell.
    """
    nbformat = _nbformat()
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
            cell.get("cell_type") == "code" and _exercise_import(_source(cell)) is not None)
        if is_setup and not setup_done and released_setup is not None:
            cells.append(copy.deepcopy(released_setup))
            setup_done = True
            continue
        exercise_name, role = _role(cell)
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
                if c.get("cell_type") == "code" and _role(c) == (name, role)]

    def released_check(name):
        found = next((c for c in release.nb.cells if _role(c) == (name, "check")), None)
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


class SandboxRequired(RuntimeError):
    """No sandbox can be made on this machine and ``unsafe_no_sandbox`` was not given."""


_EDITION: dict[str, Path] = {}
_EDITION_LOCK = threading.Lock()


def _edition() -> Path:
    """A graded student edition of summitlib (no key, no fingerprints), built once."""
    with _EDITION_LOCK:
        if "dir" not in _EDITION:
            from summitlib import student_edition

            folder = Path(tempfile.mkdtemp(prefix="summitlib-edition-"))
            atexit.register(shutil.rmtree, folder, True)
            student_edition.build(folder, formative=False)
            # Compiled once here: the sandbox is read-only, so each kernel would otherwise
            # compile the library again.
            compileall.compile_dir(folder, quiet=1)
            _EDITION["dir"] = folder
        return _EDITION["dir"]


def _key_folders() -> list[Path]:
    """Where the full key lives: the package, and the clone it sits in (not a site-packages)."""
    import summitlib

    package = Path(summitlib.__file__).resolve().parent
    folders = [package]
    root = package.parent
    if (root / "pyproject.toml").is_file() or (root / ".git").exists():
        folders.append(root)
    return folders


def _holds_python(folder: Path) -> bool:
    folder = folder.resolve()
    for prefix in {sys.prefix, sys.base_prefix, str(Path(sys.executable).resolve().parent)}:
        p = Path(prefix).resolve()
        if p == folder or folder in p.parents:
            return True
    return False


def _hidden(extra=()) -> list[Path]:
    """The folders student code must not see: the key, the class, the instructor's home."""
    out = []
    for folder in [*_key_folders(), Path.home(), *extra]:
        folder = Path(folder).resolve()
        if folder.is_dir() and not _holds_python(folder):
            out.append(folder)
    return out


def _copy_font_cache(scratch: Path) -> None:
    # Without the grader's font list, matplotlib rebuilds it in every sandbox (seconds).
    try:
        import matplotlib

        cache = Path(matplotlib.get_cachedir())
        target = scratch / ".matplotlib"
        target.mkdir(exist_ok=True)
        for font_list in cache.glob("fontlist-*.json"):
            shutil.copyfile(font_list, target / font_list.name)
    except Exception:  # a cold font cache is only slower
        pass


_RESULT_LIMIT = 50_000_000  # bytes of runner output the grader reads at most


class _Runner:
    """A runner process started ahead, in its own scratch folder, waiting for its job.

    Python's start and nbclient's imports (a second or more) then overlap the notebook
    before, instead of adding to each notebook. It has seen nothing of any submission.
    """

    def __init__(self, *, sandboxed: bool, hide):
        from summitlib import sandbox

        self.sandboxed, self.hide = sandboxed, list(hide)
        self._tmp = tempfile.TemporaryDirectory(prefix="summitlib-grade-")
        self.scratch = Path(self._tmp.name)
        self.inside = sandbox.SCRATCH if sandboxed else str(self.scratch)
        _copy_font_cache(self.scratch)
        edition = _edition()
        # Run as a script in isolated mode: no `import summitlib` (and pandas) in the runner,
        # and neither its own folder nor PYTHONPATH on its path; its kernel gets PYTHONPATH.
        runner = (sandbox.EDITION if sandboxed else str(edition)) + (
            "/summitlib/grading_runner.py")
        argv = [sys.executable, "-I", runner, "--wait", f"{self.inside}/.job.json"]
        if sandboxed:
            argv, env, cwd = sandbox.command(argv, scratch=self.scratch, edition=edition,
                                             hide=hide), None, None
        else:
            env = {**os.environ, "PYTHONPATH": str(edition), "SUMMITLIB_SOLUTIONS": "0"}
            cwd = self.scratch
        # stderr to a file, not a pipe: the grader polls the runner rather than reading it.
        self._stderr = open(self.scratch / ".stderr", "w", encoding="utf-8")  # noqa: SIM115
        self.process = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=self._stderr)

    def stderr(self) -> str:
        try:
            return (self.scratch / ".stderr").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired, ValueError, OSError):
            self.process.wait(timeout=30)
        self._stderr.close()
        self._tmp.cleanup()


_WARM = threading.local()
_WARM_ALL: list[_Runner] = []
_WARM_LOCK = threading.Lock()


def _take_runner(*, sandboxed: bool, hide) -> _Runner:
    """This thread's runner started ahead (if any, and alike), else a new one."""
    ready = getattr(_WARM, "runner", None)
    _WARM.runner = None
    if ready is not None and ready.sandboxed == sandboxed and ready.hide == list(hide) \
            and ready.process.poll() is None:
        return ready
    if ready is not None:
        ready.close()
    return _Runner(sandboxed=sandboxed, hide=hide)


def _warm_next(*, sandboxed: bool, hide) -> None:
    runner = _Runner(sandboxed=sandboxed, hide=hide)
    with _WARM_LOCK:
        _WARM_ALL.append(runner)
    _WARM.runner = runner


def _close_warm() -> None:
    """Stop every runner started ahead that no notebook took (the end of a batch)."""
    with _WARM_LOCK:
        leftover, _WARM_ALL[:] = list(_WARM_ALL), []
    for runner in leftover:
        runner.close()


def _run_sealed(nb, filename: str, *, checks, answers, timeout, max_output_bytes,
                sandboxed: bool, hide, warm: bool = False) -> tuple[dict | None, str]:
    """Run ``nb`` in a runner (inside bwrap unless ``sandboxed`` is False).

    ``warm``: start the next runner for this thread as soon as this one has its job (a batch
    does; :func:`_close_warm` stops the last one).

    Returns (the runner's result, or None; what went wrong, if anything).
    """
    nbformat = _nbformat()
    runner = _take_runner(sandboxed=sandboxed, hide=hide)
    with _WARM_LOCK:
        if runner in _WARM_ALL:
            _WARM_ALL.remove(runner)
    try:
        scratch, inside = runner.scratch, runner.inside
        safe_name = _safe_filename(filename) if filename.endswith(".ipynb") else "notebook.ipynb"
        (scratch / safe_name).write_text(nbformat.writes(nb), encoding="utf-8")
        job = {"notebook": f"{inside}/{safe_name}", "out": f"{inside}/.result.json",
               "progress": f"{inside}/.progress",
               "timeout": timeout, "max_output_bytes": max_output_bytes,
               "error_cells": sorted({i for v in answers.values() for i in v} | set(checks)),
               "answer_cells": {str(i): variable for i, variable in checks.items()}}
        (scratch / ".job.tmp").write_text(json.dumps(job), encoding="utf-8")
        os.replace(scratch / ".job.tmp", scratch / ".job.json")  # the runner waits for it
        if warm:
            _warm_next(sandboxed=sandboxed, hide=hide)
        code_cells = sum(c.get("cell_type") == "code" for c in nb.cells)
        deadline = time.perf_counter() + 180 + (code_cells + 2) * (timeout + 5)
        while runner.process.poll() is None:
            if time.perf_counter() > deadline:
                return None, "the notebook did not finish in the time its cells are allowed"
            with contextlib.suppress(subprocess.TimeoutExpired):
                runner.process.wait(timeout=0.5)
            with contextlib.suppress(OSError, ValueError):  # where it is, for the heartbeat
                _note_running_cell(nb, int((scratch / ".progress").read_text()[:12]))
        stderr = runner.stderr()
        result_path = scratch / ".result.json"
        try:
            if result_path.stat().st_size > _RESULT_LIMIT:
                return None, "the notebook's answers were too large to read"
            return json.loads(result_path.read_text(encoding="utf-8")), ""
        except (OSError, ValueError):
            tail = _one_line((stderr or "")[-600:], 300)
            return None, (f"the grading runner stopped with exit code "
                          f"{runner.process.returncode} before writing its results "
                          f"({tail or 'no message'})")
    finally:
        runner.close()


# ---------------------------------------------------------------------------- judging


def _cells_of(nb, exercise_name: str, role: str) -> list[int]:
    return [i for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code" and _role(cell) == (exercise_name, role)]


_JUDGE_LOCK = threading.Lock()


def _judge(exercise, record):
    """The key's Feedback on the answer a kernel reported, judged in this process."""
    from summitlib.exercises._plain import from_plain

    value = from_plain(record.get("value"))
    with _JUDGE_LOCK:  # the key's expected() reads shared caches; charts share matplotlib
        return exercise.evaluate(value)


def _exercise_result(exercise, student, label, run: dict, check_index: int,
                     answer_cells: list[int], timeout) -> ExerciseResult:
    """One exercise's result, from what the runner saw and the key's own judgement."""
    name, max_points = exercise.name, float(exercise.points)
    called = book.exercise_label(name)  # as the notebook names it: "Exercise 3"

    def row(outcome, detail, feedback=None, points=0.0):
        return ExerciseResult(student, label, name, outcome, points, max_points,
                              _one_line(detail), feedback or detail,
                              prompt=getattr(exercise, "prompt", ""))

    stop = run.get("stop") or {}
    stop_index = stop.get("index")
    if isinstance(stop_index, int) and check_index >= stop_index:
        outcome = stop.get("outcome")
        outcome = outcome if outcome in ("kernel_died", "output_too_large", "timeout") else (
            "error")
        return row(outcome, str(stop.get("reason", ""))[:2000])
    timed_out = set(stop.get("timed_out") or [])
    own = [i for i in [*answer_cells, check_index] if i in timed_out]
    if own:
        which = "answer" if own[0] in answer_cells else "check"
        return row("timeout", f"The {which} cell of {called} ran longer than {timeout:g} s "
                              "and was stopped.")
    errors = run.get("errors") or {}
    answer_error = next((str(errors[str(i)]) for i in answer_cells if str(i) in errors), None)
    if answer_error:
        return row("error", f"The answer cell raised {answer_error}.")
    record = (run.get("answers") or {}).get(str(check_index))
    if not isinstance(record, dict):
        check_error = errors.get(str(check_index))
        return row("error", f"The grader could not read {exercise.answer_variable}"
                            + (f" ({check_error})." if check_error else "."))
    if not record.get("defined"):
        return row("error", f"{exercise.answer_variable} is not defined when its check runs: "
                            "the answer cell was deleted, renamed the variable, or did not run.")
    try:
        feedback = _judge(exercise, record)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        return row("error", f"The grader could not read {exercise.answer_variable} "
                            f"({type(exc).__name__}).")
    # The key's own feedback, computed here, says the points (a written answer's are 0 until
    # the instructor marks it).
    points = min(max(float(feedback.points), 0.0), max_points) if feedback.correct else 0.0
    return row(feedback.outcome, str(feedback), feedback._markdown(), points)


def _rows_for_all(student, notebook, exercises, outcome, detail):
    return [ExerciseResult(student, notebook, ex.name, outcome, 0.0, float(ex.points),
                           _one_line(detail), detail, prompt=getattr(ex, "prompt", ""))
            for ex in exercises]


def grade_notebook(path, *, student: str = "", label: str | None = None, timeout: float = 60,
                   max_output_bytes: int = _DEFAULT_MAX_OUTPUT, release_dir=None,
                   unsafe_no_sandbox: bool = False, hide=(), exercises=None,
                   _releases=None, _warm: bool = False, _name: str | None = None
                   ) -> NotebookResult:
    """Run one submitted notebook sealed off, and judge each answer against the key.

    The submission is never trusted: its locked cells (setup and checks) are put back as the
    release has them, the exercises come from the release's notebook of the same name, the
    notebook runs in a sandbox (see :mod:`summitlib.sandbox`) with the student edition of
    summitlib (no key in it), and only the value of each ``answer_N``, taken out as plain data
    where its check cell stands, is judged, here, by the key. Nothing the kernel displays
    counts. The submitted file is never changed.

    Parameters
    ----------
    path : str or Path
        The submitted notebook.
    student : str, default=""
        Who submitted it (copied into every result).
    label : str, optional
        The notebook's name in the gradebook (default: the file name).
    timeout : float, default=60
        Seconds a cell may run before it is interrupted.
    max_output_bytes : int, default=10_000_000
        The output the notebook may produce; past it, execution stops.
    release_dir : str or Path, optional
        The release notebooks (student release or source notebooks) the submission is one
        of, matched by file name (default: the course's ``notebooks/``).
    unsafe_no_sandbox : bool, default=False
        Run without a sandbox when none can be made. Student code can then read and write
        whatever the grader's user can: only for trusted notebooks.
    hide : iterable of Path
        More folders student code must not see (the submissions, gradebook and feedback
        folders, the key and the home folder always are hidden).
    exercises : str, optional
        Ignored; kept for callers of earlier versions (the release decides the exercises).

    Returns
    -------
    NotebookResult
        One :class:`ExerciseResult` per exercise of the release's notebook (or a single row
        when the submission matches no release notebook).

    Raises
    ------
    SandboxRequired
        No sandbox can be made here and ``unsafe_no_sandbox`` is False.
    """
    path = Path(path)
    label = label or path.name
    releases = _releases or _Releases(Path(release_dir) if release_dir
                                      else _default_release_dir())
    sandboxed = _sandbox_mode(unsafe_no_sandbox)
    started = time.perf_counter()
    result = NotebookResult(student, label)
    try:
        _grade_into(result, path, timeout=timeout, max_output_bytes=max_output_bytes,
                    releases=releases, sandboxed=sandboxed,
                    hide=_hidden(hide) if _warm else _hidden([path.parent, *hide]), warm=_warm,
                    name=_name)
    except Exception as exc:  # the batch goes on; the row says what broke
        result.grader_failed = True
        result.problem = f"grader error: {type(exc).__name__}: {exc}"
        if not result.results:
            result.results = [ExerciseResult(student, label, "", "grader_error", 0.0, 0.0,
                                             _one_line(result.problem), result.problem)]
    result.seconds = time.perf_counter() - started
    return result


def _stop_reason(nb, stop: dict, timeout, max_output_bytes) -> str:
    """Why the run stopped, naming the cell as the student knows it (not the runner's)."""
    index, outcome = stop["index"], stop.get("outcome")
    if outcome == "kernel_died":
        code = stop.get("exit_code")
        return ("The kernel stopped while running "
                f"{book.describe_cell(nb, index)} "
                f"({_one_line(_source(nb.cells[index]), 60)!r})"
                + (f", exit code {code}." if isinstance(code, int) else "."))
    if outcome == "output_too_large":
        return (f"Output too large: {book.describe_cell(nb, index)} took the notebook past "
                f"{max_output_bytes / 1e6:g} MB of output, so the rest was not run.")
    previous = stop.get("previous")
    if outcome == "timeout" and isinstance(previous, int) and 0 <= previous < len(nb.cells):
        return (f"{_capital(book.describe_cell(nb, previous))} ran longer than {timeout:g} s "
                "and did not stop when interrupted, so the rest of the notebook was not run.")
    return str(stop.get("reason", ""))[:2000]


def _sandbox_mode(unsafe_no_sandbox: bool) -> bool:
    """True: grade in bwrap. False: no sandbox, as asked. Refuses when none can be made."""
    from summitlib import sandbox

    reason = sandbox.available()
    if not reason:
        return True
    if unsafe_no_sandbox:
        return False
    raise SandboxRequired(
        f"Cannot grade safely: {reason}. Submitted notebooks are untrusted code, so the "
        "grader runs each one sealed off with bubblewrap. Install it (or grade on a machine "
        "where it works), or pass --unsafe-no-sandbox to run them with your own access to "
        "files and network (only for notebooks you trust)."
    )


def _read_submission(raw: bytes):
    """(notebook, None) or (None, why it cannot be read)."""
    nbformat = _nbformat()
    try:
        json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        return None, f"not valid JSON ({exc})"
    try:
        nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
        nbformat.validate(nb)
    except Exception as exc:
        return None, f"not a valid Jupyter notebook ({_one_line(str(exc), 150)})"
    return nb, None


def _grade_into(result: NotebookResult, path: Path, *, timeout, max_output_bytes, releases,
                sandboxed, hide, warm=False, name=None) -> None:
    student, label = result.student, result.notebook
    nb, invalid = _read_submission(path.read_bytes())
    release = (releases.find(name) if name else None) or releases.find(path.name)
    if release is None:
        known = ", ".join(sorted(releases.paths())) or "none"
        problem = invalid or (f"no notebook of the release is named {path.name!r}, so the "
                              f"grader cannot tell its exercises (release notebooks: {known})")
        result.problem = problem
        outcome = "invalid_notebook" if invalid else "error"
        result.results = [ExerciseResult(student, label, "", outcome, 0.0, 0.0,
                                         _one_line(problem), problem)]
        return
    if invalid:
        result.problem = invalid
        result.results = _rows_for_all(student, label, release.exercises, "invalid_notebook",
                                       f"The notebook is {invalid}; it could not be run.")
        return
    if not release.exercises:
        return
    to_run, checks, answers, notes = _restore(nb, release)
    run, failure = _run_sealed(to_run, path.name,
                               checks={checks[ex.name]: ex.answer_variable
                                       for ex in release.exercises},
                               answers=answers, timeout=timeout,
                               max_output_bytes=max_output_bytes, sandboxed=sandboxed,
                               hide=hide, warm=warm)
    if run is None:
        result.problem = failure
        result.results = _rows_for_all(student, label, release.exercises, "error",
                                       f"The notebook could not be graded: {failure}.")
        return
    stop = run.get("stop") or {}
    if isinstance(stop.get("index"), int) and 0 <= stop["index"] < len(to_run.cells):
        stop["reason"] = _stop_reason(to_run, stop, timeout, max_output_bytes)
    result.problem = str(stop.get("reason", ""))[:2000] if stop.get("index") is not None else ""
    if stop.get("timed_out") and not result.problem:
        result.problem = f"{len(stop['timed_out'])} cell(s) timed out"
    if notes:
        result.problem = "; ".join(filter(None, [result.problem, *notes]))
    result.results = [_exercise_result(ex, student, label, run, checks[ex.name],
                                       answers[ex.name], timeout)
                      for ex in release.exercises]


def _expected_from_name(filename: str) -> tuple[str, str] | None:
    match = _NN_NAME.match(filename)
    if not match:
        return None
    short = f"nb{match.group(1)}"
    try:
        _exercise_module(short)
    except ImportError:
        return None
    return short, "ex"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _module_in(path: Path) -> str | None:
    """The exercise module a notebook file imports (None when it cannot be told)."""
    try:
        found = _find_import(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, ValueError, AttributeError, TypeError):
        return None
    return found[0] if found else None


def _set_aside_other_notebooks(plans, wanted: dict[str, str]) -> None:
    """Grade no file whose setup cell imports another notebook's exercises than its name's.

    A notebook 05 renamed as 04 would otherwise be graded against 05's exercises and
    counted as 04.
    """
    for student_plan in plans:
        for nb_id, submission in list(student_plan.graded.items()):
            own = _module_in(submission.path)
            if own and wanted.get(nb_id) and own != wanted[nb_id]:
                book.set_aside(student_plan, nb_id,
                               f"{submission.label!r} is named as {nb_id} but holds the "
                               f"exercises of another notebook ({own}); it was not graded")


def _modules_by_notebook(submissions) -> dict[str, str]:
    """Notebook id -> exercise module, from the submissions that can be read.

    A notebook that cannot say which exercises it holds (broken JSON, setup cell deleted) is
    graded against the module its classmates' copies of the same notebook import.
    """
    modules: dict[str, str] = {}
    for submission in submissions:
        if submission.notebook_id not in modules:
            found = _module_in(submission.path)
            if found:
                modules[submission.notebook_id] = found
    return modules


def _safe_filename(name: str) -> str:
    return re.sub(r"[^\w.-]", "_", name) or "student"


@dataclass
class RunningNotebook:
    """A notebook still running, as the heartbeat of :func:`grade` reports it.

    ``cell`` says where it is in a student's terms (:func:`summitlib.gradebook.describe_cell`),
    empty while its kernel starts.
    """

    student: str
    notebook: str
    seconds: float
    cell: str


# Thread id -> (notebook, index of the cell it runs), kept up to date by _execute, so the
# heartbeat can say where a long notebook is.
_RUNNING_CELLS: dict[int, tuple] = {}


def _note_running_cell(nb, index: int) -> None:
    _RUNNING_CELLS[threading.get_ident()] = (nb, index)


def _assignment_notebooks(assignment) -> tuple[list[str], dict[str, str]]:
    """(notebook ids, id -> exercise module) of the notebooks an assignment names."""
    ids, modules = [], {}
    for entry in assignment:
        path = Path(entry)
        # The instructor's own name for it: taken as it is, never undecorated ("Week-4").
        nb_id = path.name[:-len(".ipynb")] if path.name.lower().endswith(".ipynb") else path.name
        if nb_id in ids:
            continue
        ids.append(nb_id)
        found = _module_in(path) if path.is_file() else None
        if found:
            modules[nb_id] = found
    return ids, modules


def _exercise_points(nb_id: str, module: str | None, results) -> list[tuple[str, float]]:
    """(exercise, points) of one notebook of the assignment: from its exercise module, else
    from the rows of whoever handed it in."""
    module = module or (_expected_from_name(nb_id) or (None,))[0]
    if module:
        try:
            return [(ex.name, float(ex.points))
                    for ex in _exercises_of(_exercise_module(module)).values()]
        except (ImportError, ReleaseError):
            pass
    for result in results:
        named = [(r.exercise, float(r.max_points)) for r in result.results if r.exercise]
        if named:
            return named
    return []


def _missing_rows(student: str, nb_id: str, points, reason: str) -> list[dict]:
    if not points:
        return [{"student": student, "notebook": "", "exercise": "", "outcome": "missing",
                 "points": 0, "max_points": 0, "detail": reason, "notebook_id": nb_id}]
    return [{"student": student, "notebook": "", "exercise": name, "outcome": "missing",
             "points": 0, "max_points": _number(max_points), "detail": reason,
             "notebook_id": nb_id} for name, max_points in points]


def _detail_rows(plans, results, assignment_ids, exercises) -> list[dict]:
    """The detailed gradebook: each student's rows, a notebook not graded included."""
    rows = []
    for student_plan in plans:
        for nb_id in assignment_ids:
            result = results.get((student_plan.student_id, nb_id))
            if result is not None:
                rows += [{**r.row(), "notebook_id": nb_id} for r in result.results]
                continue
            reason = student_plan.missing_reasons.get(nb_id) or (
                f"Not handed in: no {nb_id} in the folder of {student_plan.student_id}."
                if student_plan.folder else
                f"Not handed in: {student_plan.student_id} has no folder in the submissions.")
            rows += _missing_rows(student_plan.student_id, nb_id, exercises[nb_id], reason)
    return rows


def _write_feedback(plans, results, exercises, feedback: Path, manifest: dict) -> Path:
    """Each student's feedback (.md, .html), and the zip of the HTML pages for the LMS."""
    from summitlib import lms

    archive = feedback.with_name(f"{feedback.name}.zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for student_plan in plans:
            name = _safe_filename(student_plan.student_id)
            page = book.feedback_html(student_plan, results, exercises)
            book.write_text_atomic(feedback / f"{name}.md",
                                   book.feedback_markdown(student_plan, results, exercises))
            book.write_text_atomic(feedback / f"{name}.html", page)
            # Canvas attaches feedback to the submission holding the file it names.
            newest_first = [sub.label for sub in sorted(student_plan.graded.values(),
                                                        key=lambda sub: -sub.modified)]
            bundle.writestr(lms.feedback_entry_name(student_plan.student_id, manifest, name,
                                                    newest_first), page)
    return book.write_bytes_atomic(archive, buffer.getvalue())


def _outputs(gradebook: Path, feedback: Path, summary, canvas, moodle, plans):
    """Every file grade() writes: (path, what it is), for the overwrite check."""
    files = [(gradebook, "The gradebook")]
    files += [(Path(p), name) for p, name in ((summary, "The summary"),
                                              (canvas, "The Canvas export"),
                                              (moodle, "The Moodle export")) if p]
    files.append((feedback.with_name(f"{feedback.name}.zip"), "The feedback archive"))
    for student_plan in plans:
        for suffix in (".md", ".html"):
            files.append((feedback / f"{_safe_filename(student_plan.student_id)}{suffix}",
                          "Feedback files"))
    return files


def grade(submissions_dir, gradebook, *, jobs: int = 1, timeout: float = 60,
          force: bool = False, feedback_dir=None, max_output_bytes: int = _DEFAULT_MAX_OUTPUT,
          progress: Callable[[int, int, NotebookResult], None] | None = None,
          summary=None, roster=None, assignment=None, canvas=None, moodle=None,
          title: str | None = None, bom: bool = False,
          heartbeat: Callable[[list[RunningNotebook]], None] | None = None,
          heartbeat_every: float = 5.0, marks=None, release_dir=None,
          unsafe_no_sandbox: bool = False, hide=()) -> GradeReport:
    """Grade every submitted notebook and write the gradebook, summary and feedback files.

    Parameters
    ----------
    submissions_dir : str or Path
        One sub-folder per student, holding that student's notebooks (sub-folders allowed).
        Files directly in it belong to nobody: they are reported, not graded.
    gradebook : str or Path
        The detailed CSV to write: one row per exercise per student, with the columns of
        :data:`GRADEBOOK_COLUMNS` (a notebook not handed in has rows with outcome
        ``missing``).
    jobs : int, default=1
        How many notebooks to run at once, each in its own kernel.
    timeout : float, default=60
        Seconds a cell may run before it is interrupted.
    force : bool, default=False
        Overwrite existing output files.
    feedback_dir : str or Path, optional
        Where the feedback files go (default: ``<gradebook stem>-feedback`` next to the
        gradebook): ``<student>.md`` and ``<student>.html`` for every student, and
        ``<folder>.zip`` beside the folder, holding the HTML files named as the LMS the
        submissions came from expects (see :func:`summitlib.lms.feedback_entry_name`).
    max_output_bytes : int, default=10_000_000
        Output one notebook may produce before its execution is stopped.
    progress : callable, optional
        Called as ``progress(done, total, notebook_result)`` after each notebook.
    summary : str or Path, optional
        Also write the summary CSV: one row per student (see
        :func:`summitlib.gradebook.summary_table`).
    roster : str, Path or sequence of Student, optional
        Who should be there (see :func:`summitlib.gradebook.read_roster`).
    assignment : sequence of str or Path, optional
        The notebooks of the assignment (file names, or paths to the released notebooks);
        default: every notebook anyone handed in.
    canvas, moodle : str or Path, optional
        Also write the summary in the layout of a Canvas or Moodle gradebook import.
    title : str, optional
        The assignment's column name in those exports (default: the notebook ids joined).
    bom : bool, default=False
        Start every CSV with a byte-order mark (for Excel).
    heartbeat : callable, optional
        Called every ``heartbeat_every`` seconds with the notebooks that have run that long.
    marks : str or Path, optional
        A marks file of hand-marked written answers (``summitlib.instructor.mark``): their
        points, rubric lines and comments go into every output (see
        :func:`summitlib.marks.mark_results`).
    heartbeat_every : float, default=5
        Seconds between heartbeats.
    release_dir : str or Path, optional
        The release's notebooks (the student release, or the source notebooks); each
        submission is graded as the one of its notebook's name (default: the course's
        ``notebooks/``). Its locked cells and its exercises come from there, never from the
        submission.
    unsafe_no_sandbox : bool, default=False
        Grade without a sandbox when none can be made (see :func:`grade_notebook`).
    hide : iterable of Path
        More folders to keep out of student code's sight.

    Returns
    -------
    GradeReport

    Raises
    ------
    FileNotFoundError
        ``submissions_dir`` is not a folder, or holds no student notebooks and no roster
        was given.
    OverwriteError
        An output file exists and ``force`` is False (checked before any notebook runs).
    ValueError
        ``jobs``, ``timeout`` or ``heartbeat_every`` is not positive, or the roster is
        malformed.
    SandboxRequired
        No sandbox can be made here and ``unsafe_no_sandbox`` is False (checked before any
        notebook runs).

    Examples
    --------
    A file that is not a notebook is graded as such, without starting a kernel:

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     Path(tmp, "submissions", "zoe").mkdir(parents=True)
    ...     _ = Path(tmp, "submissions", "zoe", "notes.ipynb").write_text("not json")
    ...     report = grade(Path(tmp, "submissions"), Path(tmp, "grades.csv"))
    ...     header, row = Path(tmp, "grades.csv").read_text().splitlines()
    ...     print(header, row.replace("(Expecting value: line 1 column 1 (char 0))", "..."),
    ...           sep="\\n")
    ...     sorted(p.name for p in report.feedback_dir.iterdir())
    student,notebook,exercise,outcome,points,max_points,detail,notebook_id
    zoe,notes.ipynb,,invalid_notebook,0,0,not valid JSON ...,notes
    ['zoe.html', 'zoe.md']
    """
    from summitlib import lms

    submissions, gradebook = Path(submissions_dir), Path(gradebook)
    feedback = Path(feedback_dir) if feedback_dir else gradebook.with_name(
        f"{gradebook.stem}-feedback")
    if int(jobs) < 1:
        raise ValueError(f"jobs must be 1 or more; got {jobs!r}.")
    if not timeout or float(timeout) <= 0:
        raise ValueError(f"timeout must be a positive number of seconds; got {timeout!r}.")
    if float(heartbeat_every) <= 0:
        raise ValueError(f"heartbeat_every must be a positive number of seconds; got "
                         f"{heartbeat_every!r}.")
    if not submissions.is_dir():
        raise FileNotFoundError(f"No submissions folder at {str(submissions)!r}.")
    students = (book.read_roster(roster) if isinstance(roster, str | os.PathLike)
                else list(roster) if roster is not None else None)
    expected, modules = _assignment_notebooks(assignment or ())
    discovery = book.discover(submissions, known=expected)
    if not any(discovery.folders.values()) and students is None:
        raise FileNotFoundError(
            f"{str(submissions)!r} holds no student notebooks; expected one sub-folder per "
            "student, such as SUBMISSIONS/alice/04-Arms-Control-and-New-START.ipynb."
        )
    plans = book.plan(discovery, roster=students, expected=expected or None)
    if not force:
        for path, what in _outputs(gradebook, feedback, summary, canvas, moodle, plans):
            if path.exists():
                where = (f"Feedback files already exist in {str(feedback)!r} (such as "
                         f"{path.name})" if what == "Feedback files"
                         else f"{what} {str(path)!r} already exists")
                raise OverwriteError(f"{where}; choose another --out, or pass --force to "
                                     "overwrite.")

    _sandbox_mode(unsafe_no_sandbox)  # refuse before any notebook runs
    # The release: as given; else the folder of the released files the assignment names.
    named = [Path(a) for a in assignment or () if Path(a).is_file()]
    releases = _Releases(Path(release_dir) if release_dir else named[0].parent if named
                         else _default_release_dir())
    # Student code must not see the class: the submissions, the gradebook, the feedback.
    sealed = [submissions, gradebook.parent, feedback, *hide]
    wanted = {nb_id: modules.get(nb_id) or (_expected_from_name(nb_id) or (None,))[0]
              for p in plans for nb_id in [*p.graded, *p.missing]}
    _set_aside_other_notebooks(plans, wanted)
    items = [(p.student_id, sub) for p in plans for sub in p.graded.values()]
    hints = {**_modules_by_notebook(sub for _, sub in items), **modules}
    total = len(items)
    results: dict[tuple[str, str], NotebookResult] = {}
    running: dict[int, tuple[str, str, float]] = {}

    def run(item):
        student, submission = item
        me = threading.get_ident()
        running[me] = (student, submission.label, time.perf_counter())
        try:
            return grade_notebook(submission.path, student=student, label=submission.label,
                                  timeout=timeout, max_output_bytes=max_output_bytes,
                                  unsafe_no_sandbox=unsafe_no_sandbox, hide=sealed,
                                  _releases=releases, _warm=True,
                                  _name=f"{submission.notebook_id}.ipynb")
        finally:
            running.pop(me, None)
            _RUNNING_CELLS.pop(me, None)

    stop = threading.Event()

    def beat():
        while not stop.wait(float(heartbeat_every)):
            now = time.perf_counter()
            long_running = []
            for ident, (student, label, started) in sorted(list(running.items()),
                                                           key=lambda kv: kv[1][2]):
                if now - started < float(heartbeat_every):
                    continue
                cell = _RUNNING_CELLS.get(ident)
                long_running.append(RunningNotebook(
                    student, label, now - started,
                    book.describe_cell(*cell) if cell else ""))
            if long_running:
                heartbeat(long_running)

    beating = threading.Thread(target=beat, daemon=True) if heartbeat is not None else None
    if beating is not None:
        beating.start()
    try:
        with ThreadPoolExecutor(max_workers=int(jobs)) as pool:
            futures = {pool.submit(run, item): item for item in items}
            for done, future in enumerate(as_completed(futures), start=1):
                student, submission = futures[future]
                nb_result = future.result()
                results[(student, submission.notebook_id)] = nb_result
                if progress is not None:
                    progress(done, total, nb_result)
    finally:
        stop.set()
        _close_warm()

    assignment_ids = expected or sorted({nb_id for p in plans for nb_id in p.graded}
                                        | {nb_id for p in plans for nb_id in p.missing})
    exercises = {nb_id: _exercise_points(nb_id, hints.get(nb_id),
                                         [r for (_, i), r in results.items() if i == nb_id])
                 for nb_id in assignment_ids}

    if marks is not None:  # hand marks of written answers, before anything is written
        from summitlib.marks import mark_results

        mark_results(results.values(), marks, submissions, paths={
            (p.student_id, s.label): s.path for p in plans for s in p.graded.values()})
    rows = _detail_rows(plans, results, assignment_ids, exercises)
    book.write_csv(gradebook, GRADEBOOK_COLUMNS,
                   ([row[c] for c in GRADEBOOK_COLUMNS] for row in rows), bom=bom)
    header, table = book.summary_table(plans, results, exercises)
    if summary:
        book.write_csv(summary, header, table, bom=bom)
    manifest = lms.read_manifest(submissions)
    title = title or " + ".join(assignment_ids) or "summitlib"
    for path, layout in ((canvas, lms.canvas_table), (moodle, lms.moodle_table)):
        if path:
            book.write_csv(path, *layout(header, table, plans, manifest, title), bom=bom)
    archive = _write_feedback(plans, results, exercises, feedback, manifest)

    ordered = [results[(p.student_id, nb_id)] for p in plans for nb_id in p.graded
               if (p.student_id, nb_id) in results]
    return GradeReport(ordered, gradebook, feedback, plans=plans,
                       summary=Path(summary) if summary else None, archive=archive,
                       loose=[submissions / name for name in discovery.loose],
                       by_notebook=results)
