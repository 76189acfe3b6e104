"""The files ``summitlib grade`` writes: the detailed gradebook's rows and the feedback.

The summary and the feedback's words are :mod:`summitlib.instructor.gradebook`; this module
puts them into files: the detailed rows (a notebook not handed in included), one Markdown and
one HTML page per student and the zip an LMS takes, and the list of every output for the
overwrite check made before any notebook runs.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from summitlib.instructor import gradebook as book
from summitlib.instructor import lms
from summitlib.instructor.errors import OverwriteError
from summitlib.instructor.tables import (
    number,
    safe_filename,
    write_bytes_atomic,
    write_text_atomic,
)

__all__ = ["detail_rows", "outputs", "refuse_overwrite", "write_feedback"]


def _missing_rows(student: str, nb_id: str, points, reason: str) -> list[dict]:
    if not points:
        return [{"student": student, "notebook": "", "exercise": "", "outcome": "missing",
                 "points": 0, "max_points": 0, "detail": reason, "notebook_id": nb_id}]
    return [{"student": student, "notebook": "", "exercise": name, "outcome": "missing",
             "points": 0, "max_points": number(max_points), "detail": reason,
             "notebook_id": nb_id} for name, max_points in points]


def detail_rows(plans, results, assignment_ids, exercises) -> list[dict]:
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


def write_feedback(plans, results, exercises, feedback: Path, manifest: dict) -> Path:
    """Each student's feedback (.md, .html), and the zip of the HTML pages for the LMS."""
    archive = feedback.with_name(f"{feedback.name}.zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for student_plan in plans:
            name = safe_filename(student_plan.student_id)
            page = book.feedback_html(student_plan, results, exercises)
            write_text_atomic(feedback / f"{name}.md",
                                   book.feedback_markdown(student_plan, results, exercises))
            write_text_atomic(feedback / f"{name}.html", page)
            # Canvas attaches feedback to the submission holding the file it names.
            newest_first = [sub.label for sub in sorted(student_plan.graded.values(),
                                                        key=lambda sub: -sub.modified)]
            bundle.writestr(lms.feedback_entry_name(student_plan.student_id, manifest, name,
                                                    newest_first), page)
    return write_bytes_atomic(archive, buffer.getvalue())


def outputs(gradebook: Path, feedback: Path, summary, canvas, moodle, plans):
    """Every file grade() writes: (path, what it is), for the overwrite check."""
    files = [(gradebook, "The gradebook")]
    files += [(Path(p), name) for p, name in ((summary, "The summary"),
                                              (canvas, "The Canvas export"),
                                              (moodle, "The Moodle export")) if p]
    files.append((feedback.with_name(f"{feedback.name}.zip"), "The feedback archive"))
    for student_plan in plans:
        for suffix in (".md", ".html"):
            files.append((feedback / f"{safe_filename(student_plan.student_id)}{suffix}",
                          "Feedback files"))
    return files


def refuse_overwrite(gradebook: Path, feedback: Path, summary, canvas, moodle, plans) -> None:
    """Raise :class:`OverwriteError` if any file :func:`summitlib.instructor.grade` writes
    exists already."""
    for path, what in outputs(gradebook, feedback, summary, canvas, moodle, plans):
        if path.exists():
            where = (f"Feedback files already exist in {str(feedback)!r} (such as "
                     f"{path.name})" if what == "Feedback files"
                     else f"{what} {str(path)!r} already exists")
            raise OverwriteError(f"{where}; choose another --out, or pass --force to "
                                 "overwrite.")
