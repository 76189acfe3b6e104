"""Running a submitted notebook sealed off: the sandbox, the runner, runners started ahead.

Each notebook runs in a runner process (:mod:`summitlib.grading_runner`, started from the
student edition) inside bubblewrap (:mod:`summitlib.instructor.sandbox`): no network, the
class's files, the key and the instructor's home out of sight, only a scratch folder
writable, and the student edition of summitlib (no key in it) importable. The runner
reports each answer as plain data; nothing it says is judged here (see
:mod:`summitlib.instructor.judging`).
"""

from __future__ import annotations

import atexit
import compileall
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from summitlib.instructor import sandbox
from summitlib.instructor.cells import load_nbformat
from summitlib.instructor.errors import SandboxRequired
from summitlib.instructor.results import one_line
from summitlib.instructor.tables import safe_filename

__all__ = ["RUNNING_CELLS", "close_warm", "hidden_folders", "note_running_cell", "run_sealed",
           "sandbox_mode"]

_EDITION: dict[str, Path] = {}
_EDITION_LOCK = threading.Lock()


def _edition() -> Path:
    """A graded student edition of summitlib (no key, no fingerprints), built once."""
    with _EDITION_LOCK:
        if "dir" not in _EDITION:
            from summitlib.instructor import student_edition

            folder = Path(tempfile.mkdtemp(prefix="summitlib-edition-"))
            atexit.register(shutil.rmtree, folder, True)
            student_edition.build(folder, formative=False)
            # Compiled once here: the sandbox is read-only, so each kernel would otherwise
            # compile the library again.
            compileall.compile_dir(folder, quiet=1)
            _EDITION["dir"] = folder
        return _EDITION["dir"]


def _key_folders() -> list[Path]:
    """Where the full key lives: the package, and the clone it sits in (not a site-packages)."""
    import summitlib

    package = Path(summitlib.__file__).resolve().parent
    folders = [package]
    root = package.parent
    if (root / "pyproject.toml").is_file() or (root / ".git").exists():
        folders.append(root)
    return folders


def _holds_python(folder: Path) -> bool:
    folder = folder.resolve()
    for prefix in {sys.prefix, sys.base_prefix, str(Path(sys.executable).resolve().parent)}:
        p = Path(prefix).resolve()
        if p == folder or folder in p.parents:
            return True
    return False


def hidden_folders(extra=()) -> list[Path]:
    """The folders student code must not see: the key, the class, the instructor's home."""
    out = []
    for folder in [*_key_folders(), Path.home(), *extra]:
        folder = Path(folder).resolve()
        if folder.is_dir() and not _holds_python(folder):
            out.append(folder)
    return out


def _copy_font_cache(scratch: Path) -> None:
    # Without the grader's font list, matplotlib rebuilds it in every sandbox (seconds).
    try:
        import matplotlib

        cache = Path(matplotlib.get_cachedir())
        target = scratch / ".matplotlib"
        target.mkdir(exist_ok=True)
        for font_list in cache.glob("fontlist-*.json"):
            shutil.copyfile(font_list, target / font_list.name)
    except Exception:  # a cold font cache is only slower
        pass


_RESULT_LIMIT = 50_000_000  # bytes of runner output the grader reads at most


class _Runner:
    """A runner process started ahead, in its own scratch folder, waiting for its job.

    Python's start and nbclient's imports (a second or more) then overlap the notebook
    before, instead of adding to each notebook. It has seen nothing of any submission.
    """

    def __init__(self, *, sandboxed: bool, hide):
        self.sandboxed, self.hide = sandboxed, list(hide)
        self._tmp = tempfile.TemporaryDirectory(prefix="summitlib-grade-")
        self.scratch = Path(self._tmp.name)
        self.inside = sandbox.SCRATCH if sandboxed else str(self.scratch)
        _copy_font_cache(self.scratch)
        edition = _edition()
        # Run as a script in isolated mode: no `import summitlib` (and pandas) in the runner,
        # and neither its own folder nor PYTHONPATH on its path; its kernel gets PYTHONPATH.
        runner = (sandbox.EDITION if sandboxed else str(edition)) + (
            "/summitlib/grading_runner.py")
        argv = [sys.executable, "-I", runner, "--wait", f"{self.inside}/.job.json"]
        if sandboxed:
            argv, env, cwd = sandbox.command(argv, scratch=self.scratch, edition=edition,
                                             hide=hide), None, None
        else:
            env = {**os.environ, "PYTHONPATH": str(edition), "SUMMITLIB_SOLUTIONS": "0"}
            cwd = self.scratch
        # stderr to a file, not a pipe: the grader polls the runner rather than reading it.
        self._stderr = open(self.scratch / ".stderr", "w", encoding="utf-8")  # noqa: SIM115
        self.process = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=self._stderr)

    def stderr(self) -> str:
        try:
            return (self.scratch / ".stderr").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired, ValueError, OSError):
            self.process.wait(timeout=30)
        self._stderr.close()
        self._tmp.cleanup()


_WARM = threading.local()
_WARM_ALL: list[_Runner] = []
_WARM_LOCK = threading.Lock()


def _take_runner(*, sandboxed: bool, hide) -> _Runner:
    """This thread's runner started ahead (if any, and alike), else a new one."""
    ready = getattr(_WARM, "runner", None)
    _WARM.runner = None
    if ready is not None and ready.sandboxed == sandboxed and ready.hide == list(hide) \
            and ready.process.poll() is None:
        return ready
    if ready is not None:
        ready.close()
    return _Runner(sandboxed=sandboxed, hide=hide)


def _warm_next(*, sandboxed: bool, hide) -> None:
    runner = _Runner(sandboxed=sandboxed, hide=hide)
    with _WARM_LOCK:
        _WARM_ALL.append(runner)
    _WARM.runner = runner


def close_warm() -> None:
    """Stop every runner started ahead that no notebook took (the end of a batch)."""
    with _WARM_LOCK:
        leftover, _WARM_ALL[:] = list(_WARM_ALL), []
    for runner in leftover:
        runner.close()


def run_sealed(nb, filename: str, *, checks, answers, timeout, max_output_bytes,
                sandboxed: bool, hide, warm: bool = False) -> tuple[dict | None, str]:
    """Run ``nb`` in a runner (inside bwrap unless ``sandboxed`` is False).

    ``warm``: start the next runner for this thread as soon as this one has its job (a batch
    does; :func:`close_warm` stops the last one).

    Returns (the runner's result, or None; what went wrong, if anything).
    """
    nbformat = load_nbformat()
    runner = _take_runner(sandboxed=sandboxed, hide=hide)
    with _WARM_LOCK:
        if runner in _WARM_ALL:
            _WARM_ALL.remove(runner)
    try:
        scratch, inside = runner.scratch, runner.inside
        safe_name = safe_filename(filename) if filename.endswith(".ipynb") else "notebook.ipynb"
        (scratch / safe_name).write_text(nbformat.writes(nb), encoding="utf-8")
        job = {"notebook": f"{inside}/{safe_name}", "out": f"{inside}/.result.json",
               "progress": f"{inside}/.progress",
               "timeout": timeout, "max_output_bytes": max_output_bytes,
               "error_cells": sorted({i for v in answers.values() for i in v} | set(checks)),
               "answer_cells": {str(i): variable for i, variable in checks.items()}}
        (scratch / ".job.tmp").write_text(json.dumps(job), encoding="utf-8")
        os.replace(scratch / ".job.tmp", scratch / ".job.json")  # the runner waits for it
        if warm:
            _warm_next(sandboxed=sandboxed, hide=hide)
        code_cells = sum(c.get("cell_type") == "code" for c in nb.cells)
        deadline = time.perf_counter() + 180 + (code_cells + 2) * (timeout + 5)
        while runner.process.poll() is None:
            if time.perf_counter() > deadline:
                return None, "the notebook did not finish in the time its cells are allowed"
            with contextlib.suppress(subprocess.TimeoutExpired):
                runner.process.wait(timeout=0.5)
            with contextlib.suppress(OSError, ValueError):  # where it is, for the heartbeat
                note_running_cell(nb, int((scratch / ".progress").read_text()[:12]))
        stderr = runner.stderr()
        result_path = scratch / ".result.json"
        try:
            if result_path.stat().st_size > _RESULT_LIMIT:
                return None, "the notebook's answers were too large to read"
            return json.loads(result_path.read_text(encoding="utf-8")), ""
        except (OSError, ValueError):
            tail = one_line((stderr or "")[-600:], 300)
            return None, (f"the grading runner stopped with exit code "
                          f"{runner.process.returncode} before writing its results "
                          f"({tail or 'no message'})")
    finally:
        runner.close()


# ---------------------------------------------------------------------------- judging


def sandbox_mode(unsafe_no_sandbox: bool) -> bool:
    """True: grade in bwrap. False: no sandbox, as asked. Refuses when none can be made."""
    reason = sandbox.available()
    if not reason:
        return True
    if unsafe_no_sandbox:
        return False
    raise SandboxRequired(
        f"Cannot grade safely: {reason}. Submitted notebooks are untrusted code, so the "
        "grader runs each one sealed off with bubblewrap. Install it (or grade on a machine "
        "where it works), or pass --unsafe-no-sandbox to run them with your own access to "
        "files and network (only for notebooks you trust)."
    )


#: Thread id -> (notebook, index of the cell it runs), kept up to date while a notebook
#: runs, so the heartbeat can say where a long notebook is.
RUNNING_CELLS: dict[int, tuple] = {}


def note_running_cell(nb, index: int) -> None:
    """Record that this thread's notebook is running cell ``index``."""
    RUNNING_CELLS[threading.get_ident()] = (nb, index)
