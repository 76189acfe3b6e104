"""One template for every error about a public function's arguments, and the checks using it.

Every message reads the same way, as scikit-learn's do: what is allowed, what was passed and,
where it helps, what to do::

    The 'country' parameter of plot_new_start must be one of ['United States', 'Russia']
    or None. Got 'USA' instead.

The function's name is never passed around by hand: :func:`public` marks the public function
once, and every check that runs while it runs (in whatever private helper) names it. A check
run outside any marked function leaves the name out ("The 'country' parameter must be ...").
Wrong types raise :class:`TypeError`, wrong values :class:`ValueError`.

Examples
--------
>>> from summitlib import _validate
>>> @_validate.public
... def plot_it(*, land=None):
...     return _validate.one_of("land", land, ["US", "RU"])
>>> plot_it(land="USA")
Traceback (most recent call last):
...
ValueError: The 'land' parameter of plot_it must be one of ['US', 'RU'] or None. Got 'USA' instead.
"""

from __future__ import annotations

import contextvars
import datetime as _dt
import functools
import re

import numpy as np
import pandas as pd

__all__ = [
    "caller",
    "date",
    "flag",
    "frame",
    "message",
    "one_of",
    "positive",
    "problem",
    "public",
    "some_of",
    "whole_number",
]

# The public function running now; a context variable, so threads and async tasks each have
# their own (a kernel's comm callbacks run alongside the cell).
_CALLER: contextvars.ContextVar[str | None] = contextvars.ContextVar("summitlib_caller",
                                                                   default=None)

_DATE_TYPES = (str, _dt.date, np.datetime64)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def public(function):
    """Mark a public function: errors raised by the checks while it runs name it.

    The outermost marked function names the error, since that is the one the reader called:
    ``load_topics(data_dir=42)`` runs ``load_dataset``, and the message names
    ``load_topics``.

    Parameters
    ----------
    function : callable

    Returns
    -------
    callable
        ``function`` wrapped; its name, docstring and signature are kept.
    """
    name = function.__name__

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if _CALLER.get() is not None:
            return function(*args, **kwargs)
        token = _CALLER.set(name)
        try:
            return function(*args, **kwargs)
        finally:
            _CALLER.reset(token)

    return wrapper


def caller() -> str | None:
    """The name of the public function running now, or None outside one."""
    return _CALLER.get()


def message(name: str, rule: str, got: str | None = None, todo: str | None = None) -> str:
    """The one template: "The 'name' parameter of f RULE. Got GOT instead. TODO".

    Parameters
    ----------
    name : str
        The parameter.
    rule : str
        What is allowed, as a verb phrase ("must be one of [...] or None").
    got : str or None, default=None
        What was passed, as it should be shown; None when the rule says it already.
    todo : str or None, default=None
        What to do, when the rule alone does not say it: a sentence or more.

    Returns
    -------
    str

    Examples
    --------
    >>> message("top", "must be at least 1, or None for all speakers", "0")
    "The 'top' parameter must be at least 1, or None for all speakers. Got 0 instead."
    """
    func = caller()
    text = f"The {name!r} parameter{f' of {func}' if func else ''} {rule}."
    if got is not None:
        text += f" Got {got} instead."
    if todo:
        text += f" {todo}"
    return text


def problem(error: type[Exception], name: str, rule: str, got: str | None = None,
            todo: str | None = None) -> Exception:
    """An exception of type ``error`` with :func:`message`'s text, to ``raise``.

    Examples
    --------
    >>> problem(ValueError, "top", "must be at least 1", "0")
    ValueError("The 'top' parameter must be at least 1. Got 0 instead.")
    """
    return error(message(name, rule, got, todo))


def _shown(value) -> str:
    return f"{type(value).__name__} {value!r}"


def frame(data, loader, required: list[str], name: str = "data") -> pd.DataFrame:
    """The table to work on: ``loader()`` for None, else ``data`` once checked.

    Parameters
    ----------
    data : pandas.DataFrame or None
        What the reader passed.
    loader : callable
        The ``summitlib.load_*`` function whose table ``data`` stands in for.
    required : list of str
        The columns ``data`` must have.
    name : str, default="data"
        The parameter.

    Returns
    -------
    pandas.DataFrame
        ``data`` itself (not a copy), or the bundled table.

    Examples
    --------
    >>> from summitlib import load_new_start_limits
    >>> frame([1], load_new_start_limits, ["category"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: The 'data' parameter must be a pandas DataFrame like ... Got list instead.
    """
    if data is None:
        return loader()
    source = f"summitlib.{loader.__name__}()"
    if not isinstance(data, pd.DataFrame):
        raise problem(TypeError, name, f"must be a pandas DataFrame like {source} returns, or "
                      f"None for the bundled table", type(data).__name__)
    missing = [c for c in required if c not in data.columns]
    if missing:
        raise problem(ValueError, name, f"lacks the column(s) {missing}",
                      f"the columns {list(data.columns)}",
                      f"It needs the columns {required}, as {source} returns them.")
    return data


def one_of(name: str, value, allowed: list[str], *, none: str | None = ""):
    """Check a single choice among ``allowed``.

    Parameters
    ----------
    name : str
        The parameter.
    value : object
        What was passed.
    allowed : list of str
        The choices.
    none : str or None, default=""
        What None means, said after "or None" (``"for all"``); None when None is not allowed.

    Returns
    -------
    str or None
        ``value``.

    Examples
    --------
    >>> one_of("source_id", "crs", ["crs", "cgtn"], none=None)
    'crs'
    >>> one_of("source_id", None, ["crs"], none=None)
    Traceback (most recent call last):
    ...
    TypeError: The 'source_id' parameter must be a str (one of ['crs']). Got NoneType None instead.
    """
    if value is None and none is not None:
        return None
    or_none = "" if none is None else f" or None{f' {none}' if none else ''}"
    if not isinstance(value, str):
        raise problem(TypeError, name, f"must be a str (one of {allowed}){or_none}",
                      _shown(value))
    if value not in allowed:
        raise problem(ValueError, name, f"must be one of {allowed}{or_none}", repr(value))
    return value


def some_of(name: str, value, allowed: list[str]) -> list[str] | None:
    """Check a selection: None (all), one str, or a list of them; duplicates dropped.

    Examples
    --------
    >>> some_of("sources", "crs", ["crs", "cgtn"])
    ['crs']
    >>> some_of("sources", ["cgtn", "cgtn"], ["crs", "cgtn"])
    ['cgtn']
    >>> some_of("sources", ["bbc", "crs"], ["crs"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: The 'sources' parameter ... Got ['bbc', 'crs'] instead. Not allowed: ['bbc'].
    """
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    elif not pd.api.types.is_list_like(value) or isinstance(value, dict):
        raise problem(TypeError, name, f"must be a list of str (from {allowed}) or None for all",
                      _shown(value))
    value = list(value)
    wrong = [v for v in value if not isinstance(v, str)]
    if wrong:
        raise problem(TypeError, name, f"must hold str values (from {allowed})",
                      f"{wrong!r} in {value!r}")
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise problem(ValueError, name,
                      f"must be a list of values from {allowed}, or None for all",
                      repr(value), f"Not allowed: {unknown!r}.")
    if not value:
        raise problem(ValueError, name, "is an empty list", None,
                      f"Pick at least one of {allowed}, or pass None for all.")
    return list(dict.fromkeys(value))


def date(name: str, value) -> pd.Timestamp | None:
    """A date option as a Timestamp (None stays None); only ISO dates are read from a str.

    Examples
    --------
    >>> date("as_of", "2018-02-05")
    Timestamp('2018-02-05 00:00:00')
    >>> date("as_of", "February")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: The 'as_of' parameter must be a date written as ... Got 'February' instead.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, _DATE_TYPES):
        raise problem(TypeError, name, "must be a date (a str such as '2018-07-16', a "
                      "datetime.date or a pandas.Timestamp) or None", _shown(value))
    stamp = pd.NaT
    # Only ISO dates: pandas would read "February" as 1 February of the current year.
    if not isinstance(value, str) or _ISO_DATE.fullmatch(value.strip()):
        try:
            stamp = pd.Timestamp(value.strip() if isinstance(value, str) else value)
        except ValueError:
            stamp = pd.NaT
    if pd.isna(stamp):
        raise problem(ValueError, name,
                      "must be a date written as YYYY-MM-DD, such as '2018-07-16'", repr(value))
    return stamp.tz_localize(None) if stamp.tzinfo else stamp


def flag(name: str, value, rule: str) -> bool:
    """Check a True/False option; ``rule`` says what each means ("must be True (...) or False
    (...)").

    Examples
    --------
    >>> flag("normalize", "yes", "must be True or False")
    Traceback (most recent call last):
    ...
    TypeError: The 'normalize' parameter must be True or False. Got str 'yes' instead.
    """
    if not isinstance(value, bool | np.bool_):
        raise problem(TypeError, name, rule, _shown(value))
    return bool(value)


def whole_number(name: str, value, *, minimum: int, what: str, none: str) -> int | None:
    """Check a whole-number option (None allowed, meaning ``none``).

    Parameters
    ----------
    name, value
        As for :func:`one_of`.
    minimum : int
        The smallest number allowed.
    what : str
        What it counts ("speakers").
    none : str
        What None means ("for all").

    Examples
    --------
    >>> whole_number("top", 0, minimum=1, what="speakers", none="for all")
    Traceback (most recent call last):
    ...
    ValueError: The 'top' parameter must be at least 1, or None for all speakers. Got 0 instead.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise problem(TypeError, name, f"must be a whole number of {what} or None {none}",
                      _shown(value))
    if value < minimum:
        raise problem(ValueError, name, f"must be at least {minimum}, or None {none} {what}",
                      repr(value))
    return int(value)


def positive(name: str, value, *, what: str, whole: bool = False, todo: str | None = None):
    """Check a number that must be above 0 (with ``whole``, a whole number of 1 or more).

    Parameters
    ----------
    name, value
        As for :func:`one_of`.
    what : str
        What it counts ("seconds").
    whole : bool, default=False
        Only whole numbers are allowed.
    todo : str or None, default=None
        What else to say, such as the command-line option that sets it.

    Returns
    -------
    int or float
        ``value``, as an int when ``whole``.

    Examples
    --------
    >>> positive("jobs", 0, what="notebooks", whole=True)
    Traceback (most recent call last):
    ...
    ValueError: The 'jobs' parameter must be a whole number of notebooks, 1 or more. Got 0 instead.
    >>> positive("timeout", "60", what="seconds")
    Traceback (most recent call last):
    ...
    TypeError: The 'timeout' parameter must be a positive number of seconds. Got str '60' instead.
    """
    rule = (f"must be a whole number of {what}, 1 or more" if whole
            else f"must be a positive number of {what}")
    kinds = (int, np.integer) if whole else (int, float, np.integer, np.floating)
    if isinstance(value, bool | np.bool_) or not isinstance(value, kinds):
        raise problem(TypeError, name, rule, _shown(value), todo)
    if not value > 0:  # NaN is not above 0 either
        raise problem(ValueError, name, rule, repr(value), todo)
    return int(value) if whole else value
