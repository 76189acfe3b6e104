"""The exercise kinds whose answer is one value: a number, a text, a list, a choice, a text.

Each kind says how an answer is compared (``_compare`` raises ``_Wrong`` with what is wrong,
never the expected value); the tables are in :mod:`._table`, the charts in :mod:`._chart`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from summitlib.exercises._exercise import Exercise, _Wrong
from summitlib.exercises._feedback import _describe_type, _fmt, _is_number, _short


def _unwrap_single(answer):
    """A one-value Series, DataFrame or array stands for its value."""
    if isinstance(answer, pd.Series | pd.DataFrame | np.ndarray) and answer.size == 1:
        return np.asarray(answer).reshape(-1)[0]
    return answer




def number_form(answer) -> float:
    """The answer as a float, or ``_Wrong`` saying in plain words why it is not one number.

    Shared by the key's checks and the student edition's, so both word it the same.
    """
    value = _unwrap_single(answer)
    if isinstance(value, str):
        try:
            float(value.replace(",", ""))
        except ValueError:
            raise _Wrong(f"Your answer is {_describe_type(answer)}; this question wants a "
                         "number.") from None
        raise _Wrong("Your answer is a number inside quotes (a string); remove the quotes.")
    if not _is_number(value):
        raise _Wrong(f"Your answer is {_describe_type(answer)}; this question wants a single "
                     "number.")
    value = float(value)
    if math.isnan(value):
        raise _Wrong("Your answer is NaN (not a number): a calculation had missing values.")
    return value


@dataclass(eq=False, repr=False)
class ValueExercise(Exercise):
    """An answer that is one value: a number (with ``tolerance``), a text, or a collection.

    Numbers: ``3.0`` counts as ``3`` (a count computed with pandas is often a float);
    ``tolerance`` is an absolute margin. Texts: compared ignoring case and surrounding
    spaces. Lists, tuples and sets: compared as sets when ``ordered=False``.
    ``advice`` follows "too high" / "too low" for a wrong number: name what this question's
    likely slip is (the rows counted, a subtraction the wrong way round...).
    """

    tolerance: float = 0
    ordered: bool = False
    advice: str = "Check which rows you counted."

    def _compare(self, answer, expected):
        if _is_number(expected):
            self._compare_number(answer, expected)
        elif isinstance(expected, str):
            if not isinstance(answer, str):
                raise _Wrong(f"Your answer is {_describe_type(answer)}; this question wants a "
                             "text in quotes, like `\"crs\"`.")
            if answer.strip().casefold() != expected.strip().casefold():
                raise _Wrong(f"`{_short(answer)}` is not the answer. Check the spelling "
                             "against the data, or look again at the question.")
        elif isinstance(expected, list | tuple | set | frozenset):
            self._compare_collection(answer, expected)
        else:
            if answer != expected:
                raise _Wrong("That is not the answer yet.")

    def _compare_number(self, answer, expected):
        value = number_form(answer)
        if abs(value - float(expected)) > self.tolerance + 1e-9 * max(1, abs(expected)):
            direction = "too high" if value > expected else "too low"
            raise _Wrong(f"{_fmt(value)} is {direction}. {self.advice}")

    def _compare_collection(self, answer, expected):
        # `.unique()` of a categorical column gives a Categorical: list-like, so accepted.
        if isinstance(answer, pd.Series | pd.Index | np.ndarray | pd.Categorical):
            answer = list(answer)
        if not isinstance(answer, list | tuple | set | frozenset):
            raise _Wrong(f"Your answer is {_describe_type(answer)}; this question wants a list, "
                         "like `[\"a\", \"b\"]`.")
        norm = [a.strip().casefold() if isinstance(a, str) else a for a in answer]
        want = [e.strip().casefold() if isinstance(e, str) else e for e in expected]
        if self.ordered:
            if len(norm) != len(want):
                raise _Wrong(f"Your list has {len(norm)} items, which is too "
                             f"{'many' if len(norm) > len(want) else 'few'}.")
            if norm != want:
                raise _Wrong("The items or their order are not right yet.")
            return
        got, need = set(norm), set(want)
        extra, missing = got - need, need - got
        if extra or missing:
            parts = []
            if extra:
                parts.append(f"{len(extra)} of your items should not be there "
                             f"(for example `{_short(sorted(map(str, extra))[0])}`)")
            if missing:
                parts.append(f"{len(missing)} item(s) are missing")
            raise _Wrong("; ".join(parts).capitalize() + ".")


@dataclass(eq=False, repr=False)
class ChoiceExercise(Exercise):
    """Multiple choice: answer with the letter (``"B"``) or the text of a choice.

    ``expected`` returns the text of the right choice (computed from the data where it can be).
    """

    choices: list = field(default_factory=list)

    def __post_init__(self):
        super().__post_init__()
        if not self.choices:
            raise ValueError(f"ChoiceExercise {self.name!r} needs a list of choices.")

    @property
    def letters(self) -> list[str]:
        return [chr(ord("A") + i) for i in range(len(self.choices))]

    def _solution_tail(self) -> str:
        """``answer_4 = 'C'``: the letter of the choice the expected answer names."""
        expected = str(self._expected()).strip().casefold()
        for letter, choice in zip(self.letters, self.choices, strict=True):
            if str(choice).strip().casefold() == expected:
                return f"{self.answer_variable} = {letter!r}"
        raise ValueError(f"{self.notebook}.{self.name}: the expected answer {expected!r} is "
                         "none of the choices; make `expected` return one of them.")

    def _pick(self, answer):
        if not isinstance(answer, str):
            raise _Wrong(f"Your answer is {_describe_type(answer)}; answer with one letter in "
                         f"quotes, from {', '.join(self.letters)} (for example `\"A\"`).")
        text = answer.strip().rstrip(".)").strip()
        if text.upper() in self.letters:
            return self.choices[self.letters.index(text.upper())]
        for choice in self.choices:
            if text.casefold() == str(choice).strip().casefold():
                return choice
        raise _Wrong(f"`{_short(answer)}` is not one of the choices; answer with one letter "
                     f"from {', '.join(self.letters)}.")

    def _compare(self, answer, expected):
        picked = self._pick(answer)
        if str(picked).strip().casefold() != str(expected).strip().casefold():
            raise _Wrong(f"`{_short(answer)}` is not the right choice. Look again at the data "
                         "before you pick another.")


@dataclass(eq=False, repr=False)
class ReflectionExercise(Exercise):
    """A free-text reflection: nothing to check but that something was written.

    Any text of ``min_words`` words or more is accepted; the model answer is the solution.
    Worth no points by default: reflections are for discussion, or graded by hand.
    """

    min_words: int = 8
    points: float = 0

    def _compare(self, answer, expected):
        if not isinstance(answer, str):
            raise _Wrong(f"Your answer is {_describe_type(answer)}; write your thoughts as text "
                         "between three quote marks: `answer = \"\"\"your words\"\"\"`.")
        if len(answer.split()) < self.min_words:
            raise _Wrong(f"Write a little more: at least {self.min_words} words.")

    def _correct_message(self) -> str:
        return ("Thanks. There is no single right answer here: compare your thoughts with a "
                f"model answer with `ex.{self.name}.solution()`, and bring them to the discussion.")

