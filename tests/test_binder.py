"""Binder: what repo2docker builds from ``binder/``, reproduced without Docker.

Two checks stand in for a real Binder build, which needs a Docker engine this project's
machines do not have:

* ``jupyter-repo2docker --no-build --debug .`` prints the Dockerfile Binder would build: it
  must pick Python 3.12 and install summitlib after copying the repository;
* a fresh virtual environment built only from ``binder/`` (plus the few packages of
  repo2docker's base environment the notebooks need, see ``tests/browser/binder_env.py``) runs
  every notebook in a real kernel. That test is slow the first time (a pip install of pandas,
  matplotlib and JupyterLab); the environment is then cached under ``.cache/binder-env/``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
import warnings
from pathlib import Path

import nbformat
import pytest
from browser import binder_env
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[1]
BINDER = REPO / "binder"
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def _requirement_lines():
    lines = (BINDER / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _pinned():
    return {Requirement(line).name.lower(): Requirement(line)
            for line in _requirement_lines() if not line.startswith("-")}


def test_runtime_is_exactly_python_3_12():
    # "python-3.12.1" is an error for repo2docker, and no runtime.txt means Python 3.10,
    # which pandas 3 and matplotlib 3.11 no longer support.
    assert (BINDER / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.12"


def test_requirements_install_summitlib_from_the_repository():
    lines = _requirement_lines()
    assert "-e ." in lines, "summitlib itself must be installed with a '-e .' line"
    # A lone "." line is misread by repo2docker (installed before the repository is copied).
    assert "." not in lines


def test_requirements_are_pinned():
    for name, req in _pinned().items():
        if name == "ipywidgets":
            # A range on purpose: it must match the widget manager JupyterLab already has.
            assert str(req.specifier) in {"<9,>=8.1", ">=8.1,<9"}, str(req)
        else:
            assert re.fullmatch(r"==\d+(\.\d+)+", str(req.specifier)), f"{req} is not pinned"


def test_jupyterlab_is_left_to_the_base_environment_or_pinned_with_notebook():
    # Binder's base environment has JupyterLab 4.4 and notebook 7.4; a newer JupyterLab
    # alone cannot be resolved against notebook 7.4.
    pinned = _pinned()
    if "jupyterlab" in pinned:
        assert "notebook" in pinned, "pin notebook together with jupyterlab"


def test_pins_satisfy_the_package_dependencies():
    deps = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    pinned = _pinned()
    for dep in map(Requirement, deps["project"]["dependencies"]):
        name = dep.name.lower()
        assert name in pinned, f"{dep.name} (a summitlib dependency) is not in binder/requirements"
        pin = pinned[name]
        if str(pin.specifier).startswith("=="):
            version = str(pin.specifier)[2:]
            assert dep.specifier.contains(version), f"{pin} does not satisfy summitlib's {dep}"


def test_the_base_environment_already_satisfies_the_widget_range():
    # Otherwise pip would swap ipywidgets under JupyterLab's widget manager at build time.
    base = dict(pin.split("==") for pin in binder_env.base_env_pins("3.12"))
    assert _pinned()["ipywidgets"].specifier.contains(base["ipywidgets"])
    assert base["jupyterlab"].startswith("4.")


@pytest.fixture(scope="module")
def dockerfile():
    result = subprocess.run(
        [sys.executable, "-m", "repo2docker", "--no-build", "--debug", "."],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout + result.stderr


def test_repo2docker_builds_python_3_12(dockerfile):
    assert "Building conda environment for python=3.12" in dockerfile
    assert "environment.py-3.12-linux-64.lock" in dockerfile.replace("-2e", ".").replace("-2d", "-")


def test_repo2docker_installs_summitlib_after_copying_the_repository(dockerfile):
    copy = dockerfile.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    install = dockerfile.index('pip install --no-cache-dir -r "binder/requirements.txt"')
    assert install > copy, "the '-e .' install must run once the repository is in the image"
    # The top-level pyproject.toml is ignored once binder/ exists: no second install.
    assert "pip install --no-cache-dir .\n" not in dockerfile


# --- a fresh environment built only from binder/ ----------------------------------------------

RUNNER = r"""
import json, sys
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

source, cwd, target = sys.argv[1:4]
nb = nbformat.read(source, as_version=4)
nb.cells.append(nbformat.v4.new_code_cell(
    "import json, sys, summitlib\n"
    "print(json.dumps({'prefix': sys.prefix, 'summitlib': summitlib.__file__}))"))
client = NotebookClient(nb, timeout=300, kernel_name="python3",
                        resources={"metadata": {"path": cwd}})
try:
    client.execute()
    status = 0
except CellExecutionError:
    status = 1
nbformat.write(nb, target)
sys.exit(status)
"""


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory):
    env, _, _ = binder_env.ensure_env()
    home = tmp_path_factory.mktemp("binder-home")
    return env, binder_env.isolated_jupyter_env(env, home)


def run_in_fresh_env(fresh_env, notebook: Path, tmp_path: Path):
    """Execute ``notebook`` in the fresh environment's kernel; return the executed notebook."""
    env, variables = fresh_env
    work = tmp_path / "notebooks"
    work.mkdir()
    # A copy, as Binder's users get: whatever a notebook writes stays out of the repository.
    for path in notebook.parent.iterdir():
        if path.is_file():
            (work / path.name).write_bytes(path.read_bytes())
    executed = tmp_path / "executed.ipynb"
    result = subprocess.run(
        [str(binder_env.env_python(env)), "-c", RUNNER, str(work / notebook.name), str(work),
         str(executed)],
        cwd=work, env=variables, capture_output=True, text=True, timeout=1800,
    )
    assert executed.exists(), f"the notebook runner failed to start:\n{result.stderr[-3000:]}"
    return nbformat.read(executed, as_version=4), result


def problems(nb) -> list[str]:
    """Error outputs and tracebacks, each with the start of the cell that produced it."""
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            text = ""
            if output.output_type == "error":
                text = f"{output.ename}: {output.evalue}"
            elif output.output_type == "stream" and output.name == "stderr" and (
                    "Traceback" in output.text or "Error" in output.text):
                text = output.text[-1500:]
            if text:
                found.append(f"cell {index} ({cell.source[:60]!r}): {text}")
    return found


def check_ran_in_fresh_env(nb, env: Path):
    last = [o for o in nb.cells[-1].outputs if o.output_type == "stream"]
    assert last, "the check cell that reports the kernel's environment printed nothing"
    where = json.loads(last[-1].text)
    assert Path(where["prefix"]).resolve() == env.resolve(), "the kernel ran outside the fresh env"
    assert Path(where["summitlib"]).resolve().is_relative_to(REPO), where["summitlib"]


@pytest.mark.slow
def test_fresh_env_is_built_from_binder_only(fresh_env):
    """The stand-in is a true fresh venv, on the runtime's Python when this machine has one.

    On a machine without Python 3.12 the interpreter running the tests builds it instead (the
    pins install on Python 3.11 too), with a warning; in CI that is an error, because CI must
    reproduce Binder's Python.
    """
    env = fresh_env[0]
    version = subprocess.run([str(binder_env.env_python(env)), "-c",
                              "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    wanted = binder_env.runtime_version()
    if version != wanted:
        message = (f"the Binder stand-in runs Python {version}, not {wanted}: install Python "
                   f"{wanted} (or point $SUMMITLIB_BINDER_PYTHON at it) to reproduce Binder")
        if os.environ.get("CI"):
            pytest.fail(message)
        warnings.warn(message, stacklevel=1)
    pyvenv = (env / "pyvenv.cfg").read_text(encoding="utf-8")
    assert "include-system-site-packages = false" in pyvenv


@pytest.mark.slow
def test_fresh_env_runs_a_widget_notebook(fresh_env, tmp_path):
    """The harness itself: a small notebook using what the real ones use runs in the env."""
    source = tmp_path / "src" / "probe.ipynb"
    source.parent.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(code) for code in (
        "import ipywidgets, matplotlib.pyplot as plt, pandas as pd, summitlib",
        "pd.DataFrame({'x': [1, 2, 3]}).plot(); plt.show()",
        "ipywidgets.IntSlider(value=3)",
        "print(ipywidgets.__version__)",
    )]
    nbformat.write(nb, source)
    executed, result = run_in_fresh_env(fresh_env, source, tmp_path)
    assert result.returncode == 0 and not problems(executed), problems(executed) or result.stderr
    assert any("image/png" in o.get("data", {}) for o in executed.cells[1].outputs)
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {})
               for o in executed.cells[2].outputs)
    assert executed.cells[3].outputs[0].text.startswith("8.")
    check_ran_in_fresh_env(executed, fresh_env[0])


@pytest.mark.slow
def test_there_are_notebooks_to_run():
    assert NOTEBOOKS, "notebooks/ holds no .ipynb: the Binder reproduction would test nothing"


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_fresh_env_runs_every_notebook(fresh_env, notebook, tmp_path):
    executed, result = run_in_fresh_env(fresh_env, notebook, tmp_path)
    found = problems(executed)
    assert result.returncode == 0 and not found, "\n".join(found) or result.stderr[-3000:]
    check_ran_in_fresh_env(executed, fresh_env[0])
