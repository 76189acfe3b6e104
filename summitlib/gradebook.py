"""The gradebook of a class: who should hand in what, one row per student, files that import.

The pure parts of ``summitlib grade`` (``summitlib/instructor.py`` runs the notebooks and
calls these), each testable without a kernel:

- :func:`read_roster`: the class list (a CSV with a ``student_id`` column, optional
  ``name``, ``email`` and ``lms_id``);
- :func:`notebook_id` and :func:`discover`: the notebooks each student handed in, under a
  stable notebook id whatever the browser or the LMS did to the file name
  (``04-Arms-Control-and-New-START (1).ipynb``, ``... copy``, ``...-1``, ``Downloads/...``);
- :func:`plan`: the roster against the folders and the assignment's notebooks: what to
  grade (the newest of two copies), what is missing, what is not part of the assignment;
- :func:`summary_table`: one row per student, a column per exercise, total, maximum,
  percent and status;
- :func:`write_csv`: UTF-8 (optionally with a byte-order mark, which Excel needs to read
  accents), every text cell that a spreadsheet would run as a formula escaped;
- :func:`feedback_markdown` and :func:`feedback_html`: one student's feedback, naming
  exercises as the notebook does ("Exercise 3");
- :func:`describe_cell` and :func:`estimate_left`: the words of the progress display.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "STATUSES",
    "Student",
    "StudentPlan",
    "Submission",
    "describe_cell",
    "discover",
    "escape_cell",
    "estimate_left",
    "exercise_label",
    "feedback_html",
    "feedback_markdown",
    "notebook_id",
    "plan",
    "rarely_handed_in",
    "read_roster",
    "set_aside",
    "summary_table",
    "write_csv",
]

#: The status column of the summary, and what each value means.
STATUSES = {
    "graded": "every notebook of the assignment was handed in and graded",
    "partly missing": "some notebook of the assignment was not handed in (the notes say which)",
    "missing": "nothing of the assignment was handed in",
    "invalid": "a notebook handed in could not be read (not valid JSON, not a notebook)",
    "grader error": "the grader itself failed on a notebook: grade it again, or by hand",
}

#: A file SUBMISSIONS_DIR may hold beside the students' folders: what ``summitlib collect``
#: learnt from the LMS download (the names the LMS gives each student's files).
MANIFEST_NAME = ".summitlib-collect.json"

# OWASP, "CSV Injection": a cell starting with one of these is run as a formula by Excel,
# LibreOffice or Google Sheets; a leading apostrophe makes it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_IGNORED_PARTS = ("__MACOSX", ".ipynb_checkpoints")
# What browsers, file managers and LMSs add to a file name, outermost first.
_DECORATIONS = (
    re.compile(r"^copy of\s+", re.I),          # Google Drive
    re.compile(r"\s*\(\d+\)$"),                # browsers: "name (1)"
    re.compile(r"\s*-\s*copy(\s*\(\d+\))?$", re.I),  # Windows: "name - Copy (2)"
    re.compile(r"\s+copy(\s+\d+)?$", re.I),    # macOS: "name copy 2"
    re.compile(r"(?<=[A-Za-z])-\d{1,2}$"),     # Canvas re-submission: "name-1"
)
_NUMBERED = re.compile(r"^(\d\d)(?=\D|$)")
_COPY_NUMBER = re.compile(r"(?:\((\d+)\)|-(\d{1,2}))$")


def escape_cell(value):
    """A CSV cell a spreadsheet shows as text, never runs as a formula.

    Text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading apostrophe (the OWASP rule for CSV injection). Numbers are left alone: the
    gradebook's points are never negative.

    Examples
    --------
    >>> escape_cell('=HYPERLINK("http://example.org")'), escape_cell("José"), escape_cell(3)
    ('\\'=HYPERLINK("http://example.org")', 'José', 3)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """The CSV text of ``header`` and ``rows``, every cell passed through :func:`escape_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else escape_cell(v) for v in row])
    return buffer.getvalue()


def write_csv(path, header: Sequence[str], rows: Iterable[Sequence], *, bom: bool = False) -> Path:
    """Write a CSV that Excel, LibreOffice, Canvas and Moodle read as it is.

    UTF-8, CRLF line ends (RFC 4180), every cell escaped by :func:`escape_cell`; with
    ``bom=True`` a byte-order mark first, without which Excel reads UTF-8 as a legacy
    encoding and shows "JosÃ©" for "José". The file is written whole or not at all.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write_csv(Path(tmp, "g.csv"), ["student", "total"], [["José", 3]], bom=True)
    ...     path.read_bytes()
    b'\\xef\\xbb\\xbfstudent,total\\r\\nJos\\xc3\\xa9,3\\r\\n'
    """
    return write_text_atomic(path, ("\ufeff" if bom else "") + csv_text(header, rows))


def write_text_atomic(path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file, so no half file is left."""
    return write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


# ------------------------------------------------------------------------------- roster


@dataclass(frozen=True)
class Student:
    """One student of the roster.

    ``student_id`` names the student's folder in SUBMISSIONS_DIR and their gradebook row;
    ``lms_id`` is the number Canvas or Moodle gives them (it goes into the LMS exports).
    """

    student_id: str
    name: str = ""
    email: str = ""
    lms_id: str = ""


_ROSTER_COLUMNS = {
    "student_id": ("student_id", "id", "username", "sis_user_id"),
    "name": ("name", "full_name", "student_name"),
    "email": ("email", "email_address"),
    "lms_id": ("lms_id", "canvas_id", "moodle_id"),
}


def _header_key(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def read_roster(path) -> list[Student]:
    """The students of a roster CSV, in its order.

    Parameters
    ----------
    path : str or Path
        A CSV (UTF-8, with or without a byte-order mark) with a header row. Its columns:
        ``student_id`` (required; also read from ``id``, ``username`` or ``SIS User ID``),
        ``name``, ``email``, ``lms_id`` (the student's number in Canvas or Moodle); others
        are ignored.

    Returns
    -------
    list of Student

    Raises
    ------
    FileNotFoundError
        No file at ``path``.
    ValueError
        No student id column, an empty or repeated student id, or a file that is not UTF-8;
        the message names the row.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = Path(tmp, "roster.csv").write_text("student_id,name\\nana,José Núñez\\n",
    ...                                           encoding="utf-8")
    ...     read_roster(Path(tmp, "roster.csv"))
    [Student(student_id='ana', name='José Núñez', email='', lms_id='')]
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"No roster at {str(path)!r}; pass the CSV of your class list.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"The roster {str(path)!r} is not UTF-8 ({exc.reason} at byte {exc.start}); save it "
            "from your spreadsheet as 'CSV UTF-8' and try again."
        ) from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise ValueError(f"The roster {str(path)!r} is empty; it needs a header row such as "
                         "'student_id,name,email'.")
    keys = [_header_key(h) for h in header]
    where = {}
    for field_name, aliases in _ROSTER_COLUMNS.items():
        where[field_name] = next((keys.index(a) for a in aliases if a in keys), None)
    if where["student_id"] is None:
        raise ValueError(
            f"The roster {str(path)!r} has no student id column; its columns are {header}. "
            "Name the column of student ids 'student_id' (the names of their folders)."
        )
    students, seen = [], {}
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {f: (row[i].strip() if i is not None and i < len(row) else "")
                  for f, i in where.items()}
        sid = values["student_id"]
        if not sid:
            raise ValueError(f"{path.name}, row {number}: the student id is empty; fill it in "
                             "or delete the row.")
        if sid.casefold() in seen:
            raise ValueError(f"{path.name}, row {number}: student id {sid!r} is already on row "
                             f"{seen[sid.casefold()]}; each student appears once.")
        seen[sid.casefold()] = number
        students.append(Student(**values))
    return students


# ------------------------------------------------------------------------ notebook names


def _name_key(text: str) -> str:
    """Compare names the way a person would: case, accents, spaces, '-' and '_' aside."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[\s_\-]+", "-", text).strip("-")


def _undecorated(stem: str) -> list[str]:
    """``stem`` and each shorter form as the decorations come off, outermost first."""
    forms = [stem]
    changed = True
    while changed:
        changed = False
        for pattern in _DECORATIONS:
            shorter = pattern.sub("", forms[-1]).strip()
            if shorter and shorter != forms[-1]:
                forms.append(shorter)
                changed = True
    return forms


def notebook_id(filename: str, known: Iterable[str] = ()) -> tuple[str, str]:
    """The stable id of a submitted notebook, and a note when its name had to be guessed.

    The id is the file's stem without what browsers, file managers and LMSs add:
    ``(1)``, `` copy``, `` - Copy``, ``Copy of ``, a ``-1`` re-submission suffix; folders
    are ignored. Given the ``known`` ids (the assignment's notebooks), the id is the known
    one that matches whatever the case, accents, spaces or underscores, or else the only
    known one with the same two-digit number.

    Examples
    --------
    >>> notebook_id("Downloads/04-Arms-Control-and-New-START (1).ipynb")
    ('04-Arms-Control-and-New-START', '')
    >>> notebook_id("04-arms-control-and-new-start-1.ipynb", ["04-Arms-Control-and-New-START"])
    ('04-Arms-Control-and-New-START', '')
    >>> notebook_id("04 my work.ipynb", ["04-Arms-Control-and-New-START"])
    ... # doctest: +NORMALIZE_WHITESPACE
    ('04-Arms-Control-and-New-START',
     "its name does not match '04-Arms-Control-and-New-START'; taken as that notebook by its
      number 04")
    """
    stem = Path(filename.replace("\\", "/")).name
    if stem.lower().endswith(".ipynb"):
        stem = stem[: -len(".ipynb")]
    forms = _undecorated(stem)
    known = list(known)
    by_key = {_name_key(k): k for k in known}
    for form in forms:
        if _name_key(form) in by_key:
            return by_key[_name_key(form)], ""
    if known:
        number = _NUMBERED.match(forms[-1])
        same = [k for k in known if number and _NUMBERED.match(k)
                and _NUMBERED.match(k).group(1) == number.group(1)]
        if len(same) == 1:
            return same[0], (f"its name does not match {same[0]!r}; taken as that notebook by "
                             f"its number {number.group(1)}")
    return forms[-1], ""


def exercise_label(name: str) -> str:
    """What the notebook calls an exercise: ``"q3"`` is ``"Exercise 3"``.

    >>> exercise_label("q3"), exercise_label("extra")
    ('Exercise 3', 'Exercise extra')
    """
    digits = "".join(ch for ch in name if ch.isdigit())
    return f"Exercise {digits or name}"


# --------------------------------------------------------------------------- discovery


@dataclass
class Submission:
    """One notebook a student handed in."""

    student: str
    path: Path
    label: str
    notebook_id: str
    modified: float = 0.0
    note: str = ""


@dataclass
class Discovery:
    """What a submissions folder holds: notebooks per student folder, and everything else."""

    folders: dict[str, list[Submission]] = field(default_factory=dict)
    others: dict[str, list[str]] = field(default_factory=dict)
    loose: list[str] = field(default_factory=list)


def _hidden(parts: Iterable[str]) -> bool:
    return any(p.startswith((".", "~$")) or p in _IGNORED_PARTS for p in parts)


def discover(submissions, known: Iterable[str] = ()) -> Discovery:
    """Every notebook in a submissions folder, one sub-folder per student.

    Parameters
    ----------
    submissions : str or Path
        The folder; a notebook may sit anywhere inside a student's folder
        (``ana/Downloads/04-....ipynb``).
    known : iterable of str, optional
        The assignment's notebook ids, to match names against (see :func:`notebook_id`).

    Returns
    -------
    Discovery
        ``folders``: student folder -> its notebooks (sorted by path); ``others``: student
        folder -> its files that are not notebooks; ``loose``: files directly in
        ``submissions`` (belonging to nobody). Hidden files, ``__MACOSX`` and
        ``.ipynb_checkpoints`` are skipped.
    """
    submissions = Path(submissions)
    known = list(known)
    found = Discovery()
    for entry in sorted(submissions.iterdir()):
        if _hidden([entry.name]):
            continue
        if not entry.is_dir():
            found.loose.append(entry.name)
            continue
        notebooks = found.folders.setdefault(entry.name, [])
        for path in sorted(entry.rglob("*")):
            relative = path.relative_to(entry)
            if not path.is_file() or _hidden(relative.parts):
                continue
            if path.suffix.lower() != ".ipynb":
                found.others.setdefault(entry.name, []).append(relative.as_posix())
                continue
            nb_id, note = notebook_id(relative.as_posix(), known)
            notebooks.append(Submission(entry.name, path, relative.as_posix(), nb_id,
                                        path.stat().st_mtime, note))
    return found


# -------------------------------------------------------------------------------- plan


@dataclass
class StudentPlan:
    """One student: who they are, what of theirs is graded, and what is said about it."""

    student_id: str
    name: str = ""
    email: str = ""
    lms_id: str = ""
    on_roster: bool = True
    folder: str | None = None
    graded: dict[str, Submission] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    unexpected: list[Submission] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missing_reasons: dict[str, str] = field(default_factory=dict)


def _copy_rank(submission: Submission):
    # Newest first; on a tie (files unzipped at the same second) the later copy by its
    # suffix: Canvas numbers re-submissions "-1", "-2", browsers "(1)", "(2)".
    match = _COPY_NUMBER.search(Path(submission.label).stem)
    number = int(match.group(1) or match.group(2)) if match else 0
    return (submission.modified, number, submission.label)


def _match_folder(student_id: str, folders: Iterable[str]) -> str | None:
    folders = list(folders)
    if student_id in folders:
        return student_id
    key = unicodedata.normalize("NFC", student_id).casefold()
    return next((f for f in folders if unicodedata.normalize("NFC", f).casefold() == key), None)


def plan(discovery: Discovery, *, roster: Sequence[Student] | None = None,
         expected: Sequence[str] | None = None) -> list[StudentPlan]:
    """Decide, for every student, which notebook is graded for each of the assignment's.

    Parameters
    ----------
    discovery : Discovery
        From :func:`discover`.
    roster : sequence of Student, optional
        Who should be there. Everyone on it gets a plan, even with no folder; a folder not
        on it gets a plan too, marked ``on_roster=False``. Without a roster the folders are
        the class.
    expected : sequence of str, optional
        The assignment's notebook ids. A notebook with another id is reported and not
        graded. Without it, every notebook id anyone handed in is expected.

    Returns
    -------
    list of StudentPlan
        In roster order, then the folders not on it (sorted).
    """
    if expected is None:
        expected = sorted({s.notebook_id for subs in discovery.folders.values() for s in subs})
    expected = list(expected)
    plans: list[StudentPlan] = []
    used: set[str] = set()
    for student in roster or ():
        folder = _match_folder(student.student_id, set(discovery.folders) - used)
        if folder is not None:
            used.add(folder)
        plans.append(StudentPlan(student.student_id, student.name, student.email,
                                 student.lms_id, folder=folder))
    for folder in sorted(set(discovery.folders) - used):
        plans.append(StudentPlan(folder, on_roster=roster is None, folder=folder))
        if roster is not None:
            plans[-1].notes.append(f"the folder {folder!r} is not on the roster: check the "
                                   "name, or add the student to the roster")

    for student_plan in plans:
        submissions = discovery.folders.get(student_plan.folder, []) if student_plan.folder \
            else []
        if roster is not None and student_plan.on_roster and student_plan.folder is None:
            student_plan.notes.append("no folder in the submissions: nothing was handed in")
        by_id: dict[str, list[Submission]] = {}
        for submission in submissions:
            by_id.setdefault(submission.notebook_id, []).append(submission)
        for nb_id in expected:
            candidates = sorted(by_id.pop(nb_id, []), key=_copy_rank, reverse=True)
            if not candidates:
                student_plan.missing.append(nb_id)
                if student_plan.folder is not None:
                    student_plan.notes.append(f"{nb_id} was not handed in")
                continue
            chosen = candidates[0]
            student_plan.graded[nb_id] = chosen
            if chosen.note:
                student_plan.notes.append(f"{chosen.label}: {chosen.note}")
            if len(candidates) > 1:
                others = ", ".join(repr(c.label) for c in candidates[1:])
                student_plan.notes.append(
                    f"{len(candidates)} copies of {nb_id}: graded the newest, "
                    f"{chosen.label!r}; not graded: {others}")
        for submissions_left in by_id.values():
            for submission in submissions_left:
                student_plan.unexpected.append(submission)
                student_plan.notes.append(
                    f"{submission.label!r} is not a notebook of this assignment "
                    f"({', '.join(expected)}); it was not graded")
        for other in discovery.others.get(student_plan.folder, []) if student_plan.folder \
                else []:
            student_plan.notes.append(f"{other!r} is not a notebook (.ipynb); it was not graded")
    return plans


def set_aside(student_plan: StudentPlan, nb_id: str, reason: str) -> None:
    """Grade nothing for ``nb_id`` after all: its file is reported, the notebook missing."""
    submission = student_plan.graded.pop(nb_id)
    student_plan.unexpected.append(submission)
    student_plan.missing.append(nb_id)
    student_plan.notes.append(reason)
    student_plan.missing_reasons[nb_id] = f"Not graded: {reason}."


def rarely_handed_in(plans: Sequence[StudentPlan]) -> list[tuple[str, int, int]]:
    """Notebooks fewer than half the students with a folder handed in.

    Without an assignment list every notebook anyone hands in is expected, so one stray
    ``Untitled.ipynb`` makes everyone else "partly missing": these are worth a warning.

    Returns
    -------
    list of (notebook id, students who handed it in, students with a folder)
    """
    with_folder = [p for p in plans if p.folder is not None]
    counts: dict[str, int] = {}
    for student_plan in with_folder:
        for nb_id in student_plan.graded:
            counts[nb_id] = counts.get(nb_id, 0) + 1
    return [(nb_id, n, len(with_folder)) for nb_id, n in sorted(counts.items())
            if 2 * n < len(with_folder)]


# ---------------------------------------------------------------------------- summary


def _number(value: float):
    value = float(value)
    return int(value) if value.is_integer() else round(value, 3)


def _short_id(nb_id: str, all_ids: Sequence[str]) -> str:
    number = _NUMBERED.match(nb_id)
    if number and sum(1 for i in all_ids if i.startswith(number.group(1))) == 1:
        return number.group(1)
    return nb_id


def _scored(row) -> bool:
    return float(row.max_points) > 0


def _reflection(row) -> bool:
    return bool(row.exercise) and not _scored(row)


def _invalid(result) -> bool:
    return bool(result.results) and all(r.outcome == "invalid_notebook" for r in result.results)


def student_status(student_plan: StudentPlan, results: dict) -> str:
    """The summary's status of one student (a key of :data:`STATUSES`)."""
    graded = [results[(student_plan.student_id, nb_id)] for nb_id in student_plan.graded
              if (student_plan.student_id, nb_id) in results]
    if not student_plan.graded:
        return "missing"
    if any(r.grader_failed for r in graded):
        return "grader error"
    if student_plan.missing:
        return "partly missing"
    if any(_invalid(r) for r in graded):
        return "invalid"
    return "graded"


def summary_table(plans: Sequence[StudentPlan], results: dict,
                  exercises: dict[str, Sequence[tuple[str, float]]]):
    """One row per student: a column per exercise, total, maximum, percent, status, notes.

    Parameters
    ----------
    plans : sequence of StudentPlan
        From :func:`plan`.
    results : dict
        ``(student_id, notebook_id) -> NotebookResult`` for every notebook graded.
    exercises : dict
        ``notebook_id -> [(exercise name, points), ...]``, for every notebook of the
        assignment, in its order. The maximum is the sum of these points, whatever a
        student handed in; a reflection (0 points) gets a column saying whether it was
        answered, and counts for nothing.

    Returns
    -------
    (header, rows)
        ``header`` is a list of column names; each row a list of cells. Points of a
        notebook not handed in are left empty (they count 0 in the total).
    """
    ids = list(exercises)
    columns = []
    for nb_id in ids:
        short = _short_id(nb_id, ids)
        for name, points in exercises[nb_id]:
            label = f"{short} {exercise_label(name)}"
            columns.append((nb_id, name, label if points else f"{label} (reflection)"))
    maximum = sum(float(p) for nb_id in ids for _, p in exercises[nb_id])
    header = ["student_id", "name", "email", *(c[2] for c in columns), "total", "maximum",
              "percent", "status", "notes"]
    rows = []
    for student_plan in plans:
        cells, total = [], 0.0
        for nb_id, name, _ in columns:
            result = results.get((student_plan.student_id, nb_id))
            row = next((r for r in result.results if r.exercise == name), None) if result \
                else None
            if row is None:
                cells.append("")
            elif _reflection(row):
                cells.append("answered" if row.outcome == "correct" else
                             row.outcome.replace("_", " "))
            else:
                cells.append(_number(row.points))
                total += float(row.points)
        percent = f"{100 * total / maximum:.1f}" if maximum else ""
        rows.append([student_plan.student_id, student_plan.name, student_plan.email, *cells,
                     _number(total), _number(maximum), percent,
                     student_status(student_plan, results), "; ".join(student_plan.notes)])
    return header, rows


# --------------------------------------------------------------------------- feedback


def _outcome_words(row) -> str:
    if _reflection(row):
        return "answered" if row.outcome == "correct" else row.outcome.replace("_", " ")
    return row.outcome.replace("_", " ")


def _feedback_blocks(student_plan: StudentPlan, results: dict,
                     exercises: dict[str, Sequence[tuple[str, float]]]) -> list[tuple]:
    """One student's feedback as blocks (kind, ...), rendered as Markdown or HTML."""
    who = student_plan.name or student_plan.student_id
    if student_plan.name and student_plan.name != student_plan.student_id:
        who = f"{student_plan.name} ({student_plan.student_id})"
    graded = {nb_id: results.get((student_plan.student_id, nb_id))
              for nb_id in student_plan.graded}
    rows = [r for result in graded.values() if result for r in result.results]
    scored = [r for r in rows if _scored(r)]
    reflections = [r for r in rows if _reflection(r)]
    points = sum(float(r.points) for r in scored)
    maximum = sum(float(p) for nb_id in exercises for _, p in exercises[nb_id])
    n_scored = sum(1 for nb_id in exercises for _, p in exercises[nb_id] if p)
    correct = sum(r.outcome == "correct" for r in scored)
    line = (f"{_number(points)} of {_number(maximum)} points: {correct} of {n_scored} "
            "exercises correct")
    if reflections:
        answered = sum(r.outcome == "correct" for r in reflections)
        line += (f"; {answered} of {len(reflections)} reflection(s) answered (reflections "
                 "earn no points: bring them to the discussion)")
    blocks: list[tuple] = [("h1", f"Feedback for {who}"), ("p", line + ".")]
    for nb_id in exercises:
        result = graded.get(nb_id)
        if result is None:
            blocks += [("h2", f"{nb_id}: not received"),
                       ("p", "No copy of this notebook was handed in, so its exercises count "
                             "0 points. If you did hand it in, tell your instructor.")]
            continue
        nb_points = sum(float(r.points) for r in result.results if _scored(r))
        nb_max = sum(float(p) for _, p in exercises[nb_id])
        blocks.append(("h2", f"{nb_id}: {_number(nb_points)} of {_number(nb_max)} points"))
        submission = student_plan.graded[nb_id]
        blocks.append(("p", f"Graded file: `{submission.label}`."))
        if result.problem:
            blocks.append(("p", f"Note: {result.problem.rstrip('.')}."))
        named = [r for r in result.results if r.exercise]
        if not named:
            continue
        blocks.append(("table", ["Exercise", "Result", "Points"],
                       [[exercise_label(r.exercise) + (" (reflection)" if _reflection(r)
                                                       else ""),
                         _outcome_words(r),
                         "not counted" if _reflection(r) else
                         f"{_number(r.points)} of {_number(r.max_points)}"] for r in named]))
        for r in named:
            blocks.append(("h3", f"{exercise_label(r.exercise)}: {_outcome_words(r)}"))
            if r.prompt:
                blocks.append(("quote", " ".join(r.prompt.split())))
            blocks.append(("p", (r.feedback or r.detail).strip()))
    if student_plan.unexpected:
        blocks += [("h2", "Not graded"),
                   ("p", "These files are not notebooks of this assignment, so they were not "
                         "graded: " + ", ".join(f"`{s.label}`" for s in student_plan.unexpected)
                   + ".")]
    return blocks


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def feedback_markdown(student_plan: StudentPlan, results: dict,
                      exercises: dict[str, Sequence[tuple[str, float]]]) -> str:
    """One student's feedback in Markdown: totals, then each notebook and exercise.

    Exercises are named as the notebook names them ("Exercise 3"); reflections are listed
    and not counted in "N of M exercises correct". The expected answer is never shown (the
    checks never put it in their feedback).
    """
    out = []
    for block in _feedback_blocks(student_plan, results, exercises):
        kind = block[0]
        if kind == "h1":
            out += [f"# {block[1]}", ""]
        elif kind == "h2":
            out += [f"## {block[1]}", ""]
        elif kind == "h3":
            out += [f"### {block[1]}", ""]
        elif kind == "quote":
            out += [f"> {block[1]}", ""]
        elif kind == "table":
            header, rows = block[1], block[2]
            out.append("| " + " | ".join(header) + " |")
            out.append("|" + "---|" * len(header))
            out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
            out.append("")
        else:
            out += [block[1], ""]
    return "\n".join(out).rstrip() + "\n"


# Dark text on white and grey borders: contrasts of 16:1 and 4.5:1 (WCAG AA).
_FEEDBACK_CSS = (
    "body{font-family:sans-serif;max-width:50em;margin:1em auto;padding:0 1em;"
    "line-height:1.5;color:#1a1a1a;background:#ffffff}"
    "table{border-collapse:collapse}"
    "th,td{border:1px solid #767676;padding:0.2em 0.6em;text-align:left}"
    "blockquote{border-left:4px solid #767676;margin-left:0;padding-left:1em}"
)


def feedback_html(student_plan: StudentPlan, results: dict,
                  exercises: dict[str, Sequence[tuple[str, float]]]) -> str:
    """The same feedback as :func:`feedback_markdown`, as a standalone, accessible HTML page.

    A page an LMS can show as it is: ``lang``, a title, headings in order, a table with
    header cells; no script, no external file.
    """
    from summitlib.exercises._core import _markdown_to_html

    blocks = _feedback_blocks(student_plan, results, exercises)
    title = html.escape(blocks[0][1])
    body = []
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2", "h3"):
            body.append(f"<{kind}>{html.escape(block[1])}</{kind}>")
        elif kind == "quote":
            body.append(f"<blockquote><p>{_markdown_to_html(block[1])}</p></blockquote>")
        elif kind == "table":
            header, rows = block[1], block[2]
            cells = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in header)
            lines = [f"<table>\n<thead><tr>{cells}</tr></thead>\n<tbody>"]
            for row in rows:
                first, *rest = row
                lines.append(f'<tr><th scope="row">{html.escape(str(first))}</th>'
                             + "".join(f"<td>{html.escape(str(c))}</td>" for c in rest)
                             + "</tr>")
            lines.append("</tbody>\n</table>")
            body.append("\n".join(lines))
        else:
            body.append(f"<p>{_markdown_to_html(block[1])}</p>")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{title}</title>\n<style>{_FEEDBACK_CSS}</style>\n</head>\n<body>\n"
            "<main>\n" + "\n".join(body)
            + "\n</main>\n</body>\n</html>\n")


# --------------------------------------------------------------------------- progress


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
        meta = (cell.get("metadata") or {}).get("summitlib") or {}
        if isinstance(meta, dict) and meta.get("exercise"):
            if i == index and meta.get("role") in ("answer", "check"):
                return f"the {meta['role']} cell of {exercise_label(str(meta['exercise']))}"
            last_exercise = str(meta["exercise"])
    where = f"code cell {code_number}"
    return f"{where} (after {exercise_label(last_exercise)})" if last_exercise else where


def estimate_left(elapsed: float, done: int, total: int) -> float | None:
    """Seconds still to go, from the pace so far (None before the first notebook is done).

    Measured on the wall clock, so running several notebooks at once is accounted for.

    >>> estimate_left(30.0, 3, 12)
    90.0
    """
    if done <= 0 or total <= done:
        return None if done <= 0 else 0.0
    return elapsed / done * (total - done)


def duration_words(seconds: float) -> str:
    """``75`` -> ``"1 min 15 s"``; ``8.2`` -> ``"8 s"``.

    >>> duration_words(75), duration_words(8.2), duration_words(3720)
    ('1 min 15 s', '8 s', '1 h 2 min')
    """
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        minutes, rest = divmod(seconds, 60)
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, rest = divmod(seconds, 3600)
    return f"{hours} h {rest // 60} min"
