"""The exercise machinery: declare an exercise once, check any answer, never raise.

Modelled on Kaggle's learntools (``learntools/core/problem.py``): an exercise is a small
declaration — the expected answer as a function of the data, progressive hints, a solution —
and the notebook calls ``q1.check(answer)``, ``q1.hint()`` and ``q1.solution()``.

``check`` accepts anything at all (None, a string, a Series, a hostile object) and always
answers with feedback, never a traceback. The feedback starts with a text label (Correct,
Not yet, Not attempted yet, Error, Hint, Solution), so no meaning rests on colour, and never
prints the expected answer.
"""

from __future__ import annotations

import html
import itertools
import math
import numbers
import os
import sys
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

OUTCOME_MIMETYPE = "application/vnd.summitlib.outcome+json"
OUTCOMES = ("correct", "incorrect", "not_attempted", "error")

# Dark text colours on white; each passes WCAG AA (contrast >= 4.5:1), see the tests.
LABEL_COLOURS = {
    "correct": "#1b5e20",
    "incorrect": "#8a4000",
    "not_attempted": "#37474f",
    "error": "#b00020",
    "hint": "#0d47a1",
    "solution": "#4a148c",
    "recorded": "#00695c",
}
LABELS = {
    "correct": "Correct",
    "incorrect": "Not yet",
    "not_attempted": "Not attempted yet",
    "error": "Error",
    "hint": "Hint",
    "solution": "Solution",
    "recorded": "Answer recorded",
}


# --- the placeholder -----------------------------------------------------------------------

class _Placeholder:
    """The blank a student replaces: ``answer_1 = ____``.

    Like learntools' placeholder, any arithmetic, call, attribute or item on it gives the
    placeholder back, so an untouched cell such as ``answer = ____.sum() + 1`` still reads
    as "not attempted yet" instead of raising.
    """

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self):
        return "____"

    __str__ = __repr__

    def __bool__(self):
        return False

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __call__(self, *args, **kwargs):
        return self

    def __getitem__(self, key):
        return self

    def _same(self, *args):
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _same
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _same
    __pow__ = __rpow__ = __neg__ = __pos__ = __abs__ = __and__ = __or__ = _same
    __rand__ = __ror__ = __invert__ = _same

    def __reduce__(self):
        return (_Placeholder, ())


PLACEHOLDER = _Placeholder()
____ = PLACEHOLDER


def is_placeholder(value) -> bool:
    """True when ``value`` is, or is built from, the untouched placeholder."""
    try:
        if value is PLACEHOLDER:
            return True
        if isinstance(value, str):
            return value.strip() in ("____", "")
        if isinstance(value, list | tuple | set | frozenset):
            return any(v is PLACEHOLDER for v in list(value)[:1000])
        if isinstance(value, dict):
            items = list(value.items())[:1000]
            return any(k is PLACEHOLDER or v is PLACEHOLDER for k, v in items)
        if isinstance(value, pd.Series | pd.DataFrame) and value.size <= 10_000:
            frame = value.to_frame() if isinstance(value, pd.Series) else value
            for column in frame.columns:
                if frame[column].dtype == object and any(
                    v is PLACEHOLDER for v in frame[column].tolist()
                ):
                    return True
    except Exception:
        return False
    return False


# --- safe descriptions of an arbitrary object ----------------------------------------------

def _type_name(value) -> str:
    try:
        kind = type(value)
        return kind.__name__ if kind.__module__ == "builtins" else (
            f"{kind.__module__.split('.')[0]}.{kind.__name__}"
        )
    except Exception:
        return "an object of an unknown type"


def _describe_type(value) -> str:
    if value is None:
        return "None (nothing)"
    if isinstance(value, bool):
        return "a True/False value"
    if isinstance(value, str):
        return "a string (text)"
    if isinstance(value, numbers.Integral):
        return "a whole number"
    if isinstance(value, numbers.Real):
        return "a number"
    if isinstance(value, pd.DataFrame):
        return f"a DataFrame with {value.shape[0]} rows and {value.shape[1]} columns"
    if isinstance(value, pd.Series):
        return f"a Series with {len(value)} values"
    if isinstance(value, list | tuple | set):
        return f"a {type(value).__name__} of {len(value)} items"
    return f"an object of type {_type_name(value)}"


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def _fmt(n) -> str:
    if isinstance(n, float) and n.is_integer() and abs(n) < 1e15:
        n = int(n)
    return f"{n:,}" if isinstance(n, int) else f"{n:,.6g}"


# --- feedback --------------------------------------------------------------------------------

@dataclass
class Feedback:
    """What a check, hint or solution says; displays as Markdown in Jupyter, text elsewhere.

    Attributes
    ----------
    outcome : str
        ``"correct"``, ``"incorrect"``, ``"not_attempted"``, ``"error"`` (checks) or
        ``"hint"`` / ``"solution"``.
    message : str
        The feedback after the label, in Markdown.
    """

    outcome: str
    message: str
    exercise: str = ""
    notebook: str = ""
    points: float = 0
    max_points: float = 0
    code: str = ""

    @property
    def label(self) -> str:
        return LABELS[self.outcome]

    @property
    def correct(self) -> bool:
        return self.outcome == "correct"

    def _markdown(self) -> str:
        text = f"**{self.label}.** {self.message}".rstrip()
        if self.code:
            text += f"\n\n```python\n{self.code}\n```"
        return text

    def __str__(self) -> str:
        text = f"{self.label}: {self.message}".rstrip()
        text = text.replace("**", "").replace("`", "")
        if self.code:
            text += "\n\n" + self.code
        return text

    def _repr_markdown_(self) -> str:
        return self._markdown()

    def _repr_html_(self) -> str:
        colour = LABEL_COLOURS[self.outcome]
        body = _markdown_to_html(self.message)
        code = (f"<pre style='margin:0.4em 0 0 0'>{html.escape(self.code)}</pre>"
                if self.code else "")
        return (
            f"<div style='border-left:4px solid {colour};padding:0.3em 0.8em;"
            f"background:#ffffff;color:#1a1a1a'>"
            f"<strong style='color:{colour}'>{self.label}.</strong> {body}{code}</div>"
        )

    def outcome_record(self) -> dict:
        return {
            "notebook": self.notebook, "exercise": self.exercise, "outcome": self.outcome,
            "points": self.points, "max_points": self.max_points,
        }

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {
            "text/plain": str(self),
            "text/markdown": self._markdown(),
            "text/html": self._repr_html_(),
        }
        if self.outcome in OUTCOMES:
            bundle[OUTCOME_MIMETYPE] = self.outcome_record()
        return bundle


def _markdown_to_html(text: str) -> str:
    """The little Markdown feedback uses: **bold** and `code`."""
    out, bold, code = [], False, False
    i = 0
    escaped = html.escape(text)
    while i < len(escaped):
        if escaped.startswith("**", i) and not code:
            out.append("</strong>" if bold else "<strong>")
            bold = not bold
            i += 2
        elif escaped[i] == "`":
            out.append("</code>" if code else "<code>")
            code = not code
            i += 1
        else:
            out.append(escaped[i])
            i += 1
    if code:
        out.append("</code>")
    if bold:
        out.append("</strong>")
    return "".join(out).replace("\n", "<br>")


def _show(feedback: Feedback) -> None:
    """Display in Jupyter (with the grader's outcome record), print elsewhere."""
    shell = None
    if "IPython" in sys.modules:
        try:
            from IPython import get_ipython

            shell = get_ipython()
        except Exception:
            shell = None
    if shell is not None:
        from IPython.display import display

        display(feedback)
    else:
        print(str(feedback))


# --- solutions switch ----------------------------------------------------------------------

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


def _caller_notebook() -> str:
    """The last part of the name of the module that created the exercise (``"nb04"``).

    Walks out of this module and the dataclass machinery, so that a subclass's own
    ``__post_init__`` does not make every exercise look as if ``_core`` had created it.
    """
    try:
        frame = sys._getframe(1)
    except Exception:
        return ""
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module != __name__ and not frame.f_code.co_filename.startswith("<"):
            return module.rsplit(".", 1)[-1]
        frame = frame.f_back
    return ""


@dataclass(eq=False)
class Exercise:
    """Common part of every exercise kind.

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
    solution_code : str
        Python that assigns the answer variable, run after the notebook's setup cell.
    explanation : str, default=""
        Why the solution is right; shown with the solution and after a correct answer.
    points : float, default=1
        Points for a correct answer.
    answer_variable : str, default=None
        The variable the answer cell assigns; ``"answer_1"`` for ``"q1"`` when None.
    mistakes : list of (callable, str), default=[]
        The likely mistakes of this question, each a test ``(answer, expected) -> bool`` and
        the message naming that mistake; the first whose test is true replaces the generic
        *Not yet* message. Messages never state the expected answer.
    """

    name: str
    prompt: str
    expected: object = None
    hints: list = field(default_factory=list)
    solution_code: str = ""
    explanation: str = ""
    points: float = 1
    answer_variable: str | None = None
    notebook: str = ""
    mistakes: list = field(default_factory=list)

    def __post_init__(self):
        if not self.notebook:
            self.notebook = _caller_notebook()
        if self.answer_variable is None:
            digits = "".join(ch for ch in self.name if ch.isdigit())
            self.answer_variable = f"answer_{digits or self.name}"
        self._hints_shown = 0

    def __repr__(self):
        return f"<{type(self).__name__} {self.notebook}.{self.name}: {self.prompt}>"

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


def _describe_type_safe(value) -> str:
    try:
        return _describe_type(value)
    except Exception:
        return f"an object of type {_type_name(value)}"


def _unwrap_single(answer):
    """A one-value Series, DataFrame or array stands for its value."""
    if isinstance(answer, pd.Series | pd.DataFrame | np.ndarray) and answer.size == 1:
        return np.asarray(answer).reshape(-1)[0]
    return answer


def frame_form(answer) -> None:
    """Raise ``_Wrong`` in plain words unless the answer is a DataFrame (shared by both
    editions, like :func:`number_form`)."""
    if isinstance(answer, pd.Series):
        raise _Wrong("Your answer is a Series (one column); this question wants a DataFrame. "
                     "Select columns with double brackets, `df[[\"a\", \"b\"]]`, or use "
                     "`.reset_index()` / `.to_frame()`.")
    if not isinstance(answer, pd.DataFrame):
        raise _Wrong(f"Your answer is {_describe_type(answer)}; this question wants a "
                     "DataFrame.")


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


def _short(value, limit=60) -> str:
    try:
        text = str(value)
    except Exception:
        text = f"<{_type_name(value)}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(eq=False, repr=False)
class DataFrameExercise(Exercise):
    """An answer that is a table. Column names must match; row order matters only when
    ``check_order=True``; the index is ignored unless ``check_index=True``; numbers are
    compared with a relative tolerance ``rtol``, so whole-number floats match integers."""

    check_order: bool = False
    check_index: bool = False
    rtol: float = 1e-6

    def _compare(self, answer, expected):
        frame_form(answer)
        if not self.check_index:
            expected = _flatten(expected, [*map(str, expected.columns),
                                           *map(str, expected.index.names)])
            answer = _flatten(answer, [str(c) for c in expected.columns])
        got_cols = [str(c) for c in answer.columns]
        want_cols = [str(c) for c in expected.columns]
        missing = [c for c in want_cols if c not in got_cols]
        extra = [c for c in got_cols if c not in want_cols]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing column(s) {missing}")
            if extra:
                parts.append(f"column(s) that should not be there: {extra}")
            raise _Wrong("Your table has " + " and ".join(parts) + ".")
        answer = answer.copy()
        answer.columns = got_cols
        expected = expected.copy()
        expected.columns = want_cols
        answer = answer[want_cols]
        if len(answer) != len(expected):
            zeros = _zero_count_rows(answer, expected)
            if zeros:
                raise _Wrong(f"Your table has {zeros} extra row(s) with a count of 0, for "
                             "categories that do not occur in these rows. A `groupby` without "
                             "`observed=True`, or a `value_counts()`, lists every category; "
                             "add `observed=True` (or keep only the counts above 0).")
            raise _Wrong(f"Your table has {len(answer)} rows, which is too "
                         f"{'many' if len(answer) > len(expected) else 'few'}. Check your filter.")
        if not self.check_order:
            answer = _sorted_rows(answer)
            expected = _sorted_rows(expected)
        answer = answer.reset_index(drop=True)
        expected = expected.reset_index(drop=True)
        for column in want_cols:
            if not _same_column(answer[column], expected[column], self.rtol):
                raise _Wrong(f"The values in column `{column}` are not right yet"
                             + (" (or not in the right order)." if self.check_order else "."))


def _zero_count_rows(answer, expected) -> int:
    """How many surplus rows have 0 in every numeric column, when that explains the surplus.

    A groupby on categorical columns without ``observed=True`` adds such rows; so does a
    ``value_counts()``. Returns 0 when the extra rows are something else.
    """
    numeric = [c for c in expected.columns
               if pd.api.types.is_numeric_dtype(expected[c].dtype)
               and not pd.api.types.is_bool_dtype(expected[c].dtype)]
    if not numeric or len(answer) <= len(expected):
        return 0
    values = answer[numeric].apply(pd.to_numeric, errors="coerce")
    zero = (values == 0).all(axis=1)
    return int(zero.sum()) if len(answer) - int(zero.sum()) == len(expected) else 0


def _flatten(frame, columns):
    """Turn a named index (say, from a groupby) into columns when it names wanted columns."""
    names = [n for n in frame.index.names if n is not None]
    keep = bool(names) and all(str(n) in columns for n in names)
    return frame.reset_index(drop=not keep)


def _sortable(series):
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.astype(str)
    if series.dtype == object:
        return series.map(str)
    return series


def _sorted_rows(frame):
    keys = pd.DataFrame({c: _sortable(frame[c]) for c in frame.columns})
    order = keys.sort_values(list(keys.columns), kind="mergesort", na_position="last").index
    return frame.loc[order]


def _same_column(got: pd.Series, want: pd.Series, rtol) -> bool:
    if pd.api.types.is_numeric_dtype(want.dtype) and not pd.api.types.is_bool_dtype(want.dtype):
        g = pd.to_numeric(got, errors="coerce")
        if g.isna().sum() != pd.isna(want).sum():
            return False
        return bool(np.allclose(g.to_numpy(dtype=float), want.to_numpy(dtype=float),
                                rtol=rtol, atol=1e-9, equal_nan=True))
    if pd.api.types.is_datetime64_any_dtype(want.dtype):
        g = pd.to_datetime(got, errors="coerce")
        return bool((g.fillna(pd.Timestamp(0)) == want.fillna(pd.Timestamp(0))).all())
    g = got.astype(object).where(got.notna(), None).map(lambda v: None if v is None else str(v))
    w = want.astype(object).where(want.notna(), None).map(lambda v: None if v is None else str(v))
    return g.tolist() == w.tolist()


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

    def choices_text(self) -> str:
        return "\n".join(f"{letter}. {choice}" for letter, choice in
                         zip(self.letters, self.choices, strict=True))

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


@dataclass(eq=False, repr=False)
class ChartExercise(Exercise):
    """A chart the student draws: pass the matplotlib Axes it is on.

    ``expected`` returns a mapping of bar label to value. The check reads the bars the
    student drew (in any order), then looks at the chart as a reader would see it: bars too
    thin to see (a date axis measures bar widths in days) and tick labels that overlap are
    *Not yet*, with the reason. It asks for a title and an axis label when ``require_labels``
    is true. A whole Figure is *Not yet* too: the question asks for the Axes.
    """

    require_labels: bool = True
    rtol: float = 1e-6
    #: A bar narrower than this share of the plotting area's width is too thin to see.
    min_bar_share: float = 0.01

    def _compare(self, answer, expected):
        bars, horizontal = bars_of(answer, self.answer_variable)
        values = sorted((p.get_width() if horizontal else p.get_height()) for p in bars)
        want = sorted(float(v) for v in expected.values())
        if len(values) != len(want):
            raise _Wrong(f"Your chart has {len(values)} bars, which is too "
                         f"{'many' if len(values) > len(want) else 'few'}.")
        if not np.allclose(values, want, rtol=self.rtol, atol=1e-9):
            raise _Wrong("The bar heights do not match the data yet. Check which rows and which "
                         "column you plotted.")
        _check_readable(answer, bars, horizontal, self.min_bar_share)
        if self.require_labels:
            check_labels(answer, horizontal)


def bars_of(answer, variable: str):
    """The bars of the Axes a student passed, and whether they lie horizontally.

    Raises ``_Wrong`` in plain words for a Figure, for anything that is not an Axes, and for
    a chart without bars. Shared by the key's checks and the student edition's.
    """
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    if isinstance(answer, Figure):
        raise _Wrong("You passed the whole figure; the check wants the Axes, the chart "
                     "inside it. With `fig, ax = plt.subplots()`, end with "
                     f"`{variable} = ax`.")
    if not isinstance(answer, Axes):
        raise _Wrong(f"Your answer is {_describe_type(answer)}; pass the Axes your chart is "
                     "on, for example `ax` from `fig, ax = plt.subplots()`, or what "
                     "`df.plot.bar()` returns.")
    bars = [p for p in answer.patches if isinstance(p, Rectangle)]
    if not bars:
        raise _Wrong("Your chart has no bars. Draw a bar chart (`ax.bar(...)` or "
                     "`.plot.bar(ax=ax)`).")
    return bars, _is_horizontal(bars)


def check_labels(ax, horizontal: bool) -> None:
    """Raise ``_Wrong`` unless the chart has a title and its value axis a label."""
    figure = ax.get_figure()
    suptitle = figure.get_suptitle() if figure is not None else ""
    if not ax.get_title().strip() and not suptitle.strip():
        raise _Wrong("The bars are right. Now give the chart a title "
                     "(`ax.set_title(...)`).")
    axis_label = ax.get_xlabel() if horizontal else ax.get_ylabel()
    if not axis_label.strip():
        which = "x" if horizontal else "y"
        raise _Wrong(f"The bars are right. Now label the {which} axis with what the bars "
                     f"measure (`ax.set_{which}label(...)`).")


def _check_readable(ax, bars, horizontal, min_share) -> None:
    """Raise _Wrong when a reader could not see the bars or read the labels under them."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = ax.get_figure()
    # Jupyter's inline backend leaves a shown figure with a canvas that cannot draw, so the
    # chart is laid out (ticks, labels) on an Agg canvas of its own, then given back.
    shown_on = figure.canvas
    try:
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
        renderer = canvas.get_renderer()
    except Exception:  # a figure that cannot be drawn here: judge the values only
        figure.set_canvas(shown_on)
        return
    try:
        _check_layout(ax, renderer, bars, horizontal, min_share)
    finally:
        figure.set_canvas(shown_on)


def _check_layout(ax, renderer, bars, horizontal, min_share) -> None:
    area = ax.get_window_extent(renderer)
    span = area.height if horizontal else area.width
    thickness = min((b.get_window_extent(renderer).height if horizontal
                     else b.get_window_extent(renderer).width) for b in bars)
    if span > 0 and thickness < min_share * span:
        raise _Wrong("The bars have the right heights but are too thin to see. A bar's width "
                     "is measured in the units of its axis, and on a date axis that is days. "
                     "Turn the dates into text labels first, for example "
                     "`rows['as_of'].dt.strftime('%Y-%m-%d')`, so each bar gets its own slot.")
    labels = ax.get_yticklabels() if horizontal else ax.get_xticklabels()
    boxes = [t.get_window_extent(renderer) for t in labels
             if t.get_visible() and t.get_text().strip()]
    boxes.sort(key=lambda b: b.y0 if horizontal else b.x0)
    for before, after in itertools.pairwise(boxes):
        if before.overlaps(after):
            raise _Wrong("The labels along the bars overlap, so a reader cannot read them. "
                         "Shorter labels, a wider figure (`plt.subplots(figsize=(8, 4))`) or "
                         "turned labels (`ax.tick_params(axis='x', labelrotation=45)`) fix it.")


def _is_horizontal(bars) -> bool:
    widths = {round(p.get_width(), 9) for p in bars}
    heights = {round(p.get_height(), 9) for p in bars}
    # Vertical bars share one width; horizontal bars share one height.
    return len(heights) == 1 and len(widths) > 1


def get_module(name: str):
    """The exercise module of a notebook: ``get_module("nb04")`` (or ``"demo"``)."""
    from importlib import import_module

    if not isinstance(name, str) or not name.replace("_", "").isalnum():
        raise ValueError(f"Exercise modules are named like 'nb04' or 'demo'; got {name!r}.")
    try:
        return import_module(f"summitlib.exercises.{name}")
    except ModuleNotFoundError:
        raise ValueError(f"There is no exercise module {name!r} in summitlib.exercises.") from None
