"""The ``summitlib`` command (also ``python -m summitlib``): release and grade notebooks.

Run ``summitlib --help``, ``summitlib release --help`` or ``summitlib grade --help``.
"""

from __future__ import annotations

import argparse
import sys
import textwrap

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

_EXIT_CODES = """\
exit codes:
  0  done
  1  {failed}
  2  usage error: bad arguments, a missing folder, or an output that exists
     (nothing is overwritten without --force)
"""

_UNTRUSTED = """\
Submitted notebooks are untrusted code. Each runs in its own kernel process, on a
copy, with a time limit per cell and a cap on its output, but with the same access
to files and network as the user running this command: grade inside a container,
a virtual machine or a throwaway account.
"""


def _wrap(*paragraphs: str) -> str:
    return "\n\n".join(textwrap.fill(p, 78) for p in paragraphs)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summitlib",
        description=_wrap("Instructor tools for the summitlib notebooks: release them to "
                          "students without solutions, and grade a class's submissions in one "
                          "batch.", " ".join(_UNTRUSTED.split())),
        epilog="Run 'summitlib COMMAND --help' for each command. More in docs/instructors.md.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    release = commands.add_parser(
        "release",
        help="write the student release (or, with --key, the answer key) of the notebooks",
        description=_wrap("Write the student release of every notebook: outputs cleared, no "
                          "solution anywhere, q.solution() switched off, exercise cells "
                          "carrying nbgrader metadata (schema 3).",
                          "With --key, write the answer key instead: each answer cell holds "
                          "its solution between ### BEGIN SOLUTION and ### END SOLUTION.",
                          "The source notebooks are never changed."),
        epilog=_EXIT_CODES.format(failed="a notebook could not be released (nothing written)"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    release.add_argument("out_dir", metavar="OUT_DIR", help="folder to write the notebooks to")
    release.add_argument("--key", action="store_true",
                         help="write the answer key instead of the student release")
    release.add_argument("--notebooks", metavar="DIR", default="notebooks",
                         help="folder of the source notebooks (default: notebooks)")
    release.add_argument("--force", action="store_true",
                         help="write into OUT_DIR even if it is not empty, overwriting the "
                              "notebooks in it")

    grade = commands.add_parser(
        "grade",
        help="run every submitted notebook and write a gradebook and feedback files",
        description=_wrap("Grade a folder of submissions, one sub-folder per student "
                          "(SUBMISSIONS_DIR/alice/04-Arms-Control-and-New-START.ipynb ...).",
                          "Each notebook runs top to bottom in a fresh kernel, on a copy; the "
                          "outcome of every exercise goes into the gradebook (CSV columns: "
                          "student, notebook, exercise, outcome, points, max_points, detail), "
                          "and each student gets a feedback file (Markdown) in "
                          "GRADEBOOK-feedback/ next to the gradebook. Progress is shown on "
                          "stderr.", " ".join(_UNTRUSTED.split())),
        epilog=_EXIT_CODES.format(
            failed="the grader itself failed on some notebook (such as a kernel that did not "
                   "start); the\n     gradebook is written, with outcome grader_error. A "
                   "student's broken, endless or crashing\n     notebook is a graded outcome, "
                   "not a failure"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    grade.add_argument("submissions", metavar="SUBMISSIONS_DIR",
                       help="folder with one sub-folder of notebooks per student")
    grade.add_argument("--out", metavar="GRADEBOOK.csv", required=True,
                       help="the gradebook to write")
    grade.add_argument("--jobs", type=int, default=1, metavar="N",
                       help="notebooks to run at once, each in its own kernel (default: 1)")
    grade.add_argument("--timeout", type=float, default=60, metavar="SECONDS",
                       help="time limit per cell; a slower cell is interrupted (default: 60)")
    grade.add_argument("--max-output", type=float, default=10, metavar="MB",
                       help="output one notebook may print before it is stopped (default: 10)")
    grade.add_argument("--feedback", metavar="DIR",
                       help="folder for the feedback files (default: GRADEBOOK-feedback/ next "
                            "to the gradebook)")
    grade.add_argument("--force", action="store_true",
                       help="overwrite an existing gradebook and feedback files")
    grade.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    grade.add_argument("--marks", metavar="MARKS.csv",
                       help="a marks file of written answers (summitlib mark): their points, "
                            "rubric lines and comments go into the gradebook and the feedback")

    mark = commands.add_parser(
        "mark",
        help="print how to open the marking view of one written question in JupyterLab",
        description=_wrap("Mark one written question across the whole class: the marking view "
                          "runs inside JupyterLab. This command checks the folder and the "
                          "exercise, says how far the marking has got, and prints the two "
                          "lines to run in a notebook.",
                          "Answers are read from the notebook files, never run."),
        epilog="exit codes:\n  0  printed\n  2  usage error: bad arguments, no submissions "
               "folder, an exercise that is not a\n     written one, or a file that is not a "
               "marks file\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    mark.add_argument("submissions", metavar="SUBMISSIONS_DIR",
                      help="folder with one sub-folder of notebooks per student")
    mark.add_argument("--exercise", required=True, metavar="NN:qN",
                      help="the written exercise, such as 04:q5")
    mark.add_argument("--marks", metavar="MARKS.csv",
                      help="the marks file (default: marks.csv next to SUBMISSIONS_DIR)")
    mark.add_argument("--blind", action="store_true",
                      help="hide the students' names and shuffle the order (kept by --seed)")
    mark.add_argument("--seed", type=int, default=0, help="the blind order's seed (default: 0)")
    return parser


def _fail(message: str, code: int) -> int:
    print(f"summitlib: {message}", file=sys.stderr)
    return code


def _release(args) -> int:
    from summitlib.instructor import OverwriteError, ReleaseError, release

    try:
        written = release(args.out_dir, notebooks_dir=args.notebooks, key=args.key,
                          force=args.force)
    except (OverwriteError, FileNotFoundError) as exc:
        return _fail(str(exc), EXIT_USAGE)
    except ReleaseError as exc:
        return _fail(f"nothing written: {exc}", EXIT_FAILED)
    except ValueError as exc:
        return _fail(str(exc), EXIT_USAGE)
    kind = "answer key" if args.key else "student release"
    print(f"Wrote the {kind} of {len(written)} notebook(s) to {args.out_dir}.")
    return EXIT_OK


def _progress(done, total, result) -> None:
    print(f"[{done}/{total}] {result.student}/{result.notebook}: {result.summary()} "
          f"({result.seconds:.1f} s)", file=sys.stderr, flush=True)


def _grade(args) -> int:
    from summitlib.instructor import OverwriteError, grade

    if args.jobs < 1:
        return _fail(f"--jobs must be 1 or more; got {args.jobs}.", EXIT_USAGE)
    if args.timeout <= 0:
        return _fail(f"--timeout must be a positive number of seconds; got {args.timeout:g}.",
                     EXIT_USAGE)
    if args.max_output <= 0:
        return _fail(f"--max-output must be a positive number of MB; got {args.max_output:g}.",
                     EXIT_USAGE)
    if args.marks:
        from pathlib import Path

        if not Path(args.marks).is_file():
            return _fail(f"No marks file at {args.marks!r}; mark answers first (summitlib "
                         "mark) or check the path given to --marks. Nothing was graded.",
                         EXIT_USAGE)
    try:
        report = grade(args.submissions, args.out, jobs=args.jobs, timeout=args.timeout,
                       force=args.force, feedback_dir=args.feedback,
                       max_output_bytes=int(args.max_output * 1e6),
                       progress=None if args.quiet else _progress)
    except (OverwriteError, FileNotFoundError, ValueError) as exc:
        return _fail(str(exc), EXIT_USAGE)
    if args.marks:
        from summitlib.marks import apply_marks

        try:
            merged = apply_marks(report.gradebook, report.feedback_dir, args.submissions,
                                 args.marks)
        except (FileNotFoundError, ValueError) as exc:
            return _fail(f"the gradebook is written without marks: {exc}", EXIT_USAGE)
        changed = [m for m in merged if m.status == "changed"]
        print(f"Marks from {args.marks}: {sum(m.status == 'marked' for m in merged)} of "
              f"{len(merged)} written answers fully marked.")
        for m in changed:
            print(f"summitlib: {m.student}/{m.notebook} {m.exercise}: the answer changed after "
                  "it was marked; its mark is not counted until you mark it again.",
                  file=sys.stderr)
    rows = report.results
    correct = sum(r.outcome == "correct" for r in rows)
    print(f"Graded {len(report.notebooks)} notebook(s) of "
          f"{len({nb.student for nb in report.notebooks})} student(s): {correct} of {len(rows)} "
          f"exercises correct. Gradebook: {report.gradebook}; feedback: {report.feedback_dir}/")
    failures = report.grader_failures
    if failures:
        for nb in failures:
            print(f"summitlib: could not grade {nb.student}/{nb.notebook}: {nb.problem}",
                  file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _mark(args) -> int:
    from summitlib.marking import default_marks_path, progress

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
    return EXIT_OK


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
    parser.print_help(sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
