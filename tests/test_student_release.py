"""The student release holds no answers: searched file by file, zipped, and from a kernel.

`summitlib release OUT` is what an instructor publishes. Nothing in it, and nothing
importable from it, may hold an expected answer, a line of solution code or an explanation;
its checks must still tell a student Correct or Not yet (formative), or only record the answer
(graded), and never say "too high" or "too low".
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import summitlib
from summitlib.exercises import get_module
from summitlib.exercises._core import ChartExercise, ReflectionExercise
from summitlib.exercises._plain import to_plain
from summitlib.instructor import release, student_edition

REPO = Path(__file__).resolve().parents[1]
PACKAGE = Path(summitlib.__file__).resolve().parent
MODULES = student_edition.exercise_modules()
ALL = [(name, ex) for name in MODULES for ex in get_module(name).EXERCISES]


def _public_text() -> str:
    """What students get as teaching material anyway: the library and every hint and prompt."""
    keyed = {f"exercises/{n}.py" for n in MODULES} | {"exercises/_answers.py"}
    parts = [p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")
             if p.relative_to(PACKAGE).as_posix() not in keyed
             and p.relative_to(PACKAGE).parts[0] != "instructor"]
    parts += [" ".join([ex.prompt, *ex.hints]) for _, ex in ALL]
    # And the blank answer cells they start from ('answer_5 = """' opens a written answer).
    import nbformat

    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if (cell.metadata.get("summitlib") or {}).get("role") == "answer":
                parts.append(cell.source)
    return "\n".join(parts)


def _needles() -> list[tuple[str, str]]:
    """(where, text) that must not appear: solution lines not public anyway, explanations."""
    public = _public_text()
    needles = []
    for name, ex in ALL:
        for line in ex.solution_code.splitlines():
            line = line.strip()
            if len(line) >= 8 and line not in public:
                needles.append((f"{name}.{ex.name} solution", line))
        if ex.explanation:
            needles.append((f"{name}.{ex.name} explanation", ex.explanation[:50]))
        for point in getattr(ex, "marking_guide", []):
            needles.append((f"{name}.{ex.name} marking guide", point.text[:50]))
    return needles


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    root = tmp_path_factory.mktemp("student-release")
    release(root / "formative", notebooks_dir=REPO / "notebooks")
    release(root / "graded", notebooks_dir=REPO / "notebooks", graded=True)
    return root


def _texts(folder: Path):
    """(name, text) of every file of a release, and of every member of the zip an LMS gets."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        yield path.relative_to(folder).as_posix(), path.read_bytes().decode("utf-8", "replace")
    archive = shutil.make_archive(str(folder.parent / f"{folder.name}-lms"), "zip", folder)
    with zipfile.ZipFile(archive) as zipped:
        for member in zipped.namelist():
            if not member.endswith("/"):
                yield f"zip:{member}", zipped.read(member).decode("utf-8", "replace")


def test_there_are_needles_to_look_for():
    needles = _needles()
    assert len([n for n in needles if "solution" in n[0]]) >= len(ALL)


@pytest.mark.parametrize("kind", ["formative", "graded"])
def test_no_file_of_the_release_holds_a_solution_line(releases, kind):
    needles = _needles()
    seen = 0
    for name, text in _texts(releases / kind):
        # JSON (notebooks) escapes quotes and newlines: look in the decoded form too.
        decoded = text.replace('\\"', '"').replace("\\n", "\n")
        for where, needle in needles:
            assert needle not in text and needle not in decoded, (name, where, needle)
        seen += 1
    assert seen > 40
    assert not (releases / kind / "summitlib" / "exercises" / "_answers.py").exists()
    assert not (releases / kind / "summitlib" / "instructor").exists()


def _flat(text: str) -> str:
    """Text with its line breaks undone: a TOML line ended by a backslash, JSON's escapes."""
    text = re.sub(r"\\\n\s*", "", text.replace('\\"', '"').replace("\\n", "\n"))
    return re.sub(r"\s+", " ", text)


def _answer_texts() -> list[tuple[str, str]]:
    """(where, text) of every explanation and marking-guide point: the key's text alone."""
    found = []
    for name, ex in ALL:
        found.append((f"{name}.{ex.name} explanation", ex.explanation))
        found += [(f"{name}.{ex.name} marking guide", p.text)
                  for p in getattr(ex, "marking_guide", [])]
    return [(where, _flat(text)) for where, text in found if text]


def _holding(folder: Path, texts) -> list[tuple[str, str]]:
    flat = {p.relative_to(folder).as_posix(): _flat(p.read_bytes().decode("utf-8", "replace"))
            for p in sorted(folder.rglob("*")) if p.is_file()}
    return [(name, where) for name, text in flat.items() for where, t in texts if t in text]


def test_the_student_edition_holds_no_explanation_or_marking_guide(tmp_path):
    """The exercises' text files hold the key's prose; the edition leaves them out."""
    texts = _answer_texts()
    guides = [w for w, _ in texts if "marking guide" in w]
    assert len(texts) >= len(ALL) and len(guides) >= 30
    # The search finds every one of them in the course's text files, wrapped as they are ...
    in_package = _holding(PACKAGE / "exercises" / "text", texts)
    assert {where for _, where in in_package} == {where for where, _ in texts}
    # ... and none anywhere in a built edition.
    edition = student_edition.build(tmp_path, formative=True)
    assert not (edition / "exercises" / "text").exists()
    assert _holding(edition, texts) == []


def test_the_release_is_self_contained(releases):
    folder = releases / "formative"
    assert sorted(p.name for p in (folder / "notebooks").glob("*.ipynb")) == sorted(
        p.name for p in (REPO / "notebooks").glob("*.ipynb"))
    assert (folder / "data" / "README.md").is_file()  # the notebooks link to the card
    assert (folder / "summitlib" / "data" / "datapackage.json").is_file()
    requirements = (folder / "requirements.txt").read_text().splitlines()
    assert "-e ." in requirements and any(r.startswith("jupyterlab") for r in requirements)
    assert (folder / "binder" / "runtime.txt").read_text().strip() == "python-3.12"
    assert "-e ." in (folder / "binder" / "requirements.txt").read_text().splitlines()
    assert "pip install -r requirements.txt" in (folder / "README.md").read_text()


@pytest.mark.slow
def test_the_presentation_page_opens_as_a_notebook_and_its_template_installs(releases,
                                                                            tmp_path):
    # The page keeps asking Voilà for summitlib's template (JupyterLab ignores that and opens
    # it as a notebook); the template is in the release, and the edition's own wheel installs
    # it where `voila` looks, as the course's wheel does. Voilà is the `present` extra.
    import tomllib

    import nbformat

    from summitlib.instructor.student_package import TEMPLATE

    for kind in ("formative", "graded"):
        folder = releases / kind
        page = nbformat.read(folder / "notebooks" / "Explore-the-summit.ipynb", as_version=4)
        nbformat.validate(page)
        assert page.metadata["voila"] == {"template": "summitlib"}
        for name in ("conf.json", "index.html.j2"):
            assert (folder / TEMPLATE / name).read_bytes() == (REPO / TEMPLATE / name).read_bytes()
        project = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))
        assert any(r.startswith("voila") for r in project["project"]["optional-dependencies"][
            "present"])
        assert "voila notebooks/Explore-the-summit.ipynb" in (folder / "README.md").read_text()
    build = tmp_path / "build"
    shutil.copytree(releases / "formative", build)  # a build leaves files behind
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path / "wheels"), str(build)], check=True,
                   timeout=600)
    (wheel,) = (tmp_path / "wheels").glob("summitlib-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert any(n.endswith(f".data/data/{TEMPLATE}/index.html.j2") for n in names), names
    # Nor does the wheel hold the grader or a maintainers' demo module.
    assert not [n for n in names if n.startswith(("summitlib/instructor/",
                                                   "summitlib/exercises/demo"))]


_PROBE = r"""
import importlib, inspect, json, pkgutil, sys
import summitlib, summitlib.exercises as package
found = {"file": summitlib.__file__, "texts": [], "missing": []}
for info in pkgutil.walk_packages(summitlib.__path__, "summitlib."):
    try:
        module = importlib.import_module(info.name)
    except Exception as exc:
        found["missing"].append(info.name)
        continue
    try:
        found["texts"].append(inspect.getsource(module))
    except Exception:
        pass
    for value in vars(module).values():
        if hasattr(value, "evaluate") and hasattr(value, "name"):
            found["texts"].append(repr(vars(value)))
            found["texts"].append(str(value._solution()))
            for attr in ("expected", "solution_code", "explanation"):
                found["texts"].append(repr(getattr(value, attr, None)))
for name in ("summitlib.exercises._answers", "summitlib.instructor"):
    try:
        importlib.import_module(name)
        found["texts"].append("IMPORTED " + name)
    except ImportError:
        pass
print(json.dumps(found))
"""


def _in_release(folder: Path, code: str, stdin: str = "") -> str:
    env = {**os.environ, "PYTHONPATH": str(folder)}
    env.pop("NBGRADER_EXECUTION", None)
    done = subprocess.run([sys.executable, "-c", code], cwd=folder / "notebooks", env=env,
                          input=stdin, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.slow
def test_a_kernel_started_in_the_release_finds_no_solution(releases):
    from nbclient import NotebookClient
    from nbformat.v4 import new_code_cell, new_notebook

    folder = releases / "formative"
    nb = new_notebook(cells=[new_code_cell(_PROBE)])
    env = {**os.environ, "PYTHONPATH": str(folder)}
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(folder / "notebooks")}}).execute(env=env)
    found = json.loads(nb.cells[0].outputs[0]["text"])
    assert found["file"] == str(folder / "summitlib" / "__init__.py")
    text = "\n".join(found["texts"])
    assert "IMPORTED" not in text
    assert len(found["texts"]) > 20
    for where, needle in _needles():
        assert needle not in text, (where, needle)


def _answer_axes(mapping):
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    ax.bar([str(k) for k in mapping], [float(v) for v in mapping.values()])
    ax.set_title("t")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    return ax


def _answers() -> dict:
    """For every exercise: the right answer and a wrong one of the same form, as plain data."""
    import pandas as pd

    out = {}
    for name, ex in ALL:
        if isinstance(ex, ReflectionExercise):  # any text long enough, in both editions
            text = " ".join(["a written answer of quite enough words to pass"] * 4)
            out[f"{name}.{ex.name}"] = [to_plain(text), to_plain(text)]
            continue
        right = ex._expected()
        if isinstance(ex, ChartExercise):
            wrong = _answer_axes({k: 2 * float(v) + 1 for k, v in right.items()})
            right = _answer_axes(right)
        elif hasattr(ex, "choices"):
            index = [str(c) for c in ex.choices].index(str(right))
            right, wrong = ex.letters[index], ex.letters[(index + 1) % len(ex.letters)]
        elif isinstance(right, pd.DataFrame):
            wrong = right.iloc[:-1]
        elif isinstance(right, str):
            wrong = right + " not"
        elif isinstance(right, list | tuple | set):
            wrong = [*list(right)[:-1], "not an item"]
        else:
            wrong = right + 1
        out[f"{name}.{ex.name}"] = [to_plain(right), to_plain(wrong)]
    return out


_JUDGE = r"""
import json, sys
from summitlib.exercises import get_module
from summitlib.exercises._plain import from_plain
out = {}
for key, (right, wrong) in json.load(sys.stdin).items():
    module, name = key.split(".")
    q = getattr(get_module(module), name)
    a, b = q.evaluate(from_plain(right)), q.evaluate(from_plain(wrong))
    out[key] = [a.outcome, str(a), b.outcome, str(b)]
print(json.dumps(out))
"""


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["formative", "graded"])
def test_checks_in_the_release_judge_without_the_key(releases, kind):
    import matplotlib

    matplotlib.use("Agg")
    verdicts = json.loads(_in_release(releases / kind, _JUDGE, json.dumps(_answers())))
    assert set(verdicts) == {f"{n}.{e.name}" for n, e in ALL}
    reflections = {f"{n}.{e.name}" for n, e in ALL if isinstance(e, ReflectionExercise)}
    for key, (right, right_text, wrong, wrong_text) in verdicts.items():
        if key in reflections:
            assert right == wrong == "correct", (key, right_text)
        elif kind == "formative":
            assert right == "correct", (key, right_text)
            assert wrong == "incorrect", (key, wrong_text)
        else:  # graded: the right answer and a wrong one of the same form read alike
            assert right == wrong == "recorded", (key, right_text, wrong_text)
            assert right_text == wrong_text
        for text in (right_text, wrong_text):
            assert "too high" not in text and "too low" not in text, (key, text)
