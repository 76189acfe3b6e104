"""Each exercise declared once: its solution is a function that ruff lints and the tests run.

The solution code the key and ``solution()`` show is read from that function's source
(``summitlib.exercises._solution``); the exercise's name comes from the function, its notebook
from the module, a choice's answer letter from the expected answer.
"""

import inspect
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import summitlib.exercises as exercises_package
from summitlib.exercises import ChoiceExercise, ValueExercise, get_module
from summitlib.exercises._declare import choice, declare, exercises_in, value
from summitlib.exercises._solution import answer_cell_code, parameters

REPO = Path(__file__).resolve().parents[1]
MODULES = sorted(m.name for m in pkgutil.iter_modules(exercises_package.__path__)
                 if re.fullmatch(r"nb\d\d", m.name))
PAIRS = [(name, q.name) for name in MODULES for q in get_module(name).EXERCISES]


# --- the answer cell's code, read from a solution function -----------------------------------

def aligned(statements):
    # keep the rows of one source
    crs = statements[statements["source_id"] == "crs"]
    return (len(crs)
            + 0)


def hanging(pd, sources):
    """A docstring is not part of the answer cell."""
    return pd.DataFrame({
        "source_id": sources["source_id"],
    })


def builds_the_answer(limits):
    answer_2 = limits[["category"]].copy()
    answer_2["double"] = 2 * limits["limit_count"]
    return answer_2


def model_answer():
    return """First line of the model answer,
second line at the left margin, as the student's text box keeps it."""


def test_return_becomes_the_assignment_and_continuation_lines_move_with_it():
    assert answer_cell_code(aligned, "answer_1") == (
        "# keep the rows of one source\n"
        "crs = statements[statements[\"source_id\"] == \"crs\"]\n"
        "answer_1 = (len(crs)\n"
        "            + 0)")


def test_a_hanging_indent_stays_and_the_docstring_is_left_out():
    assert answer_cell_code(hanging, "answer_2") == (
        "answer_2 = pd.DataFrame({\n"
        "    \"source_id\": sources[\"source_id\"],\n"
        "})")


def test_returning_the_answer_variable_itself_adds_no_line():
    code = answer_cell_code(builds_the_answer, "answer_2")
    assert code.splitlines() == ['answer_2 = limits[["category"]].copy()',
                                 'answer_2["double"] = 2 * limits["limit_count"]']


def test_a_multi_line_text_is_kept_exactly():
    assert answer_cell_code(model_answer, "answer_5") == (
        'answer_5 = """First line of the model answer,\n'
        "second line at the left margin, as the student's text box keeps it.\"\"\"")


def returns_early(statements):
    if statements.empty:
        return 0
    return len(statements)


def returns_nothing(statements):
    print(len(statements))


def test_a_solution_must_return_once_on_its_last_line():
    with pytest.raises(ValueError, match="returns before its last line"):
        answer_cell_code(returns_early, "answer_1")
    with pytest.raises(ValueError, match="ends without `return <the answer>`"):
        answer_cell_code(returns_nothing, "answer_1")
    # a choice's last line is derived, so its solution must not return one
    with pytest.raises(ValueError, match="end it without a return"):
        answer_cell_code(aligned, "answer_1", tail="answer_1 = 'A'")


def test_parameters_name_the_setup_variables():
    assert parameters(hanging) == ["pd", "sources"]


# --- the declaration -----------------------------------------------------------------------

@value(prompt="How many limits does New START set?", expected=lambda: 3, hints=["Count."])
def q1(limits):
    return len(limits)


@choice(prompt="Which is larger?", choices=["One", "Two"], expected=lambda: "Two")
def q2():
    """Answered by reading."""


def test_the_name_the_notebook_and_the_answer_variable_come_from_the_function():
    assert isinstance(q1, ValueExercise)
    assert (q1.name, q1.answer_variable, q1.notebook) == ("q1", "answer_1", __name__)
    assert q1.solve.__name__ == "q1" and q1.solution_code == "answer_1 = len(limits)"
    assert exercises_in(globals()) == [q1, q2]
    # an exercise imported from another module belongs to that module's notebook
    from summitlib.exercises.nb04 import q1 as imported
    assert imported not in exercises_in({"__name__": "x.nb99", "q1": imported})


def test_a_choice_answer_line_is_derived_from_the_expected_answer():
    assert isinstance(q2, ChoiceExercise)
    assert q2.solution_code == "answer_2 = 'B'"
    wrong = declare(ChoiceExercise, prompt="?", choices=["One", "Two"],
                    expected=lambda: "Three")(q2.solve)
    with pytest.raises(ValueError, match="none of the choices"):
        print(wrong.solution_code)


def test_the_declaration_refuses_what_the_function_gives():
    with pytest.raises(TypeError, match="from the solution function"):
        value(name="q1", prompt="?")
    with pytest.raises(TypeError, match="decorates the solution function"):
        value(prompt="?")("answer_1 = 3")


# --- every notebook's solutions --------------------------------------------------------------

@pytest.mark.parametrize(("module_name", "q_name"), PAIRS)
def test_the_solution_function_run_on_the_setup_variables_is_correct(module_name, q_name,
                                                                     close_figures):
    """Called on what the notebook's setup cell defines, the function gives the answer."""
    module = get_module(module_name)
    q = getattr(module, q_name)
    namespace = {}
    exec(module.SETUP, namespace)
    missing = [p for p in parameters(q.solve) if p not in namespace]
    assert not missing, f"{module_name}.{q_name} reads {missing}, which SETUP does not define"
    answer = q.solve(**{p: namespace[p] for p in parameters(q.solve)})
    if isinstance(q, ChoiceExercise):  # the working prints; the letter line is derived
        assert answer is None
        answer = q.solution_code.splitlines()[-1].split(" = ", 1)[1].strip("'")
    assert q.evaluate(answer).outcome == "correct"


@pytest.mark.parametrize(("module_name", "q_name"), PAIRS)
def test_the_shown_solution_is_the_function_body(module_name, q_name):
    q = getattr(get_module(module_name), q_name)
    source = inspect.getsource(q.solve).splitlines()
    body = source[next(i for i, line in enumerate(source) if line.startswith("def ")) + 1:]
    text = "\n".join(body)
    shown = q.solution_code.splitlines()
    if isinstance(q, ChoiceExercise):  # the derived letter line
        assert re.fullmatch(rf"{q.answer_variable} = '[A-Z]'", shown.pop())
    for line in shown:
        assigned = line.strip().removeprefix(f"{q.answer_variable} = ")
        assert line.strip() in text or f"return {assigned}" in text, line


def test_ruff_lints_every_solution():
    """The solutions are code in summitlib/exercises, so the repository's ruff rules cover them."""
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "summitlib/exercises"],
                         cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_ruff_names_a_slip_in_a_solution(tmp_path):
    module = tmp_path / "nb99.py"
    module.write_text(
        "from summitlib.exercises._declare import value\n\n\n"
        "@value(prompt='How many statements?', expected=lambda: 1)\n"
        "def q1(statements):\n"
        "    return len(statment)\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F",
                          str(module)], capture_output=True, text=True)
    assert run.returncode == 1 and "F821" in run.stdout and "statment" in run.stdout
