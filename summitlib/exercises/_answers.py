"""Small queries that several notebooks' expected answers share.

Each computes from the bundled data what a student computes in the notebook; word counts and
shares per topic come from :func:`summitlib.queries.table_coverage`.
"""

import pandas as pd

from summitlib.datasets import load_events, load_statements
from summitlib.queries import table_coverage


def statements_on(topic_id: str) -> pd.DataFrame:
    """The statements filed under one topic."""
    s = load_statements()
    return s[s["topic_id"] == topic_id]


def statements_per_source_and_speaker(topic_id: str) -> pd.DataFrame:
    """Columns ``source_id``, ``speaker_id``, ``statements``: one row per pair that occurs."""
    return (statements_on(topic_id)
            .groupby(["source_id", "speaker_id"], observed=True)
            .size()
            .reset_index(name="statements"))


def speakers_only_in(source_id: str, other_id: str, topic_id: str | None = None) -> list[str]:
    """The speakers with a statement in ``source_id`` and none in ``other_id``, sorted.

    Only the statements on ``topic_id`` count; None counts them all.
    """
    statements = load_statements() if topic_id is None else statements_on(topic_id)

    def speakers(source):
        return set(statements.loc[statements["source_id"] == source, "speaker_id"].astype(str))

    return sorted(speakers(source_id) - speakers(other_id))


def words_per_source_on(topic_id: str) -> dict[str, int]:
    """The body words each source gives to one topic (0 for a source that leaves it out)."""
    words = table_coverage(normalize=False).loc[topic_id]
    return {str(source): int(n) for source, n in words.items()}


def one_both_or_neither(found, first: str, second: str, choices: list) -> str:
    """The choice naming which of ``first`` and ``second`` are among ``found``.

    ``choices`` are in the order *first only*, *second only*, *both*, *neither*; others in
    ``found`` do not count.

    >>> one_both_or_neither({"crs", "x"}, "crs", "cgtn", ["CRS", "CGTN", "Both", "Neither"])
    'CRS'
    """
    present = {first, second} & set(found)
    if len(present) == 2:
        return choices[2]
    if not present:
        return choices[3]
    return choices[0] if first in present else choices[1]


def event_dates() -> pd.Series:
    """The date of every event, by ``event_id``."""
    return load_events().set_index("event_id")["occurred_on"]


def days_between(first_id: str, last_id: str) -> int:
    """The days from one event to a later one, by their ``event_id``."""
    dates = event_dates()
    return int((dates[last_id] - dates[first_id]).days)
