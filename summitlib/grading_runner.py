"""Run one notebook in a fresh kernel and write out its answers as plain data.

The grader starts this as ``python -I summitlib/grading_runner.py JOB.json``, inside the sandbox
with the kernel, so the kernel and its client talk over loopback inside the sandbox and
nothing else of the class is in sight. The job names the notebook (its locked cells already
restored by the grader, each check cell replaced by a call to
:func:`summitlib.exercises._plain.emit`), the cells whose errors matter, the time limit per
cell and the output cap; the runner writes ``{"stop", "timed_out", "errors", "answers"}`` as
JSON to the job's ``out`` path. It judges nothing: the grader does, in its own process.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field

_OUTPUT_MESSAGES = frozenset(
    {"stream", "display_data", "execute_result", "error", "update_display_data", "comm_open",
     "comm_msg"}
)
_ANSWER_MIMETYPE = "application/vnd.summitlib.answer+json"
_NO_PNG = "get_ipython().display_formatter.formatters['image/png'].enabled = False"


@dataclass
class Stop:
    """Where and why execution ended early (index None: every cell ran)."""

    index: int | None = None
    outcome: str = ""
    reason: str = ""
    timed_out: set = field(default_factory=set)
    previous: int | None = None  # the cell run before, for a timeout that would not stop
    exit_code: int | None = None


def _source(cell) -> str:
    # summitlib.instructor.cells.cell_source, again: this script runs in isolated mode
    # (python -I) and imports nothing of summitlib, so it cannot import that one.
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def one_line(text: str, limit: int = 300) -> str:
    """``text`` on one line, cut to ``limit`` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def error_text(cell) -> str | None:
    """``"Name: message"`` of the first error a cell's outputs hold, else None."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            value = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", str(output.get("evalue", "")))
            return f"{output.get('ename', 'Error')}: {value}"[:2000]
    return None


def message_size(content) -> int:
    """Bytes of output one kernel message carries, as the output cap counts them."""
    if not isinstance(content, dict):
        return len(str(content))
    total = len(content.get("text", "") or "")
    for key in ("data", "traceback", "evalue"):
        value = content.get(key)
        if isinstance(value, dict):
            total += sum(len(v) if isinstance(v, str) else len(json.dumps(v, default=str))
                         for v in value.values())
        elif isinstance(value, list):
            total += sum(len(str(v)) for v in value)
        elif value:
            total += len(str(value))
    return total + sum(len(b) for b in content.get("buffers", []) or [])


def make_client(nb, *, timeout: float, max_output_bytes: int, workdir: str):
    """An nbclient client that records timed-out cells and caps the output it keeps."""
    from nbclient import NotebookClient

    class GradingClient(NotebookClient):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.output_bytes = 0
            self.output_overflow = False
            self.timed_out: set[int] = set()

        def process_message(self, msg, cell, cell_index):
            if msg.get("msg_type") in _OUTPUT_MESSAGES:
                self.output_bytes += message_size(msg.get("content", {}))
                if self.output_bytes > self.max_output_bytes:
                    self.output_overflow = True
                    return None
            return super().process_message(msg, cell, cell_index)

    # A timed-out cell is told by nbclient's public hooks: on a timeout nbclient interrupts
    # the kernel and hands on_cell_error the reply made of error_on_timeout, which carries
    # this run's token (student code cannot know it, so it cannot pass an error of its own
    # off as a timeout). No private method of nbclient is overridden.
    token = secrets.token_hex(16)

    def note_timeout(cell, cell_index, execute_reply):
        if (execute_reply or {}).get("content", {}).get("summitlib_timeout") == token:
            client.timed_out.add(cell_index)

    quiet = logging.getLogger("summitlib.grading_runner.kernel")
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False
    client = GradingClient(
        nb,
        timeout=max(1, round(timeout)),
        interrupt_on_timeout=True,
        # Without a ready-made reply, a kernel that ignores the interrupt would be waited for
        # forever; with it, the next cell queues behind the stuck one and times out in turn.
        error_on_timeout={"ename": "TimeoutError",
                          "evalue": f"the cell ran longer than {timeout:g} s and was stopped",
                          "traceback": [], "summitlib_timeout": token},
        on_cell_error=note_timeout,
        allow_errors=True,
        kernel_name="python3",
        # No input history (a database write per cell) and no PNG of each figure (the
        # inline backend still shows and closes figures after each cell, as for a student,
        # but nobody looks at the pictures: the answers leave the kernel as plain data).
        extra_arguments=["--HistoryManager.enabled=False",
                         "--IPKernelApp.exec_lines=" + json.dumps([_NO_PNG])],
        startup_timeout=120,
        shutdown_kernel="immediate",
        resources={"metadata": {"path": workdir}},
        log=quiet,
    )
    client.max_output_bytes = max_output_bytes
    return client


def _exit_code(client):
    process = getattr(getattr(client.km, "provisioner", None), "process", None)
    try:
        return process.wait(timeout=2) if process is not None else None
    except Exception:
        return None


def execute(nb, *, workdir, timeout, max_output_bytes, env=None, progress=None) -> Stop:
    """Run every code cell of ``nb`` (outputs kept in ``nb``); return where it stopped.

    ``progress``: a file to write the index of the running cell to (the grader's heartbeat).
    """
    from nbclient.exceptions import DeadKernelError

    client = make_client(nb, timeout=timeout, max_output_bytes=max_output_bytes,
                         workdir=workdir)
    stop = Stop()
    previous = None  # the code cell run before this one
    with client.setup_kernel(cwd=workdir, env=env if env is not None else dict(os.environ),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not _source(cell).strip():
                continue
            if progress:
                with open(progress, "w", encoding="utf-8") as fh:
                    fh.write(str(index))
            try:
                client.execute_cell(cell, index)
            except DeadKernelError:
                code = _exit_code(client)
                stop = Stop(index, "kernel_died",
                            f"The kernel stopped while running cell {index + 1} "
                            f"({one_line(_source(cell), 60)!r})"
                            + (f", exit code {code}." if code is not None else "."),
                            exit_code=code)
                break
            if client.output_overflow:
                stop = Stop(index, "output_too_large",
                            f"Output too large: cell {index + 1} took the notebook past "
                            f"{max_output_bytes / 1e6:g} MB of output, so the rest was not run.")
                break
            # A kernel that ignores the interrupt stays busy with the old cell, so the next
            # cell times out too: give up then rather than wait out every cell.
            if index in client.timed_out and previous in client.timed_out:
                stop = Stop(index, "timeout",
                            f"Cell {previous + 1} ran longer than {timeout:g} s and did not "
                            "stop when interrupted, so the rest of the notebook was not run.",
                            previous=previous)
                break
            previous = index
    stop.timed_out = set(client.timed_out)
    return stop


def _answer_record(cell, variable: str):
    """The last answer record for ``variable`` among a cell's outputs."""
    found = None
    for output in cell.get("outputs", []):
        record = (output.get("data") or {}).get(_ANSWER_MIMETYPE)
        if isinstance(record, dict) and record.get("variable") == variable:
            found = record
    return found


def run(job: dict) -> dict:
    """Execute the job's notebook and collect what the grader needs (see the module doc)."""
    started = time.perf_counter()
    import nbformat

    nb = nbformat.read(job["notebook"], as_version=4)
    ready = time.perf_counter()
    workdir = os.path.dirname(os.path.abspath(job["notebook"]))
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # draw as a student's kernel does (inline)
    stop = execute(nb, workdir=workdir, timeout=float(job["timeout"]),
                   max_output_bytes=int(job["max_output_bytes"]), env=env,
                   progress=job.get("progress"))
    errors = {}
    for index in job.get("error_cells", []):
        text = error_text(nb.cells[index]) if index < len(nb.cells) else None
        if text:
            errors[str(index)] = text
    answers = {}
    for index, variable in job.get("answer_cells", {}).items():
        record = _answer_record(nb.cells[int(index)], variable)
        if record is not None:
            answers[str(index)] = record
    stop_record = asdict(stop)
    stop_record["timed_out"] = sorted(stop.timed_out)
    return {"stop": stop_record, "errors": errors, "answers": answers,
            "seconds": {"imports": round(ready - started, 3),
                        "execute": round(time.perf_counter() - ready, 3)}}


def main(argv=None) -> int:
    """``python -I grading_runner.py [--wait] JOB.json``: run the job, write its ``out``.

    With ``--wait``, import first and wait for ``JOB.json`` to appear (a runner started
    ahead of its notebook).
    """
    argv = sys.argv[1:] if argv is None else argv
    # jsonschema (through nbformat) imports rfc3987_syntax when it is installed, which builds
    # a grammar at import: seconds per notebook, for an IRI format no notebook uses. Marking
    # it missing makes jsonschema skip that one format, as it does when it is not installed.
    sys.modules.setdefault("rfc3987_syntax", None)
    if argv[0] == "--wait":  # started ahead: import now, then wait for the job to appear
        import nbclient  # noqa: F401
        import nbformat  # noqa: F401

        argv = argv[1:]
        waited = 0.0
        while not os.path.exists(argv[0]):
            if waited > 24 * 3600:
                return 1
            time.sleep(0.02)
            waited += 0.02
    with open(argv[0], encoding="utf-8") as fh:
        job = json.load(fh)
    result = run(job)
    tmp = job["out"] + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(result, fh)
    os.replace(tmp, job["out"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
