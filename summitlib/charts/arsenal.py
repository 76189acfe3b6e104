"""The arsenal: the United States and Russia against the rest of the world's nuclear warheads."""

from __future__ import annotations

import pandas as pd

from summitlib import _columns, _text, _validate
from summitlib.charts import _docs
from summitlib.charts._style import (
    _REST_STYLE,
    _STYLES,
    _axes,
    _style_bars,
    _thousands,
)

_HOLDERS = ["United States", "Russia"]

_ARSENAL_STYLES = [_STYLES[0], _STYLES[1], _REST_STYLE]


def _arsenal(data) -> pd.DataFrame:
    data = _columns.checked(data, "nuclear_arsenals")
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
@_docs.shared
def describe_arsenal(data=None) -> str:
    """Describe in words the chart of :func:`plot_arsenal`.

    {parameters}

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
@_docs.shared
def plot_arsenal(data=None, *, ax=None):
    """One stacked bar: the United States and Russia against the rest of the world.

    The bar is the world's nuclear warheads; its parts are the United States (plain),
    Russia (hatched) and the rest of the world (dotted grey), each labelled with its number
    and share, with a bracket over the two countries' part giving their share together.

    {parameters}
        About 9 x 3 inches suits it.

    {returns_axes}

    Examples
    --------
    >>> from summitlib.charts import plot_arsenal
    >>> [float(bar.get_width()) for bar in plot_arsenal().patches]
    [6450.0, 6850.0, 1165.0]
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
