"""Tables as answers: the DataFrame kind, and the comparisons both editions share."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from summitlib.exercises._exercise import Exercise, _Wrong
from summitlib.exercises._feedback import _describe_type


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

