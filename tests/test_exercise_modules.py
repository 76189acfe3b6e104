"""Every notebook's exercise module (``summitlib.exercises.nbNN``): the common contract.

The per-notebook files (``test_exercises_nbNN.py``) add the known wrong answers and the values a
reader can check against the sources; this file checks what every module must do.
"""

import json
import pkgutil
import re
from pathlib import Path

import pytest

import summitlib.exercises as exercises_package
from summitlib.exercises import ReflectionExercise, WrittenExercise, ____, get_module

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
MODULES = sorted(m.name for m in pkgutil.iter_modules(exercises_package.__path__)
                 if re.fullmatch(r"nb\d\d", m.name))
PAIRS = [(name, q.name) for name in MODULES for q in get_module(name).EXERCISES]


def _exercise(module_name, q_name):
    module = get_module(module_name)
    return module, next(q for q in module.EXERCISES if q.name == q_name)


def test_every_notebook_has_its_exercise_module():
    notebooks = sorted(p.name[:2] for p in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    assert notebooks, "notebooks/ holds no NN-Title.ipynb"
    assert [f"nb{n}" for n in notebooks] == MODULES


@pytest.mark.parametrize("module_name", MODULES)
def test_module_declares_setup_and_numbered_exercises(module_name):
    module = get_module(module_name)
    names = [q.name for q in module.EXERCISES]
    assert names == [f"q{i}" for i in range(1, len(names) + 1)]
    assert [getattr(module, n) for n in names] == module.EXERCISES
    assert isinstance(module.SETUP, str) and "import summitlib" in module.SETUP


@pytest.mark.parametrize(("module_name", "q_name"), PAIRS)
def test_exercise_is_complete_and_knows_its_notebook(module_name, q_name):
    _, q = _exercise(module_name, q_name)
    assert q.notebook == module_name
    assert q.prompt.strip() and q.solution_code.strip() and q.explanation.strip()
    assert f"{q.answer_variable} =" in q.solution_code
    if not isinstance(q, ReflectionExercise):
        assert callable(q.expected), "expected answers are computed from the data"
        assert q.hints, "at least one hint"


@pytest.mark.parametrize(("module_name", "q_name"), PAIRS)
def test_reference_solution_passes(module_name, q_name, solve):
    module, q = _exercise(module_name, q_name)
    feedback = q.evaluate(solve(module, q))
    assert feedback.outcome == "correct", str(feedback)
    # A written answer's points come from the instructor's marks, never from the kernel.
    assert feedback.points == (0 if isinstance(q, WrittenExercise) else q.points)


@pytest.mark.parametrize(("module_name", "q_name"), PAIRS)
def test_placeholder_reads_as_not_attempted(module_name, q_name):
    _, q = _exercise(module_name, q_name)
    assert q.evaluate(____).outcome == "not_attempted"


@pytest.mark.parametrize("module_name", MODULES)
def test_notebook_setup_defines_what_the_solutions_use(module_name):
    path = next(NOTEBOOKS.glob(f"{module_name[2:]}-*.ipynb"))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    # Plain imports, one per line: the module as ex, and the blank the answer cells hold.
    assert f"from summitlib.exercises import {module_name} as ex  #" in code
    assert "from summitlib.exercises import ____  #" in code
    for line in get_module(module_name).SETUP.splitlines():
        assert line in code, f"{path.name} lacks the setup line {line!r} its solutions rely on"
    for q in get_module(module_name).EXERCISES:
        assert f"ex.{q.name}.check({q.answer_variable})" in code
