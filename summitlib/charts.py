"""Charts of the summit data: each answers one question, as a table, a text and a plot.

For every chart NAME there are three functions that take the same arguments:

- ``table_NAME(data=None, *, options) -> DataFrame``: the numbers behind the chart, computed
  without drawing anything (what the tests and the exercises check);
- ``describe_NAME(data=None, *, options) -> str``: a plain-text description of the chart for
  a reader who cannot see it: what kind of chart, its axes, and the key figures;
- ``plot_NAME(data=None, *, options, ax=None) -> Axes``: the chart, drawn on ``ax``.

``data=None`` loads the bundled table (see :mod:`summitlib.datasets`); pass a DataFrame of
the same shape to chart your own copy. When a chart needs a second table (the New START
limits, topic titles, people's names) it loads the bundled one itself.

The plots follow seaborn's conventions: they draw only on the Axes they are given (default:
the current Axes, ``plt.gca()``), return it, never call ``plt.show()`` and never change
matplotlib's global settings. Their colours come from the Okabe-Ito palette, which people
with every common kind of colour blindness can tell apart, and no meaning rests on colour
alone: bars carry hatching and value labels, markers differ in shape.

matplotlib is imported only when a ``plot_*`` function runs, so ``import summitlib.charts``
stays as cheap as importing pandas.

Charts
------
new_start
    Declared New START forces against the treaty's three central limits.
coverage
    The share of each source's body text given to each topic.
timeline
    The events from 1974 to 2023, with the summit week readable.
speakers
    How many statements each speaker makes on each topic.
arsenal
    The United States and Russia against the rest of the world's nuclear warheads.

Examples
--------
>>> from summitlib import charts
>>> charts.table_arsenal()["warhead_count"].tolist()
[6450, 6850, 1165]
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots(figsize=(9, 5))
>>> charts.plot_new_start(ax=ax) is ax
True
>>> plt.close(fig)
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from summitlib import _text, _validate, datasets

__all__ = [
    "HYPOTHETICAL_FORCE",
    "OKABE_ITO",
    "SUMMIT_WEEK",
    "chart_bundle",
    "describe_arsenal",
    "describe_coverage",
    "describe_new_start",
    "describe_speakers",
    "describe_timeline",
    "description_html",
    "plot_arsenal",
    "plot_coverage",
    "plot_new_start",
    "plot_speakers",
    "plot_timeline",
    "show_chart",
    "show_description",
    "table_arsenal",
    "table_coverage",
    "table_new_start",
    "table_speakers",
    "table_timeline",
    "timeline_html",
    "update_new_start",
]

#: The Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), distinguishable with
#: every common colour-vision deficiency.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
}

#: First and last day of the summit week that the timeline spreads out (13-20 July 2018:
#: from the indictment of the Russian intelligence officers to the CRS Insight).
SUMMIT_WEEK = (pd.Timestamp("2018-07-13"), pd.Timestamp("2018-07-20"))

# Each series gets a colour, a hatch and a name in words, so that the hatching and the
# description can say what the colour says.
_STYLES = [
    {"color": OKABE_ITO["blue"], "hatch": "", "words": "plain blue"},
    {"color": OKABE_ITO["vermillion"], "hatch": "///", "words": "hatched orange-red"},
    {"color": OKABE_ITO["bluish green"], "hatch": "...", "words": "dotted green"},
    {"color": OKABE_ITO["reddish purple"], "hatch": "xxx", "words": "cross-hatched purple"},
    {"color": OKABE_ITO["sky blue"], "hatch": "\\\\\\", "words": "hatched sky blue"},
    {"color": OKABE_ITO["orange"], "hatch": "ooo", "words": "circle-hatched orange"},
]
_REST_STYLE = {"color": "#BBBBBB", "hatch": "...", "words": "dotted grey"}

_COUNTRY_SHORT = {"United States": "US"}

#: How a chart of New START declarations names a hypothetical force set next to the real ones
#: (the explorer's "What if" mode): it always has its own style, never a country's.
HYPOTHETICAL_FORCE = "Your force"

# Each country keeps its style whichever others are shown with it, so Russia is hatched
# orange-red on its own, beside the United States, and beside a hypothetical force.
_COUNTRY_STYLES = {"United States": _STYLES[0], "Russia": _STYLES[1],
                   HYPOTHETICAL_FORCE: _STYLES[2]}
_COUNTRY_IN_A_SENTENCE = {"United States": "the United States"}

# New START's central limits became binding on this day (FACTS.md; events.csv
# "new_start_limits_take_effect"); numbers declared before it may exceed them.
_LIMITS_BINDING = pd.Timestamp("2018-02-05")



# --- shared checks and helpers ---------------------------------------------------------------

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


def _axes(ax):
    """The Axes to draw on: ``ax`` once checked, else the current Axes (``plt.gca()``)."""
    from matplotlib.axes import Axes

    if ax is None:
        import matplotlib.pyplot as plt

        return plt.gca()
    if not isinstance(ax, Axes):
        raise _validate.problem(
            TypeError, "ax", "must be a matplotlib Axes (for example from "
            "`fig, ax = plt.subplots()`) or None for the current Axes", type(ax).__name__)
    return ax


def _style_bars(bars, style: dict) -> None:
    for bar in bars:
        bar.set_hatch(style["hatch"])
        bar.set_edgecolor("#222222" if style["hatch"] else style["color"])
        bar.set_linewidth(0.5)
        bar.set_hatch_linewidth(0.6)


def _axes_height_points(ax) -> float:
    """How tall the Axes is on the page, in points (1/72 inch)."""
    return ax.get_position().height * ax.figure.get_figheight() * 72


def _axes_width_points(ax) -> float:
    return ax.get_position().width * ax.figure.get_figwidth() * 72


def _topic_titles() -> dict[str, str]:
    topics = datasets.load_topics()
    return dict(zip(topics["topic_id"].astype(str), topics["title"], strict=True))


def _people_names() -> dict[str, str]:
    people = datasets.load_people()
    return dict(zip(people["person_id"].astype(str), people["name"], strict=True))


# --- 1. New START ----------------------------------------------------------------------------

def _new_start(data, country, as_of) -> pd.DataFrame:
    data = _validate.frame(data, datasets.load_new_start_declarations,
                  ["as_of", "country", "category", "declared_count"])
    limits = datasets.load_new_start_limits()
    countries = _in_order(data["country"])
    country = _validate.one_of("country", country, countries)
    dates = _dates(data["as_of"])
    stamp = _validate.date("as_of", as_of)
    if stamp is not None and stamp not in dates:
        raise _validate.problem(
            ValueError, "as_of", f"must be the date of a data exchange, one of "
            f"{[f'{d:%Y-%m-%d}' for d in dates]}, or None for all of them", repr(as_of))
    limit_of = dict(zip(limits["category"].astype(str), limits["limit_count"], strict=True))
    categories = [c for c in limit_of if c in set(data["category"].astype(str))]
    unknown = sorted(set(data["category"].astype(str)) - set(limit_of))
    if unknown:
        raise _validate.problem(
            ValueError, "data", f"has declarations for {unknown}, which are not New START "
            f"limits", None, f"The 'category' column must hold one of {list(limit_of)}.")
    table = pd.DataFrame({
        "as_of": pd.to_datetime(data["as_of"]).astype("datetime64[ns]"),
        "country": pd.Categorical(data["country"].astype(str), categories=countries,
                                  ordered=True),
        "category": pd.Categorical(data["category"].astype(str), categories=categories,
                                   ordered=True),
        "declared_count": data["declared_count"].astype("int64"),
    })
    if country is not None:
        table = table[table["country"] == country]
    if stamp is not None:
        table = table[table["as_of"] == stamp]
    table = table.assign(limit_count=table["category"].astype(str).map(limit_of).astype("int64"))
    table["headroom"] = table["limit_count"] - table["declared_count"]
    return table.sort_values(["category", "country", "as_of"], kind="stable").reset_index(
        drop=True
    )


@_validate.public
def table_new_start(data=None, *, country=None, as_of=None) -> pd.DataFrame:
    """The declared New START forces next to the treaty's limits, one row per number.

    Parameters
    ----------
    data : pandas.DataFrame or None, default=None
        The declarations, as :func:`summitlib.load_new_start_declarations` returns them;
        None for the bundled table. The limits always come from the bundled
        :func:`summitlib.load_new_start_limits`.
    country : {"United States", "Russia"} or None, default=None
        One country, or None for both.
    as_of : str, datetime.date, pandas.Timestamp or None, default=None
        The date of one data exchange (2017-09-01, 2018-02-05, 2018-09-01 or 2019-03-01),
        or None for all of them.

    Returns
    -------
    pandas.DataFrame
        ``as_of`` (datetime64), ``country`` and ``category`` (ordered categoricals: the
        countries as in the data, the categories in the order of the limits table),
        ``declared_count``, ``limit_count`` and ``headroom`` (limit minus declared, negative
        when a number is over its limit), sorted by category, country and date.

    Raises
    ------
    ValueError
        For a country or a date that is not in the data.
    TypeError
        For a ``data`` that is not a DataFrame, or an option of the wrong type.

    Examples
    --------
    >>> from summitlib.charts import table_new_start
    >>> feb = table_new_start(as_of="2018-02-05")
    >>> feb.loc[feb["category"] == "deployed_warheads", ["country", "declared_count"]]
             country  declared_count
    0  United States            1350
    1         Russia            1444
    >>> table_new_start(country="Russia", as_of="2017-09-01")["headroom"].tolist()
    [-11, 199, 10]
    """
    return _new_start(data, country, as_of)


@_validate.public
def describe_new_start(data=None, *, country=None, as_of=None) -> str:
    """Describe in words the New START chart of :func:`plot_new_start`.

    Parameters
    ----------
    data, country, as_of
        As for :func:`table_new_start`.

    Returns
    -------
    str
        Several lines: the kind of chart and its axes, then for each limit its value and
        every declared number, then which numbers are over or exactly at their limit.

    Examples
    --------
    >>> from summitlib.charts import describe_new_start
    >>> text = describe_new_start(as_of="2018-02-05")
    >>> "United States 1,350" in text and "Russia 1,444" in text and "1,550" in text
    True
    """
    table = _new_start(data, country, as_of)
    return _describe_new_start(table)


def _describe_new_start(table: pd.DataFrame) -> str:
    if table.empty:
        return "Bar chart of New START declarations: no declarations match these choices."
    countries = _in_order(table["country"])
    dates = _dates(table["as_of"])
    date_words = _text.series([_text.day(d) for d in dates])
    exchanges = (f"at the data exchange of {date_words}" if len(dates) == 1
                 else f"at {len(dates)} data exchanges ({date_words})")
    style_of = _country_styles(table)
    styles = [f"{c} {style_of[c]['words']}" for c in countries]
    named = [_COUNTRY_IN_A_SENTENCE.get(c, c) for c in countries]
    lines = [
        f"Grouped bar chart: New START declarations of {_text.series(named)} {exchanges}, "
        f"against the treaty's central limits. One group of bars per limit, with the limit "
        f"drawn as a dashed horizontal line across its group. Vertical axis: declared number "
        f"(warheads or launchers). Bars: {_text.series(styles)}; each bar is labelled with "
        f"its number.",
    ]
    for category, rows in table.groupby("category", observed=True, sort=True):
        parts = []
        for country_name, mine in rows.groupby("country", observed=True, sort=True):
            if len(dates) == 1:
                parts.append(f"{country_name} {_text.number(mine['declared_count'].iloc[0])}")
            else:
                values = ", ".join(
                    f"{_text.number(r.declared_count)} ({_text.short_day(r.as_of)})"
                    for r in mine.itertuples()
                )
                parts.append(f"{country_name} {values}")
        limit = _text.number(rows["limit_count"].iloc[0])
        lines.append(f"{_text.category_label(category)} (limit {limit}): " + "; ".join(parts)
                     + ".")
    over = table[table["headroom"] < 0]
    for r in over.itertuples():
        note = (f" (the limits only became binding on {_text.day(_LIMITS_BINDING)})"
                if r.as_of < _LIMITS_BINDING else "")
        lines.append(
            f"Over its limit: {r.country}, {_text.category_label(r.category, capital=False)} "
            f"on {_text.day(r.as_of)}: {_text.number(r.declared_count)}, "
            f"{_text.number(-r.headroom)} over the limit of {_text.number(r.limit_count)}{note}."
        )
    at = table[table["headroom"] == 0]
    if len(at):
        lines.append("Exactly at the limit: " + "; ".join(
            f"{country_name}, {_text.category_label(category, capital=False)}, on "
            + _text.series([_text.day(d) for d in rows["as_of"]])
            for (category, country_name), rows in at.groupby(["category", "country"],
                                                             observed=True, sort=True)
        ) + ".")
    if over.empty:
        lines.append("No declared number is over its limit.")
    return "\n".join(lines)


def _country_styles(table: pd.DataFrame) -> dict[str, dict]:
    """The style of every country the data knows: fixed for the United States, Russia and a
    hypothetical force; the styles left over, in the data's order, for any other."""
    free = [s for s in _STYLES if s not in _COUNTRY_STYLES.values()]
    others = [c for c in table["country"].cat.categories if c not in _COUNTRY_STYLES]
    return {**_COUNTRY_STYLES,
            **{c: free[i % len(free)] for i, c in enumerate(others)}}


@_validate.public
def plot_new_start(data=None, *, country=None, as_of=None, ax=None):
    """Bar chart of the declared New START forces against the treaty's three limits.

    One group of bars per limit (deployed warheads 1,550; deployed launchers 700; all
    launchers 800), the limit drawn as a dashed line across its group and named above it.
    Inside a group, each country's bars stand side by side in date order; every bar is
    labelled with its number, and the tick label under it names the country and the
    exchange. Russia's bars are hatched, so the countries differ without colour too.

    Parameters
    ----------
    data, country, as_of
        As for :func:`table_new_start`.
    ax : matplotlib.axes.Axes or None, default=None
        The Axes to draw on; None for the current Axes. All 24 bars need about 9 x 5
        inches; one country or one exchange fits in less.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from summitlib.charts import plot_new_start
    >>> fig, ax = plt.subplots(figsize=(9, 5))
    >>> ax = plot_new_start(ax=ax)
    >>> sorted({float(line.get_ydata()[0]) for line in ax.lines})
    [700.0, 800.0, 1550.0]
    >>> plt.close(fig)
    """
    table = _new_start(data, country, as_of)
    ax = _axes(ax)
    _draw_new_start(ax, table)
    return ax


def _draw_new_start(ax, table: pd.DataFrame) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    countries = _in_order(table["country"])
    dates = _dates(table["as_of"])
    style_of = _country_styles(table)
    if table.empty:
        ax.text(0.5, 0.5, "No declarations match these choices.", transform=ax.transAxes,
                ha="center", va="center")
        ax.set_axis_off()
        return

    x, positions, ticks, labels = 0.0, [], [], []
    groups = []
    for category, rows in table.groupby("category", observed=True, sort=True):
        start = x
        for country_name, mine in rows.groupby("country", observed=True, sort=True):
            for r in mine.itertuples():
                positions.append((x, r))
                ticks.append(x)
                parts = []
                if len(countries) > 1 or len(dates) == 1:
                    parts.append(_COUNTRY_SHORT.get(country_name, country_name))
                if len(dates) > 1:
                    parts.append(f"{pd.Timestamp(r.as_of):%b %Y}")
                labels.append(" ".join(parts))
                x += 1
            x += 0.5
        groups.append((str(category), start, x - 1.5, int(rows["limit_count"].iloc[0])))
        x += 1.0

    # Text sizes follow the room each bar gets, so 24 bars on a small figure stay apart.
    bar_points = _axes_width_points(ax) / max(x, 1)
    size = float(np.clip(bar_points * 0.55, 5.5, 9))
    upright = 5 * size * 0.5 > bar_points * 0.7
    drawn = {}
    for country_name in countries:
        mine = [(pos, r) for pos, r in positions if r.country == country_name]
        style = style_of[country_name]
        bars = ax.bar([p for p, _ in mine], [r.declared_count for _, r in mine], width=0.8,
                      color=style["color"], label=country_name, zorder=2)
        _style_bars(bars, style)
        for bar, (pos, r) in zip(bars, mine, strict=True):
            drawn[_bar_key(r)] = bar, _inside(ax.annotate(
                _text.number(r.declared_count), (pos, r.declared_count), xytext=(0, -3),
                textcoords="offset points", ha="center", va="top",
                rotation=90 if upright else 0, fontsize=size, zorder=4,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                      "edgecolor": "none", "alpha": 0.9}))

    headings = {}
    for category, first, last, limit in groups:
        ax.plot([first - 0.55, last + 0.55], [limit, limit], color=OKABE_ITO["black"],
                linestyle="--", linewidth=1.6, zorder=3, gid=f"limit_{category}")
        room = (last - first + 1.4) * bar_points / ((size + 1) * 0.5)
        heading = textwrap.fill(_text.category_label(category), max(int(room), 12))
        # Above the limit line, or above the group's tallest bar when one is over the limit.
        headings[category] = _inside(ax.annotate(
            f"{heading}\nlimit {limit:,}", ((first + last) / 2, _group_top(table, category)),
            xytext=(0, 4), textcoords="offset points", ha="center", va="bottom",
            fontsize=size + 1, fontweight="bold", zorder=4))
    ax._summitlib_new_start_headings = headings

    # What update_new_start needs to change the numbers without drawing the chart again.
    ax._summitlib_new_start = drawn
    top = max(table["declared_count"].max(), table["limit_count"].max())
    ax.set_ylim(0, top * 1.22)
    ax.set_xlim(-0.8, x - 1.7)
    # Tick labels lie flat when they fit under their bar, else they stand upright.
    flat = max(len(label) for label in labels) * size * 0.6 < bar_points * 0.95
    ax.set_xticks(ticks, labels, rotation=0 if flat else 90, fontsize=size)
    ax.tick_params(axis="x", length=0)
    ax.set_ylabel("Declared number (warheads or launchers)")
    ax.yaxis.set_major_formatter(_thousands())
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)

    who = " and ".join(countries) if len(countries) < 3 else "each country"
    when = (f"data exchange of {_text.day(dates[0])}" if len(dates) == 1
            else f"data exchanges {dates[0]:%b %Y} to {dates[-1]:%b %Y}")
    ax.set_title(f"New START: declared forces against the treaty limits\n{who}, {when}",
                 fontsize=size + 2.5)
    binding = (f" (binding from {_text.short_day(_LIMITS_BINDING)})"
               if min(dates) < _LIMITS_BINDING else "")
    handles = [Patch(facecolor=style_of[c]["color"], hatch=style_of[c]["hatch"],
                     edgecolor="#222222" if style_of[c]["hatch"] else style_of[c]["color"],
                     label=c) for c in countries]
    handles.append(Line2D([], [], color=OKABE_ITO["black"], linestyle="--", linewidth=1.6,
                          label=f"Treaty limit{binding}"))
    ax.legend(handles=handles, loc="upper right", fontsize=size + 0.5, framealpha=0.95)


def _inside(text):
    """A text drawn inside the Axes (the y range leaves it room), so the layout engine need
    not measure it: that measuring is most of the time a change of view takes."""
    text.set_in_layout(False)
    return text


def _group_top(table: pd.DataFrame, category: str) -> int:
    rows = table[table["category"].astype(str) == category]
    return int(max(rows["declared_count"].max(), rows["limit_count"].max()))


def _bar_key(row) -> tuple:
    return str(row.category), str(row.country), pd.Timestamp(row.as_of)


@_validate.public
def update_new_start(ax, data=None, *, country=None, as_of=None) -> bool:
    """Change the numbers of a chart that :func:`plot_new_start` drew on ``ax``, in place.

    Quicker than drawing the chart again: the bars' heights, their labels and the vertical
    axis change; titles, limits and layout stay. Only possible when the new numbers have
    the same bars (the same countries, categories and exchanges).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An Axes that :func:`plot_new_start` drew on.
    data, country, as_of
        As for :func:`table_new_start`.

    Returns
    -------
    bool
        True when ``ax`` now shows the new numbers; False (``ax`` unchanged) when they need
        other bars, so the chart must be drawn afresh.
    """
    table = _new_start(data, country, as_of)
    drawn = getattr(ax, "_summitlib_new_start", None)
    if drawn is None or {_bar_key(r) for r in table.itertuples()} != set(drawn):
        return False
    for r in table.itertuples():
        bar, label = drawn[_bar_key(r)]
        bar.set_height(r.declared_count)
        label.xy = (label.xy[0], r.declared_count)
        label.set_text(_text.number(r.declared_count))
    for category, heading in ax._summitlib_new_start_headings.items():
        heading.xy = (heading.xy[0], _group_top(table, category))
    top = max(table["declared_count"].max(), table["limit_count"].max())
    ax.set_ylim(0, top * 1.22)
    return True


def _thousands():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: f"{value:,.0f}")


# --- 2. coverage -----------------------------------------------------------------------------

def _coverage(data, sources, normalize):
    data = _validate.frame(data, datasets.load_passages,
                  ["source_id", "passage_kind", "word_count", "topic_id"])
    known = _in_order(data["source_id"])
    chosen = _validate.some_of("sources", sources, known) or known
    _validate.flag("normalize", normalize, "must be True (shares of each source's body "
                   "words) or False (word counts)")
    topics = _topic_order(data["topic_id"])
    body = data[data["passage_kind"].astype(str) == "paragraph"]
    body = body[body["source_id"].astype(str).isin(chosen)]
    words = (
        body.assign(topic_id=body["topic_id"].astype(str),
                    source_id=body["source_id"].astype(str))
        .groupby(["topic_id", "source_id"])["word_count"].sum()
        .unstack("source_id")
        .reindex(index=topics, columns=chosen)
        .fillna(0)
        .astype("int64")
    )
    words.index.name, words.columns.name = "topic_id", "source_id"
    if not normalize:
        return words, body
    totals = words.sum()
    shares = words.div(totals.where(totals > 0), axis="columns").fillna(0.0)
    return shares, body


@_validate.public
def table_coverage(data=None, *, sources=None, normalize=True) -> pd.DataFrame:
    """How much of each source's body text each topic takes up.

    Only body paragraphs count (``passage_kind == "paragraph"``): headings, photo captions
    and video timestamps do not, so a caption printed twice is never counted at all. Each
    paragraph counts under its main ``topic_id``.

    Parameters
    ----------
    data : pandas.DataFrame or None, default=None
        The passages, as :func:`summitlib.load_passages` returns them; None for the bundled
        table.
    sources : list of str, str or None, default=None
        The ``source_id`` values to compare (e.g. ``["crs", "cgtn"]``), in the order wanted;
        None for every source in the data.
    normalize : bool, default=True
        True for shares (each source's column sums to 1); False for word counts.

    Returns
    -------
    pandas.DataFrame
        One row per topic, every topic in reading order (index ``topic_id``), one column per
        source (columns named ``source_id``). A topic a source leaves out is 0, not missing.

    Raises
    ------
    ValueError
        For a source that is not in the data, or an empty list.
    TypeError
        For a ``data`` that is not a DataFrame, or an option of the wrong type.

    Examples
    --------
    >>> from summitlib.charts import table_coverage
    >>> shares = table_coverage()
    >>> shares.sum().round(6).tolist()
    [1.0, 1.0]
    >>> float(shares.loc["ukraine", "cgtn"])
    0.0
    """
    return _coverage(data, sources, normalize)[0]


@_validate.public
def describe_coverage(data=None, *, sources=None, normalize=True) -> str:
    """Describe in words the coverage chart of :func:`plot_coverage`.

    Parameters
    ----------
    data, sources, normalize
        As for :func:`table_coverage`.

    Returns
    -------
    str
        The kind of chart and its axes; for each source its body words and every topic's
        share (or word count); then the topics each source leaves out.

    Examples
    --------
    >>> from summitlib.charts import describe_coverage
    >>> print(describe_coverage().splitlines()[0][:40])
    Horizontal bar chart: how each source di
    """
    table, body = _coverage(data, sources, normalize)
    titles = _topic_titles_for(table.index)
    words = body.groupby(body["source_id"].astype(str))["word_count"].sum()
    paragraphs = body.groupby(body["source_id"].astype(str)).size()
    sources_ = list(table.columns)
    style_of = _source_styles(sources_)
    styles = [f"{_text.source_label(s)} {style_of[s]['words']}" for s in sources_]
    measure = ("share of the source's body words (per cent)" if normalize
               else "number of body words")
    lines = [
        f"Horizontal bar chart: how each source divides its body text among the "
        f"{len(table)} topics, the sources side by side ({_text.series(styles)}). Vertical "
        f"axis: the topics in reading order; horizontal axis: {measure}. Only body "
        f"paragraphs count, not headings, captions or timestamps; each bar is labelled with "
        f"its value, and a topic a source leaves out shows as 0.",
    ]
    for source in sources_:
        values = "; ".join(
            f"{titles[t]} {_text.percent(v) if normalize else _text.number(v)}"
            for t, v in table[source].items()
        )
        lines.append(
            f"{_text.source_label(source)} ({_text.number(words.get(source, 0))} body words in "
            f"{_text.number(paragraphs.get(source, 0))} paragraphs): {values}."
        )
    for source in sources_:
        left_out = [titles[t] for t, v in table[source].items() if v == 0]
        lines.append(f"{_text.source_label(source)} leaves out: "
                     + ("; ".join(left_out) if left_out else "no topic") + ".")
    return "\n".join(lines)


def _topic_titles_for(topic_ids) -> dict[str, str]:
    titles = _topic_titles()
    return {t: titles.get(t, t) for t in topic_ids}


@_validate.public
def plot_coverage(data=None, *, sources=None, normalize=True, ax=None):
    """Horizontal bar chart of each source's share of body words per topic, side by side.

    One row per topic in reading order; one bar per source in each row, labelled with its
    value, so a topic a source leaves out reads "0%". The sources differ in colour and in
    hatching, and the legend gives each source's number of body words.

    Parameters
    ----------
    data, sources, normalize
        As for :func:`table_coverage`.
    ax : matplotlib.axes.Axes or None, default=None
        The Axes to draw on; None for the current Axes. About 8 x 5.5 inches suits two
        sources.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from summitlib.charts import plot_coverage
    >>> fig, ax = plt.subplots(figsize=(8, 5.5))
    >>> plot_coverage(sources=["crs", "cgtn"], ax=ax) is ax
    True
    >>> plt.close(fig)
    """
    table, body = _coverage(data, sources, normalize)
    ax = _axes(ax)
    _draw_coverage(ax, table, body, normalize)
    return ax


# The two bundled sources keep their style in whichever order they are compared.
_SOURCE_STYLES = {"crs": _STYLES[0], "cgtn": _STYLES[1]}


def _source_styles(sources) -> dict[str, dict]:
    free = [s for s in _STYLES if s not in _SOURCE_STYLES.values()]
    others = [s for s in sources if s not in _SOURCE_STYLES]
    return {**_SOURCE_STYLES, **{s: free[i % len(free)] for i, s in enumerate(others)}}


def _draw_coverage(ax, table, body, normalize) -> None:
    from matplotlib.ticker import PercentFormatter

    titles = _topic_titles_for(table.index)
    sources = list(table.columns)
    words = body.groupby(body["source_id"].astype(str))["word_count"].sum()
    n_topics, n_sources = len(table), max(len(sources), 1)
    height = 0.8 / n_sources
    row_points = _axes_height_points(ax) / max(n_topics * n_sources + n_topics * 0.2, 1)
    size = float(np.clip(row_points * 0.8, 5.5, 8.5))
    top = float(table.to_numpy().max()) if table.size else 0.0
    style_of = _source_styles(sources)
    for i, source in enumerate(sources):
        style = style_of[source]
        y = np.arange(n_topics) - 0.4 + height * (i + 0.5)
        values = table[source].to_numpy()
        label = f"{_text.source_label(source)} ({_text.number(words.get(source, 0))} body words)"
        bars = ax.barh(y, values, height=height * 0.92, color=style["color"], label=label,
                       zorder=2)
        _style_bars(bars, style)
        texts = [_text.percent(v) if normalize else _text.number(v) for v in values]
        # Inside the Axes (its x range leaves them room): no need to lay them out.
        for text in ax.bar_label(bars, labels=texts, padding=2, fontsize=size):
            text.set_in_layout(False)
    ax.set_yticks(range(n_topics), [textwrap.fill(titles[t], 34) for t in table.index],
                  fontsize=size + 0.5)
    ax.set_ylim(n_topics - 0.5, -0.5)
    ax.set_xlim(0, (top or 1) * 1.18)
    if normalize:
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_xlabel("Share of the source's body words (%)")
        ax.set_title("Topic coverage: share of each source's body text per topic")
    else:
        ax.xaxis.set_major_formatter(_thousands())
        ax.set_xlabel("Body words (count)")
        ax.set_title("Topic coverage: body words each source gives each topic")
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    # Above the bars, under the title: inside the Axes a legend can hide a value label.
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=n_sources, frameon=False,
              fontsize=size + 0.5, borderaxespad=0.2)
    ax.set_title(ax.get_title(), pad=2.4 * (size + 0.5) + 4)


# --- 3. timeline -----------------------------------------------------------------------------

def _timeline(data, start, end, topics) -> pd.DataFrame:
    data = _validate.frame(data, datasets.load_events,
                  ["occurred_on", "date_precision", "topic_id", "title"])
    first, last = _validate.date("start", start), _validate.date("end", end)
    if first is not None and last is not None and first > last:
        raise _validate.problem(
            ValueError, "start", f"must be on or before its 'end' parameter ({last:%Y-%m-%d})",
            f"'{first:%Y-%m-%d}'", "Swap them, or pass None for an open end.")
    chosen = _validate.some_of("topics", topics, _topic_order(data["topic_id"]))
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
    TypeError
        For a ``data`` that is not a DataFrame, or an option of the wrong type.

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
def describe_timeline(data=None, *, start=None, end=None, topics=None) -> str:
    """Describe in words the timeline of :func:`plot_timeline`.

    Parameters
    ----------
    data, start, end, topics
        As for :func:`table_timeline`.

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

    Parameters
    ----------
    data, start, end, topics
        As for :func:`table_timeline`.
    ax : matplotlib.axes.Axes or None, default=None
        The Axes to draw on; None for the current Axes. The text size follows the height of
        the Axes; all 32 events read well at about 10 x 9 inches.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from summitlib.charts import plot_timeline
    >>> fig, ax = plt.subplots(figsize=(10, 9))
    >>> plot_timeline(ax=ax) is ax
    True
    >>> plt.close(fig)
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
def timeline_html(data=None, *, start=None, end=None, topics=None) -> str:
    """The timeline as an HTML list: what :func:`plot_timeline` draws, as text.

    Quicker to show than a picture, and read by a screen reader as it stands: a list of the
    events in date order, each with its date (saying how precisely it is known) and topic;
    a line between two events more than a year apart says how long passed, and the events
    of the summit week are marked.

    Parameters
    ----------
    data, start, end, topics
        As for :func:`table_timeline`.

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


# --- 4. speakers -----------------------------------------------------------------------------

def _speakers(data, sources, topics, top) -> pd.DataFrame:
    data = _validate.frame(data, datasets.load_statements, ["source_id", "speaker_id", "topic_id"])
    chosen_sources = _validate.some_of("sources", sources, _in_order(data["source_id"]))
    all_topics = _topic_order(data["topic_id"])
    picked = _validate.some_of("topics", topics, all_topics)
    chosen_topics = [t for t in all_topics if picked is None or t in picked]
    top = _validate.whole_number("top", top, minimum=1, what="speakers", none="for all")
    rows = data
    if chosen_sources is not None:
        rows = rows[rows["source_id"].astype(str).isin(chosen_sources)]
    rows = rows[rows["topic_id"].astype(str).isin(chosen_topics)]
    speaker_order = _in_order(data["speaker_id"])
    counts = (
        pd.crosstab(rows["speaker_id"].astype(str), rows["topic_id"].astype(str))
        .reindex(columns=chosen_topics, fill_value=0)
        .astype("int64")
    )
    # Ties keep the people table's order (Trump and Putin first), so the order is stable.
    rank = pd.DataFrame({"total": counts.sum(axis=1),
                         "order": [speaker_order.index(s) for s in counts.index]},
                        index=counts.index)
    counts = counts.loc[rank.sort_values(["total", "order"], ascending=[False, True]).index]
    all_by_topic = counts.sum(axis=0)
    if top is not None:
        counts = counts.head(int(top))
    counts.index.name, counts.columns.name = "speaker_id", "topic_id"
    # What top= leaves out, so that a topic only the hidden speakers talk about never reads as
    # a topic nobody talks about.
    counts.attrs["all_by_topic"] = {str(t): int(n) for t, n in all_by_topic.items()}
    return counts


def _hidden_by_topic(counts: pd.DataFrame) -> dict[str, int]:
    """Statements per topic by the speakers that ``top=`` left out (only topics with some)."""
    every = counts.attrs.get("all_by_topic", {})
    hidden = {t: every.get(t, 0) - int(counts[t].sum()) for t in counts.columns}
    return {t: n for t, n in hidden.items() if n > 0}


@_validate.public
def table_speakers(data=None, *, sources=None, topics=None, top=None) -> pd.DataFrame:
    """How many statements each speaker makes on each topic.

    Parameters
    ----------
    data : pandas.DataFrame or None, default=None
        The statements, as :func:`summitlib.load_statements` returns them; None for the
        bundled table.
    sources : list of str, str or None, default=None
        ``source_id`` values whose statements count; None for all sources.
    topics : list of str, str or None, default=None
        ``topic_id`` values to show; None for every topic.
    top : int or None, default=None
        Keep only this many speakers, those with the most statements; None keeps all.

    Returns
    -------
    pandas.DataFrame
        One row per speaker who makes at least one of the counted statements (index
        ``speaker_id``), most statements first, ties in the people table's order; one
        column per topic in reading order (columns named ``topic_id``), including topics
        nobody speaks on; each cell a number of statements.

    Raises
    ------
    ValueError
        For an unknown source or topic, or a ``top`` below 1.
    TypeError
        For a ``data`` that is not a DataFrame, or an option of the wrong type.

    Examples
    --------
    >>> from summitlib.charts import table_speakers
    >>> counts = table_speakers(top=2)
    >>> counts.index.tolist()
    ['trump', 'putin']
    """
    return _speakers(data, sources, topics, top)


@_validate.public
def describe_speakers(data=None, *, sources=None, topics=None, top=None) -> str:
    """Describe in words the chart of :func:`plot_speakers`.

    Parameters
    ----------
    data, sources, topics, top
        As for :func:`table_speakers`.

    Returns
    -------
    str
        The kind of chart and its axes, then for each speaker the number of statements and
        the topics they are on.

    Examples
    --------
    >>> from summitlib.charts import describe_speakers
    >>> describe_speakers(top=1).splitlines()[1].startswith("Donald Trump:")
    True
    """
    counts = _speakers(data, sources, topics, top)
    if counts.empty:
        return "Table of statements per speaker and topic: no statements match these choices."
    names, titles = _people_names(), _topic_titles_for(counts.columns)
    which = "all sources" if sources is None else "sources " + ", ".join(
        _text.source_label(s) for s in ([sources] if isinstance(sources, str) else sources))
    lines = [
        f"Heatmap, a table of counts: {int(counts.to_numpy().sum())} statements by "
        f"{_text.count(len(counts), 'speaker')} on {_text.count(len(counts.columns), 'topic')} "
        f"({which}). Rows: speakers, "
        f"most statements first, with their total in brackets; columns: topics in reading "
        f"order; each cell gives the number of statements and is darker the more there are.",
    ]
    for speaker, row in counts.iterrows():
        on = "; ".join(f"{titles[t]} {n}" for t, n in row.items() if n)
        total = int(row.sum())
        lines.append(f"{names.get(speaker, speaker)}: {total} "
                     f"{'statement' if total == 1 else 'statements'} ({on}).")
    hidden = _hidden_by_topic(counts)
    if hidden:
        lines.append(
            f"Only the {len(counts)} speakers with the most statements are shown; the others "
            f"make {sum(hidden.values())} more ("
            + "; ".join(f"{titles[t]} {n}" for t, n in hidden.items()) + ").")
    silent = [titles[t] for t in counts.columns if counts[t].sum() == 0]
    nobody = [titles[t] for t in counts.columns if counts[t].sum() == 0 and t not in hidden]
    if nobody:
        lines.append("No statements on: " + "; ".join(nobody) + ".")
    if len(silent) > len(nobody):
        lines.append("None of the speakers shown speaks on: "
                     + "; ".join(t for t in silent if t not in nobody) + ".")
    return "\n".join(lines)


@_validate.public
def plot_speakers(data=None, *, sources=None, topics=None, top=None, ax=None):
    """Heatmap of statements per speaker and topic, with the count written in every cell.

    Rows are speakers (most statements first, total in brackets), columns are topics in
    reading order. Darker cells hold more statements, and every cell shows its number, so
    the colour only repeats what the numbers say.

    Parameters
    ----------
    data, sources, topics, top
        As for :func:`table_speakers`.
    ax : matplotlib.axes.Axes or None, default=None
        The Axes to draw on; None for the current Axes. About 9 x 7 inches suits every
        speaker; ``top=10`` fits in 9 x 5.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from summitlib.charts import plot_speakers
    >>> fig, ax = plt.subplots(figsize=(9, 5))
    >>> plot_speakers(top=10, ax=ax) is ax
    True
    >>> plt.close(fig)
    """
    counts = _speakers(data, sources, topics, top)
    ax = _axes(ax)
    _draw_speakers(ax, counts)
    return ax


def _draw_speakers(ax, counts: pd.DataFrame) -> None:
    if counts.empty:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No statements match these choices.", transform=ax.transAxes,
                ha="center", va="center")
        return
    import matplotlib as mpl

    names, titles = _people_names(), _topic_titles_for(counts.columns)
    values = counts.to_numpy()
    n_rows, n_cols = values.shape
    cell = min(_axes_height_points(ax) / n_rows, _axes_width_points(ax) / n_cols)
    size = float(np.clip(cell * 0.45, 5.5, 9))
    cmap = mpl.colormaps["Blues"]
    peak = max(int(values.max()), 1)
    ax.imshow(values, cmap=cmap, vmin=0, vmax=peak * 1.15, aspect="auto")
    for i in range(n_rows):
        for j in range(n_cols):
            n = int(values[i, j])
            dark = n / (peak * 1.15) > 0.55
            ax.text(j, i, str(n), ha="center", va="center", fontsize=size,
                    color="white" if dark else ("#222222" if n else "#AAAAAA"),
                    fontweight="bold" if n else "normal")
    row_labels = [f"{names.get(s, s)} ({int(values[i].sum())})"
                  for i, s in enumerate(counts.index)]
    hidden = _hidden_by_topic(counts)
    # With top=, a column that the hidden speakers add to says so: "(0 of 1)", never "(0)".
    col_labels = [textwrap.fill(
        f"{titles[t]} ({int(counts[t].sum())}"
        + (f" of {int(counts[t].sum()) + hidden[t]})" if t in hidden else ")"), 18)
        for t in counts.columns]
    ax.set_yticks(range(n_rows), row_labels, fontsize=size + 0.5)
    ax.set_xticks(range(n_cols), col_labels, fontsize=size, rotation=90)
    ax.tick_params(length=0)
    # White lines between the cells; lines are much cheaper to draw than minor ticks.
    ax.hlines(np.arange(n_rows + 1) - 0.5, -0.5, n_cols - 0.5, color="white", linewidth=1.5)
    ax.vlines(np.arange(n_cols + 1) - 0.5, -0.5, n_rows - 0.5, color="white", linewidth=1.5)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_xlabel("Topic (statements by the speakers shown of all statements)" if hidden
                  else "Topic (total statements)")
    ax.set_ylabel("Speaker (total statements)")
    ax.set_title("Who speaks on what: number of statements per speaker and topic",
                 fontsize=size + 3)


# --- 5. arsenal ------------------------------------------------------------------------------

_HOLDERS = ["United States", "Russia"]
_ARSENAL_STYLES = [_STYLES[0], _STYLES[1], _REST_STYLE]


def _arsenal(data) -> pd.DataFrame:
    data = _validate.frame(data, datasets.load_nuclear_arsenals,
                  ["holder", "warhead_count", "as_of"])
    holders = data["holder"].astype(str)
    needed = [*_HOLDERS, "World"]
    complete = [d for d, rows in data.groupby(pd.to_datetime(data["as_of"]))
                if set(needed) <= set(holders[rows.index])]
    if not complete:
        raise _validate.problem(
            ValueError, "data", f"needs a row for each of {needed} with the same 'as_of' date",
            f"the holders {sorted(set(holders))}")
    day = max(complete)
    rows = data[pd.to_datetime(data["as_of"]) == day]
    count = dict(zip(rows["holder"].astype(str), rows["warhead_count"].astype("int64"),
                     strict=False))
    rest = count["World"] - count["United States"] - count["Russia"]
    if rest < 0:
        raise _validate.problem(
            ValueError, "data", f"gives the world fewer warheads ({count['World']:,}) than "
            f"the United States and Russia together "
            f"({count['United States'] + count['Russia']:,}) on {day:%Y-%m-%d}", None,
            "Check the 'warhead_count' column.")
    holder = [*_HOLDERS, "Rest of the world"]
    warheads = [count["United States"], count["Russia"], rest]
    return pd.DataFrame({
        "holder": pd.Categorical(holder, categories=holder, ordered=True),
        "warhead_count": pd.Series(warheads, dtype="int64"),
        "share": pd.Series(warheads, dtype="float64") / count["World"],
        "as_of": pd.Series([day] * 3, dtype="datetime64[ns]"),
    })


@_validate.public
def table_arsenal(data=None) -> pd.DataFrame:
    """The world's nuclear warheads: the United States, Russia and everyone else.

    Parameters
    ----------
    data : pandas.DataFrame or None, default=None
        The estimates, as :func:`summitlib.load_nuclear_arsenals` returns them (rows for
        the United States, Russia and the World); None for the bundled table (SIPRI, start
        of 2018). With several dates, the latest date that has all three rows is used.

    Returns
    -------
    pandas.DataFrame
        Three rows (United States, Russia, Rest of the world) with ``holder``,
        ``warhead_count``, ``share`` (of the world total; the three add up to 1) and
        ``as_of``. The rest of the world is the world total minus the two.

    Raises
    ------
    ValueError
        When a row is missing, or the world total is below the two countries' sum.
    TypeError
        For a ``data`` that is not a DataFrame.

    Examples
    --------
    >>> from summitlib.charts import table_arsenal
    >>> table = table_arsenal()
    >>> table["warhead_count"].tolist()
    [6450, 6850, 1165]
    >>> round(float(table["share"].iloc[:2].sum()), 3)
    0.919
    """
    return _arsenal(data)


@_validate.public
def describe_arsenal(data=None) -> str:
    """Describe in words the chart of :func:`plot_arsenal`.

    Parameters
    ----------
    data
        As for :func:`table_arsenal`.

    Returns
    -------
    str
        The kind of chart, each part with its number and share, and the two countries'
        share together.

    Examples
    --------
    >>> from summitlib.charts import describe_arsenal
    >>> "13,300 of 14,465 (91.9%)" in describe_arsenal()
    True
    """
    table = _arsenal(data)
    world = int(table["warhead_count"].sum())
    parts = [f"{r.holder} {_text.number(r.warhead_count)} ({_text.percent(r.share)}, "
             f"{style['words']})"
             for r, style in zip(table.itertuples(), _ARSENAL_STYLES, strict=True)]
    both = int(table["warhead_count"].iloc[:2].sum())
    return "\n".join([
        f"Stacked horizontal bar: the world's estimated {_text.number(world)} nuclear warheads "
        f"{_text.when(table['as_of'].iloc[0])}, split into {_text.series(parts)}. Horizontal "
        f"axis: number of warheads; each part is labelled with its number and share.",
        f"The United States and Russia together hold {_text.number(both)} of {_text.number(world)} "
        f"({_text.percent(both / world)}), about {round(both / world * 100)} in every 100 "
        f"warheads.",
    ])


@_validate.public
def plot_arsenal(data=None, *, ax=None):
    """One stacked bar: the United States and Russia against the rest of the world.

    The bar is the world's nuclear warheads; its parts are the United States (plain),
    Russia (hatched) and the rest of the world (dotted grey), each labelled with its number
    and share, with a bracket over the two countries' part giving their share together.

    Parameters
    ----------
    data
        As for :func:`table_arsenal`.
    ax : matplotlib.axes.Axes or None, default=None
        The Axes to draw on; None for the current Axes. About 9 x 3 inches suits it.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from summitlib.charts import plot_arsenal
    >>> fig, ax = plt.subplots(figsize=(9, 3))
    >>> [float(p.get_width()) for p in plot_arsenal(ax=ax).patches]
    [6450.0, 6850.0, 1165.0]
    >>> plt.close(fig)
    """
    table = _arsenal(data)
    ax = _axes(ax)
    _draw_arsenal(ax, table)
    return ax


def _draw_arsenal(ax, table: pd.DataFrame) -> None:
    world = int(table["warhead_count"].sum())
    left = 0
    for r, style in zip(table.itertuples(), _ARSENAL_STYLES, strict=True):
        bars = ax.barh([0], [r.warhead_count], left=left, height=0.5, color=style["color"],
                       label=str(r.holder), zorder=2)
        _style_bars(bars, style)
        text = f"{r.holder}\n{_text.number(r.warhead_count)} ({_text.percent(r.share)})"
        middle = left + r.warhead_count / 2
        if r.share > 0.2:
            ax.text(middle, 0, text, ha="center", va="center", fontsize=10, zorder=4,
                    bbox={"boxstyle": "round,pad=0.3", "facecolor": "white",
                          "edgecolor": "none", "alpha": 0.92})
        else:
            # A narrow part is labelled below the bar, kept inside the Axes on the right.
            ax.annotate(text, (middle, -0.25), xytext=(min(middle, world * 0.99), -0.5),
                        ha="center" if middle < world * 0.9 else "right", va="top",
                        fontsize=10, arrowprops={"arrowstyle": "-", "color": "#444444"})
        left += r.warhead_count
    both = int(table["warhead_count"].iloc[:2].sum())
    ax.plot([0, 0, both, both], [0.31, 0.36, 0.36, 0.31], color="#222222", linewidth=1.2)
    ax.text(both / 2, 0.39, f"United States and Russia together: {_text.number(both)} "
            f"({_text.percent(both / world)})", ha="center", va="bottom", fontsize=10.5,
            fontweight="bold")
    ax.set_xlim(0, world * 1.01)
    ax.set_ylim(-0.85, 0.62)
    ax.set_yticks([])
    ax.xaxis.set_major_formatter(_thousands())
    ax.set_xlabel("Nuclear warheads (estimated total inventory)")
    ax.set_title(f"The world's {_text.number(world)} nuclear warheads, "
                 f"{_text.when(table['as_of'].iloc[0])} (SIPRI estimates)")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


# --- showing a chart with its text alternative -----------------------------------------------

def description_html(text: str) -> str:
    """A ``describe_*`` text as HTML: a paragraph per line, ``- `` lines as a list.

    Shown as HTML rather than printed, the text wraps between words at any width (JupyterLab
    breaks long printed lines anywhere, even inside a word).

    Examples
    --------
    >>> from summitlib.charts import description_html
    >>> description_html("Two events.\\n- 2014: one\\n- 2018: two")
    '<p>Two events.</p>\\n<ul><li>2014: one</li><li>2018: two</li></ul>'
    """
    import html

    parts, items = [], []
    for line in text.splitlines():
        if line.startswith("- "):
            items.append(f"<li>{html.escape(line[2:], quote=False)}</li>")
            continue
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if line.strip():
            parts.append(f"<p>{html.escape(line, quote=False)}</p>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "\n".join(parts)


def _png_size(png: bytes) -> tuple[int, int]:
    # Width and height are the first two fields of the IHDR chunk, which every PNG opens with.
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def chart_bundle(figure, description: str, *, tight: bool = False) -> dict:
    """The output message that shows ``figure`` with ``description`` as its text alternative.

    The PNG goes out twice over: as HTML, ``<img alt="description">``, which JupyterLab and
    Voila prefer and which is how a screen reader reaches the description (JupyterLab's own
    image renderer leaves out an image's ``alt``); and as ``image/png`` with ``alt`` in its
    metadata, which nbconvert's HTML export writes into the page.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
    description : str
        The chart in words, usually the ``describe_*`` text of the same chart.
    tight : bool, default=False
        Crop the picture to what is drawn (for figures laid out by hand, as
        ``plt.subplots()`` makes them); a figure with a layout engine needs no cropping and
        is drawn once instead of twice.

    Returns
    -------
    dict
        A Jupyter ``display_data`` message: ``output_type``, ``data``, ``metadata``.
    """
    import base64
    import html
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not isinstance(description, str) or not description.strip():
        raise ValueError(
            "description must be the chart in words (for example the describe_* text of the "
            f"same chart); got {description!r}. Pass a non-empty text.")
    buffer = io.BytesIO()
    if tight:
        figure.savefig(buffer, format="png", bbox_inches="tight")
    else:
        # The Agg canvas draws once, laying out as it draws; savefig() would draw twice.
        FigureCanvasAgg(figure).print_png(buffer)
    png = buffer.getvalue()
    width, height = _png_size(png)
    encoded = base64.b64encode(png).decode("ascii")
    image = (f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(description)}" '
             f'width="{width}" height="{height}" style="max-width:100%;height:auto">')
    return {
        "output_type": "display_data",
        "data": {"text/html": image, "image/png": encoded,
                 "text/plain": description.split("\n", 1)[0]},
        "metadata": {"image/png": {"width": width, "height": height, "alt": description}},
    }


def show_description(description: str) -> None:
    """Show a ``describe_*`` text in the notebook, wrapped between words.

    ``print()`` would do, but JupyterLab breaks a long printed line anywhere, even inside a
    word ("C GTN"); shown as HTML, the text wraps between words at any width.

    Parameters
    ----------
    description : str
        The text, for example ``describe_coverage()``.
    """
    import textwrap

    from IPython.display import display

    plain = "\n".join(textwrap.fill(line, 88, subsequent_indent="  " if line[:2] == "- "
                                    else "") for line in description.splitlines())
    display({"text/html": description_html(description), "text/plain": plain}, raw=True)


def show_chart(chart, description: str, *, text: bool = True) -> None:
    """Show a chart in the notebook with its description, which screen readers reach too.

    Use it in place of ``plt.show()`` followed by ``print(describe_...(...))``: the image
    carries the description as its alternative text, and the description follows it as
    text that wraps between words.

    Parameters
    ----------
    chart : matplotlib.figure.Figure or matplotlib.axes.Axes
        The chart (an Axes stands for its figure).
    description : str
        The chart in words: the ``describe_*`` text for the same options.
    text : bool, default=True
        Also show the description under the chart (False when a later cell shows it with
        :func:`show_description`).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from summitlib.charts import describe_arsenal, plot_arsenal, show_chart
    >>> fig, ax = plt.subplots(figsize=(9, 3))
    >>> show_chart(plot_arsenal(ax=ax), describe_arsenal())  # doctest: +SKIP
    """
    import sys

    from IPython.display import display
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    figure = chart.figure if isinstance(chart, Axes) else chart
    if not isinstance(figure, Figure):
        raise TypeError(
            "show_chart needs the chart's Figure or Axes (for example ax from "
            f"`fig, ax = plt.subplots()`); got {type(chart).__name__}.")
    bundle = chart_bundle(figure, description, tight=figure.get_layout_engine() is None)
    display(bundle["data"], metadata=bundle["metadata"], raw=True)
    if text:
        show_description(description)
    # Shown once: pyplot would otherwise show the figure again, without its description, at
    # the end of the cell.
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close(figure)
