"""Canvas and Moodle: sort their bulk downloads, and write what they import.

Both LMSs rename every file of a bulk download ("Download submissions") so that it says
whose it is (documented in ``docs/instructors.md``):

- **Canvas**: one flat folder (or zip) of
  ``<name>_<user id>_<attachment id>_<file name>``, such as
  ``nunezjose_12345_67890_04-Arms-Control-and-New-START.ipynb``; a late submission has
  ``LATE`` after the name (``nunezjose_LATE_12345_67890_...``). ``<name>`` is the student's
  sortable name (last name first) in lower case with spaces and punctuation removed; a
  re-submitted file keeps its name with ``-1``, ``-2`` added by Canvas.
- **Moodle**: ``<Full Name>_<participant id>_assignsubmission_file_<file name>``, flat, or
  (with "Download submissions in folders") one folder per student
  ``<Full Name>_<participant id>_assignsubmission_file/`` holding the files as uploaded.

Feedback goes back the same way: Canvas's "Re-Upload Submissions" reads the user and
attachment ids from the file names of a zip; Moodle's "Upload multiple feedback files in a
zip" reads the participant id from the prefix. :func:`feedback_entry_name` builds those
names from what :func:`collect` recorded.
"""

from __future__ import annotations

import json
import os
import re
import time
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from summitlib.instructor.classlist import Student
from summitlib.instructor.tables import write_text_atomic

__all__ = [
    "CollectReport",
    "LmsFile",
    "canvas_table",
    "collect",
    "feedback_entry_name",
    "match_student",
    "moodle_table",
    "parse_lms_name",
    "read_manifest",
]

#: A file SUBMISSIONS_DIR may hold beside the students' folders: what ``summitlib collect``
#: learnt from the LMS download (the names the LMS gives each student's files).
MANIFEST_NAME = ".summitlib-collect.json"

_MOODLE = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_(?P<plugin>[a-z]+)_?"
                     r"(?P<rest>.*)$")
_CANVAS = re.compile(r"^(?P<name>[^_]+)_(?:(?P<late>LATE)_)?(?P<id>\d+)_(?P<attachment>\d+)_"
                     r"(?P<rest>.+)$")


@dataclass(frozen=True)
class LmsFile:
    """What an LMS's name of a downloaded file says.

    ``prefix`` is the part of the name the LMS reads back when feedback is uploaded.
    """

    lms: str
    name: str
    lms_id: str
    filename: str
    prefix: str
    late: bool = False


def parse_lms_name(relative_path: str) -> LmsFile | None:
    """Read a Canvas or Moodle bulk-download name; None when it is neither.

    Parameters
    ----------
    relative_path : str
        The file's path inside the download (folders separated by ``/``).

    Examples
    --------
    >>> parse_lms_name("nunezjose_LATE_12345_67890_04-Arms-Control-and-New-START.ipynb")
    ... # doctest: +NORMALIZE_WHITESPACE
    LmsFile(lms='canvas', name='nunezjose', lms_id='12345',
            filename='04-Arms-Control-and-New-START.ipynb', prefix='nunezjose_LATE_12345_67890',
            late=True)
    >>> parse_lms_name("José Núñez_881_assignsubmission_file_/04-Arms.ipynb").prefix
    'José Núñez_881_assignsubmission_file_'
    >>> parse_lms_name("04-Arms.ipynb") is None
    True
    """
    parts = [p for p in PurePosixPath(relative_path.replace("\\", "/")).parts if p not in ("", ".")]
    for i, part in enumerate(parts):
        match = _MOODLE.match(part)
        if match:
            rest = [match.group("rest")] if match.group("rest") else []
            filename = "/".join(rest + parts[i + 1:])
            if not filename:
                return None
            prefix = f"{match.group('name')}_{match.group('id')}_assignsubmission_file_"
            return LmsFile("moodle", match.group("name"), match.group("id"), filename, prefix)
    match = _CANVAS.match(parts[-1]) if parts else None
    if match:
        prefix = parts[-1][: match.start("rest")].rstrip("_")
        return LmsFile("canvas", match.group("name"), match.group("id"), match.group("rest"),
                       prefix, late=bool(match.group("late")))
    return None


def _letters(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch)).casefold()


def _name_keys(name: str) -> set[str]:
    # "José Núñez", "Núñez, José": Canvas writes the sortable name (last name first),
    # Moodle the full name; compare both orders without accents, case or punctuation.
    if "," in name:
        last, _, first = name.partition(",")
        words = first.split() + last.split()
    else:
        words = name.split()
    keys = {_letters("".join(words))}
    if len(words) > 1:
        keys.add(_letters("".join(words[-1:] + words[:-1])))
        keys.add(_letters("".join(words[1:] + words[:1])))
    return keys - {""}


def match_student(found: LmsFile, roster: Sequence[Student]) -> Student | None:
    """The roster's student a downloaded file belongs to, or None.

    By the LMS number first (the roster's ``lms_id``), then by name, both orders of first
    and last name, without accents, case or punctuation. A name two students share matches
    nobody: such files are reported, not guessed.
    """
    by_id = [s for s in roster if s.lms_id and s.lms_id == found.lms_id]
    if len(by_id) == 1:
        return by_id[0]
    keys = _name_keys(found.name)
    by_name = [s for s in roster if (_name_keys(s.name) | {_letters(s.student_id)}) & keys]
    return by_name[0] if len(by_name) == 1 else None


def _folder_name(found: LmsFile) -> str:
    name = re.sub(r"[^\w .-]", "_", found.name).strip(" .") or "student"
    return f"{name}_{found.lms_id}"


@dataclass
class CollectReport:
    """What :func:`collect` did: files placed per student, and what it could not place."""

    lms: str
    placed: dict[str, list[str]] = field(default_factory=dict)
    unplaced: list[tuple[str, str]] = field(default_factory=list)
    not_received: list[str] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)


def _entries(download: Path):
    """(relative path, bytes reader, modification time) of every file in a folder or zip."""
    if download.is_file() and zipfile.is_zipfile(download):
        with zipfile.ZipFile(download) as archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                yield (info.filename, lambda info=info: archive.read(info),
                       time.mktime((*info.date_time, 0, 0, -1)))
        return
    for path in sorted(download.rglob("*")):
        if path.is_file():
            yield (path.relative_to(download).as_posix(), path.read_bytes,
                   path.stat().st_mtime)


def _skipped(relative: str) -> bool:
    # Hidden files and macOS's resource forks; ".." is not hidden but hostile, and reported.
    return any((p.startswith(".") and p != "..") or p == "__MACOSX"
               for p in PurePosixPath(relative).parts)


def collect(download, submissions, *, roster: Sequence[Student] | None = None,
            force: bool = False) -> CollectReport:
    """Sort a Canvas or Moodle bulk download into one folder per student.

    Parameters
    ----------
    download : str or Path
        The download as the LMS gave it: a zip, or the folder it unzips to.
    submissions : str or Path
        The folder to fill, ``SUBMISSIONS_DIR/<student_id>/<file as uploaded>``; it must not
        exist or be empty, unless ``force``. A file ``.summitlib-collect.json`` records each
        student's LMS name, for the feedback archive.
    roster : sequence of Student, optional
        Matches each file to a student (see :func:`match_student`); a file that matches
        nobody is reported and left in the download. Without a roster, each student's folder
        is named ``<name>_<LMS number>``.
    force : bool, default=False
        Write into a ``submissions`` folder that is not empty (files of the same name are
        replaced).

    Returns
    -------
    CollectReport

    Raises
    ------
    FileNotFoundError
        ``download`` is neither a folder nor a zip.
    FileExistsError
        ``submissions`` is not empty and ``force`` is False.
    """
    download, submissions = Path(download), Path(submissions)
    if not (download.is_dir() or (download.is_file() and zipfile.is_zipfile(download))):
        raise FileNotFoundError(
            f"No LMS download at {str(download)!r}: pass the zip your LMS gave you, or the "
            "folder it unzips to.")
    if submissions.is_dir() and any(submissions.iterdir()) and not force:
        raise FileExistsError(
            f"{str(submissions)!r} is not empty; choose a new folder, or pass --force to add "
            "to it (files of the same name are replaced).")
    report = CollectReport(lms="")
    lms_seen, students, written = set(), {}, set()
    for relative, read, modified in _entries(download):
        if _skipped(relative):
            continue
        found = parse_lms_name(relative)
        if found is None:
            report.unplaced.append((
                relative, "its name follows neither Canvas's NAME_USERID_ATTACHMENTID_FILE "
                          "nor Moodle's FULL NAME_ID_assignsubmission_file_FILE; copy it into "
                          "the student's folder by hand"))
            continue
        if roster is not None:
            student = match_student(found, roster)
            if student is None:
                report.unplaced.append((relative, f"{found.name!r} (LMS number {found.lms_id})"
                                                  " matches nobody on the roster, or more than "
                                                  "one student; add their lms_id to the roster"))
                continue
            student_id = student.student_id
        else:
            student_id = _folder_name(found)
        base = submissions / student_id / found.filename
        target, copy = base, 1
        while target in written:  # two files of one name for one student: keep both
            target, copy = base.with_name(f"{base.stem} ({copy}){base.suffix}"), copy + 1
        if submissions.resolve() not in target.resolve().parents:
            report.unplaced.append((relative, "its path leads out of the student's folder"))
            continue
        written.add(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(read())
        os.utime(target, (modified, modified))
        report.placed.setdefault(student_id, []).append(
            target.relative_to(submissions / student_id).as_posix())
        lms_seen.add(found.lms)
        record = students.setdefault(student_id, {"lms": found.lms, "name": found.name,
                                                  "lms_id": found.lms_id, "prefix": found.prefix,
                                                  "late": found.late, "files": {}})
        record["files"][target.relative_to(submissions / student_id).as_posix()] = found.prefix
    report.lms = "/".join(sorted(lms_seen)) or "none"
    report.not_received = [s.student_id for s in roster or () if s.student_id not in students]
    # With --force the folder may hold an earlier collect: keep what it learnt.
    earlier = read_manifest(submissions)["students"]
    report.manifest = {"lms": report.lms, "students": {**earlier, **students}}
    submissions.mkdir(parents=True, exist_ok=True)
    write_text_atomic(submissions / MANIFEST_NAME,
                      json.dumps(report.manifest, indent=1, ensure_ascii=False) + "\n")
    return report


def read_manifest(submissions) -> dict:
    """What :func:`collect` recorded in a submissions folder (empty when it did not run)."""
    path = Path(submissions) / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"lms": "none", "students": {}}
    if not isinstance(data, dict) or not isinstance(data.get("students"), dict):
        return {"lms": "none", "students": {}}
    return data


def feedback_entry_name(student_id: str, manifest: dict, safe_name: str,
                        graded: Sequence[str] = ()) -> str:
    """The file name, inside the feedback zip, of one student's HTML feedback.

    Canvas: ``<name>_<user id>_<attachment id>_feedback.html`` (Canvas reads the two
    numbers, and attaches the feedback to the submission holding that attachment: the ids
    are those of the first file in ``graded``, the files graded, that came from Canvas);
    Moodle: ``<Full Name>_<participant id>_assignsubmission_file_feedback.html``; a student
    the LMS did not name: ``<student>.html``.

    >>> manifest = {"students": {"ana": {"lms": "canvas", "prefix": "nunezjose_12345_67890",
    ...                                  "files": {"04-a-1.ipynb": "nunezjose_LATE_12345_67891"}}}}
    >>> feedback_entry_name("ana", manifest, "ana", ["04-a-1.ipynb"])
    'nunezjose_LATE_12345_67891_feedback.html'
    >>> feedback_entry_name("ana", manifest, "ana"), feedback_entry_name("ben", manifest, "ben")
    ('nunezjose_12345_67890_feedback.html', 'ben.html')
    """
    known = manifest.get("students", {}).get(student_id)
    if not isinstance(known, dict) or not known.get("prefix"):
        return f"{safe_name}.html"
    files = known.get("files") if isinstance(known.get("files"), dict) else {}
    prefix = str(next((files[label] for label in graded if label in files), known["prefix"]))
    return f"{prefix}feedback.html" if prefix.endswith("_") else f"{prefix}_feedback.html"


def _lms_id(student_plan, manifest: dict) -> str:
    known = manifest.get("students", {}).get(student_plan.student_id) or {}
    return student_plan.lms_id or str(known.get("lms_id", ""))


def canvas_table(summary_header, summary_rows, plans, manifest: dict, title: str):
    """The summary in the layout of a Canvas gradebook import.

    Columns ``Student, ID, SIS User ID, SIS Login ID, Section, <title>``; a second row
    ``Points Possible`` gives the assignment's maximum (used when the import creates the
    assignment). Canvas matches a row on ``ID`` (its user number: the roster's ``lms_id``,
    or the number in the downloaded file names), else on ``SIS User ID`` (the roster's
    ``student_id``).
    """
    total, maximum = summary_header.index("total"), summary_header.index("maximum")
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", title]
    max_points = summary_rows[0][maximum] if summary_rows else ""
    rows = [["Points Possible", "", "", "", "", max_points]]
    for student_plan, row in zip(plans, summary_rows, strict=True):
        rows.append([student_plan.name or student_plan.student_id, _lms_id(student_plan, manifest),
                     student_plan.student_id, "", "", row[total]])
    return header, rows


def moodle_table(summary_header, summary_rows, plans, manifest: dict, title: str):
    """The summary in a layout for Moodle's gradebook import (Grades > Import > CSV file).

    Columns ``ID number, Full name, Email address, <title>, Feedback``: map "Email address"
    (or "ID number") to the user field of the same name, ``<title>`` to the assignment's
    grade item and ``Feedback`` to its feedback.
    """
    index = {name: i for i, name in enumerate(summary_header)}
    header = ["ID number", "Full name", "Email address", title, "Feedback"]
    rows = []
    for student_plan, row in zip(plans, summary_rows, strict=True):
        line = f"{row[index['total']]} of {row[index['maximum']]} points ({row[index['status']]})"
        if row[index["notes"]]:
            line += f": {row[index['notes']]}"
        rows.append([student_plan.student_id, student_plan.name, student_plan.email,
                     row[index["total"]], line])
    return header, rows
