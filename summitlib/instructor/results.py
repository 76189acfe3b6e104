"""What grading found: one row per exercise, per notebook, per batch.

:class:`ExerciseResult` is one gradebook row (its columns :data:`GRADEBOOK_COLUMNS`, its
outcome one of :data:`GRADEBOOK_OUTCOMES`), :class:`NotebookResult` one submitted notebook and
:class:`GradeReport` what :func:`summitlib.instructor.grade` did.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from summitlib.instructor import gradebook as book
from summitlib.instructor.tables import number

__all__ = ["GRADEBOOK_COLUMNS", "GRADEBOOK_OUTCOMES", "ExerciseResult", "GradeReport",
           "NotebookResult", "RunningNotebook", "one_line", "rows_for_all"]

#: The columns of the gradebook, in order.
GRADEBOOK_COLUMNS = ("student", "notebook", "exercise", "outcome", "points", "max_points",
                     "detail", "notebook_id")

#: Every outcome a gradebook row can hold, and what it means. (An exercise's own
#: ``summitlib.exercises.OUTCOMES`` are the four its check can report; a gradebook row adds
#: what running, reading and marking the notebook can end in.)
GRADEBOOK_OUTCOMES = {
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
                "outcome": self.outcome, "points": number(self.points),
                "max_points": number(self.max_points), "detail": self.detail}


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
    """What :func:`summitlib.instructor.grade` did: every notebook's results and the files written.

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
        """Student id -> status in the summary (see
        :data:`summitlib.instructor.gradebook.STATUSES`)."""
        return {p.student_id: book.student_status(p, self.by_notebook) for p in self.plans}

    @property
    def results(self) -> list[ExerciseResult]:
        """Every gradebook row, in gradebook order."""
        return [r for nb in self.notebooks for r in nb.results]

    @property
    def grader_failures(self) -> list[NotebookResult]:
        """The notebooks the grader itself could not grade (a kernel failed to start ...)."""
        return [nb for nb in self.notebooks if nb.grader_failed]



def one_line(text: str, limit: int | None = None) -> str:
    """``text`` on one line, its runs of white space made one space; cut at ``limit``.

    >>> one_line("a\\n  b"), one_line("abcdefgh", 6)
    ('a b', 'abc...')
    """
    # The gradebook's detail is never cut (an instructor reads it whole); a limit is for
    # quoting a student's code inside a message.
    text = " ".join(str(text).split())
    return text if limit is None or len(text) <= limit else text[: limit - 3] + "..."


def rows_for_all(student, notebook, exercises, outcome, detail) -> list[ExerciseResult]:
    """The same outcome for every exercise of a notebook (one that could not be run)."""
    return [ExerciseResult(student, notebook, ex.name, outcome, 0.0, float(ex.points),
                           one_line(detail), detail, prompt=getattr(ex, "prompt", ""))
            for ex in exercises]


@dataclass
class RunningNotebook:
    """A notebook still running, as the heartbeat of :func:`summitlib.instructor.grade`
    reports it.

    ``cell`` says where it is in a student's terms
    (:func:`summitlib.instructor.cells.describe_cell`), empty while its kernel starts.
    """

    student: str
    notebook: str
    seconds: float
    cell: str

