"""Grade submitted notebooks: one (:func:`grade_notebook`) or a class in a batch (:func:`grade`).

Submitted notebooks are hostile code, and nothing their kernel says decides a grade. For each
submission the grader takes the release's notebook of the same name (never the exercises the
submission imports), puts back its locked cells (:mod:`summitlib.instructor.restore`), runs it
sealed off (:mod:`summitlib.instructor.execution`), and judges the plain values of its answers
with the key's exercises in this process (:mod:`summitlib.instructor.judging`). The batch then
writes the gradebook, the summary, the LMS exports and each student's feedback
(:mod:`summitlib.instructor.reports`).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from summitlib import _validate
from summitlib.instructor import lms
from summitlib.instructor.assignment import (
    assignment_notebooks,
    exercise_points,
    module_from_name,
    modules_by_notebook,
    set_aside_other_notebooks,
)
from summitlib.instructor.cells import describe_cell, load_nbformat
from summitlib.instructor.classlist import discover, plan, read_roster
from summitlib.instructor.execution import (
    RUNNING_CELLS,
    close_warm,
    hidden_folders,
    run_sealed,
    sandbox_mode,
)
from summitlib.instructor.gradebook import summary_table
from summitlib.instructor.judging import exercise_result, stop_reason
from summitlib.instructor.marks import mark_results, require_marks_file
from summitlib.instructor.reports import detail_rows, refuse_overwrite, write_feedback
from summitlib.instructor.restore import Releases, default_release_dir, restore
from summitlib.instructor.results import (
    GRADEBOOK_COLUMNS,
    ExerciseResult,
    GradeReport,
    NotebookResult,
    RunningNotebook,
    one_line,
    rows_for_all,
)
from summitlib.instructor.tables import write_csv

__all__ = ["grade", "grade_notebook"]

_DEFAULT_MAX_OUTPUT = 10_000_000  # bytes: 10 MB, as the command line counts them


def grade_notebook(path, *, student: str = "", label: str | None = None, timeout: float = 60,
                   max_output_bytes: int = _DEFAULT_MAX_OUTPUT, release_dir=None,
                   unsafe_no_sandbox: bool = False, hide=(), _releases=None,
                   _warm: bool = False, _name: str | None = None) -> NotebookResult:
    """Run one submitted notebook sealed off, and judge each answer against the key.

    The submission is never trusted: its locked cells (setup and checks) are put back as the
    release has them, the exercises come from the release's notebook of the same name, the
    notebook runs in a sandbox (see :mod:`summitlib.instructor.sandbox`) with the student edition of
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
    releases = _releases or Releases(Path(release_dir) if release_dir
                                      else default_release_dir())
    sandboxed = sandbox_mode(unsafe_no_sandbox)
    started = time.perf_counter()
    result = NotebookResult(student, label)
    try:
        _grade_into(result, path, timeout=timeout, max_output_bytes=max_output_bytes,
                    releases=releases, sandboxed=sandboxed,
                    hide=hidden_folders(hide if _warm else [path.parent, *hide]),
                    warm=_warm, name=_name)
    except Exception as exc:  # the batch goes on; the row says what broke
        result.grader_failed = True
        result.problem = f"grader error: {type(exc).__name__}: {exc}"
        if not result.results:
            result.results = [ExerciseResult(student, label, "", "grader_error", 0.0, 0.0,
                                             one_line(result.problem), result.problem)]
    result.seconds = time.perf_counter() - started
    return result


def _read_submission(raw: bytes):
    """(notebook, None) or (None, why it cannot be read)."""
    nbformat = load_nbformat()
    try:
        json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        return None, f"not valid JSON ({exc})"
    try:
        nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
        nbformat.validate(nb)
    except Exception as exc:
        return None, f"not a valid Jupyter notebook ({one_line(str(exc), 150)})"
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
                                         one_line(problem), problem)]
        return
    if invalid:
        result.problem = invalid
        result.results = rows_for_all(student, label, release.exercises, "invalid_notebook",
                                       f"The notebook is {invalid}; it could not be run.")
        return
    if not release.exercises:
        return
    to_run, checks, answers, notes = restore(nb, release)
    run, failure = run_sealed(to_run, path.name,
                               checks={checks[ex.name]: ex.answer_variable
                                       for ex in release.exercises},
                               answers=answers, timeout=timeout,
                               max_output_bytes=max_output_bytes, sandboxed=sandboxed,
                               hide=hide, warm=warm)
    if run is None:
        result.problem = failure
        result.results = rows_for_all(student, label, release.exercises, "error",
                                       f"The notebook could not be graded: {failure}.")
        return
    stop = run.get("stop") or {}
    if isinstance(stop.get("index"), int) and 0 <= stop["index"] < len(to_run.cells):
        stop["reason"] = stop_reason(to_run, stop, timeout, max_output_bytes)
    result.problem = str(stop.get("reason", ""))[:2000] if stop.get("index") is not None else ""
    if stop.get("timed_out") and not result.problem:
        result.problem = f"{len(stop['timed_out'])} cell(s) timed out"
    if notes:
        result.problem = "; ".join(filter(None, [result.problem, *notes]))
    result.results = [exercise_result(ex, student, label, run, checks[ex.name],
                                       answers[ex.name], timeout)
                      for ex in release.exercises]


def _released_module(releases: Releases, nb_id: str, filenames=()) -> str | None:
    """The exercise module of the release's notebook ``nb_id`` (found by that name, else by
    the names of the files handed in, as each is graded); None without one."""
    for filename in (f"{nb_id}.ipynb", *filenames):
        try:
            release = releases.find(filename)
        except Exception:  # an unreadable release notebook: its submissions say what broke
            continue
        if release is not None:
            return release.module
    return None


@_validate.public
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
        submissions came from expects (see :func:`summitlib.instructor.lms.feedback_entry_name`).
    max_output_bytes : int, default=10_000_000
        Output one notebook may produce before its execution is stopped.
    progress : callable, optional
        Called as ``progress(done, total, notebook_result)`` after each notebook.
    summary : str or Path, optional
        Also write the summary CSV: one row per student (see
        :func:`summitlib.instructor.gradebook.summary_table`).
    roster : str, Path or sequence of Student, optional
        Who should be there (see :func:`summitlib.instructor.classlist.read_roster`).
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
        :func:`summitlib.instructor.marks.mark_results`).
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
        was given (the notebooks left directly in it are named), or ``marks`` names no
        file.
    OverwriteError
        An output file exists and ``force`` is False (checked before any notebook runs).
    TypeError
        ``jobs``, ``timeout``, ``heartbeat_every`` or ``max_output_bytes`` is not a number
        (``jobs`` and ``max_output_bytes`` whole numbers).
    ValueError
        ``jobs``, ``timeout``, ``heartbeat_every`` or ``max_output_bytes`` is not
        positive, or the roster is malformed (checked before any notebook runs; the command
        line prints the message as it is).
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
    submissions, gradebook = Path(submissions_dir), Path(gradebook)
    feedback = Path(feedback_dir) if feedback_dir else gradebook.with_name(
        f"{gradebook.stem}-feedback")
    # Checked before anything runs; the command line passes its options on as they are, so
    # each message names the option too.
    jobs = _validate.positive("jobs", jobs, what="notebooks run at once", whole=True,
                              todo="On the command line: --jobs N.")
    _validate.positive("timeout", timeout, what="seconds",
                       todo="On the command line: --timeout SECONDS.")
    _validate.positive("heartbeat_every", heartbeat_every, what="seconds",
                       todo="On the command line: --heartbeat SECONDS.")
    _validate.positive("max_output_bytes", max_output_bytes, what="bytes", whole=True,
                       todo="On the command line: --max-output MB, in megabytes.")
    if marks is not None:
        require_marks_file(marks)
    if not submissions.is_dir():
        raise FileNotFoundError(f"No submissions folder at {str(submissions)!r}.")
    students = (read_roster(roster) if isinstance(roster, str | os.PathLike)
                else list(roster) if roster is not None else None)
    expected, modules = assignment_notebooks(assignment or ())
    discovery = discover(submissions, known=expected)
    if not any(discovery.folders.values()) and students is None:
        loose = [name for name in discovery.loose if name.lower().endswith(".ipynb")]
        raise FileNotFoundError(
            f"{str(submissions)!r} holds no student notebooks; expected one sub-folder per "
            "student, such as SUBMISSIONS/alice/04-Arms-Control-and-New-START.ipynb."
            + (f" The notebooks directly in it ({', '.join(loose)}) belong to no student: "
               "move each into the folder of the student who wrote it." if loose else "")
        )
    plans = plan(discovery, roster=students, expected=expected or None)
    if not force:
        refuse_overwrite(gradebook, feedback, summary, canvas, moodle, plans)

    sandbox_mode(unsafe_no_sandbox)  # refuse before any notebook runs
    # The release: as given; else the folder of the released files the assignment names.
    named = [Path(a) for a in assignment or () if Path(a).is_file()]
    releases = Releases(Path(release_dir) if release_dir else named[0].parent if named
                         else default_release_dir())
    # Student code must not see the class: the submissions, the gradebook, the feedback.
    sealed = [submissions, gradebook.parent, feedback, *hide]
    # Which exercises each notebook holds: the instructor's files say, else the release's
    # notebook of that name, else the name's number; a submission's own setup cell only
    # when none of them can (it is the student's file, and may name any module).
    handed_in: dict[str, list[str]] = {}
    for student_plan in plans:
        for nb_id, submission in student_plan.graded.items():
            handed_in.setdefault(nb_id, []).append(submission.path.name)
    wanted = {nb_id: modules.get(nb_id) or _released_module(releases, nb_id,
                                                            handed_in.get(nb_id, ()))
              or module_from_name(nb_id) for p in plans for nb_id in [*p.graded, *p.missing]}
    set_aside_other_notebooks(plans, wanted)
    items = [(p.student_id, sub) for p in plans for sub in p.graded.values()]
    hints = {**modules_by_notebook(sub for _, sub in items),
             **{nb_id: module for nb_id, module in wanted.items() if module}}
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
            RUNNING_CELLS.pop(me, None)

    stop = threading.Event()

    def beat():
        while not stop.wait(float(heartbeat_every)):
            now = time.perf_counter()
            long_running = []
            for ident, (student, label, started) in sorted(list(running.items()),
                                                           key=lambda kv: kv[1][2]):
                if now - started < float(heartbeat_every):
                    continue
                cell = RUNNING_CELLS.get(ident)
                long_running.append(RunningNotebook(
                    student, label, now - started,
                    describe_cell(*cell) if cell else ""))
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
        close_warm()

    assignment_ids = expected or sorted({nb_id for p in plans for nb_id in p.graded}
                                        | {nb_id for p in plans for nb_id in p.missing})
    exercises = {nb_id: exercise_points(nb_id, hints.get(nb_id),
                                         [r for (_, i), r in results.items() if i == nb_id])
                 for nb_id in assignment_ids}

    if marks is not None:  # hand marks of written answers, before anything is written
        mark_results(results.values(), marks, submissions, paths={
            (p.student_id, s.label): s.path for p in plans for s in p.graded.values()})
    rows = detail_rows(plans, results, assignment_ids, exercises)
    write_csv(gradebook, GRADEBOOK_COLUMNS,
                   ([row[c] for c in GRADEBOOK_COLUMNS] for row in rows), bom=bom)
    header, table = summary_table(plans, results, exercises)
    if summary:
        write_csv(summary, header, table, bom=bom)
    manifest = lms.read_manifest(submissions)
    title = title or " + ".join(assignment_ids) or "summitlib"
    for path, layout in ((canvas, lms.canvas_table), (moodle, lms.moodle_table)):
        if path:
            write_csv(path, *layout(header, table, plans, manifest, title), bom=bom)
    archive = write_feedback(plans, results, exercises, feedback, manifest)

    ordered = [results[(p.student_id, nb_id)] for p in plans for nb_id in p.graded
               if (p.student_id, nb_id) in results]
    return GradeReport(ordered, gradebook, feedback, plans=plans,
                       summary=Path(summary) if summary else None, archive=archive,
                       loose=[submissions / name for name in discovery.loose],
                       by_notebook=results)
