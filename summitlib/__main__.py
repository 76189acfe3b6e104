"""The ``summitlib`` command (also ``python -m summitlib``): release, collect and grade.

Run ``summitlib --help``, or ``summitlib COMMAND --help`` for ``release``, ``collect`` and
``grade``.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
import time

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

_EXIT_CODES = """\
exit codes:
  0  done
  1  {failed}
  2  usage error: bad arguments, a missing folder, or an output that exists
     (nothing is overwritten without --force)
"""

_UNTRUSTED = """\
Submitted notebooks are untrusted code. Each runs sealed off with bubblewrap
(read-only system, private /tmp, no network, the class's files out of sight), with
the student edition of summitlib (no answers), a time limit per cell and a cap on
its output; its locked cells are first put back as the release has them, and only
the values of its answers are judged, by the grader, against the key. Nothing the
notebook displays counts. Without bubblewrap the command refuses to grade unless
given --unsafe-no-sandbox.
"""


# Options that mean the same in several commands, declared once.
_SUBMISSIONS = ("submissions", {"metavar": "SUBMISSIONS_DIR"},
                "folder with one sub-folder of notebooks per student")
_ROSTER = ("--roster", {"metavar": "ROSTER.csv"},
           "the class list: a CSV with a student_id column (the folder names), optional name, "
           "email, lms_id")


def _wrap(*paragraphs: str) -> str:
    return "\n\n".join(textwrap.fill(p, 78) for p in paragraphs)


def _command(commands, name: str, *, summary: str, paragraphs, epilog: str):
    """One sub-command: its one-line help, its description (wrapped) and its epilog."""
    return commands.add_parser(name, help=summary, description=_wrap(*paragraphs),
                               epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)


def _options(parser, *options) -> None:
    """Add the options, each given as (flags, argparse settings, help), to ``parser``."""
    for flags, settings, text in options:
        parser.add_argument(*flags.split(), help=text, **settings)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summitlib",
        description=_wrap("Instructor tools for the summitlib notebooks: release them to "
                    "students without solutions, collect a class's submissions from an "
                    "LMS download, and grade them in one batch into a gradebook and "
                    "feedback that Canvas or Moodle import.",
                    " ".join(_UNTRUSTED.split())),
        epilog="Run 'summitlib COMMAND --help' for each command. More in docs/instructors.md.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    release = _command(
        commands, "release",
        summary="write the student release (or, with --key, the answer key) of the notebooks",
        paragraphs=("Write the student release: a self-contained folder to publish as "
                    "the course repository (or zip for an LMS), holding the notebooks "
                    "(outputs cleared, exercise cells carrying nbgrader metadata, schema "
                    "3), the data, the student edition of summitlib (no expected "
                    "answer, solution or explanation anywhere), requirements.txt and "
                    "binder/. Publish that folder alone.",
                    "Checks are formative by default (Correct / Not yet, judged against "
                    "salted fingerprints); with --graded they only say whether an answer "
                    "has the right form and is recorded.",
                    "With --key, write the answer key instead: each answer cell holds "
                    "its solution between ### BEGIN SOLUTION and ### END SOLUTION; the "
                    "folder gets a .gitignore so git never adds it. Keep it private.",
                    "The source notebooks are never changed."),
        epilog=_EXIT_CODES.format(failed="a notebook could not be released (nothing written)"),
    )
    _options(
        release,
        ("out_dir", {"metavar": "OUT_DIR"},
         "folder to write the notebooks to"),
        ("--key", {"action": "store_true"},
         "write the answer key instead of the student release"),
        ("--graded", {"action": "store_true"},
         "a release for graded work: checks record answers without saying whether they are right"),
        ("--notebooks", {"metavar": "DIR", "default": "notebooks"},
         "folder of the source notebooks (default: notebooks)"),
        ("--force", {"action": "store_true"},
         "write into OUT_DIR even if it is not empty, overwriting the notebooks in it"),
    )

    grade = _command(
        commands, "grade",
        summary="run every submitted notebook and write a gradebook, a summary and feedback",
        paragraphs=("Grade a folder of submissions, one sub-folder per student "
                    "(SUBMISSIONS_DIR/alice/04-Arms-Control-and-New-START.ipynb ...).",
                    "Each notebook runs top to bottom in a fresh kernel, on a copy. "
                    "--out gets one row per exercise per student (CSV columns: "
                    "student, notebook, exercise, outcome, points, max_points, detail, "
                    "notebook_id); --summary one row per student (a column per "
                    "exercise, total, maximum, percent, status, notes); --canvas and "
                    "--moodle the same in the layout those gradebooks import. Every "
                    "student gets feedback (Markdown and HTML) in GRADEBOOK-feedback/, "
                    "and GRADEBOOK-feedback.zip holds the HTML files named as the LMS "
                    "expects for a bulk upload.",
                    "--roster decides who should be there (everyone on it gets a row); "
                    "--assignment decides which notebooks are expected (a missing one "
                    "is reported, another one is not graded). Copies such as "
                    "'NAME (1).ipynb' count as one notebook: the newest is graded. "
                    "Progress and a heartbeat are shown on stderr.",
                    " ".join(_UNTRUSTED.split())),
        epilog=_EXIT_CODES.format(
            failed="the grader itself failed on some notebook (such as a kernel that did not "
                   "start); the\n     gradebook is written, with outcome grader_error. A "
                   "student's broken, endless or crashing\n     notebook is a graded outcome, "
                   "not a failure"),
    )
    _options(
        grade,
        _SUBMISSIONS,
        ("--out", {"metavar": "GRADEBOOK.csv", "required": True},
         "the gradebook to write: one row per exercise per student"),
        ("--summary", {"metavar": "SUMMARY.csv"},
         "also write the summary: one row per student"),
        _ROSTER,
        ("--assignment", {"metavar": "NOTEBOOK", "nargs": "+"},
         "the notebooks of the assignment (names or released files); default: every notebook "
         "anyone handed in"),
        ("--canvas", {"metavar": "CANVAS.csv"},
         "also write the summary for Canvas's gradebook import"),
        ("--moodle", {"metavar": "MOODLE.csv"},
         "also write the summary for Moodle's gradebook import"),
        ("--title", {"metavar": "TEXT"},
         "the assignment's column in the Canvas and Moodle files (default: the notebook names)"),
        ("--bom", {"action": "store_true"},
         "start each CSV with a byte-order mark, so Excel reads accents"),
        ("--jobs", {"type": int, "default": 1, "metavar": "N"},
         "notebooks to run at once, each in its own kernel (default: 1)"),
        ("--timeout", {"type": float, "default": 60, "metavar": "SECONDS"},
         "time limit per cell; a slower cell is interrupted (default: 60)"),
        ("--max-output", {"type": float, "default": 10, "metavar": "MB"},
         "output one notebook may print before it is stopped (default: 10)"),
        ("--feedback", {"metavar": "DIR"},
         "folder for the feedback files (default: GRADEBOOK-feedback/ next to the gradebook)"),
        ("--heartbeat", {"type": float, "default": 5, "metavar": "SECONDS"},
         "while a notebook runs longer than this, say where it is, this often (default: 5)"),
        ("--force", {"action": "store_true"},
         "overwrite existing output files"),
        ("--quiet", {"action": "store_true"},
         "no progress lines on stderr"),
        ("--release", {"metavar": "DIR"},
         "the release the submissions are copies of (the student release, or the source "
         "notebooks); each submission is graded as the notebook of the same name there, whose "
         "locked cells replace the submission's (default: the course's notebooks/)"),
        ("--hide", {"metavar": "DIR", "action": "append", "default": []},
         "another folder student code must not see, such as where the answer key is (repeatable)"),
        ("--unsafe-no-sandbox", {"action": "store_true"},
         "grade even where no sandbox (bubblewrap) can be made: student code then has your "
         "access to files and network"),
        ("--marks", {"metavar": "MARKS.csv"},
         "a marks file of written answers (summitlib mark): their points, rubric lines and "
         "comments go into the gradebook and the feedback"),
    )

    mark = _command(
        commands, "mark",
        summary="print how to open the marking view of one written question in JupyterLab",
        paragraphs=("Mark one written question across the whole class: the marking view "
                    "runs inside JupyterLab. This command checks the folder and the "
                    "exercise, says how far the marking has got, and prints the two "
                    "lines to run in a notebook.",
                    "Answers are read from the notebook files, never run."),
        epilog="exit codes:\n  0  printed\n  2  usage error: bad arguments, no submissions "
               "folder, an exercise that is not a\n     written one, or a file that is not a "
               "marks file\n",
    )
    _options(
        mark,
        _SUBMISSIONS,
        ("--exercise", {"required": True, "metavar": "NN:qN"},
         "the written exercise, such as 04:q5"),
        ("--marks", {"metavar": "MARKS.csv"},
         "the marks file (default: marks.csv next to SUBMISSIONS_DIR)"),
        ("--blind", {"action": "store_true"},
         "hide the students' names and shuffle the order (kept by --seed)"),
        ("--seed", {"type": int, "default": 0},
         "the blind order's seed (default: 0)"),
    )

    collect = _command(
        commands, "collect",
        summary="sort a Canvas or Moodle bulk download into one folder per student",
        paragraphs=("Sort the bulk download of an LMS assignment (the zip, or the "
                    "folder it unzips to) into SUBMISSIONS_DIR/<student>/, ready for "
                    "'summitlib grade'.",
                    "Canvas names each file NAME_USERID_ATTACHMENTID_FILE (NAME_LATE_... "
                    "when late); Moodle FULL NAME_PARTICIPANTID_assignsubmission_file_"
                    "FILE, flat or in one folder per student. With --roster each file "
                    "goes to the folder of the student it belongs to (matched on the "
                    "roster's lms_id, else on the name); without, to NAME_NUMBER/. "
                    "What cannot be placed is listed and left where it is."),
        epilog=_EXIT_CODES.format(failed="some file could not be placed (the others were)"),
    )
    _options(
        collect,
        ("download", {"metavar": "LMS_DOWNLOAD"},
         "the LMS's bulk download: a zip or a folder"),
        ("submissions", {"metavar": "SUBMISSIONS_DIR"},
         "the folder to fill, one sub-folder per student"),
        _ROSTER,
        ("--force", {"action": "store_true"},
         "add to a SUBMISSIONS_DIR that is not empty"),
    )
    return parser


def _fail(message: str, code: int) -> int:
    print(f"summitlib: {message}", file=sys.stderr)
    return code


def _release(args) -> int:
    from summitlib.instructor import OverwriteError, ReleaseError, release

    try:
        written = release(args.out_dir, notebooks_dir=args.notebooks, key=args.key,
                          force=args.force, graded=args.graded)
    except (OverwriteError, FileNotFoundError) as exc:
        return _fail(str(exc), EXIT_USAGE)
    except ReleaseError as exc:
        return _fail(f"nothing written: {exc}", EXIT_FAILED)
    except ValueError as exc:
        return _fail(str(exc), EXIT_USAGE)
    if args.key:
        print(f"Wrote the answer key of {len(written)} notebook(s) to {args.out_dir} (with a "
              ".gitignore, so git never adds it). Keep it private: never publish it.")
    else:
        print(f"Wrote the student release of {len(written)} notebook(s) to {args.out_dir}. "
              "Publish that folder alone (as the course repository, or zipped).")
    return EXIT_OK


class _Progress:
    """The progress display: a line per notebook, a heartbeat, an estimate of the time left.

    The estimate is made when a notebook finishes (from the pace so far) and counted down
    between two of them, so a heartbeat never shows the time left growing.
    """

    def __init__(self):
        self.started = time.perf_counter()
        self.done = self.total = 0
        self.left, self.left_at = None, self.started

    def _left(self) -> str:
        from summitlib.instructor.gradebook import duration_words

        if self.left is None or self.done >= self.total:
            return ""
        left = self.left - (time.perf_counter() - self.left_at)
        if left < 1:
            return "; taking longer than estimated"
        return f"; about {duration_words(left)} left"

    def notebook(self, done, total, result) -> None:
        from summitlib.instructor.gradebook import estimate_left

        self.done, self.total = done, total
        self.left_at = time.perf_counter()
        self.left = estimate_left(self.left_at - self.started, done, total)
        print(f"[{done}/{total}] {result.student}/{result.notebook}: {result.summary()} "
              f"({result.seconds:.1f} s){self._left()}", file=sys.stderr, flush=True)

    def heartbeat(self, running) -> None:
        for item in running:
            where = f"at {item.cell}" if item.cell else "starting its kernel"
            print(f"  still running: {item.student}/{item.notebook} for "
                  f"{item.seconds:.0f} s, {where}{self._left()}", file=sys.stderr, flush=True)


def _grade(args) -> int:
    from summitlib.instructor import OverwriteError, SandboxRequired, grade

    show = _Progress()
    try:
        report = grade(args.submissions, args.out, jobs=args.jobs, timeout=args.timeout,
                       force=args.force, feedback_dir=args.feedback,
                       max_output_bytes=int(args.max_output * 1e6),
                       progress=None if args.quiet else show.notebook,
                       heartbeat=None if args.quiet else show.heartbeat,
                       heartbeat_every=args.heartbeat, summary=args.summary,
                       roster=args.roster, assignment=args.assignment, canvas=args.canvas,
                       moodle=args.moodle, title=args.title, bom=args.bom, marks=args.marks,
                       release_dir=args.release, hide=args.hide,
                       unsafe_no_sandbox=args.unsafe_no_sandbox)
    except (OverwriteError, FileNotFoundError, ValueError, SandboxRequired) as exc:
        return _fail(str(exc), EXIT_USAGE)
    statuses = report.statuses()
    counts = ", ".join(f"{sum(1 for v in statuses.values() if v == status)} {status}"
                       for status in dict.fromkeys(statuses.values()))
    print(f"Graded {len(report.notebooks)} notebook(s) of {len(report.plans)} student(s) "
          f"({counts}). Gradebook: {report.gradebook}"
          + (f"; summary: {report.summary}" if report.summary else "")
          + f"; feedback: {report.feedback_dir}/ and {report.archive}")
    _say_loose(report.loose, "graded")
    if not args.assignment:
        from summitlib.instructor.classlist import rarely_handed_in

        for nb_id, n, of in rarely_handed_in(report.plans):
            print(f"summitlib: only {n} of {of} students handed in {nb_id!r}, yet it counts "
                  "for everyone; name the assignment's notebooks with --assignment so that "
                  "only those count.", file=sys.stderr)
    for student_plan in report.plans:
        for note in student_plan.notes:
            print(f"summitlib: {student_plan.student_id}: {note}", file=sys.stderr)
    for nb in report.notebooks:
        for r in nb.results:
            if r.outcome == "changed_since_marked":
                print(f"summitlib: {r.student}/{r.notebook} {r.exercise}: the answer changed "
                      "after it was marked; its mark is not counted until you mark it again.",
                      file=sys.stderr)
    failures = report.grader_failures
    if failures:
        for nb in failures:
            print(f"summitlib: could not grade {nb.student}/{nb.notebook}: {nb.problem}",
                  file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _mark(args) -> int:
    from summitlib.instructor.marking import default_marks_path, progress

    marks = args.marks or default_marks_path(args.submissions)
    try:
        done, total = progress(args.submissions, args.exercise, marks=marks)
    except (FileNotFoundError, ValueError) as exc:
        return _fail(str(exc), EXIT_USAGE)
    options = f", marks={str(marks)!r}"
    if args.blind:
        options += f", blind=True, seed={args.seed}"
    print(f"{done} of {total} marked for {args.exercise}; marks "
          f"file: {marks}\n\nTo mark, open JupyterLab (jupyter lab), create a notebook and "
          "run:\n\n    import summitlib.instructor\n"
          f"    summitlib.instructor.mark({args.submissions!r}, exercise={args.exercise!r}"
          f"{options})\n\nTab moves between the controls, Space presses a button; every mark "
          "is saved at once.")
    from pathlib import Path

    from summitlib.instructor.classlist import discover

    _say_loose([Path(args.submissions) / name for name in discover(args.submissions).loose
                if name.lower().endswith(".ipynb")], "shown for marking")
    return EXIT_OK


def _say_loose(paths, what: str) -> None:
    """Name each file left directly in the submissions folder: it belongs to no student."""
    for path in paths:
        print(f"summitlib: {path} is outside every student's folder, so it was not {what}; "
              "move it into the folder of the student it belongs to.", file=sys.stderr)


def _collect(args) -> int:
    from summitlib.instructor.classlist import read_roster
    from summitlib.instructor.lms import collect

    try:
        roster = read_roster(args.roster) if args.roster else None
        report = collect(args.download, args.submissions, roster=roster, force=args.force)
    except (FileNotFoundError, FileExistsError, ValueError) as exc:
        return _fail(str(exc), EXIT_USAGE)
    files = sum(len(v) for v in report.placed.values())
    print(f"Placed {files} file(s) of {len(report.placed)} student(s) from a {report.lms} "
          f"download in {args.submissions}.")
    for student_id in report.not_received:
        print(f"summitlib: {student_id} (on the roster): nothing in the download.",
              file=sys.stderr)
    for relative, reason in report.unplaced:
        print(f"summitlib: could not place {relative}: {reason}.", file=sys.stderr)
    return EXIT_FAILED if report.unplaced else EXIT_OK


def main(argv=None) -> int:
    """Run the ``summitlib`` command with ``argv`` (default: the command line); return its
    exit code (0 done, 1 something could not be released or graded, 2 usage error)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help (0) and on bad arguments (2)
        return int(exc.code or 0)
    if args.command == "release":
        return _release(args)
    if args.command == "grade":
        try:
            return _grade(args)
        except KeyboardInterrupt:
            return _fail("interrupted; no gradebook written.", 130)
    if args.command == "mark":
        return _mark(args)
    if args.command == "collect":
        return _collect(args)
    parser.print_help(sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
