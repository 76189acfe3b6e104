"""What a check, hint or solution says, and how it shows in Jupyter and elsewhere.

The feedback starts with a text label (Correct, Not yet, Not attempted yet, Error, Hint,
Solution), so no meaning rests on colour. Also here: safe descriptions of an arbitrary object
("a whole number", "a DataFrame with 3 rows and 2 columns") for feedback to name what a student
passed without running any of its code.
"""

from __future__ import annotations

import html
import numbers
import sys
from dataclasses import dataclass

import numpy as np
import pandas as pd

from summitlib._text import inline_html

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


def _describe_type_safe(value) -> str:
    try:
        return _describe_type(value)
    except Exception:
        return f"an object of type {_type_name(value)}"


def _short(value, limit=60) -> str:
    try:
        text = str(value)
    except Exception:
        text = f"<{_type_name(value)}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
        body = inline_html(self.message)
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

