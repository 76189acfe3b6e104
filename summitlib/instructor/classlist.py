"""The class: who should hand in what, and what each student handed in.

The pure parts of ``summitlib grade`` before any notebook runs, each testable without a
kernel:

- :func:`read_roster`: the class list (a CSV with a ``student_id`` column, optional
  ``name``, ``email`` and ``lms_id``);
- :func:`notebook_id` and :func:`discover`: the notebooks each student handed in, under a
  stable notebook id whatever the browser or the LMS did to the file name
  (``04-Arms-Control-and-New-START (1).ipynb``, ``... copy``, ``...-1``, ``Downloads/...``),
  and the files left outside every student's folder;
- :func:`plan`: the roster against the folders and the assignment's notebooks: what to
  grade (the newest of two copies), what is missing, what is not part of the assignment.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["NUMBERED", "Discovery", "Student", "StudentPlan", "Submission", "discover",
           "notebook_id", "plan", "rarely_handed_in", "read_roster", "set_aside"]

_IGNORED_PARTS = ("__MACOSX", ".ipynb_checkpoints")
# What browsers, file managers and LMSs add to a file name, outermost first.
_DECORATIONS = (
    re.compile(r"^copy of\s+", re.I),          # Google Drive
    re.compile(r"\s*\(\d+\)$"),                # browsers: "name (1)"
    re.compile(r"\s*-\s*copy(\s*\(\d+\))?$", re.I),  # Windows: "name - Copy (2)"
    re.compile(r"\s+copy(\s+\d+)?$", re.I),    # macOS: "name copy 2"
    re.compile(r"(?<=[A-Za-z])-\d{1,2}$"),     # Canvas re-submission: "name-1"
)
#: A notebook's number at the start of its name: "04" of "04-Arms-Control...".
NUMBERED = re.compile(r"^(\d\d)(?=\D|$)")
_COPY_NUMBER = re.compile(r"(?:\((\d+)\)|-(\d{1,2}))$")


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
        number = NUMBERED.match(forms[-1])
        same = [k for k in known if number and NUMBERED.match(k)
                and NUMBERED.match(k).group(1) == number.group(1)]
        if len(same) == 1:
            return same[0], (f"its name does not match {same[0]!r}; taken as that notebook by "
                             f"its number {number.group(1)}")
    return forms[-1], ""



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
