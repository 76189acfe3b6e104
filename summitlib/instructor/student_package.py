"""The student package a student release holds beside its notebooks.

Written by :func:`write_student_package`, one small step per file: the student edition of
summitlib (:mod:`summitlib.instructor.student_edition`: no answers), the data and its card,
``pyproject.toml`` (the edition as a package), ``requirements.txt``, ``binder/`` and a
``README.md`` saying how students open the notebooks.
"""

from __future__ import annotations

import json
import shutil
from importlib.metadata import PackageNotFoundError, requires, version
from pathlib import Path

__all__ = ["requirements", "write_binder", "write_data", "write_pyproject", "write_readme",
           "write_requirements", "write_student_package"]

_STUDENT_README = """\
# {title}

Notebooks about the Trump-Putin summit in Helsinki, 16 July 2018, with exercises that check
themselves{checks}.

## Open them

- **On Binder** (nothing to install): open the link your instructor gives you. Binder does
  not keep your work: download your notebook (File > Download) before you leave.
- **On your own computer**, with Python 3.11 or newer, in this folder:

  ```bash
  python -m pip install -r requirements.txt
  jupyter lab notebooks/00-Start-here.ipynb
  ```

Start with the first notebook; each one says what to do. Hand in the `.ipynb` files your
instructor asks for.
"""


def requirements() -> tuple[list[str], list[str]]:
    """(what the package needs, what JupyterLab adds), from summitlib's own metadata."""
    try:
        declared = requires("summitlib") or []
    except PackageNotFoundError:
        declared = []
    needs = [r for r in declared if "extra ==" not in r] or [
        "pandas>=2.1", "matplotlib>=3.8", "ipywidgets>=8.1,<9"]
    lab = [r.split(";")[0].strip() for r in declared if 'extra == "lab"' in r] or [
        "jupyterlab>=4.2", "ipykernel>=6.29"]
    return needs, lab


def write_data(target: Path) -> None:
    """The package's data folder (tables, passages, dataset card) as ``target/data``."""
    import summitlib

    data = Path(summitlib.__file__).resolve().parent / "data"
    shutil.copytree(data.resolve(), target / "data", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".*", "__pycache__"))


def write_pyproject(target: Path, needs: list[str]) -> None:
    """``pyproject.toml`` that installs the student edition in ``target/summitlib``."""
    try:
        own_version = version("summitlib")
    except PackageNotFoundError:
        own_version = "0.1.0"
    (target / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["hatchling>=1.21"]\nbuild-backend = "hatchling.build"\n\n'
        '[project]\nname = "summitlib"\n'
        f'version = "{own_version}+student"\n'
        'description = "summitlib, student edition: the notebooks\' library without answers"\n'
        'requires-python = ">=3.11"\n'
        f"dependencies = {json.dumps(needs)}\n\n"
        '[tool.hatch.build.targets.wheel]\npackages = ["summitlib"]\n', encoding="utf-8")


def write_requirements(target: Path, needs: list[str], lab: list[str]) -> None:
    """``requirements.txt``: JupyterLab, the library's needs and the edition (``-e .``)."""
    (target / "requirements.txt").write_text(
        "# Everything these notebooks need: python -m pip install -r requirements.txt\n"
        + "".join(f"{r}\n" for r in [*lab, *needs])
        + "# The student edition of summitlib, from this folder.\n-e .\n", encoding="utf-8")


def write_binder(target: Path, needs: list[str]) -> None:
    """``binder/``: what repo2docker builds from."""
    binder = target / "binder"
    binder.mkdir(exist_ok=True)
    # repo2docker reads only binder/ once it exists; its Python 3.12 base already has
    # JupyterLab, so only the library's needs and the package itself are added.
    (binder / "runtime.txt").write_text("python-3.12\n", encoding="utf-8")
    (binder / "requirements.txt").write_text(
        "".join(f"{r}\n" for r in needs) + "# The student edition, from the repository root.\n"
        "-e .\n", encoding="utf-8")


def write_readme(target: Path, *, graded: bool) -> None:
    """``README.md``: how students open the notebooks, and what the checks tell them."""
    checks = (", and record your answers for grading" if graded
              else ": Correct, or Not yet and what to look at")
    (target / "README.md").write_text(
        _STUDENT_README.format(title="Helsinki 2018: the summit notebooks", checks=checks),
        encoding="utf-8")


def write_student_package(target: Path, *, graded: bool) -> None:
    """The student edition, the data and the files that install them, beside the notebooks."""
    from summitlib.instructor import student_edition

    student_edition.build(target, formative=not graded)
    write_data(target)
    needs, lab = requirements()
    write_pyproject(target, needs)
    write_requirements(target, needs, lab)
    write_binder(target, needs)
    write_readme(target, graded=graded)
