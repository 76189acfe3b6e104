"""The part every exercise kind shares: check any answer, never raise; hints; the solution.

Modelled on Kaggle's learntools (``learntools/core/problem.py``): an exercise is a small
declaration (the expected answer as a function of the data, progressive hints, a solution) and
the notebook calls ``q1.check(answer)``, ``q1.hint()`` and ``q1.solution()``. The kinds
(:mod:`._kinds`, :mod:`._table`, :mod:`._chart`) add how an answer is compared; a notebook's
module declares its exercises with :mod:`._declare`.

``check`` accepts anything at all (None, a string, a Series, a hostile object) and always
answers with feedback, never a traceback, and never prints the expected answer.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from summitlib.exercises._feedback import Feedback, _describe_type_safe, _show, _type_name
from summitlib.exercises._placeholder import is_placeholder
from summitlib.exercises._solution import answer_cell_code

_solutions_enabled = os.environ.get("SUMMITLIB_SOLUTIONS", "1").strip().lower() not in (
    "0", "false", "no", "off",
)


def set_solutions_enabled(enabled: bool) -> None:
    """Switch ``q.solution()`` on or off for this Python process.

    A student release switches solutions off (also possible with the environment variable
    ``SUMMITLIB_SOLUTIONS=0``). This hides them from the notebook; it does not remove them
    from summitlib's source code, where a determined student can still read them.
    """
    global _solutions_enabled
    if not isinstance(enabled, bool):
        raise TypeError(f"enabled must be True or False, got {_type_name(enabled)}.")
    _solutions_enabled = enabled


def solutions_enabled() -> bool:
    """Whether ``q.solution()`` shows solutions in this process."""
    return _solutions_enabled


# --- exercises -----------------------------------------------------------------------------

class _Wrong(Exception):
    """Raised inside a comparison to say what is wrong (never the expected value)."""


@dataclass(eq=False)
class Exercise:
    """Common part of every exercise kind.

    A notebook's module declares each exercise once, with a decorator of
    :mod:`summitlib.exercises._declare` on its solution function; that gives the name, the
    notebook and the solution code shown. The student edition builds exercises from plain
    fields instead, without ``expected`` or ``solve``.

    Parameters
    ----------
    name : str
        ``"q1"``, ``"q2"``... as in the notebook's cell metadata.
    prompt : str
        The question, in one or two sentences.
    expected : callable
        Computes the expected answer from the data when a check runs (never a literal).
    hints : list of str
        Progressive hints, gentlest first.
    explanation : str, default=""
        Why the solution is right; shown with the solution and after a correct answer.
    points : float, default=1
        Points for a correct answer.
    answer_variable : str, default=None
        The variable the answer cell assigns; ``"answer_1"`` for ``"q1"`` when None.
    notebook : str, default=""
        The exercise module's short name (``"nb04"``).
    mistakes : list of (callable, str), default=[]
        The likely mistakes of this question, each a test ``(answer, expected) -> bool`` and
        the message naming that mistake; the first whose test is true replaces the generic
        *Not yet* message. Messages never state the expected answer.
    solve : function, default=None
        The solution: its parameters name the setup cell's variables and it returns the answer
        (see :mod:`summitlib.exercises._solution`). ``solution_code`` is read from its source.
    """

    name: str
    prompt: str
    expected: object = None
    hints: list = field(default_factory=list)
    explanation: str = ""
    points: float = 1
    answer_variable: str | None = None
    notebook: str = ""
    mistakes: list = field(default_factory=list)
    solve: Callable | None = None

    def __post_init__(self):
        if self.answer_variable is None:
            digits = "".join(ch for ch in self.name if ch.isdigit())
            self.answer_variable = f"answer_{digits or self.name}"
        self._hints_shown = 0
        self._code = None

    def __repr__(self):
        return f"<{type(self).__name__} {self.notebook}.{self.name}: {self.prompt}>"

    @property
    def solution_code(self) -> str:
        """The answer cell's code of the solution, as the key and ``solution()`` show it.

        Read from the source of ``solve`` (empty when there is none, as in the student
        edition), so the code shown is the code the tests run and ruff lints.
        """
        if self.solve is None:
            return ""
        if self._code is None:
            self._code = answer_cell_code(self.solve, self.answer_variable,
                                          tail=self._solution_tail())
        return self._code

    def _solution_tail(self) -> str:
        """A last line of the solution that the declaration derives (none but for a choice)."""
        return ""

    # subclasses implement _compare(answer, expected) -> None or raise _Wrong(message)
    def _compare(self, answer, expected):  # pragma: no cover - abstract
        raise NotImplementedError

    def _expected(self):
        return self.expected() if callable(self.expected) else self.expected

    def _correct_message(self) -> str:
        return self.explanation or "Well done."

    def evaluate(self, answer) -> Feedback:
        """Judge ``answer`` and return the feedback without displaying it.

        Never raises: any input at all gets a Feedback.
        """
        make = self._feedback
        expected = None
        try:
            if is_placeholder(answer):
                return make("not_attempted",
                            "Replace `____` with your answer, then run the cell again.")
            expected = self._expected()
            self._compare(answer, expected)
        except _Wrong as wrong:
            return make("incorrect", self._likely_mistake(answer, expected) or str(wrong))
        except RecursionError:
            return make("error", "Checking your answer went into endless recursion; "
                                 "look at what your code returns.")
        except Exception as exc:
            return make("error", f"Checking your answer raised `{_type_name(exc)}`. Your "
                                 f"answer is {_describe_type_safe(answer)}; look at what your "
                                 "code returns and try again.")
        return make("correct", self._correct_message())

    def _likely_mistake(self, answer, expected) -> str | None:
        for test, message in self.mistakes:
            try:
                if test(answer, expected):
                    return message
            except Exception:  # a test that cannot read this answer does not apply to it
                continue
        return None

    def _feedback(self, outcome, message) -> Feedback:
        return Feedback(outcome, message, exercise=self.name, notebook=self.notebook,
                        points=self.points if outcome == "correct" else 0,
                        max_points=self.points)

    def check(self, answer) -> None:
        """Show whether ``answer`` is right, and what to look at if not. Never raises.

        In a notebook, a check never judges a stale value: when the answer cell's last run
        stopped with an error, it says so instead (see :mod:`summitlib.exercises._friendly`).
        """
        _show(self._checked(answer))

    def _checked(self, answer) -> Feedback:
        from summitlib.exercises import _friendly

        stale = _friendly.stale_message(self.answer_variable)
        if stale:
            return self._feedback("error", stale)
        feedback = self.evaluate(answer)
        line = _friendly.judged_line(self.answer_variable)
        if feedback.outcome == "incorrect" and line:
            feedback.message += (f" (This checked your answer cell as you last ran it, "
                                 f"`{line}`.)")
        return feedback

    def grade(self, answer) -> None:
        """Like :meth:`check`; under nbgrader, then raise ``AssertionError`` unless correct.

        For graded cells: nbgrader counts a cell as passed when it raises nothing, and sets
        ``NBGRADER_EXECUTION`` while it validates or autogrades. Anywhere else (a student's
        own JupyterLab) this never raises, so Run All does not stop at the first blank answer.
        """
        feedback = self._checked(answer)
        _show(feedback)
        if not feedback.correct and os.environ.get("NBGRADER_EXECUTION"):
            raise AssertionError(f"{self.name}: {feedback}")

    def hint(self, n: int | None = None) -> None:
        """Show the next hint (or hint number ``n``, counting from 1)."""
        _show(self._hint(n))

    def _hint(self, n=None) -> Feedback:
        total = len(self.hints)
        if total == 0:
            return Feedback("hint", "There is no hint for this one; re-read the question.",
                            exercise=self.name, notebook=self.notebook)
        if n is None:
            self._hints_shown = min(self._hints_shown + 1, total)
            n = self._hints_shown
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= total:
            return Feedback("hint", f"Ask for a hint number from 1 to {total}.",
                            exercise=self.name, notebook=self.notebook)
        more = (f" That was the last hint: run `ex.{self.name}.solution()` to see a worked "
                "solution if you are stuck." if n == total else "")
        return Feedback("hint", f"({n} of {total}) {self.hints[n - 1]}{more}",
                        exercise=self.name, notebook=self.notebook)

    def solution(self) -> None:
        """Show the solution code and why it works (unless this release switched it off)."""
        _show(self._solution())

    def _solution(self) -> Feedback:
        if not solutions_enabled():
            return Feedback("solution", "Solutions are switched off in this release. Ask "
                            f"your instructor, or run `ex.{self.name}.hint()`.",
                            exercise=self.name, notebook=self.notebook)
        return Feedback("solution", self.explanation, exercise=self.name,
                        notebook=self.notebook, code=self.solution_code)

