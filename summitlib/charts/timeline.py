"""The timeline: the events from 1974 to 2023, with the summit week as readable as the decades."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from summitlib import _columns, _text, _validate
from summitlib.charts import _docs
from summitlib.charts._style import (
    OKABE_ITO,
    _axes,
    _axes_height_points,
    _axes_width_points,
)
from summitlib.charts._tables import (
    _topic_titles_for,
)

#: First and last day of the summit week that the timeline spreads out (13-20 July 2018:
#: from the indictment of the Russian intelligence officers to the CRS Insight).
SUMMIT_WEEK = (pd.Timestamp("2018-07-13"), pd.Timestamp("2018-07-20"))


def _timeline(data, start, end, topics) -> pd.DataFrame:
    data = _columns.checked(data, "events")
    first, last = _validate.date("start", start), _validate.date("end", end)
    if first is not None and last is not None and first > last:
        raise _validate.problem(
            ValueError, "start", f"must be on or before its 'end' parameter ({last:%Y-%m-%d})",
            f"'{first:%Y-%m-%d}'", "Swap them, or pass None for an open end.")
    chosen = _validate.some_of("topics", topics, _columns.topic_order(data["topic_id"]))
    table = data.copy()
    when = pd.to_datetime(table["occurred_on"])
    keep = pd.Series(True, index=table.index)
    if first is not None:
        keep &= when >= first
    if last is not None:
        keep &= when <= last
    if chosen is not None:
        keep &= table["topic_id"].astype(str).isin(chosen)
    table = table[keep].sort_values("occurred_on", kind="stable").reset_index(drop=True)
    table["date_label"] = [
        _date_label(d, p) for d, p in zip(table["occurred_on"], table["date_precision"],
                                          strict=True)
    ]
    return table


def _date_label(stamp, precision) -> str:
    stamp = pd.Timestamp(stamp)
    if str(precision) == "year":
        return f"{stamp:%Y}"
    if str(precision) == "month":
        return f"{stamp:%B %Y}"
    return _text.day(stamp)


@_validate.public
@_docs.shared
def table_timeline(data=None, *, start=None, end=None, topics=None) -> pd.DataFrame:
    """The events between two dates, in date order, with a readable date.

    Parameters
    ----------
    data : pandas.DataFrame or None, default=None
        The events, as :func:`summitlib.load_events` returns them; None for the bundled
        table.
    start, end : str, datetime.date, pandas.Timestamp or None, default=None
        The first and last day to keep (inclusive); None leaves that end open. An event
        known only to the month or the year is dated on its first day (2014 is
        2014-01-01), and kept when that day is in range.
    topics : list of str, str or None, default=None
        ``topic_id`` values to keep; None for every topic.

    Returns
    -------
    pandas.DataFrame
        The columns of the events table plus ``date_label`` ("16 July 2018",
        "August 2017" or "2014", as precise as the date is known), sorted by date; events
        of the same day keep the table's order.

    Raises
    ------
    ValueError
        For an unknown topic, a date that cannot be read, or a start after the end.
    {type_error}

    Examples
    --------
    >>> from summitlib.charts import table_timeline
    >>> week = table_timeline(start="2018-07-13", end="2018-07-20")
    >>> week["date_label"].iloc[0]
    '13 July 2018'
    >>> table_timeline(topics=["ukraine"])["date_label"].tolist()
    ['2014', 'March 2014']
    """
    return _timeline(data, start, end, topics)


def _rows(table: pd.DataFrame) -> tuple[np.ndarray, list[tuple[float, float, str]]]:
    """Vertical positions of the events, and the gaps of over a year left between them.

    Events sit one row apart in date order, whatever the time between them; where more
    than a year passes, half a row more is left and labelled with the years skipped, so the
    compression of time stays visible.
    """
    dates = pd.to_datetime(table["occurred_on"]).tolist()
    vague = (table["date_precision"].astype(str) != "day").tolist()
    rows, gaps, y = [], [], 0.0
    for i, day in enumerate(dates):
        if i:
            days = (day - dates[i - 1]).days
            y += 1.0
            if days > 365:
                # A date known only to the month or year makes the gap approximate.
                words = _gap_words(days)
                if vague[i] or vague[i - 1]:
                    words = "about " + words.replace("a year", "one year")
                gaps.append((y - 1.0, y + 0.5, words))
                y += 0.5
        rows.append(y)
    return np.array(rows), gaps


def _gap_words(days: int) -> str:
    months = round(days / 30.44)
    if months < 24:  # 18 months must not read as "2 years"
        return f"{months} months later" if months > 12 else "a year later"
    years = round(days / 365.25)
    return f"{years} years later"


@_validate.public
@_docs.shared
def describe_timeline(data=None, *, start=None, end=None, topics=None) -> str:
    """Describe in words the timeline of :func:`plot_timeline`.

    {parameters}

    Returns
    -------
    str
        The kind of chart and how its axis works, the span, the events of the summit week,
        then every event with its date and topic.

    Examples
    --------
    >>> from summitlib.charts import describe_timeline
    >>> text = describe_timeline()
    >>> "from 31 May 1974 to 21 February 2023" in text
    True
    """
    table = _timeline(data, start, end, topics)
    if table.empty:
        return "Timeline: no events match these choices."
    titles = _topic_titles_for(table["topic_id"].astype(str))
    when = pd.to_datetime(table["occurred_on"])
    week = table[(when >= SUMMIT_WEEK[0]) & (when <= SUMMIT_WEEK[1])]
    exact = table["date_precision"].astype(str) == "day"
    # Only exact days can be busy: a year-only date is stored as 1 January of that year.
    busiest = when[exact].value_counts().sort_index(kind="stable")
    # Say only what this chart shows: the gaps, markers and comparisons it really draws.
    if len(week) == 0:
        week_words = ("No event of these falls in the summit week (13-20 July 2018), so "
                      "nothing is shaded. ")
    elif len(week) == len(table):
        week_words = "Every event falls in the summit week (13-20 July 2018), which is shaded. "
    else:
        week_words = (f"{'The one event' if len(week) == 1 else f'The {len(week)} events'} of "
                      f"the summit week (13-20 July 2018) get a row each, like every other "
                      f"event, however many years lie between those; the summit week is "
                      f"shaded. ")
    _, gaps = _rows(table)
    gap_words = (
        "Where more than a year passes between two events, a dashed gap says how long "
        "(\"about\" where one of the dates is known only to the month or year). "
        if gaps else "")
    present = [p for p in _PRECISION_MARKERS if (table["date_precision"].astype(str) == p).any()]
    markers = ", ".join(f"{_MARKER_WORDS[p]} = {_PRECISION_MARKERS[p]['label']}" for p in present)
    if present == ["day"]:
        marker_words = f"Every date is an exact day, marked with a {_MARKER_WORDS['day']}."
    else:
        marker_words = ("A date known only to the month or the year says so and has its own "
                        f"marker: {markers}.")
    lines = [
        f"Timeline of {_text.count(len(table), 'event')} from {table['date_label'].iloc[0]} to "
        f"{table['date_label'].iloc[-1]}, one row per event from top to bottom in date order. "
        f"The vertical axis is in event order, not to scale. {week_words}{gap_words}"
        f"{marker_words}",
    ]
    if len(busiest) and busiest.max() > 1:
        busiest_day = busiest.idxmax()
        lines.append(f"The busiest day is {_text.day(busiest_day)}, with {busiest.max()} events.")
    vague = table[table["date_precision"].astype(str) != "day"]
    if len(vague):
        lines.append("Dates known less precisely: " + "; ".join(
            f"{r.date_label} ({r.date_precision} only): {r.title}" for r in vague.itertuples()
        ) + ".")
    lines.append("Events:")
    lines += [f"- {r.date_label}: {r.title} [{titles[str(r.topic_id)]}]"
              for r in table.itertuples()]
    return "\n".join(lines)


@_validate.public
@_docs.shared
def plot_timeline(data=None, *, start=None, end=None, topics=None, ax=None):
    """Timeline of the events, one row each, with the summit week as readable as the decades.

    The events run from top to bottom in date order, one row each, with their date on the
    left and their description on the right. The vertical axis is therefore ordinal (event
    order, not to scale): on a to-scale axis the week of 13-20 July 2018 would be a
    three-thousandth of 1974-2023, and its ten events would sit on one point. Where more
    than a year passes between two events the line is dashed and the gap labelled ("13
    years later"), so the compressed time stays visible; the summit week is shaded.
    A date known only to the month or the year says so ("2014 (year only)") and has its own
    marker: filled circle for a day, open square for a month, open diamond for a year.

    {parameters}
        The text size follows the height of the Axes; all 32 events read well at about
        10 x 9 inches.

    {returns_axes}

    Examples
    --------
    >>> from summitlib.charts import plot_timeline
    >>> plot_timeline(start="2018-07-13", end="2018-07-20").get_title()
    'Timeline of events, in 2018 (summit week shaded)'
    """
    table = _timeline(data, start, end, topics)
    ax = _axes(ax)
    _draw_timeline(ax, table)
    return ax


_PRECISION_MARKERS = {
    "day": {"marker": "o", "facecolor": OKABE_ITO["blue"], "label": "exact day"},
    "month": {"marker": "s", "facecolor": "white", "label": "month only"},
    "year": {"marker": "D", "facecolor": "white", "label": "year only"},
}

_MARKER_WORDS = {"day": "filled circle", "month": "open square", "year": "open diamond"}


def _draw_timeline(ax, table: pd.DataFrame) -> None:
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xticks([])
    ax.set_xlim(0, 1)
    if table.empty:
        ax.set_yticks([])
        ax.text(0.5, 0.5, "No events match these choices.", transform=ax.transAxes,
                ha="center", va="center")
        ax.set_title("Timeline")
        return
    rows, gaps = _rows(table)
    span = rows[-1] + 1.0
    size = float(np.clip(_axes_height_points(ax) / span * 0.68, 5, 9))
    spine_x, text_x = 0.015, 0.035
    chars = max(int((_axes_width_points(ax) * (0.95 - text_x)) / (size * 0.5)), 20)

    when = pd.to_datetime(table["occurred_on"])
    in_week = ((when >= SUMMIT_WEEK[0]) & (when <= SUMMIT_WEEK[1])).to_numpy()
    if in_week.any():
        low, high = rows[in_week].min() - 0.5, rows[in_week].max() + 0.5
        ax.axhspan(low, high, color=OKABE_ITO["yellow"], alpha=0.25, zorder=0, linewidth=0)
        # Upright along a band of several rows; across a band of one or two, where an
        # upright label would run out of the band.
        narrow = high - low < 3
        ax.text(0.995, (low + high) / 2,
                "Summit week 13-20 July 2018" if narrow else "Summit week\n13-20 July 2018",
                rotation=0 if narrow else 90, ha="right", va="center",
                fontsize=size + 0.5, fontweight="bold", transform=ax.get_yaxis_transform(),
                color="#333333")

    transform = ax.get_yaxis_transform()
    for low, high, words in gaps:
        ax.plot([spine_x, spine_x], [low, high], transform=transform, color="#888888",
                linestyle=(0, (2, 2)), linewidth=1.2, zorder=1)
        ax.text(text_x, (low + high) / 2, words, transform=transform, ha="left",
                va="center", fontsize=size - 0.5, style="italic", color="#555555")
    edges = [rows[0]] + [v for low, high, _ in gaps for v in (low, high)] + [rows[-1]]
    for a, b in zip(edges[::2], edges[1::2], strict=True):
        ax.plot([spine_x, spine_x], [a, b], transform=transform, color="#888888",
                linewidth=1.2, zorder=1)

    for precision, marker in _PRECISION_MARKERS.items():
        mask = (table["date_precision"].astype(str) == precision).to_numpy()
        if mask.any():
            ax.scatter(np.full(mask.sum(), spine_x), rows[mask], transform=transform,
                       marker=marker["marker"], s=(size * 0.8) ** 2, facecolors=marker["facecolor"],
                       edgecolors=OKABE_ITO["blue"], linewidths=1.2, zorder=3,
                       gid=f"events_{precision}")
    for y, title in zip(rows, table["title"], strict=True):
        ax.text(text_x, y, textwrap.shorten(str(title), chars, placeholder=" …"),
                transform=transform, ha="left", va="center", fontsize=size)

    # The date says how precisely it is known, so no legend has to cover any event.
    dates = [label if str(precision) == "day" else f"{label} ({precision} only)"
             for label, precision in zip(table["date_label"], table["date_precision"],
                                         strict=True)]
    ax.set_yticks(rows, dates, fontsize=size)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(span - 0.5, -0.7)
    ax.set_ylabel("Date (in event order, not to scale)", fontsize=size + 1)
    first, last = when.iloc[0], when.iloc[-1]
    years = f"in {first:%Y}" if first.year == last.year else f"{first:%Y} to {last:%Y}"
    shaded = " (summit week shaded)" if in_week.any() else ""
    ax.set_title(f"Timeline of events, {years}{shaded}", fontsize=size + 3)


@_validate.public
@_docs.shared
def timeline_html(data=None, *, start=None, end=None, topics=None) -> str:
    """The timeline as an HTML list: what :func:`plot_timeline` draws, as text.

    Quicker to show than a picture, and read by a screen reader as it stands: a list of the
    events in date order, each with its date (saying how precisely it is known) and topic;
    a line between two events more than a year apart says how long passed, and the events
    of the summit week are marked.

    {parameters}

    Returns
    -------
    str
        An HTML fragment (an ordered list).

    Examples
    --------
    >>> from summitlib.charts import timeline_html
    >>> "14 years later" in timeline_html()
    True
    """
    import html

    table = _timeline(data, start, end, topics)
    if table.empty:
        return "<p>No events match these choices.</p>"
    titles = _topic_titles_for(table["topic_id"].astype(str))
    rows, gaps = _rows(table)
    # A gap starts at the row of the event before it.
    gap_after = {low: words for low, _high, words in gaps}
    when = pd.to_datetime(table["occurred_on"])
    in_week = ((when >= SUMMIT_WEEK[0]) & (when <= SUMMIT_WEEK[1])).tolist()
    items = []
    for i, r in enumerate(table.itertuples()):
        date = r.date_label if str(r.date_precision) == "day" else (
            f"{r.date_label} ({r.date_precision} only)")
        week = (' <span style="background:#F0E442;padding:0 4px;border-radius:3px">'
                'summit week</span>' if in_week[i] else "")
        shade = "background:rgba(240,228,66,0.18);" if in_week[i] else ""
        items.append(
            f'<li style="{shade}margin:0;padding:3px 8px;border-left:3px solid #0072B2">'
            f'<b>{html.escape(date)}</b>{week}: {html.escape(str(r.title))} '
            f'<span style="color:#555">[{html.escape(titles[str(r.topic_id)])}]</span></li>')
        if i + 1 < len(table) and rows[i] in gap_after:
            items.append(
                '<li style="margin:0;padding:4px 8px;border-left:3px dashed #888;color:#555;'
                f'font-style:italic">{html.escape(gap_after[rows[i]])}</li>')
    return ('<ol style="list-style:none;padding-left:6px;margin:4px 0">' + "".join(items)
            + "</ol>")
