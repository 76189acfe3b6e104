"""A first-time student's wrong cells, replayed in a real kernel, then the check below them.

Each test runs the notebook's setup cell, then the cells a beginner runs (the wrong answer, the
check), and reads what Jupyter would show under each cell: the plain-language sentence, with
Python's full message folded away, and a check that never judges an old value.
"""

from __future__ import annotations

import os
import queue
import re
from dataclasses import dataclass, field

import pytest

pytestmark = pytest.mark.slow

SETUP_02 = (
    "import pandas as pd\n"
    "import summitlib\n"
    "from summitlib.exercises import nb02 as ex\n"
    "from summitlib.exercises import ____\n"
    "statements = summitlib.load_statements()\n"
    "election = statements[statements['topic_id'] == 'election_interference']\n"
)
SETUP_04 = (
    "import matplotlib.pyplot as plt\n"
    "import summitlib\n"
    "from summitlib.exercises import nb04 as ex\n"
    "from summitlib.exercises import ____\n"
    "declarations = summitlib.load_new_start_declarations()\n"
)


@dataclass
class Shown:
    """What Jupyter shows under one cell."""

    status: str
    errors: list = field(default_factory=list)      # (ename, traceback text)
    texts: list = field(default_factory=list)       # text/plain of displays and results
    htmls: list = field(default_factory=list)       # text/html of displays

    @property
    def error_text(self) -> str:
        return "\n".join(tb for _, tb in self.errors)

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


@pytest.fixture(scope="module")
def kernel():
    from jupyter_client.manager import start_new_kernel

    # The kernel draws charts with Jupyter's inline backend, as in JupyterLab (the tests' own
    # MPLBACKEND=Agg would hide what a shown and closed figure looks like to the check).
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    manager, client = start_new_kernel(kernel_name="python3", env=env)
    try:
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run(client, code: str, timeout: float = 120) -> Shown:
    msg_id = client.execute(code)
    shown = Shown(status="")
    while True:
        try:
            msg = client.get_iopub_msg(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no output within {timeout} s for {code!r}") from None
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "error":
            text = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(content["traceback"]))
            shown.errors.append((content["ename"], text))
        elif kind in ("display_data", "execute_result"):
            shown.texts.append(content["data"].get("text/plain", ""))
            shown.htmls.append(content["data"].get("text/html", ""))
        elif kind == "stream":
            shown.texts.append(content["text"])
        elif kind == "status" and content["execution_state"] == "idle":
            break
    reply = client.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:  # e.g. a kernel_info reply
        reply = client.get_shell_msg(timeout=timeout)
    shown.status = reply["content"]["status"]
    return shown


def _one_sentence_then_details(shown: Shown, ename: str) -> str:
    """The error box holds one short sentence; the full message is folded in a <details>."""
    assert shown.status == "error"
    assert [e for e, _ in shown.errors] == [ename], shown.errors
    box = shown.error_text
    assert len(box.splitlines()) <= 5, f"the error box should hold one sentence, not:\n{box}"
    assert "Traceback" not in box and "site-packages" not in box, box
    assert all(len(line) <= 76 for line in box.splitlines()), box
    details = [h for h in shown.htmls if "<details" in h]
    assert len(details) == 1, shown.htmls
    assert "Show Python&#x27;s full message" in details[0] or "Show Python's full message" in (
        details[0])
    return " ".join(box.split())


# --- 1. stale answers ----------------------------------------------------------------------------

def test_a_bare_letter_is_explained_and_the_check_does_not_judge_the_old_value(kernel):
    assert run(kernel, SETUP_02).status == "ok"
    assert run(kernel, "answer_4 = 'B'").status == "ok"
    wrong = run(kernel, "# One letter in quotes, such as \"A\"\nanswer_4 = C")
    box = _one_sentence_then_details(wrong, "NameError")
    assert 'put it in quotes: "C"' in box
    check = run(kernel, "ex.q4.check(answer_4)")
    assert check.status == "ok"
    assert check.text.startswith("Error: Your answer cell")
    assert "stopped with an error (NameError)" in check.text
    assert "answer_4 does not hold the answer you typed" in check.text
    assert "not the right choice" not in check.text  # the old "B" is not judged
    # Fixed and run again: the check judges the new value.
    assert run(kernel, "answer_4 = 'C'").status == "ok"
    again = run(kernel, "ex.q4.check(answer_4)")
    assert again.text.startswith("Not yet:"), again.text
    assert "as you last ran it, answer_4 = 'C'" in again.text


def test_a_placeholder_replaced_by_a_failing_answer_is_not_called_not_attempted(kernel):
    assert run(kernel, SETUP_02).status == "ok"
    assert run(kernel, "answer_1 = ____").status == "ok"
    assert run(kernel, "answer_1 = len(election[election['speaker_id'] == putin])").status == (
        "error")
    check = run(kernel, "ex.q1.check(answer_1)")
    assert "Not attempted yet" not in check.text
    assert check.text.startswith("Error: Your answer cell")


def test_an_answer_and_its_check_in_one_cell_judge_the_new_value(kernel):
    assert run(kernel, SETUP_02).status == "ok"
    assert run(kernel, "answer_4 = D").status == "error"
    both = run(kernel, "answer_4 = 'B'\nex.q4.check(answer_4)")
    assert both.text.startswith("Correct"), both.text


def test_a_check_after_a_first_run_that_failed_says_the_answer_was_never_set(kernel):
    assert run(kernel, SETUP_02).status == "ok"
    assert run(kernel, "answer_2 = value_counts").status == "error"
    box = _one_sentence_then_details(run(kernel, "ex.q2.check(answer_2)"), "NameError")
    assert ("stopped with an error (NameError) the last time you ran it, so answer_2 was never "
            "set") in box


def test_a_check_before_its_answer_cell_ran_says_which_cell_to_run(kernel):
    assert run(kernel, SETUP_02).status == "ok"
    shown = run(kernel, "ex.q3.check(answer_3)")
    box = _one_sentence_then_details(shown, "NameError")
    assert "answer_3 does not exist yet: run the answer cell above this one first" in box


# --- 2. Python's words, translated ---------------------------------------------------------------

def test_an_unclosed_quote_says_how_to_close_it(kernel):
    assert run(kernel, SETUP_02).status == "ok"
    shown = run(kernel, "answer_4 = \"B")
    box = _one_sentence_then_details(shown, "SyntaxError")
    assert "opens with a quote mark but does not close it" in box
    assert run(kernel, "ex.q4.check(answer_4)").text.startswith("Error: Your answer cell")


def test_an_apostrophe_inside_single_quotes_suggests_double_quotes(kernel):
    assert run(kernel, SETUP_02).status == "ok"
    box = _one_sentence_then_details(run(kernel, "answer_5 = 'Putin's words matter'"),
                                     "SyntaxError")
    assert "The apostrophe in Putin's ends your text early" in box and "double quotes" in box
    box = _one_sentence_then_details(run(kernel, "answer_5 = 'It is the writer's choice'"),
                                     "SyntaxError")
    assert "The apostrophe in writer's ends your text early" in box


def test_a_sentence_without_quotes_says_to_quote_it(kernel):
    assert run(kernel, SETUP_02).status == "ok"
    box = _one_sentence_then_details(
        run(kernel, "answer_5 = A quote is the speaker own words"), "SyntaxError")
    assert "are not in quote marks" in box


def test_and_without_round_brackets_is_one_sentence_not_pandas_internals(kernel):
    assert run(kernel, SETUP_02).status == "ok"
    shown = run(kernel, "answer_1 = len(election[election['speaker_id'] == 'putin' & "
                        "election['statement_kind'] == 'quote'])")
    box = _one_sentence_then_details(shown, "TypeError")
    assert "put each condition in its own round brackets" in box
    # Python's full message is still there, one click away.
    details = next(h for h in shown.htmls if "<details" in h)
    assert "unsupported operand" in details or "Cannot perform" in details


def test_wrong_case_in_a_column_name_names_the_right_spelling(kernel):
    assert run(kernel, SETUP_02).status == "ok"
    box = _one_sentence_then_details(run(kernel, "election['Speaker_id']"), "KeyError")
    assert 'but there is "speaker_id": capitals count' in box


def test_a_skipped_setup_cell_is_explained_once_the_package_is_loaded(kernel):
    assert run(kernel, SETUP_02).status == "ok"
    box = _one_sentence_then_details(run(kernel, "arsenals.head()"), "NameError")
    assert "made by the setup cell near the top of the notebook" in box


def test_a_real_bug_in_the_students_logic_keeps_pythons_own_message(kernel):
    assert run(kernel, SETUP_02).status == "ok"
    shown = run(kernel, "counts = {'putin': 3}\ncounts['trump'] + 1")
    assert shown.status == "error"
    assert "Traceback" in shown.error_text or "KeyError" in shown.error_text
    assert "'trump'" in shown.error_text
    assert not [h for h in shown.htmls if "<details" in h]
    shown = run(kernel, "1 / 0")
    assert "ZeroDivisionError" in shown.error_text and "division by zero" in shown.error_text


# --- 4. feedback that names the likely mistake ---------------------------------------------------

def test_a_capitalised_id_gets_a_word_about_case(kernel):
    assert run(kernel, SETUP_02).status == "ok"
    code = ("answer_1 = len(election[(election['speaker_id'] == 'Putin')\n"
            "                        & (election['statement_kind'] == 'quote')])")
    assert run(kernel, code).status == "ok"
    check = run(kernel, "ex.q1.check(answer_1)")
    assert check.text.startswith("Not yet: 0 rows matched your conditions. Capitals count")


def test_the_subtraction_exercise_names_the_subtraction(kernel):
    assert run(kernel, SETUP_04).status == "ok"
    code = ("rows = declarations[(declarations['country'] == 'Russia')\n"
            "    & (declarations['category'] == 'deployed_warheads')\n"
            "    & (declarations['as_of'] == '2018-02-05')]\n"
            "answer_1 = int(rows['declared_count'].iloc[0])")
    assert run(kernel, code).status == "ok"
    check = run(kernel, "ex.q1.check(answer_1)")
    assert "That is the number Russia declared" in check.text
    assert "subtract it from the limit" in check.text
    assert "which rows you counted" not in check.text


def test_the_last_hint_names_the_real_call(kernel):
    assert run(kernel, SETUP_02).status == "ok"
    for _ in range(3):
        hint = run(kernel, "ex.q1.hint()")
    assert "ex.q1.solution()" in hint.text
    assert run(kernel, "ex.q1.solution()").status == "ok"


# --- 5. a chart a reader could not read ----------------------------------------------------------

RUSSIA = ("rows = declarations[(declarations['country'] == 'Russia')\n"
          "                    & (declarations['category'] == 'deployed_warheads')]\n")


def test_hairline_bars_on_a_date_axis_are_not_yet(kernel):
    assert run(kernel, SETUP_04).status == "ok"
    assert "inline" in run(kernel, "import matplotlib; print(matplotlib.get_backend())").text
    code = (RUSSIA + "fig, ax = plt.subplots()\n"
            "ax.bar(rows['as_of'], rows['declared_count'])\n"
            "ax.set_title('Russia'); ax.set_ylabel('Warheads')\n"
            "answer_3 = ax")
    assert run(kernel, code).status == "ok"
    check = run(kernel, "ex.q3.check(answer_3)")
    assert check.text.startswith("Not yet: The bars have the right heights but are too thin")


def test_a_figure_instead_of_its_axes_is_not_yet(kernel):
    assert run(kernel, SETUP_04).status == "ok"
    code = (RUSSIA + "fig, ax = plt.subplots()\n"
            "ax.bar(rows['as_of'].dt.strftime('%Y-%m-%d'), rows['declared_count'])\n"
            "ax.set_title('Russia'); ax.set_ylabel('Warheads')\n"
            "answer_3 = fig")
    assert run(kernel, code).status == "ok"
    check = run(kernel, "ex.q3.check(answer_3)")
    assert check.text.startswith("Not yet: You passed the whole figure"), check.text
    assert run(kernel, "answer_3 = ax").status == "ok"
    assert run(kernel, "ex.q3.check(answer_3)").text.startswith("Correct")


def test_overlapping_tick_labels_are_not_yet(kernel):
    assert run(kernel, SETUP_04).status == "ok"
    code = (RUSSIA + "fig, ax = plt.subplots(figsize=(2.5, 3))\n"
            "labels = rows['as_of'].dt.strftime('%d %B %Y')\n"
            "ax.bar(labels, rows['declared_count'])\n"
            "ax.set_title('Russia'); ax.set_ylabel('Warheads')\n"
            "answer_3 = ax")
    assert run(kernel, code).status == "ok"
    check = run(kernel, "ex.q3.check(answer_3)")
    assert check.text.startswith("Not yet: The labels along the bars overlap"), check.text


# --- 3. written answers --------------------------------------------------------------------------

def test_a_written_answer_in_three_quote_marks_takes_apostrophes_and_lines(kernel):
    assert run(kernel, SETUP_02).status == "ok"
    untouched = run(kernel, 'answer_5 = """\n____\n"""\nex.q5.check(answer_5)')
    assert untouched.text.startswith("Not attempted yet")
    code = ('answer_5 = """\n'
            "A quote gives the speaker's own words, so I can say \"he said\".\n"
            "A paraphrase is the writer's account, and it can already take a side.\n"
            '"""')
    assert run(kernel, code).status == "ok"
    assert run(kernel, "ex.q5.check(answer_5)").text.startswith("Correct")
    unclosed = run(kernel, 'answer_5 = """\nMy thoughts, never closed\n')
    box = _one_sentence_then_details(unclosed, "SyntaxError")
    assert 'put three quote marks """ again at the end' in box
