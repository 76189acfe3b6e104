"""The blank a student replaces, ``answer_1 = ____``, and how a check recognises it."""

from __future__ import annotations

import pandas as pd


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

