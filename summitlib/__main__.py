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
Submitted notebooks are untrusted code. Each runs sealed off with bubblewrap
(read-only system, private /tmp, no network, the class's files out of sight), with
the student edition of summitlib (no answers), a time limit per cell and a cap on
its output; its locked cells are first put back as the release has them, and only
the values of its answers are judged, by the grader, against the key. Nothing the
notebook displays counts. Without bubblewrap the command refuses to grade unless
given --unsafe-no-sandbox.
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
        description=_wrap("Write the student release: a self-contained folder to publish as "
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
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    release.add_argument("out_dir", metavar="OUT_DIR", help="folder to write the notebooks to")
    release.add_argument("--key", action="store_true",
                         help="write the answer key instead of the student release")
    release.add_argument("--graded", action="store_true",
                         help="a release for graded work: checks record answers without "
                              "saying whether they are right")
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
    grade.add_argument("--release", metavar="DIR",
                       help="the release the submissions are copies of (the student release, "
                            "or the source notebooks); each submission is graded as the "
                            "notebook of the same name there, whose locked cells replace the "
                            "submission's (default: the course's notebooks/)")
    grade.add_argument("--hide", metavar="DIR", action="append", default=[],
                       help="another folder student code must not see, such as where the "
                            "answer key is (repeatable)")
    grade.add_argument("--unsafe-no-sandbox", action="store_true",
                       help="grade even where no sandbox (bubblewrap) can be made: student "
                            "code then has your access to files and network")
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


def _progress(done, total, result) -> None:
    print(f"[{done}/{total}] {result.student}/{result.notebook}: {result.summary()} "
          f"({result.seconds:.1f} s)", file=sys.stderr, flush=True)


def _grade(args) -> int:
    from summitlib.instructor import OverwriteError, SandboxRequired, grade

    if args.jobs < 1:
        return _fail(f"--jobs must be 1 or more; got {args.jobs}.", EXIT_USAGE)
    if args.timeout <= 0:
        return _fail(f"--timeout must be a positive number of seconds; got {args.timeout:g}.",
                     EXIT_USAGE)
    if args.max_output <= 0:
        return _fail(f"--max-output must be a positive number of MB; got {args.max_output:g}.",
                     EXIT_USAGE)
    try:
        report = grade(args.submissions, args.out, jobs=args.jobs, timeout=args.timeout,
                       force=args.force, feedback_dir=args.feedback,
                       max_output_bytes=int(args.max_output * 1e6),
                       progress=None if args.quiet else _progress, release_dir=args.release,
                       hide=args.hide, unsafe_no_sandbox=args.unsafe_no_sandbox)
    except (OverwriteError, FileNotFoundError, ValueError, SandboxRequired) as exc:
        return _fail(str(exc), EXIT_USAGE)
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
    parser.print_help(sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
