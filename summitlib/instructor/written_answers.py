"""Written answers in notebook files: read them from submissions, as data.

A submitted notebook is read as JSON data and never run: the answer cell is found by its
metadata ``{"summitlib": {"exercise": "q5", "role": "answer"}}``. Two forms are understood,
because notebooks store written answers either way:

- a code cell assigning a string, ``answer_5 = \"\"\"...\"\"\"`` (or ``'...'``, ``("..." "...")``),
  read with :mod:`ast` without executing anything;
- a Markdown cell (as an instructor may give students who write in nbgrader's Markdown
  "manually graded answer" cells).

The release keeps the code form: the answer cell becomes nbgrader's manually graded answer
(``summitlib.instructor.release_notebook``), so nbgrader's formgrader can mark it too.
"""

from __future__ import annotations

import ast
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from summitlib.instructor.cells import cell_source

#: What a Markdown answer cell of the student release holds before the student writes.
RELEASE_PROMPT = "_Write your answer here, in place of this line._"
_PLACEHOLDERS = {"", "____", RELEASE_PROMPT, "YOUR ANSWER HERE"}


@dataclass(frozen=True)
class WrittenAnswer:
    """One student's written answer to one exercise, as read from the notebook file.

    ``text`` is the answer ("" when empty or untouched); ``problem`` says, for a student,
    why no text could be read (no answer cell, an expression instead of text ...).
    """

    student: str
    notebook: str
    exercise: str
    text: str
    problem: str = ""

    @property
    def empty(self) -> bool:
        return not self.text.strip()

    @property
    def digest(self) -> str:
        return answer_hash(self.text)


def answer_hash(text: str) -> str:
    """A short fingerprint of an answer's text (whitespace runs count as one space).

    Examples
    --------
    >>> answer_hash("Two  documents.") == answer_hash(" Two documents. ")
    True
    """
    normal = " ".join(str(text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def _string_value(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):  # an f-string: keep its literal parts
        return "".join(v.value for v in node.values
                       if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def answer_from_code(source: str, variable: str) -> tuple[str, str]:
    """(text, problem) from an answer cell's code, read without running it.

    Examples
    --------
    >>> answer_from_code("answer_5 = ('Two documents, ' 'two pictures.')", "answer_5")
    ('Two documents, two pictures.', '')
    >>> answer_from_code("answer_5 = ____", "answer_5")
    ('', '')
    """
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError as exc:
        return source.strip(), f"the answer cell is not valid Python ({exc.msg}); shown as typed"
    value = None
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == variable for t in node.targets):
            value = node.value
    if value is None:
        return "", f"the answer cell does not assign {variable}"
    if isinstance(value, ast.Name) and value.id == "____":
        return "", ""
    text = _string_value(value)
    if text is None:
        return ast.get_source_segment("\n".join(lines), value) or "", (
            f"{variable} is not text between quotes; shown as typed")
    return ("" if text.strip() in _PLACEHOLDERS else text.strip()), ""


def read_answer(nb: dict, exercise: str, variable: str) -> tuple[str, str]:
    """(text, problem) of the written answer to ``exercise`` in a notebook's JSON."""
    cells = [c for c in nb.get("cells", []) if isinstance(c, dict)]
    found = [c for c in cells
             if isinstance(c.get("metadata", {}).get("summitlib"), dict)
             and c["metadata"]["summitlib"].get("exercise") == exercise
             and c["metadata"]["summitlib"].get("role") == "answer"]
    if not found:
        return "", f"no answer cell for {exercise} (deleted, or its metadata removed)"
    cell = found[-1]
    if cell.get("cell_type") == "markdown":
        text = cell_source(cell).strip()
        return ("" if text in _PLACEHOLDERS else text), ""
    return answer_from_code(cell_source(cell), variable)


def collect_answers(submissions, exercise) -> list[WrittenAnswer]:
    """Every student's answer to one written exercise, read from the file the grader grades.

    Parameters
    ----------
    submissions : str or Path
        One sub-folder per student (``submissions/alice/04-Arms-....ipynb``).
    exercise : WrittenExercise
        The exercise; its ``notebook`` ("nb04") says which notebook to read.

    Returns
    -------
    list of WrittenAnswer
        Sorted by student; a student without that notebook gets an empty answer with a problem.
        Of two copies of a notebook, the one ``summitlib grade`` grades (the newest) is read.
    """
    from summitlib.instructor.classlist import discover, plan

    root = Path(submissions)
    if not root.is_dir():
        raise FileNotFoundError(f"No submissions folder at {str(root)!r}; pass the folder that "
                                "holds one sub-folder per student.")
    number = exercise.notebook.removeprefix("nb")
    out = []
    for student_plan in sorted(plan(discover(root)), key=lambda p: p.student_id):
        student = student_plan.student_id
        found = [s for nb_id, s in sorted(student_plan.graded.items()) if nb_id[:2] == number]
        if not found:
            out.append(WrittenAnswer(student, exercise.notebook, exercise.name, "",
                                     f"no notebook {number}-... in this folder"))
            continue
        submission = found[0]
        try:
            nb = json.loads(Path(submission.path).read_text(encoding="utf-8"))
            if not isinstance(nb, dict):
                raise ValueError("not a notebook")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            out.append(WrittenAnswer(student, submission.label, exercise.name, "",
                                     f"the notebook cannot be read ({type(exc).__name__})"))
            continue
        text, problem = read_answer(nb, exercise.name, exercise.answer_variable)
        out.append(WrittenAnswer(student, submission.label, exercise.name, text, problem))
    return out
