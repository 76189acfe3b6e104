"""New START: the forces both countries declared against the treaty's three central limits."""

from __future__ import annotations

import numpy as np
import pandas as pd

from summitlib import _columns, _text, _validate, datasets
from summitlib.charts import _docs
from summitlib.charts._style import (
    _COUNTRY_IN_A_SENTENCE,
    _COUNTRY_SHORT,
    OKABE_ITO,
    _axes,
    _axes_width_points,
    _country_styles,
    _inside,
    _style_bars,
    _thousands,
    _wrap,
)
from summitlib.charts._tables import (
    _dates,
    _limits_binding,
)


def _new_start(data, country, as_of) -> pd.DataFrame:
    data = _columns.checked(data, "new_start_declarations")
    limits = datasets.load_new_start_limits()
    countries = _columns.in_order(data["country"])
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
@_docs.shared
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
    {type_error}

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
@_docs.shared
def describe_new_start(data=None, *, country=None, as_of=None) -> str:
    """Describe in words the New START chart of :func:`plot_new_start`.

    {parameters}

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
    countries = _columns.in_order(table["country"])
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
    for category, by_country in _groups(table):
        parts = []
        for country_name, mine in by_country:
            if len(dates) == 1:
                parts.append(f"{country_name} {_text.number(mine[0].declared_count)}")
            else:
                values = ", ".join(
                    f"{_text.number(r.declared_count)} ({_text.day(r.as_of, short=True)})"
                    for r in mine
                )
                parts.append(f"{country_name} {values}")
        limit = _text.number(by_country[0][1][0].limit_count)
        lines.append(f"{_text.category_label(category)} (limit {limit}): " + "; ".join(parts)
                     + ".")
    over = table[table["headroom"] < 0]
    for r in over.itertuples():
        note = (f" (the limits only became binding on {_text.day(_limits_binding())})"
                if r.as_of < _limits_binding() else "")
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


@_validate.public
@_docs.shared
def plot_new_start(data=None, *, country=None, as_of=None, ax=None):
    """Bar chart of the declared New START forces against the treaty's three limits.

    One group of bars per limit (deployed warheads 1,550; deployed launchers 700; all
    launchers 800), the limit drawn as a dashed line across its group and named above it.
    Inside a group, each country's bars stand side by side in date order; every bar is
    labelled with its number, and the tick label under it names the country and the
    exchange. Russia's bars are hatched, so the countries differ without colour too.

    {parameters}
        All 24 bars need about 9 x 5 inches; one country or one exchange fits in less.

    {returns_axes}

    Examples
    --------
    >>> from summitlib.charts import plot_new_start
    >>> limits = {float(line.get_ydata()[0]) for line in plot_new_start().lines}
    >>> sorted(limits)
    [700.0, 800.0, 1550.0]
    """
    table = _new_start(data, country, as_of)
    ax = _axes(ax)
    _draw_new_start(ax, table)
    return ax


def _draw_new_start(ax, table: pd.DataFrame, fit: tuple[float, bool] | None = None) -> None:
    """Draw the chart of ``table`` on ``ax``. ``fit``: the labels' size in points and
    whether the bars' numbers stand upright (None: what fits these bars, see
    :func:`_label_fit`)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    countries = _columns.in_order(table["country"])
    dates = _dates(table["as_of"])
    style_of = _country_styles(table)
    if table.empty:
        ax.text(0.5, 0.5, "No declarations match these choices.", transform=ax.transAxes,
                ha="center", va="center")
        ax.set_axis_off()
        return

    x, positions, ticks, labels, groups = _bar_places(table)
    bar_points = _axes_width_points(ax) / max(x, 1)
    size, upright = fit or _fitting(bar_points)
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
        heading = _wrap(_text.category_label(category), max(int(room), 12))
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
    binding = (f" (binding from {_text.day(_limits_binding(), short=True)})"
               if min(dates) < _limits_binding() else "")
    handles = [Patch(facecolor=style_of[c]["color"], hatch=style_of[c]["hatch"],
                     edgecolor="#222222" if style_of[c]["hatch"] else style_of[c]["color"],
                     label=c) for c in countries]
    handles.append(Line2D([], [], color=OKABE_ITO["black"], linestyle="--", linewidth=1.6,
                          label=f"Treaty limit{binding}"))
    ax.legend(handles=handles, loc="upper right", fontsize=size + 0.5, framealpha=0.95)


def _bar_places(table: pd.DataFrame):
    """Where the bars of ``table`` stand: (the width they take in bar widths, [(x, row)],
    tick positions, tick labels, [(category, first x, last x, limit)])."""
    countries = _columns.in_order(table["country"])
    dates = _dates(table["as_of"])
    x, positions, ticks, labels, groups = 0.0, [], [], [], []
    for category, by_country in _groups(table):
        start = x
        for country_name, mine in by_country:
            for r in mine:
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
        groups.append((str(category), start, x - 1.5, int(by_country[0][1][0].limit_count)))
        x += 1.0
    return x, positions, ticks, labels, groups


def _groups(table: pd.DataFrame) -> list:
    """The rows of ``table`` by category, then by country, in the order of the categories
    and countries: [(category, [(country, [row, ...]), ...]), ...]. ``table`` is sorted so
    (as :func:`_new_start` leaves it, and any selection of its rows): one pass over its rows,
    which takes a tenth of the time of a pandas groupby per group."""
    from itertools import groupby

    return [(category, [(country, list(mine))
                        for country, mine in groupby(rows, key=lambda r: r.country)])
            for category, rows in groupby(table.itertuples(), key=lambda r: r.category)]


def _label_fit(ax, table: pd.DataFrame) -> tuple[float, bool]:
    """The labels' size in points that gives the bars of ``table`` room on ``ax``, and
    whether the bars' numbers must stand upright to fit."""
    return _fitting(_axes_width_points(ax) / max(_bar_places(table)[0], 1))


def _fitting(bar_points: float) -> tuple[float, bool]:
    # Text sizes follow the room each bar gets, so 24 bars on a small figure stay apart.
    size = float(np.clip(bar_points * 0.55, 5.5, 9))
    return size, 5 * size * 0.5 > bar_points * 0.7


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
    return _update_new_start(ax, _new_start(data, country, as_of))


def _update_new_start(ax, table: pd.DataFrame) -> bool:
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
