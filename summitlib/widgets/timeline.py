"""The timeline explorer: a range of years and some topics; the events as a timeline list."""

from __future__ import annotations

import pandas as pd

from summitlib import _text, _validate, charts
from summitlib.queries import _tables, _topic_titles
from summitlib.widgets._controls import _CheckList, _YearRange
from summitlib.widgets._shell import Explorer, View, _not_empty


def _timeline_view(events, years, topics, titles) -> View:
    first, last = years
    start, end = pd.Timestamp(first, 1, 1), pd.Timestamp(last, 12, 31)
    chosen = list(topics) or None
    every = chosen is None or set(chosen) >= set(events["topic_id"].astype(str))
    table = charts.table_timeline(events, start=start, end=end, topics=chosen)
    lines = []
    if not chosen:
        lines.append("No topic picked, so every topic is shown.")
    lines.append(
        f"{_text.count(len(table), 'event')} from {first} to {last}"
        + ("" if every else " on " + ", ".join(titles.get(t, t) for t in chosen)) + "."
    )
    # The timeline is a list of dated events: drawn as HTML it shows at once, reads the same
    # to a screen reader as on screen, and wraps to any width.
    return View(text="\n".join(lines), table=table, show_table=True,
                table_html=charts.timeline_html(events, start=start, end=end, topics=chosen))


@_validate.public
def explore_timeline(data=None) -> Explorer:
    """Pick a range of years and some topics; see the events as a timeline list.

    Parameters
    ----------
    data : DataFrame, dict of str to DataFrame, or None, default=None
        The events table (or ``{"events": ..., "topics": ...}``); None for the bundled.

    Returns
    -------
    Explorer
        Controls: ``years`` (two number boxes, first and last year; its value ``(first,
        last)`` feeds ``start=`` 1 January of ``first`` and ``end=`` 31 December of
        ``last``) and ``topics`` (check boxes whose value is the tuple of topic ids ticked;
        none ticked means all). The view is :func:`summitlib.charts.timeline_html`;
        ``current_table``: :func:`summitlib.charts.table_timeline` for that choice.

    Examples
    --------
    >>> from summitlib.widgets import explore_timeline
    >>> w = explore_timeline()
    >>> w.controls["years"].value = (2018, 2018)
    >>> sorted(w.current_table["occurred_on"].dt.year.unique().tolist())
    [2018]
    """
    tables = _tables(data, "events", "topics")
    events = tables["events"]
    _not_empty(events, "events")
    first, last = events["occurred_on"].min().year, events["occurred_on"].max().year
    years = _YearRange(first, last, "Years")
    titles = _topic_titles(tables["topics"])
    present = set(events["topic_id"].astype(str))
    options = [(t, i) for i, t in titles.items() if i in present]
    topics = _CheckList(options, [i for _, i in options], "Topics:")
    return Explorer(
        {"years": years, "topics": topics},
        lambda years, topics: _timeline_view(events, years, topics, titles),
        intro="Type the first and last year (or step them with the arrow keys); tick the "
        "topics to show.",
    )
