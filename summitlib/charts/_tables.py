"""The look-ups every chart shares: a column's values in order, topic titles, people's names,
and the dates the data holds.
"""

from __future__ import annotations

import functools

import pandas as pd

from summitlib import datasets


def _in_order(column: pd.Series) -> list[str]:
    """The distinct values of a column: in category order if it has one, else as they come."""
    present = set(column.dropna().astype(str))
    if isinstance(column.dtype, pd.CategoricalDtype):
        return [str(c) for c in column.cat.categories if str(c) in present]
    return [str(v) for v in pd.unique(column.dropna().astype(str))]


def _topic_order(column: pd.Series) -> list[str]:
    """Every topic id in reading order, including topics that the column never mentions."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        order = [str(c) for c in column.cat.categories]
    else:
        topics = datasets.load_topics().sort_values("position", kind="stable")
        order = [str(t) for t in topics["topic_id"]]
    extra = [t for t in _in_order(column) if t not in order]
    return order + extra


def _dates(column: pd.Series) -> list[pd.Timestamp]:
    """The distinct dates of a column, sorted, as Timestamps."""
    return sorted({pd.Timestamp(d) for d in pd.to_datetime(column).dropna()})


def _topic_titles() -> dict[str, str]:
    topics = datasets.load_topics()
    return dict(zip(topics["topic_id"].astype(str), topics["title"], strict=True))


def _people_names() -> dict[str, str]:
    people = datasets.load_people()
    return dict(zip(people["person_id"].astype(str), people["name"], strict=True))


def _topic_titles_for(topic_ids) -> dict[str, str]:
    titles = _topic_titles()
    return {t: titles.get(t, t) for t in topic_ids}


@functools.lru_cache(maxsize=1)
def _limits_binding() -> pd.Timestamp:
    """The day New START's central limits became binding, as events.csv dates it.

    Numbers declared before that day may exceed the limits; the charts say so.
    """
    events = datasets.load_events()
    day = events.loc[events["event_id"] == "new_start_limits_take_effect", "occurred_on"]
    return pd.Timestamp(day.iloc[0])
