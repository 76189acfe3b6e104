"""The student package a student release holds beside its notebooks.

Written by :func:`write_student_package`, one small step per file: the student edition of
summitlib (:mod:`summitlib.instructor.student_edition`: no answers), the data and its card,
``pyproject.toml`` (the edition as a package), ``requirements.txt``, ``binder/`` and a
``README.md`` saying how students open the notebooks. When a released notebook asks Voilà for
summitlib's template (the presentation page, ``Explore-the-summit.ipynb``), the template goes
in too, installed by the edition's package as the course's wheel installs it, with a
``present`` extra that adds Voilà; without Voilà the page still opens in JupyterLab as a
notebook.
"""

from __future__ import annotations

import json
import shutil
import sys
from importlib.metadata import PackageNotFoundError, requires, version
from pathlib import Path

__all__ = ["TEMPLATE", "present_requirements", "presentation_pages", "requirements",
           "voila_template", "write_binder", "write_data", "write_pyproject", "write_readme",
           "write_requirements", "write_student_package", "write_template"]

# Where the presentation page's Voilà template sits: in the clone, and as the wheel installs it
# under the environment's prefix (the shared-data of pyproject.toml), where `voila` looks.
TEMPLATE = "share/jupyter/voila/templates/summitlib"

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

_PRESENT_README = """
## Every explorer on one page

{pages} puts every explorer on one page, without exercises. It opens in JupyterLab like the
other notebooks (run all its cells). To show it as a web page without code, for a projector or
a reader who does not program, install Voilà as well and serve the page with it:

```bash
python -m pip install -e ".[present]"
voila notebooks/{first}
```
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


def present_requirements() -> list[str]:
    """What ``voila`` needs to serve the presentation page: summitlib's ``present`` extra."""
    try:
        declared = requires("summitlib") or []
    except PackageNotFoundError:
        declared = []
    present = [r.split(";")[0].strip() for r in declared if 'extra == "present"' in r]
    # The extra names summitlib's own "lab" extra; the edition's package spells it out.
    lab = requirements()[1]
    present = [r for r in present if not r.startswith("summitlib")]
    return [*lab, *(present or ["voila>=0.5.13,<0.6"])]


def presentation_pages(notebooks: Path) -> list[str]:
    """The released notebooks (file names) that ask Voilà for summitlib's template."""
    pages = []
    for path in sorted(Path(notebooks).glob("*.ipynb")):
        try:
            metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        except (OSError, UnicodeDecodeError, ValueError, AttributeError):
            continue
        voila = metadata.get("voila") if isinstance(metadata, dict) else None
        if isinstance(voila, dict) and voila.get("template") == "summitlib":
            pages.append(path.name)
    return pages


def voila_template() -> Path | None:
    """summitlib's Voilà template folder: the clone's, else the one the wheel installed."""
    import summitlib

    for root in (Path(summitlib.__file__).resolve().parents[1], Path(sys.prefix),
                 Path(sys.base_prefix)):
        folder = root / TEMPLATE
        if (folder / "index.html.j2").is_file() and (folder / "conf.json").is_file():
            return folder
    return None


def write_template(target: Path) -> bool:
    """Copy the Voilà template to ``target/share/...``; False when this install has none."""
    found = voila_template()
    if found is None:
        return False
    shutil.copytree(found, target / TEMPLATE, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".*", "__pycache__"))
    return True


def write_data(target: Path) -> None:
    """The package's data folder (tables, passages, dataset card) as ``target/data``."""
    import summitlib

    data = Path(summitlib.__file__).resolve().parent / "data"
    shutil.copytree(data.resolve(), target / "data", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".*", "__pycache__"))


def write_pyproject(target: Path, needs: list[str], *, present: list[str] | None = None) -> None:
    """``pyproject.toml`` that installs the student edition in ``target/summitlib``.

    With ``present`` (the Voilà template is in ``target``), a ``present`` extra of those
    requirements, and the template installed where ``voila`` finds it.
    """
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
        + (f"[project.optional-dependencies]\npresent = {json.dumps(present)}\n\n"
           if present else "")
        + '[tool.hatch.build.targets.wheel]\npackages = ["summitlib"]\n'
        + (f'\n[tool.hatch.build.targets.wheel.shared-data]\n"{TEMPLATE}" = "{TEMPLATE}"\n'
           if present else ""), encoding="utf-8")


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


def write_readme(target: Path, *, graded: bool, pages: list[str] = ()) -> None:
    """``README.md``: how students open the notebooks, what the checks tell them, and how to
    serve the first of the presentation ``pages`` (file names) with Voilà."""
    checks = (", and record your answers for grading" if graded
              else ": Correct, or Not yet and what to look at")
    text = _STUDENT_README.format(title="Helsinki 2018: the summit notebooks", checks=checks)
    if pages:
        text += _PRESENT_README.format(pages=f"`notebooks/{pages[0]}`", first=pages[0])
    (target / "README.md").write_text(text, encoding="utf-8")


def write_student_package(target: Path, *, graded: bool) -> None:
    """The student edition, the data and the files that install them, beside the notebooks."""
    from summitlib.instructor import student_edition

    student_edition.build(target, formative=not graded)
    write_data(target)
    needs, lab = requirements()
    # A presentation page gets the template it asks for; Voilà itself stays an extra.
    pages = presentation_pages(target / "notebooks")
    shipped = bool(pages) and write_template(target)
    write_pyproject(target, needs, present=present_requirements() if shipped else None)
    write_requirements(target, needs, lab)
    write_binder(target, needs)
    write_readme(target, graded=graded, pages=pages if shipped else [])
