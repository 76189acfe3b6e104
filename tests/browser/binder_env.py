"""A local stand-in for the environment mybinder.org builds from ``binder/``.

No Docker engine runs on the machines that test this project, so the Binder image cannot be
built here. What it would contain can be reproduced closely without one:

* the Python that ``binder/runtime.txt`` names (``python-3.12``), found on this machine;
* a fresh virtual environment (no system site-packages), so nothing installed on the machine
  can hide a package that ``binder/requirements.txt`` forgot;
* the few packages of repo2docker's own base environment that the notebooks rely on
  (JupyterLab, notebook, ipykernel, ipywidgets and its JupyterLab manager), at the versions
  repo2docker's lock file for that Python pins, so the resolve matches Binder's;
* then ``pip install -r binder/requirements.txt`` run from the repository root, exactly as
  repo2docker runs it (its ``-e .`` line installs summitlib from the repository).

The environment is cached under ``.cache/binder-env/<key>`` (git-ignored), the key being a hash
of everything that decides its contents, so only the first run pays for the install.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BINDER = REPO / "binder"
CACHE = REPO / ".cache" / "binder-env"

#: The packages of repo2docker's base environment that the notebooks need: the Jupyter server
#: and JupyterLab a student sees, the kernel, and both halves of ipywidgets. Everything else in
#: that environment (JupyterHub, resource-usage and offline-notebook extensions) plays no part in
#: running a notebook, so it is left out to keep the install small.
BASE_PACKAGES = ("jupyterlab", "notebook", "ipykernel", "ipywidgets", "jupyterlab_widgets")

COMPLETE = "summitlib-binder-env-complete"


class BinderEnvError(RuntimeError):
    """The Binder reproduction environment could not be found or built."""


def runtime_version() -> str:
    """The Python version ``binder/runtime.txt`` asks for, e.g. ``"3.12"``."""
    text = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(\d+\.\d+)", text)
    if not match:
        raise BinderEnvError(
            f"binder/runtime.txt holds {text!r}; repo2docker expects exactly 'python-X.Y' "
            "(for example 'python-3.12'). Fix the file and rerun."
        )
    return match.group(1)


def _python_version(executable: str) -> str | None:
    try:
        out = subprocess.run(
            [executable, "-c", "import sys, venv; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True, text=True, timeout=30, check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()


def find_python(version: str | None = None) -> tuple[str, bool]:
    """Find a Python of the runtime's version; return ``(executable, matches_runtime)``.

    Looks at ``$SUMMITLIB_BINDER_PYTHON``, then ``pythonX.Y`` on the PATH, then pyenv's
    installs. When none works, falls back to the interpreter running the tests and says so
    through ``matches_runtime=False`` (the pins must then install on that Python too).
    """
    version = version or runtime_version()
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates = [
        os.environ.get("SUMMITLIB_BINDER_PYTHON"),
        shutil.which(f"python{version}"),
        *sorted(glob.glob(os.path.join(root, "versions", f"{version}*", "bin", f"python{version}")),
                reverse=True),
    ]
    for candidate in filter(None, candidates):
        if _python_version(candidate) == version:
            return candidate, True
    return sys.executable, False


def base_env_pins(version: str | None = None) -> list[str]:
    """``name==version`` of :data:`BASE_PACKAGES` as repo2docker's base environment has them.

    Read from the conda lock file that the installed repo2docker builds that environment from,
    so the reproduction follows repo2docker when it is upgraded.
    """
    import repo2docker

    version = version or runtime_version()
    conda = Path(repo2docker.__file__).parent / "buildpacks" / "conda"
    locks = sorted(conda.glob(f"environment.py-{version}-linux-64.lock")) or sorted(
        conda.glob(f"environment.py-{version}.lock"))
    if not locks:
        raise BinderEnvError(
            f"repo2docker {getattr(repo2docker, '__version__', '?')} has no base environment "
            f"for Python {version} (looked in {conda}); choose a Python it supports in "
            "binder/runtime.txt."
        )
    text = locks[0].read_text(encoding="utf-8")
    pins = []
    for name in BASE_PACKAGES:
        conda_name = name.replace("_", "[-_]")
        match = re.search(rf"/{conda_name}-(\d[^-/]*)-[^/]*\.conda", text)
        if not match:
            raise BinderEnvError(f"{name} is not in repo2docker's base environment ({locks[0]}).")
        pins.append(f"{name}=={match.group(1)}")
    return pins


def env_key(python: str, pins: list[str]) -> str:
    """A hash of everything that decides the environment's contents."""
    digest = hashlib.sha256()
    for path in (BINDER / "requirements.txt", BINDER / "runtime.txt"):
        digest.update(path.read_bytes())
    # Only the package's dependencies matter (the "-e ." line installs them), not the rest of
    # pyproject.toml: test settings change often and need no new environment.
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    digest.update(json.dumps([project.get("dependencies"), project.get("requires-python")])
                  .encode())
    # Files the wheel installs beside the package (the Voilà template) are copied at install
    # time, even by "-e .": a change to them needs a new environment.
    shared = (tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
              .get("tool", {}).get("hatch", {}).get("build", {}).get("targets", {})
              .get("wheel", {}).get("shared-data", {}))
    for source in sorted(shared):
        for path in sorted((REPO / source).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(REPO).as_posix().encode() + path.read_bytes())
    digest.update(os.path.realpath(python).encode())
    digest.update(" ".join(pins).encode())
    return digest.hexdigest()[:16]


def env_python(env: Path) -> Path:
    """The Python executable inside a virtual environment."""
    return env / "bin" / "python"


def ensure_env(*, log=print) -> tuple[Path, str, bool]:
    """Build the Binder stand-in once; return ``(venv_dir, base_python, matches_runtime)``."""
    python, matches = find_python()
    pins = base_env_pins()
    env = CACHE / env_key(python, pins)
    if (env / COMPLETE).exists():
        return env, python, matches
    # Older builds (other requirements) and an interrupted build of this one are removed:
    # each environment takes about half a gigabyte.
    for old in CACHE.glob("*") if CACHE.exists() else ():
        shutil.rmtree(old, ignore_errors=True)
    env.parent.mkdir(parents=True, exist_ok=True)
    log(f"Building the Binder stand-in environment in {env} with {python} "
        "(a few minutes, once) ...")
    steps = [
        [python, "-m", "venv", str(env)],
        [str(env_python(env)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-r", "binder/requirements.txt", *pins],
    ]
    for step in steps:
        result = subprocess.run(step, cwd=REPO, capture_output=True, text=True, timeout=1800)
        if result.returncode != 0:
            raise BinderEnvError(
                f"Building the Binder stand-in failed at: {' '.join(step)}\n"
                f"--- stdout ---\n{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-4000:]}"
            )
    (env / COMPLETE).write_text(" ".join(pins) + "\n", encoding="utf-8")
    return env, python, matches


def isolated_jupyter_env(env: Path, home: Path) -> dict[str, str]:
    """Process environment for running Jupyter from ``env`` and nothing else.

    Jupyter looks for kernels and configuration in the user's home and in system folders too;
    pointing those at an empty folder makes sure the kernel that runs is the one in ``env``.
    """
    variables = {key: value for key, value in os.environ.items()
                 if not key.startswith(("JUPYTER", "PYTHON", "VIRTUAL_ENV", "IPYTHON", "MPL"))}
    home.mkdir(parents=True, exist_ok=True)
    variables.update(
        PATH=f"{env / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        VIRTUAL_ENV=str(env),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        IPYTHONDIR=str(home / "ipython"),
        MPLCONFIGDIR=str(home / "matplotlib"),
        JUPYTER_PLATFORM_DIRS="1",
    )
    return variables
