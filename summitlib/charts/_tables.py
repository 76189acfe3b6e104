"""The look-ups every chart shares: topic titles, people's names and the dates the data holds.

A column's values in order come from :mod:`summitlib._columns`, which the queries share.
"""

from __future__ import annotations

import functools

import pandas as pd

from summitlib import datasets


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
