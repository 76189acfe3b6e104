"""The student edition of the exercises: the same questions and hints, and no answers.

A student release ships these in place of ``summitlib/exercises/nbNN.py`` (written by
:mod:`summitlib.instructor.student_edition`). Each exercise is declared from plain data
(kind, prompt, hints, points, the options its kind takes) and holds no expected answer, no
solution code and no explanation.

Two ways to check, chosen when the release is made:

- formative (``fingerprint`` given): the answer is normalised as :func:`normalise` does and
  compared with a salted SHA-256 fingerprint of the normalised canonical answer, plus the
  structure the feedback needs (the number of rows and the column names of a table, the
  number of bars of a chart, the length of an ordered list). A wrong number gets "not the
  answer", never "too high" or "too low", so there is nothing to bisect.
- graded (no ``fingerprint``): the check only says whether the answer has the right form
  (a number, a table with the asked-for columns, one of the letters ...) and that it is
  recorded; whether it is right is decided by the grader, after the notebook is handed in.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from summitlib.exercises._chart import ChartExercise, bars_of, check_labels
from summitlib.exercises._exercise import _Wrong
from summitlib.exercises._feedback import Feedback, _describe_type, _is_number
from summitlib.exercises._kinds import (
    ChoiceExercise,
    ReflectionExercise,
    ValueExercise,
    number_form,
)
from summitlib.exercises._table import DataFrameExercise, _flatten, _sorted_rows, frame_form
from summitlib.exercises._written import MarkedByHand

_RECORDED = ("Your answer has the right form and is recorded. It is graded after you hand "
             "the notebook in.")


def digest(salt: str, name: str, normalised: str) -> str:
    """The fingerprint of one normalised answer: SHA-256 of salt, exercise name and text."""
    return hashlib.sha256(f"{salt}\x00{name}\x00{normalised}".encode()).hexdigest()


def _num(value) -> str:
    value = float(value)
    if math.isnan(value):
        return "nan"
    return f"{value:.6g}"


def _cell(value) -> str:
    if value is None or (not isinstance(value, str) and _isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if _is_number(value):
        return _num(value)
    return str(value).strip().casefold()


def _isna(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _item(value) -> str:
    return _num(value) if _is_number(value) else str(value).strip().casefold()


class _Sealed:
    """What every student-edition kind shares: no key, only a fingerprint (or nothing)."""

    def _expected(self):
        return self.fingerprint

    def _feedback(self, outcome, message) -> Feedback:
        if self.fingerprint is None and outcome == "correct":
            return Feedback("recorded", _RECORDED, exercise=self.name, notebook=self.notebook,
                            max_points=self.points)
        return super()._feedback(outcome, message)

    def _correct_message(self) -> str:
        return "Well done."

    def _solution(self) -> Feedback:
        return Feedback("solution", "The solutions are not part of the student release. Ask "
                        "your instructor, or use `hint()`.",
                        exercise=self.name, notebook=self.notebook)

    def _match(self, part: str, normalised: str, message: str) -> None:
        fp = self.fingerprint
        if fp is not None and digest(fp["salt"], self.name, normalised) not in fp[part]:
            raise _Wrong(message)


@dataclass(eq=False, repr=False)
class StudentValueExercise(_Sealed, ValueExercise):
    """A :class:`ValueExercise` judged by fingerprint; ``form`` is number, text or list."""

    form: str = "number"
    fingerprint: dict | None = None

    def _compare(self, answer, fp):
        if self.form == "number":
            value = number_form(answer)
            self._match("value", normalise_number(value, self.tolerance),
                        f"{_num(value)} is not the answer yet. Check which rows you counted.")
        elif self.form == "text":
            if not isinstance(answer, str):
                raise _Wrong(f"Your answer is {_describe_type(answer)}; this question wants a "
                             "text in quotes, like `\"crs\"`.")
            self._match("value", answer.strip().casefold(),
                        "That is not the answer. Check the spelling against the data, or look "
                        "again at the question.")
        else:
            items = _list_form(answer)
            if fp is not None and self.ordered and len(items) != fp["length"]:
                raise _Wrong(f"Your list has {len(items)} items, which is too "
                             f"{'many' if len(items) > fp['length'] else 'few'}.")
            self._match("value", normalise_list(items, ordered=self.ordered),
                        "The items " + ("or their order " if self.ordered else "")
                        + "are not right yet.")


def _list_form(answer) -> list:
    if isinstance(answer, pd.Series | pd.Index | np.ndarray | pd.Categorical):
        answer = list(answer)
    if not isinstance(answer, list | tuple | set | frozenset):
        raise _Wrong(f"Your answer is {_describe_type(answer)}; this question wants a list, "
                     "like `[\"a\", \"b\"]`.")
    return list(answer)


def normalise_list(items, *, ordered: bool) -> str:
    """A list (or set) as one text, as the fingerprint sees it."""
    texts = [_item(v) for v in items]
    return json.dumps(texts if ordered else sorted(set(texts)))


def normalise_number(value: float, tolerance: float) -> str:
    """A number as the fingerprint sees it: on a grid of step ``tolerance`` (if any)."""
    return _num(round(value / tolerance) * tolerance) if tolerance else _num(value)


def normalise_number_near(value: float, tolerance: float) -> list[str]:
    """Every normalised text of a number within ``tolerance`` of ``value``.

    The grid points of ``value - tolerance`` to ``value + tolerance``: so a check accepts every
    answer within the tolerance (and a few up to half a grid step further).
    """
    return sorted({normalise_number(v, tolerance)
                   for v in (value - tolerance, value, value + tolerance)})


@dataclass(eq=False, repr=False)
class StudentDataFrameExercise(_Sealed, DataFrameExercise):
    """A :class:`DataFrameExercise` judged by the column names, row count and fingerprints."""

    columns: list | None = None
    fingerprint: dict | None = None

    def _compare(self, answer, fp):
        frame_form(answer)
        want = [str(c) for c in self.columns or []]
        answer = _flatten(answer, want) if not self.check_index else answer
        got = [str(c) for c in answer.columns]
        missing = [c for c in want if c not in got]
        extra = [c for c in got if c not in want]
        if missing or extra:
            parts = ([f"missing column(s) {missing}"] if missing else []) + (
                [f"column(s) that should not be there: {extra}"] if extra else [])
            raise _Wrong("Your table has " + " and ".join(parts) + ".")
        if fp is None:
            return
        if len(answer) != fp["rows"]:
            raise _Wrong(f"Your table has {len(answer)} rows, which is too "
                         f"{'many' if len(answer) > fp['rows'] else 'few'}. Check your filter.")
        cells = normalise_table(answer, want, ordered=self.check_order)
        for column, text in zip(want, cells, strict=True):
            self._match(f"column:{column}", text,
                        f"The values in column `{column}` are not right yet"
                        + (" (or not in the right order)." if self.check_order else "."))


def normalise_table(frame: pd.DataFrame, columns: list, *, ordered: bool) -> list[str]:
    """One text per column (in ``columns`` order) of a table, as the fingerprint sees it."""
    frame = frame.copy()
    frame.columns = [str(c) for c in frame.columns]
    frame = frame[columns]
    if not ordered:
        # Sort on the normalised cells, so two tables that match cell by cell sort alike.
        keys = pd.DataFrame({c: frame[c].map(_cell) for c in columns})
        frame = frame.loc[_sorted_rows(keys).index]
    return [json.dumps([_cell(v) for v in frame[c].tolist()]) for c in columns]


@dataclass(eq=False, repr=False)
class StudentChoiceExercise(_Sealed, ChoiceExercise):
    """A :class:`ChoiceExercise` judged by the fingerprint of the right choice's text."""

    fingerprint: dict | None = None

    def _compare(self, answer, fp):
        picked = self._pick(answer)
        self._match("value", str(picked).strip().casefold(),
                    f"`{str(answer).strip()[:60]}` is not the right choice. Look again at the "
                    "data before you pick another.")


@dataclass(eq=False, repr=False)
class StudentReflectionExercise(_Sealed, ReflectionExercise):
    """A reflection: any text long enough is accepted, as in the key (no model answer)."""

    fingerprint: dict | None = None

    def _feedback(self, outcome, message) -> Feedback:
        return super(_Sealed, self)._feedback(outcome, message)

    def _correct_message(self) -> str:
        return ("Thanks. There is no single right answer here: bring your thoughts to the "
                "discussion.")


@dataclass(eq=False, repr=False)
class StudentWrittenExercise(MarkedByHand, StudentReflectionExercise):
    """A written answer marked by hand: the rubric students see, no marking guide."""

    rubric: str = ""  # the rubric as Markdown, as the key's rubric_markdown() gives it
    min_words: int = 20

    def _rubric_text(self) -> str:
        return self.rubric


@dataclass(eq=False, repr=False)
class StudentChartExercise(_Sealed, ChartExercise):
    """A :class:`ChartExercise` judged by the bar count and the fingerprint of the values."""

    fingerprint: dict | None = None

    def _compare(self, answer, fp):
        bars, horizontal = bars_of(answer, self.answer_variable)
        values = [(p.get_width() if horizontal else p.get_height()) for p in bars]
        if fp is not None:
            if len(values) != fp["bars"]:
                raise _Wrong(f"Your chart has {len(values)} bars, which is too "
                             f"{'many' if len(values) > fp['bars'] else 'few'}.")
            self._match("value", normalise_bars(values),
                        "The bar heights do not match the data yet. Check which rows and which "
                        "column you plotted.")
        if self.require_labels:
            check_labels(answer, horizontal)


def normalise_bars(values) -> str:
    """Bar values, in any order, as the fingerprint sees them."""
    return json.dumps(sorted(_num(v) for v in values))


KINDS = {
    "value": StudentValueExercise,
    "dataframe": StudentDataFrameExercise,
    "choice": StudentChoiceExercise,
    "reflection": StudentReflectionExercise,
    "written": StudentWrittenExercise,
    "chart": StudentChartExercise,
}


def declare(notebook: str, specs: list[dict]) -> list:
    """The student-edition exercises of one notebook, from the specs its module holds."""
    out = []
    for spec in specs:
        spec = dict(spec)
        kind = KINDS[spec.pop("kind")]
        out.append(kind(notebook=notebook, **spec))
    return out
