"""Coverage: the share of each source's body text given to each topic.

The numbers come from :func:`summitlib.queries.table_coverage` (the explorers use them too, and
the queries import nothing from the charts); this module describes and draws them, and offers
``table_coverage`` beside the other charts' ``table_`` functions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from summitlib import _text, _validate
from summitlib.charts import _docs
from summitlib.charts._style import (
    _axes,
    _axes_height_points,
    _source_styles,
    _style_bars,
    _thousands,
    _wrap,
)
from summitlib.charts._tables import (
    _topic_titles_for,
)
from summitlib.queries import _coverage, table_coverage

__all__ = ["describe_coverage", "plot_coverage", "table_coverage"]


@_validate.public
@_docs.shared
def describe_coverage(data=None, *, sources=None, normalize=True) -> str:
    """Describe in words the coverage chart of :func:`plot_coverage`.

    {parameters}

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
    return _describe_coverage(table, body, normalize)


def _describe_coverage(table: pd.DataFrame, body: pd.DataFrame, normalize: bool) -> str:
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


@_validate.public
@_docs.shared
def plot_coverage(data=None, *, sources=None, normalize=True, ax=None):
    """Horizontal bar chart of each source's share of body words per topic, side by side.

    One row per topic in reading order; one bar per source in each row, labelled with its
    value, so a topic a source leaves out reads "0%". The sources differ in colour and in
    hatching, and the legend gives each source's number of body words.

    {parameters}
        About 8 x 5.5 inches suits two sources.

    {returns_axes}

    Examples
    --------
    >>> from summitlib.charts import plot_coverage
    >>> ax = plot_coverage(sources=["crs", "cgtn"])
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['CRS (1,013 body words)', 'CGTN (1,195 body words)']
    """
    table, body = _coverage(data, sources, normalize)
    ax = _axes(ax)
    _draw_coverage(ax, table, body, normalize)
    return ax


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
    ax.set_yticks(range(n_topics), [_wrap(titles[t], 34) for t in table.index],
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
