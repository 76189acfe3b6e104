"""The gradebook's words and tables: the summary, the statuses, each student's feedback.

What ``summitlib grade`` writes once every notebook is graded, each testable without a
kernel:

- :func:`summary_table`: one row per student, a column per exercise, total, maximum,
  percent and status (:data:`STATUSES`);
- :func:`feedback_markdown` and :func:`feedback_html`: one student's feedback, naming
  exercises as the notebook does ("Exercise 3");
- :func:`estimate_left` and :func:`duration_words`: the words of the progress display.

The class (roster, submissions, plans) is :mod:`summitlib.instructor.classlist`; the CSV
writing :mod:`summitlib.instructor.tables`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from summitlib._text import inline_html
from summitlib.instructor.cells import exercise_label
from summitlib.instructor.classlist import NUMBERED, StudentPlan
from summitlib.instructor.tables import number

__all__ = [
    "STATUSES",
    "duration_words",
    "estimate_left",
    "feedback_html",
    "feedback_markdown",
    "student_status",
    "summary_table",
]

#: The status column of the summary, and what each value means.
STATUSES = {
    "graded": "every notebook of the assignment was handed in and graded",
    "partly missing": "some notebook of the assignment was not handed in (the notes say which)",
    "missing": "nothing of the assignment was handed in",
    "invalid": "a notebook handed in could not be read (not valid JSON, not a notebook)",
    "grader error": "the grader itself failed on a notebook: grade it again, or by hand",
}


# ---------------------------------------------------------------------------- summary


def _short_id(nb_id: str, all_ids: Sequence[str]) -> str:
    match = NUMBERED.match(nb_id)
    if match and sum(1 for i in all_ids if i.startswith(match.group(1))) == 1:
        return match.group(1)
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
                cells.append(number(row.points))
                total += float(row.points)
        percent = f"{100 * total / maximum:.1f}" if maximum else ""
        rows.append([student_plan.student_id, student_plan.name, student_plan.email, *cells,
                     number(total), number(maximum), percent,
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
    line = (f"{number(points)} of {number(maximum)} points: {correct} of {n_scored} "
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
        blocks.append(("h2", f"{nb_id}: {number(nb_points)} of {number(nb_max)} points"))
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
                         f"{number(r.points)} of {number(r.max_points)}"] for r in named]))
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
    blocks = _feedback_blocks(student_plan, results, exercises)
    title = html.escape(blocks[0][1])
    body = []
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2", "h3"):
            body.append(f"<{kind}>{html.escape(block[1])}</{kind}>")
        elif kind == "quote":
            body.append(f"<blockquote><p>{inline_html(block[1])}</p></blockquote>")
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
            body.append(f"<p>{inline_html(block[1])}</p>")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{title}</title>\n<style>{_FEEDBACK_CSS}</style>\n</head>\n<body>\n"
            "<main>\n" + "\n".join(body)
            + "\n</main>\n</body>\n</html>\n")


# --------------------------------------------------------------------------- progress


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
