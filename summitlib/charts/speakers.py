"""Speakers: how many statements each speaker makes on each topic."""

from __future__ import annotations

import numpy as np
import pandas as pd

from summitlib import _columns, _text, _validate
from summitlib.charts import _docs
from summitlib.charts._style import (
    _axes,
    _axes_height_points,
    _axes_width_points,
    _wrap,
)
from summitlib.charts._tables import (
    _people_names,
    _topic_titles_for,
)


def _speakers(data, sources, topics, top) -> pd.DataFrame:
    data = _columns.checked(data, "statements")
    chosen_sources = _validate.some_of("sources", sources, _columns.in_order(data["source_id"]))
    all_topics = _columns.topic_order(data["topic_id"])
    picked = _validate.some_of("topics", topics, all_topics)
    chosen_topics = [t for t in all_topics if picked is None or t in picked]
    top = _validate.whole_number("top", top, minimum=1, what="speakers", none="for all")
    rows = data
    if chosen_sources is not None:
        rows = rows[rows["source_id"].astype(str).isin(chosen_sources)]
    rows = rows[rows["topic_id"].astype(str).isin(chosen_topics)]
    speaker_order = _columns.in_order(data["speaker_id"])
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
@_docs.shared
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
    {type_error}

    Examples
    --------
    >>> from summitlib.charts import table_speakers
    >>> counts = table_speakers(top=2)
    >>> counts.index.tolist()
    ['trump', 'putin']
    """
    return _speakers(data, sources, topics, top)


@_validate.public
@_docs.shared
def describe_speakers(data=None, *, sources=None, topics=None, top=None) -> str:
    """Describe in words the chart of :func:`plot_speakers`.

    {parameters}

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
@_docs.shared
def plot_speakers(data=None, *, sources=None, topics=None, top=None, ax=None):
    """Heatmap of statements per speaker and topic, with the count written in every cell.

    Rows are speakers (most statements first, total in brackets), columns are topics in
    reading order. Darker cells hold more statements, and every cell shows its number, so
    the colour only repeats what the numbers say.

    {parameters}
        About 9 x 7 inches suits every speaker; ``top=10`` fits in 9 x 5.

    {returns_axes}

    Examples
    --------
    >>> from summitlib.charts import plot_speakers
    >>> labels = plot_speakers(top=10).get_yticklabels()
    >>> labels[0].get_text(), labels[1].get_text()
    ('Donald Trump (34)', 'Vladimir Putin (33)')
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
    col_labels = [_wrap(
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
