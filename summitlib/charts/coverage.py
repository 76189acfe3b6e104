"""Coverage: the share of each source's body text given to each topic."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from summitlib import _text, _validate, datasets
from summitlib.charts import _docs
from summitlib.charts._style import (
    _axes,
    _axes_height_points,
    _source_styles,
    _style_bars,
    _thousands,
)
from summitlib.charts._tables import (
    _in_order,
    _topic_order,
    _topic_titles_for,
)


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
@_docs.shared
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
    {type_error}

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
