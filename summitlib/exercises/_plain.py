"""An answer as plain data, so the grader can judge it in its own process.

The grader never believes what a student's kernel says about an outcome. It asks the kernel
only for the value of each ``answer_N``, written as plain JSON (:func:`to_plain`, run in the
kernel by :func:`emit`), rebuilds that value in its own process (:func:`from_plain`) and judges
it there against the key. A kernel that lies can only change the answer it is judged on.

What survives the trip: None, True/False, numbers (NaN and infinities too), texts, lists,
tuples, sets, dicts, NumPy arrays, pandas Series, Index, Categorical and DataFrame (values,
column names, dtypes, a named index), dates, the placeholder ``____``, and a matplotlib Axes
or Figure as a description of what a reader sees: its bars (position and size), tick labels,
title and axis labels. Anything else arrives as an object of that type name, which no
exercise accepts.

Sizes are capped on both sides, so neither a huge nor a hostile value can flood the grader.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd

from summitlib.exercises._feedback import _type_name
from summitlib.exercises._placeholder import PLACEHOLDER

#: The mimetype of the display that carries one extracted answer out of the kernel.
ANSWER_MIMETYPE = "application/vnd.summitlib.answer+json"

_MAX_ITEMS = 20_000  # list items, table rows or bars kept
_MAX_TEXT = 20_000  # characters of one text kept
_MAX_DEPTH = 6


def _text(value) -> str:
    return str(value)[:_MAX_TEXT]


def _float(value: float):
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def _column(values: pd.Series) -> dict:
    """One column (or Series, or Index level) as its dtype and a list of plain values."""
    dtype = values.dtype
    out: dict = {"dtype": str(dtype)}
    values = values.iloc[:_MAX_ITEMS] if isinstance(values, pd.Series) else values[:_MAX_ITEMS]
    if isinstance(dtype, pd.CategoricalDtype):
        out["categories"] = [_text(c) for c in dtype.categories[:_MAX_ITEMS]]
        out["ordered"] = bool(dtype.ordered)
        out["values"] = [None if pd.isna(v) else _text(v) for v in list(values)]
    elif pd.api.types.is_datetime64_any_dtype(dtype):
        out["values"] = [None if pd.isna(v) else pd.Timestamp(v).isoformat() for v in values]
    elif pd.api.types.is_bool_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        out["values"] = [None if pd.isna(v) else bool(v) for v in values]
    elif pd.api.types.is_numeric_dtype(dtype):
        out["values"] = [None if pd.isna(v) else _number(v) for v in values]
    elif pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        out["dtype"] = "str"
        out["values"] = [None if pd.isna(v) else _text(v) for v in values]
    else:
        out["dtype"] = "object"
        out["values"] = [to_plain(v, _depth=_MAX_DEPTH - 1) for v in list(values)]
    return out


def _number(value):
    if isinstance(value, numbers.Integral):
        return int(value)
    return _float(float(value))


def _axes(ax) -> dict:
    from matplotlib.patches import Rectangle

    bars = [p for p in ax.patches if isinstance(p, Rectangle)][:_MAX_ITEMS]
    figure = ax.figure
    suptitle = figure.get_suptitle() if figure is not None else ""  # "" when there is none
    return {
        "t": "axes",
        "bars": [[float(p.get_x()), float(p.get_y()), float(p.get_width()),
                  float(p.get_height())] for p in bars],
        "xticks": [_float(float(v)) for v in ax.get_xticks()[:_MAX_ITEMS]],
        "xticklabels": [_text(t.get_text()) for t in ax.get_xticklabels()[:_MAX_ITEMS]],
        "yticks": [_float(float(v)) for v in ax.get_yticks()[:_MAX_ITEMS]],
        "yticklabels": [_text(t.get_text()) for t in ax.get_yticklabels()[:_MAX_ITEMS]],
        "title": _text(ax.get_title()),
        "xlabel": _text(ax.get_xlabel()),
        "ylabel": _text(ax.get_ylabel()),
        "suptitle": _text(suptitle) if suptitle else None,
    }


def to_plain(value, *, _depth: int = 0):
    """``value`` as plain JSON-ready data (run in the student's kernel).

    Never raises: an object that cannot be described, or that fails while being read, becomes
    ``{"t": "object", "type": ...}``.
    """
    try:
        return _to_plain(value, _depth)
    except Exception:
        return {"t": "object", "type": _type_name(value)}


def _to_plain(value, depth):
    if value is PLACEHOLDER:
        return {"t": "placeholder"}
    if value is None:
        return {"t": "none"}
    if isinstance(value, bool | np.bool_):
        return {"t": "bool", "v": bool(value)}
    if isinstance(value, numbers.Integral):
        return {"t": "int", "v": int(value)}
    if isinstance(value, numbers.Real):
        return {"t": "float", "v": _float(float(value))}
    if isinstance(value, str):
        return {"t": "str", "v": value[:_MAX_TEXT]}
    if depth >= _MAX_DEPTH:
        return {"t": "object", "type": _type_name(value)}
    if isinstance(value, pd.Timestamp):
        return {"t": "timestamp", "v": None if pd.isna(value) else value.isoformat()}
    if isinstance(value, list | tuple | set | frozenset):
        kind = {list: "list", tuple: "tuple"}.get(type(value), "set")
        items = list(value)[:_MAX_ITEMS]
        return {"t": kind, "v": [_to_plain_safe(v, depth + 1) for v in items]}
    if isinstance(value, dict):
        items = list(value.items())[:_MAX_ITEMS]
        return {"t": "dict", "v": [[_to_plain_safe(k, depth + 1), _to_plain_safe(v, depth + 1)]
                                   for k, v in items]}
    if isinstance(value, pd.DataFrame):
        frame = value.iloc[:_MAX_ITEMS, :_MAX_ITEMS]
        names = [n for n in frame.index.names if n is not None]
        index = None
        if names and len(names) == frame.index.nlevels:
            index = {"names": [_text(n) for n in frame.index.names],
                     "levels": [_column(pd.Series(frame.index.get_level_values(i)))
                                for i in range(frame.index.nlevels)]}
        return {"t": "frame", "columns": [_to_plain_safe(c, depth + 1) for c in frame.columns],
                "data": [_column(frame.iloc[:, i]) for i in range(frame.shape[1])],
                "index": index}
    if isinstance(value, pd.Series):
        return {"t": "series", "name": _to_plain_safe(value.name, depth + 1),
                "data": _column(value),
                "index": _column(pd.Series(value.index[:_MAX_ITEMS]))}
    if isinstance(value, pd.Index):
        return {"t": "index", "data": _column(pd.Series(value[:_MAX_ITEMS]))}
    if isinstance(value, pd.Categorical):
        return {"t": "categorical", "data": _column(pd.Series(value[:_MAX_ITEMS]))}
    if isinstance(value, np.ndarray):
        flat = value.reshape(-1)[:_MAX_ITEMS]
        return {"t": "ndarray", "shape": [int(n) for n in value.shape],
                "v": [_to_plain_safe(v.item() if hasattr(v, "item") else v, depth + 1)
                      for v in flat]}
    kind = type(value)
    if kind.__module__.startswith("matplotlib"):
        from matplotlib.axes import Axes
        from matplotlib.figure import Figure

        if isinstance(value, Axes):
            return _axes(value)
        if isinstance(value, Figure):
            return {"t": "figure", "axes": [_axes(ax) for ax in value.get_axes()[:20]],
                    "suptitle": _text(value.get_suptitle()) if value.get_suptitle() else None}
    return {"t": "object", "type": _type_name(value)}


def _to_plain_safe(value, depth):
    try:
        return _to_plain(value, depth)
    except Exception:
        return {"t": "object", "type": _type_name(value)}


def emit(variable: str) -> None:
    """Display the plain form of the kernel's ``variable`` (the grader reads it).

    ``{"variable": ..., "defined": False}`` when the kernel has no such variable.
    """
    from IPython import get_ipython
    from IPython.display import publish_display_data

    namespace = get_ipython().user_ns
    if variable in namespace:
        record = {"variable": variable, "defined": True, "value": to_plain(namespace[variable])}
    else:
        record = {"variable": variable, "defined": False}
    publish_display_data({ANSWER_MIMETYPE: record, "text/plain": f"<answer {variable}>"})


# --------------------------------------------------------------------------- the grader's side


class _Unknown:
    """Stands for an answer of a type the trip does not carry (no exercise accepts it)."""

    def __repr__(self):
        return f"<{type(self).__name__}>"


def _unknown(type_name) -> object:
    name = str(type_name)[:100]
    module, _, short = name.rpartition(".")
    kind = type(short or "object", (_Unknown,), {"__module__": module or "builtins"})
    if not module:
        kind.__module__ = "unknown"
    return kind()


def _from_float(v):
    if isinstance(v, str):
        return float(v)
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise ValueError("not a number")
    return float(v)


def _rebuild_column(data) -> pd.Series:
    if not isinstance(data, dict):
        raise ValueError("a column is not a mapping")
    dtype, values = str(data.get("dtype", "object")), list(data.get("values", []))[:_MAX_ITEMS]
    if "categories" in data:
        categories = [str(c) for c in data["categories"]][:_MAX_ITEMS]
        kind = pd.CategoricalDtype(categories, ordered=bool(data.get("ordered")))
        return pd.Series([None if v is None else str(v) for v in values], dtype=kind)
    if dtype.startswith("datetime64"):
        return pd.Series(pd.to_datetime([None if v is None else str(v) for v in values]))
    if dtype == "str":
        return pd.Series([None if v is None else str(v) for v in values], dtype="str")
    if dtype == "bool":
        return pd.Series([bool(v) for v in values], dtype=bool)
    if dtype.startswith(("int", "uint")) and all(isinstance(v, int) for v in values):
        return pd.Series(values, dtype="int64")
    if dtype.startswith(("int", "uint", "float", "Int", "Float")):
        return pd.Series([np.nan if v is None else _from_float(v) for v in values],
                         dtype="float64")
    return pd.Series([from_plain(v) for v in values], dtype=object)


def from_plain(data):
    """Rebuild in this process the value :func:`to_plain` described (run by the grader).

    Raises
    ------
    ValueError
        ``data`` is not something :func:`to_plain` writes.
    """
    if not isinstance(data, dict):
        raise ValueError(f"an answer description is a mapping, not {type(data).__name__}")
    kind, v = data.get("t"), data.get("v")
    if kind == "placeholder":
        return PLACEHOLDER
    if kind == "none":
        return None
    if kind == "bool":
        return bool(v)
    if kind == "int":
        if not isinstance(v, int):
            raise ValueError("an int that is not a whole number")
        return int(v)
    if kind == "float":
        return _from_float(v)
    if kind == "str":
        return str(v)[:_MAX_TEXT]
    if kind == "timestamp":
        return pd.NaT if v is None else pd.Timestamp(str(v))
    if kind in ("list", "tuple", "set"):
        items = [from_plain(x) for x in list(v)[:_MAX_ITEMS]]
        if kind == "set":
            try:
                return set(items)
            except TypeError:
                return items
        return tuple(items) if kind == "tuple" else items
    if kind == "dict":
        out = {}
        for pair in list(v)[:_MAX_ITEMS]:
            key, value = from_plain(pair[0]), from_plain(pair[1])
            try:
                out[key] = value
            except TypeError:
                out[str(key)] = value
        return out
    if kind == "ndarray":
        items = [from_plain(x) for x in list(v)[:_MAX_ITEMS]]
        array = np.array(items, dtype=object if any(isinstance(x, str | dict) for x in items)
                         else None)
        shape = tuple(int(n) for n in data.get("shape", [len(items)]))
        return array.reshape(shape) if math.prod(shape) == array.size else array
    if kind == "series":
        values = _rebuild_column(data.get("data"))
        index = _rebuild_column(data.get("index"))
        if len(index) == len(values):
            values.index = pd.Index(index)
        values.name = from_plain(data.get("name", {"t": "none"}))
        return values
    if kind == "index":
        return pd.Index(_rebuild_column(data.get("data")))
    if kind == "categorical":
        return pd.Categorical(_rebuild_column(data.get("data")))
    if kind == "frame":
        return _rebuild_frame(data)
    if kind == "axes":
        return _rebuild_axes(data)
    if kind == "figure":
        return _rebuild_figure(data)
    if kind == "object":
        return _unknown(data.get("type", "object"))
    raise ValueError(f"an answer of unknown kind {kind!r}")


def _rebuild_frame(data) -> pd.DataFrame:
    columns = [from_plain(c) for c in list(data.get("columns", []))[:_MAX_ITEMS]]
    series = [_rebuild_column(c) for c in list(data.get("data", []))[:_MAX_ITEMS]]
    if len(columns) != len(series):
        raise ValueError("a table whose column names and columns do not match")
    lengths = {len(s) for s in series}
    if len(lengths) > 1:
        raise ValueError("a table whose columns have different lengths")
    frame = pd.concat([s.reset_index(drop=True) for s in series], axis=1) if series else (
        pd.DataFrame())
    frame.columns = pd.Index(columns) if columns else frame.columns
    index = data.get("index")
    if isinstance(index, dict) and index.get("levels"):
        levels = [_rebuild_column(level) for level in index["levels"]]
        names = [str(n) for n in index.get("names", [])]
        if len(names) == len(levels) and all(len(level) == len(frame) for level in levels):
            frame.index = (pd.MultiIndex.from_arrays(levels, names=names) if len(levels) > 1
                           else pd.Index(levels[0], name=names[0]))
    return frame


def _rebuild_axes(data, figure=None):
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    figure = figure if figure is not None else Figure()
    ax = figure.add_subplot()
    for bar in list(data.get("bars", []))[:_MAX_ITEMS]:
        x, y, width, height = (_from_float(n) for n in bar)
        ax.add_patch(Rectangle((x, y), width, height))
    for axis in ("x", "y"):
        ticks = [_from_float(t) for t in list(data.get(f"{axis}ticks", []))[:_MAX_ITEMS]]
        labels = [str(t) for t in list(data.get(f"{axis}ticklabels", []))[:_MAX_ITEMS]]
        if ticks and len(ticks) == len(labels):
            getattr(ax, f"set_{axis}ticks")(ticks, labels)
    ax.set_title(str(data.get("title", "")))
    ax.set_xlabel(str(data.get("xlabel", "")))
    ax.set_ylabel(str(data.get("ylabel", "")))
    if data.get("suptitle") is not None:
        figure.suptitle(str(data["suptitle"]))
    return ax


def _rebuild_figure(data):
    from matplotlib.figure import Figure

    figure = Figure()
    axes = list(data.get("axes", []))[:20]
    for description in axes:
        _rebuild_axes({**description, "suptitle": None}, figure=figure)
    if data.get("suptitle") is not None:
        figure.suptitle(str(data["suptitle"]))
    return figure
