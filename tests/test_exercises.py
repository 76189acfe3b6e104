"""The exercise machinery: outcomes, messages, robustness, rendering, solutions switch."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.pandas import column, data_frames

from summitlib.exercises import (
    LABELS,
    OUTCOME_MIMETYPE,
    ValueExercise,
    WrittenExercise,
    ____,
    get_module,
    is_placeholder,
    nb03,
    set_solutions_enabled,
    solutions_enabled,
)
from summitlib.exercises._feedback import LABEL_COLOURS as COLOURS

# Notebook 03's exercises: one of every kind (value, table, choice, chart, reflection, written).
EXERCISES = nb03.EXERCISES


def _solved(q):
    ns = {}
    exec(nb03.SETUP, ns)
    exec(q.solution_code, ns)
    return ns[q.answer_variable]


@pytest.fixture(autouse=True)
def _solutions_back_on():
    yield
    set_solutions_enabled(True)


# --- the three outcomes for every exercise -------------------------------------------------

@pytest.mark.parametrize("q", EXERCISES, ids=lambda q: q.name)
def test_reference_solution_passes(q, close_figures):
    feedback = q.evaluate(_solved(q))
    assert feedback.outcome == "correct", str(feedback)
    # A written answer's points come from the instructor's marks, never from the check.
    assert feedback.points == (0 if isinstance(q, WrittenExercise) else q.points)


@pytest.mark.parametrize("q", EXERCISES, ids=lambda q: q.name)
def test_placeholder_reads_as_not_attempted(q):
    feedback = q.evaluate(____)
    assert feedback.outcome == "not_attempted"
    assert str(feedback).startswith("Not attempted yet: Replace ____ with your answer")
    assert q.evaluate(____ + 1).outcome == "not_attempted"
    assert q.evaluate(____.sum()).outcome == "not_attempted"


def test_known_wrong_answers_say_what_is_wrong_without_the_answer(close_figures):
    import matplotlib.pyplot as plt

    years = nb03.q1.expected()  # a value: years from the 1974 agreement to the summit
    wrong = nb03.q1.evaluate(years + 3)
    assert wrong.outcome == "incorrect"
    assert "too high" in wrong.message and str(years) not in wrong.message
    assert "too low" in nb03.q1.evaluate(years - 1).message
    assert "inside quotes" in nb03.q1.evaluate(str(years)).message
    assert "wants a single number" in nb03.q1.evaluate([1, 2]).message

    choice = nb03.q3.evaluate("B")  # a choice: who is quoted on Israel (Trump only, A)
    assert choice.outcome == "incorrect" and "not the right choice" in choice.message
    assert "not one of the choices" in nb03.q3.evaluate("E").message
    assert nb03.q3.evaluate("a").outcome == "correct"  # letters in any case
    assert nb03.q3.evaluate("Trump only").outcome == "correct"  # or the text

    counts = nb03.q2.expected()  # a table: statements on Syria per source and speaker
    assert "Series" in nb03.q2.evaluate(counts["statements"]).message
    extra = nb03.q2.evaluate(counts.assign(topic_id="syria"))
    assert "column(s) that should not be there" in extra.message
    fewer = nb03.q2.evaluate(counts.head(2))
    assert "2 rows, which is too few" in fewer.message
    changed = counts.assign(statements=[3, 4, 2, 5])  # CGTN gives Putin two, not five
    message = nb03.q2.evaluate(changed).message
    assert "values in column `statements` are not right" in message
    assert not any(ch.isdigit() for ch in message)  # no count of the answer given away

    assert "at least 8 words" in nb03.q5.evaluate("Too short.").message  # a reflection

    words = nb03.q4.expected()  # a chart: words on Syria per source (CRS 146, CGTN 113)
    _fig, ax = plt.subplots()
    ax.bar(list(words), [150, 100])
    ax.set_title("t")
    ax.set_ylabel("y")
    msg = nb03.q4.evaluate(ax).message
    assert "bar heights do not match" in msg
    assert not any(str(n) in msg for n in words.values())
    fig2, ax2 = plt.subplots()
    ax2.bar(list(words), list(words.values()))
    assert "give the chart a title" in nb03.q4.evaluate(ax2).message
    ax2.set_title("Words on Syria")
    assert "label the y axis" in nb03.q4.evaluate(ax2).message
    ax2.set_ylabel("Words")
    assert nb03.q4.evaluate(ax2).outcome == "correct"
    # The question asks for the Axes: the whole figure is "Not yet", saying so.
    assert "You passed the whole figure" in nb03.q4.evaluate(fig2).message


def test_whole_number_floats_and_one_value_series_count_as_numbers():
    n = nb03.q1.expected()
    assert nb03.q1.evaluate(float(n)).outcome == "correct"
    assert nb03.q1.evaluate(np.int64(n)).outcome == "correct"
    assert nb03.q1.evaluate(pd.Series([n])).outcome == "correct"
    assert nb03.q1.evaluate(True).outcome == "incorrect"  # a bool is not a count
    assert "NaN" in nb03.q1.evaluate(float("nan")).message


def test_a_table_with_float_counts_and_another_row_order_still_matches():
    table = nb03.q2.expected().iloc[::-1].astype({"statements": float})
    assert nb03.q2.evaluate(table).outcome == "correct"
    assert nb03.q2.evaluate(table.set_index(["source_id", "speaker_id"])).outcome == "correct"


# --- any input at all gets feedback, never a traceback -------------------------------------

class Hostile:
    """Every operation a checker might try raises."""

    def __eq__(self, other):
        raise RuntimeError("eq")

    def __repr__(self):
        raise RuntimeError("repr")

    __str__ = __repr__

    def __len__(self):
        raise RuntimeError("len")

    def __bool__(self):
        raise RuntimeError("bool")

    def __iter__(self):
        raise RuntimeError("iter")

    def __float__(self):
        raise RuntimeError("float")

    __hash__ = object.__hash__


class Recursive(list):
    def __init__(self):
        super().__init__()
        self.append(self)


ODD_INPUTS = [None, "", "   ", "abc", 0, -1, 10**30, float("inf"), float("nan"), 1 + 2j, b"x",
              [], {}, set(), (None,), {"a": ____}, [____], object(), Hostile(), Recursive(),
              pd.DataFrame(), pd.Series(dtype=float), pd.DataFrame({"a": [____]}),
              np.array([]), np.zeros((3, 3)), type, print, Exception("x"), ...]


@pytest.mark.parametrize("q", EXERCISES, ids=lambda q: q.name)
@pytest.mark.parametrize("value", ODD_INPUTS, ids=lambda v: type(v).__name__)
def test_odd_inputs_get_feedback(q, value, capsys):
    feedback = q.evaluate(value)
    assert feedback.outcome in ("incorrect", "not_attempted", "error")
    assert str(feedback).split(":")[0] in LABELS.values()
    q.check(value)  # prints (no IPython here), never raises
    assert capsys.readouterr().out.strip()


def test_a_huge_frame_gets_feedback_quickly():
    big = pd.DataFrame({"source_id": ["x"] * 1_000_000, "speaker_id": ["y"] * 1_000_000,
                        "statements": np.arange(1_000_000)})
    assert "too many" in nb03.q2.evaluate(big).message
    assert nb03.q1.evaluate(big).outcome == "incorrect"


anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text()
    | st.binary() | st.complex_numbers() | st.dates() | st.just(____),
    lambda children: st.lists(children, max_size=5) | st.tuples(children, children)
    | st.dictionaries(st.text(max_size=3), children, max_size=3),
    max_leaves=10,
)
frames = data_frames([
    column("source_id", dtype=str), column("speaker_id", dtype=str),
    column("statements", dtype=float),
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=anything | frames | st.builds(pd.Series, st.lists(st.integers(), max_size=5)))
def test_hypothesis_any_value_never_raises(value):
    for q in EXERCISES:
        feedback = q.evaluate(value)
        assert feedback.outcome in ("correct", "incorrect", "not_attempted", "error")
        assert isinstance(str(feedback), str)
        assert isinstance(feedback._repr_html_(), str)


@settings(max_examples=60, deadline=None)
@given(value=st.from_type(type).flatmap(st.from_type))
def test_hypothesis_objects_of_any_type_never_raise(value):
    for q in EXERCISES:
        assert q.evaluate(value).outcome in ("correct", "incorrect", "not_attempted", "error")


# --- grade, hints, solutions --------------------------------------------------------------

def test_grade_raises_unless_correct_under_nbgrader(capsys, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    nb03.q1.grade(_solved(nb03.q1))
    with pytest.raises(AssertionError, match="q1: Not yet"):
        nb03.q1.grade(-5)
    with pytest.raises(AssertionError, match="q1: Not attempted yet"):
        nb03.q1.grade(____)


def test_grade_never_raises_in_a_students_own_session(capsys, monkeypatch):
    # Run All in JupyterLab must not stop at the first blank answer.
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert nb03.q1.grade(____) is None
    assert nb03.q1.grade(-5) is None
    shown = capsys.readouterr().out
    assert "Not attempted yet" in shown and "Not yet" in shown


def test_hints_are_progressive_then_stop(capsys):
    q = ValueExercise(name="q9", prompt="p", expected=lambda: 1, hints=["one", "two"])
    assert str(q._hint()) == "Hint: (1 of 2) one"
    assert str(q._hint()).startswith("Hint: (2 of 2) two That was the last hint")
    assert str(q._hint()).startswith("Hint: (2 of 2)")
    assert str(q._hint(1)) == "Hint: (1 of 2) one"
    assert "from 1 to 2" in str(q._hint(5))
    q.hint()
    assert capsys.readouterr().out.startswith("Hint:")


def test_solutions_can_be_switched_off(capsys):
    nb03.q1.solution()
    assert "answer_1 = (dates[" in capsys.readouterr().out
    set_solutions_enabled(False)
    assert not solutions_enabled()
    nb03.q1.solution()
    out = capsys.readouterr().out
    assert "switched off" in out and "answer_1" not in out
    with pytest.raises(TypeError, match="True or False"):
        set_solutions_enabled("no")


def test_environment_variable_switches_solutions_off():
    code = ("from summitlib.exercises import nb03, solutions_enabled\n"
            "assert not solutions_enabled()\nnb03.q1.solution()")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**__import__("os").environ, "SUMMITLIB_SOLUTIONS": "0"}, check=True)
    assert "switched off" in out.stdout


# --- rendering and the grader's record ------------------------------------------------------

def test_feedback_bundle_carries_markdown_plain_text_and_the_outcome_record():
    bundle = nb03.q1.evaluate(_solved(nb03.q1))._repr_mimebundle_()
    assert bundle["text/markdown"].startswith("**Correct.**")
    assert bundle["text/plain"].startswith("Correct:")
    assert "<strong" in bundle["text/html"] and "Correct." in bundle["text/html"]
    assert bundle[OUTCOME_MIMETYPE] == {
        "notebook": "nb03", "exercise": "q1", "outcome": "correct", "points": 1,
        "max_points": 1,
    }
    wrong = nb03.q1.evaluate(0)._repr_mimebundle_()[OUTCOME_MIMETYPE]
    assert wrong["outcome"] == "incorrect" and wrong["points"] == 0
    hint = nb03.q1._hint(1)._repr_mimebundle_()
    assert OUTCOME_MIMETYPE not in hint  # hints are not graded


def test_check_displays_in_a_real_kernel():
    """In Jupyter, check() displays the bundle (the grader reads the outcome from it)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "from summitlib.exercises import nb03, ____\nnb03.q1.check(____)\nnb03.q1.check(0)")]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    outputs = nb.cells[0].outputs
    records = [o["data"][OUTCOME_MIMETYPE] for o in outputs if o["output_type"] == "display_data"]
    assert [r["outcome"] for r in records] == ["not_attempted", "incorrect"]
    assert outputs[0]["data"]["text/markdown"].startswith("**Not attempted yet.**")


def _luminance(hex_colour):
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.parametrize("outcome", sorted(COLOURS))
def test_label_colours_pass_wcag_aa_on_white(outcome):
    lighter, darker = 1.0, _luminance(COLOURS[outcome])  # white background
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5


def test_placeholder_detection_and_module_registry():
    assert is_placeholder(____) and is_placeholder([1, ____]) and is_placeholder("____")
    assert not is_placeholder(0) and not is_placeholder("answer")
    assert repr(____) == "____"
    assert get_module("nb03") is nb03
    with pytest.raises(ValueError, match="no exercise module 'nb99'"):
        get_module("nb99")
    assert [q.name for q in nb03.EXERCISES] == ["q1", "q2", "q3", "q4", "q5", "q6"]
    assert all(q.answer_variable == f"answer_{q.name[1:]}" for q in nb03.EXERCISES)
    # Every kind, ChoiceExercise with its own __post_init__ included, knows its module; the
    # outcome record the grader reads names it.
    assert {q.notebook for q in nb03.EXERCISES} == {"nb03"}
    # The maintainers' demo module is no longer part of the package.
    with pytest.raises(ValueError, match="no exercise module 'demo'"):
        get_module("demo")


def test_importing_exercises_does_not_import_matplotlib_or_widgets():
    code = ("import sys\n"
            "for n in range(10):\n    __import__(f'summitlib.exercises.nb{n:02d}')\n"
            "assert 'matplotlib' not in sys.modules and 'ipywidgets' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
