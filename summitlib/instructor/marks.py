"""The marks file of hand-marked written answers, and merging it with the grader's results.

A marks file is a CSV with the columns of :data:`MARKS_COLUMNS`, one row per student, notebook,
exercise and rubric criterion. The comment on an answer is the row whose ``criterion`` is empty
(its ``points`` empty too). ``answer_hash`` fingerprints the answer text that was marked, so a
mark for an answer that changed since is flagged rather than silently kept.

Every change is written at once, atomically (a temporary file, then ``os.replace``): closing the
browser or a crash loses nothing, and the file is never left half written.

:func:`merge_marks` is pure: marks, the rubric of each written exercise and the current answers'
hashes in, points per written exercise out. ``summitlib grade --marks`` uses it through
:func:`mark_results`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from summitlib.instructor.tables import write_text_atomic

#: The columns of a marks file, in order.
MARKS_COLUMNS = ("student", "notebook", "exercise", "criterion", "points", "comment", "marker",
                 "time", "answer_hash")

#: The ``criterion`` of the row that holds the comment on an answer as a whole.
COMMENT_ROW = ""


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def notebook_number(notebook: str) -> str:
    """``"04"`` from ``"04-Arms-Control-and-New-START.ipynb"`` or ``"nb04"``; else the name.

    Examples
    --------
    >>> notebook_number("04-Arms-Control-and-New-START.ipynb"), notebook_number("nb04")
    ('04', '04')
    """
    match = re.match(r"(?:nb)?(\d\d)\b", Path(str(notebook)).name)
    return match.group(1) if match else str(notebook)


class MarksFile:
    """The marks of one file, kept in memory and saved after every change.

    Parameters
    ----------
    path : str or Path
        The CSV; created at the first mark if it does not exist.

    Raises
    ------
    ValueError
        The file exists but is not a marks file (other columns, a points value that is not a
        whole number); the message names the file and row.
    """

    def __init__(self, path):
        self.path = Path(path)
        self._rows: dict[tuple[str, str, str, str], dict] = {}
        if self.path.exists():
            self._load()

    def _load(self) -> None:
        text = self.path.read_text(encoding="utf-8")
        reader = csv.DictReader(io.StringIO(text))
        if tuple(reader.fieldnames or ()) != MARKS_COLUMNS:
            raise ValueError(
                f"{self.path} is not a marks file: its columns are {reader.fieldnames}, a marks "
                f"file has {list(MARKS_COLUMNS)}. Choose another file name for the marks.")
        for number, row in enumerate(reader, start=2):
            points = row["points"].strip()
            if points and not re.fullmatch(r"\d+", points):
                raise ValueError(f"{self.path}, row {number}: points {points!r} is not a whole "
                                 "number of 0 or more; correct or delete that row.")
            self._rows[self._key(row)] = dict(row)

    @staticmethod
    def _key(row) -> tuple[str, str, str, str]:
        return (row["student"], notebook_number(row["notebook"]), row["exercise"],
                row["criterion"])

    def rows(self) -> list[dict]:
        """Every row, in the order they were first written."""
        return [dict(r) for r in self._rows.values()]

    def answer_marks(self, student: str, notebook: str, exercise: str) -> dict:
        """``{"points": {criterion: int}, "comment": str, "answer_hash": str}`` of one answer."""
        number = notebook_number(notebook)
        points, comment, digest = {}, "", ""
        for (s, nb, ex, criterion), row in self._rows.items():
            if (s, nb, ex) != (student, number, exercise):
                continue
            if criterion == COMMENT_ROW:
                comment = row["comment"]
            elif row["points"] != "":
                points[criterion] = int(row["points"])
            digest = row["answer_hash"] or digest
        return {"points": points, "comment": comment, "answer_hash": digest}

    def set(self, student: str, notebook: str, exercise: str, criterion: str, *,
            points: int | None = None, comment: str | None = None, marker: str = "",
            answer_hash: str = "") -> None:
        """Record a criterion's points (or, with ``criterion=""``, the comment) and save."""
        if criterion != COMMENT_ROW and points is not None and (
                not isinstance(points, int) or isinstance(points, bool) or points < 0):
            raise ValueError(f"points must be a whole number of 0 or more; got {points!r}.")
        row = {"student": student, "notebook": notebook, "exercise": exercise,
               "criterion": criterion,
               "points": "" if points is None or criterion == COMMENT_ROW else str(points),
               "comment": comment or "" if criterion == COMMENT_ROW else "",
               "marker": marker, "time": _now(), "answer_hash": answer_hash}
        self._rows[self._key(row)] = row
        self.save()

    def save(self) -> None:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=MARKS_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self._rows.values())
        write_text_atomic(self.path, buffer.getvalue())


# --------------------------------------------------------------------------------- merging


@dataclass
class MarkedAnswer:
    """What the marks give one student for one written exercise.

    ``lines`` holds, per rubric criterion, ``(criterion, points earned or None, points
    possible, descriptor)``. ``status`` is ``"marked"`` (every criterion has points),
    ``"partly_marked"``, ``"unmarked"``, or ``"changed"`` (the answer's text differs from
    the text that was marked; its points are not counted until it is marked again).
    """

    student: str
    notebook: str
    exercise: str
    points: float
    max_points: float
    status: str
    lines: list = field(default_factory=list)
    comment: str = ""

    def detail(self) -> str:
        """One line for the gradebook."""
        if self.status == "changed":
            return ("the answer changed after it was marked: mark it again "
                    "(its earlier points are not counted)")
        if self.status == "unmarked":
            return "written answer, not marked yet"
        earned = ", ".join(f"{c} {'-' if p is None else p}/{of}" for c, p, of, _ in self.lines)
        text = f"marked: {earned}"
        if self.status == "partly_marked":
            text += " (not every criterion marked yet)"
        return text + (f"; comment: {' '.join(self.comment.split())}" if self.comment else "")

    def feedback_text(self) -> str:
        """The student's feedback on this answer (Markdown): the rubric lines earned and the
        comment, under the heading the feedback file gives the exercise."""
        if self.status == "changed":
            return ("Your answer changed after it was marked; your instructor will mark it "
                    "again.")
        if self.status == "unmarked":
            return "Not marked yet."
        lines = [f"Marked by hand: {self.points:g} of {self.max_points:g} points.", ""]
        lines += [f"- {criterion.replace('_', ' ').capitalize()}: "
                  f"{'not marked' if p is None else p} of {of}. {descriptor}"
                  for criterion, p, of, descriptor in self.lines]
        if self.comment.strip():
            lines += ["", f"Comment: {self.comment.strip()}"]
        return "\n".join(lines)


def merge_marks(marks: Iterable[Mapping], answers: Iterable[tuple[str, str, str, str]],
                rubrics: Mapping[tuple[str, str], list]) -> list[MarkedAnswer]:
    """Points per written exercise for every answer, from the marks.

    Parameters
    ----------
    marks : iterable of mapping
        Rows of a marks file (:data:`MARKS_COLUMNS`).
    answers : iterable of (student, notebook, exercise, answer_hash)
        The answers as they are now, one per student and written exercise (``notebook`` a
        file name or ``"nb04"``).
    rubrics : mapping
        ``{(notebook number, exercise): [Criterion, ...]}``, such as ``{("04", "q5"): ...}``.

    Returns
    -------
    list of MarkedAnswer
        One per answer, in the order of ``answers``.
    """
    by_answer: dict[tuple[str, str, str], list[Mapping]] = {}
    for row in marks:
        key = (row["student"], notebook_number(row["notebook"]), row["exercise"])
        by_answer.setdefault(key, []).append(row)
    out = []
    for student, notebook, exercise, digest in answers:
        number = notebook_number(notebook)
        rubric = rubrics.get((number, exercise))
        if rubric is None:
            raise ValueError(f"No rubric for notebook {number}, exercise {exercise}: pass the "
                             "rubrics of every written exercise the answers belong to.")
        rows = by_answer.get((student, number, exercise), [])
        earned = {r["criterion"]: int(r["points"]) for r in rows
                  if r["criterion"] != COMMENT_ROW and str(r["points"]).strip() != ""}
        comment = next((r["comment"] for r in rows if r["criterion"] == COMMENT_ROW), "")
        hashes = {r["answer_hash"] for r in rows if r["answer_hash"]}
        lines = [(c.name, min(earned[c.name], c.points) if c.name in earned else None,
                  c.points, c.descriptor) for c in rubric]
        max_points = float(sum(c.points for c in rubric))
        marked = [p for _, p, _, _ in lines if p is not None]
        if not marked and not comment:
            status = "unmarked"
        elif hashes and hashes != {digest}:
            status = "changed"
        else:
            status = "marked" if len(marked) == len(lines) else "partly_marked"
        points = float(sum(marked)) if status in ("marked", "partly_marked") else 0.0
        out.append(MarkedAnswer(student, notebook, exercise, points, max_points, status, lines,
                                comment))
    return out


def written_exercises(modules: Iterable[str] | None = None) -> dict:
    """``{(notebook number, exercise name): WrittenExercise}`` of the given exercise modules."""
    import pkgutil

    import summitlib.exercises as package
    from summitlib.exercises import WrittenExercise, get_module

    if modules is None:
        modules = sorted(m.name for m in pkgutil.iter_modules(package.__path__)
                         if re.fullmatch(r"nb\d\d", m.name))
    found = {}
    for name in modules:
        for q in get_module(name).EXERCISES:
            if isinstance(q, WrittenExercise):
                found[(name.removeprefix("nb"), q.name)] = q
    return found


def require_marks_file(marks_path) -> Path:
    """The marks file's path; raises FileNotFoundError saying what to do if there is none."""
    marks_file = Path(marks_path)
    if not marks_file.is_file():
        raise FileNotFoundError(f"No marks file at {str(marks_file)!r}; mark answers first "
                                "(summitlib mark) or check the path given to --marks.")
    return marks_file


def mark_results(results, marks_path, submissions, *, paths=None) -> list[MarkedAnswer]:
    """Put the marks into the grader's results of written exercises, in place.

    The seam between marking and grading: ``summitlib.instructor.grade(..., marks=...)`` calls
    it once every notebook has run and before anything is written, so the gradebook, the
    summary, the LMS exports and the feedback files all show the same marks. Each result of a
    written exercise gets the marked points, the outcome ``marked`` (``changed_since_marked``
    when the answer's text changed after it was marked; a result not marked yet keeps its
    outcome and 0 points), a detail naming the rubric lines, and feedback with the rubric
    lines earned and the comment.

    Parameters
    ----------
    results : iterable of NotebookResult
        The grader's results, one per submitted notebook.
    marks_path : str or Path
        The marks file.
    submissions : str or Path
        The submissions folder, to read the answers as they are now (for the changed-answer
        flag).
    paths : mapping, optional
        ``{(student, notebook label): path}`` of the files the grader graded; the answer is
        read from there when given (else from the student's folder, as the marking view does).

    Returns
    -------
    list of MarkedAnswer
        One per written-exercise result.
    """
    import json

    from summitlib.instructor.written_answers import answer_hash, collect_answers, read_answer

    marks = MarksFile(require_marks_file(marks_path)).rows()
    exercises = written_exercises()
    rows = [(notebook_number(r.notebook), r) for nb in results for r in nb.results
            if (notebook_number(r.notebook), r.exercise) in exercises]
    digests = {}
    for number, name in {(number, r.exercise) for number, r in rows}:
        for answer in collect_answers(submissions, exercises[(number, name)]):
            digests[(answer.student, number, name)] = answer.digest
    for number, r in rows:
        path = (paths or {}).get((r.student, r.notebook))
        if path is not None:
            try:
                q = exercises[(number, r.exercise)]
                nb = json.loads(Path(path).read_text(encoding="utf-8"))
                text, _ = read_answer(nb, q.name, q.answer_variable)
                digests[(r.student, number, r.exercise)] = answer_hash(text)
            except (OSError, UnicodeDecodeError, ValueError, AttributeError):
                pass  # an unreadable notebook keeps the digest from the student's folder
    answers = [(r.student, r.notebook, r.exercise,
                digests.get((r.student, number, r.exercise), "")) for number, r in rows]
    merged = merge_marks(marks, answers, {k: q.rubric for k, q in exercises.items()})
    for (_, r), m in zip(rows, merged, strict=True):
        if m.status == "unmarked":
            r.detail = f"{r.detail} ({m.detail()})" if r.detail else m.detail()
            continue
        r.outcome = "marked" if m.status != "changed" else "changed_since_marked"
        r.points = m.points
        r.detail = m.detail()
        r.feedback = m.feedback_text()
    return merged
