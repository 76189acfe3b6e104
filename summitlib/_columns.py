"""The columns of the tables: which ones summitlib reads, and a column's values in order.

A reader may pass their own copy of a table (a filtered or corrected one) to a chart, a query
or an explorer. :func:`checked` makes sure it has the columns of :data:`REQUIRED`, so that a
missing column is named in a clear message rather than met as a KeyError deep inside a chart.
``data/datapackage.json`` describes every column of the bundled files; :data:`REQUIRED` holds
the ones the code reads, the one list of them.
"""

from __future__ import annotations

import pandas as pd

from summitlib import _validate, datasets

#: For each table, the columns the queries, charts and explorers read from it.
REQUIRED = {
    "statements": ["statement_id", "source_id", "paragraph", "speaker_id", "topic_id",
                   "statement_kind", "quote", "paraphrase"],
    "topics": ["topic_id", "position", "title", "summary", "discussion_status",
               "discussion_note"],
    "people": ["person_id", "name", "actor_kind"],
    "passages": ["source_id", "passage_kind", "word_count", "topic_id"],
    "events": ["occurred_on", "date_precision", "topic_id", "title"],
    "new_start_declarations": ["as_of", "country", "category", "declared_count"],
    "new_start_limits": ["category", "limit_count"],
    "nuclear_arsenals": ["holder", "warhead_count", "as_of"],
}


def loader(table: str):
    """The ``summitlib.load_<table>`` function, which error messages name."""
    return getattr(datasets, f"load_{table}")


def checked(data, table: str, name: str = "data") -> pd.DataFrame:
    """``data`` checked to have the columns of ``REQUIRED[table]``; the bundled table for None.

    ``name`` is the parameter the error message names (see :func:`summitlib._validate.frame`).

    >>> import pandas as pd
    >>> checked(pd.DataFrame({"category": []}), "new_start_limits")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: The 'data' parameter lacks the column(s) ['limit_count']. ...
    """
    return _validate.frame(data, loader(table), REQUIRED[table], name)


def in_order(column: pd.Series) -> list[str]:
    """The distinct values of a column: in category order if it has one, else as they come."""
    present = set(column.dropna().astype(str))
    if isinstance(column.dtype, pd.CategoricalDtype):
        return [str(c) for c in column.cat.categories if str(c) in present]
    return [str(v) for v in pd.unique(column.dropna().astype(str))]


def topic_order(column: pd.Series) -> list[str]:
    """Every topic id in reading order, including topics that the column never mentions."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        order = [str(c) for c in column.cat.categories]
    else:
        topics = datasets.load_topics().sort_values("position", kind="stable")
        order = [str(t) for t in topics["topic_id"]]
    extra = [t for t in in_order(column) if t not in order]
    return order + extra
