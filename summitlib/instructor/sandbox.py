"""Seal off a command with bubblewrap: only the system and Python, no network, no peers.

The grader runs each submitted notebook (its kernel and the client that drives it) through
:func:`command`. Inside, the command sees an empty root into which only what Python and
Jupyter need is bound, read-only: the system folders (``/usr`` and its links ``/bin``,
``/lib`` ...), a few files of ``/etc`` (the loader cache, fonts, time zone, users; not
``/etc/shadow`` and the like), and the Python installation the grader runs in (its prefix,
base prefix and ``sys.path``). Everything else of the machine, such as the submissions, the
gradebook, the answer key, home folders and other projects, is simply not there. It gets an
empty private ``/tmp``, its own scratch folder (writable, the working directory), the student
edition of summitlib (read-only, first on ``PYTHONPATH``), no other processes
(``--unshare-pid``) and no network but its own loopback (``--unshare-net``). Folders named in
``hide`` are covered by an empty tmpfs even when they lie inside a bound folder. The
environment is emptied (``--clearenv``) but for what Python and Jupyter need.

bubblewrap is the Debian/Ubuntu package ``bubblewrap``. It needs either root or
unprivileged user namespaces (``kernel.unprivileged_userns_clone=1``; some distributions and
many containers switch them off). :func:`available` says whether it works here, and why not.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["SCRATCH", "SandboxUnavailable", "available", "command"]

#: Where the scratch folder appears inside the sandbox.
SCRATCH = "/tmp/work"
#: Where the student edition of summitlib appears inside the sandbox.
EDITION = "/tmp/edition"


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create a sandbox on this machine."""


# Files of /etc a Python process and a Jupyter kernel read; the rest of /etc stays out.
_ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "passwd", "group",
        "nsswitch.conf", "hosts", "host.conf", "gai.conf", "mime.types", "fonts", "ssl",
        "ca-certificates", "alternatives", "locale.alias", "matplotlibrc")
_SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/opt/conda")


def _python_folders() -> list[str]:
    """The folders the grader's Python runs from: its prefixes, the interpreter, and the
    site-packages folders on ``sys.path``.

    Not the rest of ``sys.path``: it holds the working folder of ``python -m`` (perhaps the
    class's folder) and editable installs (such as the clone holding the key).
    """
    folders = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
               str(Path(sys.executable).parent), str(Path(sys.executable).resolve().parent)}
    folders.update(p for p in sys.path
                   if p and Path(p).name in ("site-packages", "dist-packages"))
    return sorted(str(Path(f).resolve()) for f in folders if Path(f).is_dir())


def _binds() -> list[str]:
    out = []
    for path in _SYSTEM:
        p = Path(path)
        if p.is_symlink():
            out += ["--symlink", os.readlink(p), path]
        elif p.is_dir():
            out += ["--ro-bind", path, path]
    for name in _ETC:
        out += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    covered: list[str] = []
    for folder in _python_folders():  # outermost first: an inner one is already there
        if any(folder == c or folder.startswith(c.rstrip("/") + "/") for c in covered):
            continue
        if folder.startswith(("/usr/", "/proc", "/dev")) or folder == "/":
            continue
        covered.append(folder)
        out += ["--ro-bind", folder, folder]
    return out


def _base(bwrap: str) -> list[str]:
    return [bwrap, *_binds(), "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
            "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--die-with-parent", "--new-session"]


@functools.cache
def available() -> str:
    """"" when a sandbox can be made here, else the reason why not (one sentence).

    Tried once per process: a real ``bwrap`` run of ``true`` with the options the grader uses.
    """
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return ("bubblewrap (bwrap) is not installed; install the package 'bubblewrap' "
                "(apt-get install bubblewrap)")
    try:
        done = subprocess.run([*_base(bwrap), "--", "true"], capture_output=True, text=True,
                              timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bwrap could not be run ({exc})"
    if done.returncode != 0:
        return ("bwrap cannot create a sandbox here (" + " ".join(done.stderr.split())[:200]
                + "); it needs root or unprivileged user namespaces")
    return ""


def _env(python_path: str) -> list[str]:
    home = SCRATCH
    values = {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin",
                                 "/bin"]),
        "HOME": home,
        "PYTHONPATH": python_path,
        "PYTHONNOUSERSITE": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "LANG": "C.UTF-8",
        "IPYTHONDIR": f"{home}/.ipython",
        "MPLCONFIGDIR": f"{home}/.matplotlib",
        "JUPYTER_RUNTIME_DIR": f"{home}/.runtime",
        "JUPYTER_CONFIG_DIR": f"{home}/.jupyter",
        "JUPYTER_DATA_DIR": f"{home}/.jupyter-data",
        "XDG_CACHE_HOME": f"{home}/.cache",
        "SUMMITLIB_SOLUTIONS": "0",
    }
    out = ["--clearenv"]
    for key, value in values.items():
        out += ["--setenv", key, value]
    return out


def command(argv: list[str], *, scratch: Path, edition: Path, hide=()) -> list[str]:
    """``argv`` wrapped to run sealed off, with ``scratch`` as its writable working folder.

    Parameters
    ----------
    argv : list of str
        The command, as it would run inside (paths under :data:`SCRATCH`).
    scratch : Path
        A folder outside; it appears as :data:`SCRATCH`, writable.
    edition : Path
        A folder holding the student edition of summitlib (``edition/summitlib``); it
        appears read-only as :data:`EDITION`, first on ``PYTHONPATH``.
    hide : iterable of Path
        Folders to cover with an empty tmpfs (missing ones are skipped).

    Raises
    ------
    SandboxUnavailable
        bubblewrap cannot be used here (the message says why).
    """
    reason = available()
    if reason:
        raise SandboxUnavailable(reason)
    wrapped = _base(shutil.which("bwrap"))
    bound = _python_folders()
    for folder in sorted({str(Path(h).resolve()) for h in hide}, key=len):
        # Only a hidden folder inside a bound one needs covering; the rest is not there.
        if Path(folder).is_dir() and any(folder.startswith(b.rstrip("/") + "/") for b in bound):
            wrapped += ["--tmpfs", folder]
    wrapped += ["--bind", str(scratch), SCRATCH, "--ro-bind", str(edition), EDITION,
                "--chdir", SCRATCH, *_env(EDITION), "--", *argv]
    return wrapped
