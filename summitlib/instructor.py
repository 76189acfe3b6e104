"""Release the notebooks to students and grade their submissions in one batch.

Two jobs, reachable as ``summitlib release`` and ``summitlib grade`` (see ``summitlib --help``)
or from Python:

- :func:`release` writes a student release of the notebooks (outputs cleared, solutions
  switched off, every exercise cell turned into an nbgrader cell) or, with ``key=True``, the
  answer key (the same cells, each answer cell holding its solution between
  ``### BEGIN SOLUTION`` and ``### END SOLUTION``).
- :func:`grade` runs every submitted notebook in a fresh Jupyter kernel, reads the outcome that
  each check cell reports, and writes a gradebook (CSV) and one feedback file per student.

The notebooks follow the conventions in ``docs/design.md``: a setup cell imports the
notebook's exercises (``from summitlib.exercises import ____, nb04 as ex``); an answer cell has the
metadata ``{"summitlib": {"exercise": "q1", "role": "answer"}}`` and a check cell
``{"summitlib": {"exercise": "q1", "role": "check"}}``.

Submitted notebooks are untrusted code. Each runs in its own kernel process, on a copy, with
a time limit per cell and a cap on its output, but that kernel has the same access to files
and network as the user who runs the grader: grade inside a container, a virtual machine or a
throwaway account.

nbformat and nbclient (both installed with JupyterLab) are imported only when needed, so
``import summitlib`` stays light.
"""

from __future__ import annotations

import ast
import copy
import importlib.util
import io
import json
import logging
import os
import re
import shutil
import subprocess
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
_BUNDLE_OUTCOMES = ("correct", "incorrect", "not_attempted", "error")
_NN_NAME = re.compile(r"^(\d\d)-")
_SOLUTIONS_OFF = (
    "# Student release: solutions are switched off.\n"
    "from summitlib.exercises import set_solutions_enabled\n"
    "set_solutions_enabled(False)"
)
_DEFAULT_MAX_OUTPUT = 10_000_000  # bytes: 10 MB, as the command line counts them
_OUTPUT_MESSAGES = frozenset(
    {"stream", "display_data", "execute_result", "error", "update_display_data", "comm_open",
     "comm_msg"}
)


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
        if role == "answer":
            cell.source = _released_answer(_source(cell), exercise, key=key, where=where)
            cell.metadata["nbgrader"] = _nbgrader_meta(
                grade=False, solution=True, locked=False,
                grade_id=_grade_id(name, exercise_name, "answer"))
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

    setup = nb.cells[setup_index]
    if not key:
        setup.source = _source(setup).rstrip("\n") + "\n" + _SOLUTIONS_OFF
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
            force: bool = False) -> list[Path]:
    """Write the student release (or the answer key) of every notebook in a folder.

    Parameters
    ----------
    out_dir : str or Path
        Where to write the released notebooks (created if missing). Other files of the
        notebooks folder (images, data) are copied alongside.
    notebooks_dir : str or Path, default="notebooks"
        The source notebooks; they are read, never changed.
    key : bool, default=False
        Write the answer key instead of the student release.
    force : bool, default=False
        Overwrite files in an ``out_dir`` that is not empty. Files of ``out_dir`` that the
        release does not write are left alone.

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
    ...     [p.name for p in release(Path(tmp, "student"), notebooks_dir=source)]
    ['00-Reading.ipynb']
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
    written = []
    for filename, nb in released:
        out = target / filename
        out.write_text(nbformat.writes(nb), encoding="utf-8")
        written.append(out)
    for extra in sorted(source_dir.iterdir()):
        if extra.name.startswith(".") or extra.suffix == ".ipynb":
            continue
        if extra.is_dir():
            shutil.copytree(extra, target / extra.name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns(".*", "__pycache__"))
        else:
            shutil.copy2(extra, target / extra.name)
    return written


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


def _error_text(cell) -> str | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename', 'Error')}: {_ansi_free(output.get('evalue', ''))}"
    return None


def _bundle(cell, exercise_name: str):
    """The last outcome bundle for this exercise in the cell's outputs, as
    (bundle, plain text, Markdown)."""
    found = None
    for output in cell.get("outputs", []):
        data = output.get("data") or {}
        bundle = data.get(OUTCOME_MIMETYPE)
        if isinstance(bundle, str):
            try:
                bundle = json.loads(bundle)
            except ValueError:
                continue
        # Matched on the exercise alone: the cell is this exercise's own check cell, and a
        # student set on faking an outcome could fake the notebook name as well.
        if not isinstance(bundle, dict) or bundle.get("exercise") != exercise_name:
            continue
        if bundle.get("outcome") not in _BUNDLE_OUTCOMES:
            continue
        plain = _source({"source": data.get("text/plain") or ""})
        markdown = _source({"source": data.get("text/markdown") or ""})
        found = (bundle, plain or markdown, markdown or plain)
    return found


def _make_client(nb, *, timeout: float, max_output_bytes: int, workdir: str):
    from nbclient import NotebookClient

    class GradingClient(NotebookClient):
        """nbclient with a record of timed-out cells and a cap on the output it keeps."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.output_bytes = 0
            self.output_overflow = False
            self.running_index = -1
            self.timed_out: set[int] = set()

        async def _async_handle_timeout(self, timeout, cell=None):
            self.timed_out.add(self.running_index)
            return await super()._async_handle_timeout(timeout, cell)

        def process_message(self, msg, cell, cell_index):
            if msg.get("msg_type") in _OUTPUT_MESSAGES:
                self.output_bytes += _message_size(msg.get("content", {}))
                if self.output_bytes > self.max_output_bytes:
                    self.output_overflow = True
                    return None
            return super().process_message(msg, cell, cell_index)

    quiet = logging.getLogger("summitlib.instructor.kernel")
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False
    client = GradingClient(
        nb,
        timeout=max(1, round(timeout)),
        interrupt_on_timeout=True,
        # Without a ready-made reply, a kernel that ignores the interrupt would be waited for
        # forever; with it, the next cell queues behind the stuck one and times out in turn.
        error_on_timeout={"ename": "TimeoutError",
                          "evalue": f"the cell ran longer than {timeout:g} s and was stopped",
                          "traceback": []},
        allow_errors=True,
        kernel_name="python3",
        startup_timeout=120,
        shutdown_kernel="immediate",
        resources={"metadata": {"path": workdir}},
        log=quiet,
    )
    client.max_output_bytes = max_output_bytes
    return client


def _message_size(content) -> int:
    if not isinstance(content, dict):
        return len(str(content))
    total = len(content.get("text", "") or "")
    for key in ("data", "traceback", "evalue"):
        value = content.get(key)
        if isinstance(value, dict):
            total += sum(len(v) if isinstance(v, str) else len(json.dumps(v, default=str))
                         for v in value.values())
        elif isinstance(value, list):
            total += sum(len(str(v)) for v in value)
        elif value:
            total += len(str(value))
    return total + sum(len(b) for b in content.get("buffers", []) or [])


def _kernel_env() -> dict:
    env = dict(os.environ)
    # The kernel should draw as it does for a student (inline), whatever backend the
    # grader's own process was told to use.
    env.pop("MPLBACKEND", None)
    return env


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


def _rows_for_all(student, notebook, exercises, outcome, detail):
    return [ExerciseResult(student, notebook, ex.name, outcome, 0.0, float(ex.points),
                           _one_line(detail), detail, prompt=getattr(ex, "prompt", ""))
            for ex in exercises]


def grade_notebook(path, *, student: str = "", label: str | None = None, timeout: float = 60,
                   max_output_bytes: int = _DEFAULT_MAX_OUTPUT,
                   exercises: str | None = None) -> NotebookResult:
    """Run one submitted notebook in a fresh kernel and read the outcome of each exercise.

    The notebook is copied into a temporary folder first (the kernel's working directory);
    the submitted file is never changed.

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
    exercises : str, optional
        The exercise module to expect (``"nb04"``) when the notebook itself cannot tell: it is
        not valid JSON, or its setup cell was deleted. Default: the module named by the
        notebook's number (``04-...ipynb``: ``nb04``).

    Returns
    -------
    NotebookResult
        One :class:`ExerciseResult` per exercise the notebook's exercise module declares
        (or a single row when the notebook's exercises cannot be told).
    """
    path = Path(path)
    label = label or path.name
    started = time.perf_counter()
    result = NotebookResult(student, label)
    try:
        _grade_into(result, path, timeout=timeout, max_output_bytes=max_output_bytes,
                    hint=exercises)
    except Exception as exc:  # the batch goes on; the row says what broke
        result.grader_failed = True
        result.problem = f"grader error: {type(exc).__name__}: {exc}"
        if not result.results:
            result.results = [ExerciseResult(student, label, "", "grader_error", 0.0, 0.0,
                                             _one_line(result.problem), result.problem)]
    result.seconds = time.perf_counter() - started
    return result


def _grade_into(result: NotebookResult, path: Path, *, timeout, max_output_bytes,
                hint=None) -> None:
    nbformat = _nbformat()
    student, label = result.student, result.notebook
    raw = path.read_bytes()

    nb, invalid = None, None
    try:
        json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        invalid = f"not valid JSON ({exc})"
    if invalid is None:
        try:
            nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
            nbformat.validate(nb)
        except Exception as exc:
            invalid = f"not a valid Jupyter notebook ({_one_line(str(exc), 150)})"

    found = _find_import(nb) if nb is not None else None
    if found:
        expected = found[:2]
    elif hint:
        expected = (hint, "ex")
    else:
        expected = _expected_from_name(path.name)
    if expected is None:
        problem = invalid or ("no exercises found: no cell imports summitlib.exercises and the "
                              "file name names no notebook (NN-...)")
        result.problem = problem
        outcome = "invalid_notebook" if invalid else "error"
        result.results = [ExerciseResult(student, label, "", outcome, 0.0, 0.0,
                                         _one_line(problem), problem)]
        return
    module_short, alias = expected
    exercises = list(_exercises_of(_exercise_module(module_short)).values())
    if invalid:
        result.problem = invalid
        result.results = _rows_for_all(student, label, exercises, "invalid_notebook",
                                       f"The notebook is {invalid}; it could not be run.")
        return
    if not exercises:
        return

    # Check cells run as .check(), which never raises: the student release's .grade() would
    # only add an AssertionError after the same outcome.
    for cell in nb.cells:
        exercise_name, role = _role(cell)
        if role == "check" and cell.cell_type == "code" and exercise_name:
            cell.source = re.sub(rf"\b{re.escape(alias)}\.{re.escape(exercise_name)}\.grade\(",
                                 f"{alias}.{exercise_name}.check(", _source(cell))
        if cell.cell_type == "code":
            cell.outputs = []

    with tempfile.TemporaryDirectory(prefix="summitlib-grade-") as workdir:
        (Path(workdir) / path.name).write_bytes(raw)
        stop = _execute(nb, workdir=workdir, timeout=timeout, max_output_bytes=max_output_bytes)
    result.problem = stop.reason if stop.index is not None else ""
    if stop.timed_out and not result.problem:
        result.problem = f"{len(stop.timed_out)} cell(s) timed out"
    result.results = [_exercise_result(nb, ex, student, label, stop, timeout)
                      for ex in exercises]


@dataclass
class _Stop:
    """Where and why execution ended early (index None: every cell ran)."""

    index: int | None = None
    outcome: str = ""
    reason: str = ""
    timed_out: set = field(default_factory=set)


def _execute(nb, *, workdir, timeout, max_output_bytes) -> _Stop:
    from nbclient.exceptions import DeadKernelError

    client = _make_client(nb, timeout=timeout, max_output_bytes=max_output_bytes,
                          workdir=workdir)
    stop = _Stop()
    previous = None  # the code cell run before this one
    with client.setup_kernel(cwd=workdir, env=_kernel_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL):
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not _source(cell).strip():
                continue
            client.running_index = index
            _note_running_cell(nb, index)
            try:
                client.execute_cell(cell, index)
            except DeadKernelError:
                code = _exit_code(client)
                stop = _Stop(index, "kernel_died",
                             "The kernel stopped while running "
                             f"{book.describe_cell(nb, index)} "
                             f"({_one_line(_source(cell), 60)!r})"
                             + (f", exit code {code}." if code is not None else "."))
                break
            if client.output_overflow:
                stop = _Stop(index, "output_too_large",
                             f"Output too large: {book.describe_cell(nb, index)} took "
                             f"the notebook past {max_output_bytes / 1e6:g} MB of output, so "
                             "the rest was not run.")
                break
            # A kernel that ignores the interrupt stays busy with the old cell, so the next
            # cell times out too: give up then rather than wait out every cell.
            if index in client.timed_out and previous in client.timed_out:
                stop = _Stop(index, "timeout",
                             f"{_capital(book.describe_cell(nb, previous))} ran longer "
                             f"than {timeout:g} s and did not stop when interrupted, so the "
                             "rest of the notebook was not run.")
                break
            previous = index
    stop.timed_out = set(client.timed_out)
    return stop


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _exit_code(client):
    process = getattr(getattr(client.km, "provisioner", None), "process", None)
    try:
        return process.wait(timeout=2) if process is not None else None
    except Exception:
        return None


def _cells_of(nb, exercise_name: str, role: str) -> list[int]:
    return [i for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code" and _role(cell) == (exercise_name, role)]


def _exercise_result(nb, exercise, student, label, stop: _Stop,
                     timeout) -> ExerciseResult:
    name, max_points = exercise.name, float(exercise.points)
    called = book.exercise_label(name)  # as the notebook names it: "Exercise 3"

    def row(outcome, detail, feedback=None, points=0.0):
        return ExerciseResult(student, label, name, outcome, points, max_points,
                              _one_line(detail), feedback or detail,
                              prompt=getattr(exercise, "prompt", ""))

    checks = _cells_of(nb, name, "check")
    answers = _cells_of(nb, name, "answer")
    if not checks:
        return row("error", f"The check cell of {called} is missing from the notebook (deleted, "
                            "or its metadata removed), so it could not be checked.")
    check_index = checks[-1]
    if stop.index is not None and check_index >= stop.index:
        return row(stop.outcome, stop.reason)
    own = [i for i in answers + checks if i in stop.timed_out]
    if own:
        which = "answer" if own[0] in answers else "check"
        return row("timeout", f"The {which} cell of {called} ran longer than {timeout:g} s and "
                              "was stopped.")
    found = _bundle(nb.cells[check_index], name)
    if found is not None:
        bundle, plain, markdown = found
        outcome = bundle["outcome"]
        try:
            points = min(max(float(bundle.get("points", 0) or 0), 0.0), max_points)
        except (TypeError, ValueError):
            points = 0.0
        return row(outcome, plain.strip() or OUTCOMES[outcome],
                   markdown.strip() or OUTCOMES[outcome], points)
    answer_error = next((_error_text(nb.cells[i]) for i in answers
                         if _error_text(nb.cells[i])), None)
    check_error = _error_text(nb.cells[check_index])
    if answer_error:
        return row("error", f"The answer cell raised {answer_error}.")
    if check_error:
        return row("error", f"The check cell raised {check_error}.")
    if not _source(nb.cells[check_index]).strip():
        return row("error", f"The check cell of {called} is empty.")
    return row("error", f"The check cell of {called} reported no outcome (was it changed?).")


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
          heartbeat_every: float = 5.0, marks=None) -> GradeReport:
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
                                  exercises=hints.get(submission.notebook_id))
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
