"""The source comparison: two sources' topic coverage side by side, and what only one covers."""

from __future__ import annotations

import pandas as pd

from summitlib import _text, _validate
from summitlib.charts import coverage as _coverage_chart
from summitlib.queries import _check_sources, _coverage, _covered_by_one, _tables
from summitlib.widgets._controls import _choice
from summitlib.widgets._shell import Explorer, View, _KeptFigure, _not_empty


def _sources_view(first, second, tables, kept: _KeptFigure) -> View:
    passages = tables["passages"]
    _check_sources(passages, first=first, second=second)
    if first == second:
        label = _text.source_label(first)
        return View(
            text=f"You picked {label} twice. Pick two different sources to compare them "
            "side by side."
        )
    # The coverage is worked out once for the chart, its description and the table.
    shares, body = _coverage(passages, [first, second], True)
    _coverage_chart._draw_coverage(kept.fresh_axes(), shares, body, True)
    # Swapping the two sources changes no label, so the layout stays.
    figure = kept.lay_out(("coverage", tuple(shares.index), frozenset(shares.columns)))
    only = _covered_by_one(first, second, tables, shares)
    lines = []
    for source in (first, second):
        mine = only[only["covered_by"] == source]
        label = _text.source_label(source)
        if len(mine):
            lines.append(f"**Only {label} covers:** " + "; ".join(
                f"{r.title} ({r.share:.1%} of its body words)" for r in mine.itertuples()
            ))
        else:
            lines.append(f"**Only {label} covers:** no topic; everything it covers, the "
                         "other covers too.")
    return View(text="\n".join(lines), table=only, figure=figure,
                description=_coverage_chart._describe_coverage(shares, body, True))


@_validate.public
def explore_sources(data=None) -> Explorer:
    """Pick two sources; see their topic coverage side by side and what only one covers.

    Parameters
    ----------
    data : DataFrame, dict of str to DataFrame, or None, default=None
        The passages table (or ``{"passages": ..., "topics": ...}``); None for the bundled.
        An instructor who adds a third source to the passages can compare any two.

    Returns
    -------
    Explorer
        Controls: ``first`` and ``second`` (toggle buttons of source ids; default the first
        two sources). ``current_figure``: :func:`summitlib.charts.plot_coverage` for the pair;
        ``current_table``: :func:`topics_covered_by_one`.

    Examples
    --------
    >>> from summitlib.widgets import explore_sources
    >>> w = explore_sources()
    >>> w.controls["second"].value = w.controls["first"].value
    >>> "twice" in w.current_text
    True
    """
    tables = _tables(data, "passages", "topics")
    _not_empty(tables["passages"], "passages")
    known = list(pd.unique(tables["passages"]["source_id"].astype(str)))
    options = [(_text.source_label(s), s) for s in known]
    first = _choice(options, known[0], "First source")
    second = _choice(options, known[1] if len(known) > 1 else known[0], "Second source")
    kept, scratch = _KeptFigure(8.0, 5.5), _KeptFigure(8.0, 5.5)  # scratch: for warming up
    return Explorer(
        {"first": first, "second": second},
        lambda first, second: _sources_view(first, second, tables, kept),
        warm_up=lambda first, second: _sources_view(first, second, tables, scratch),
        intro="Pick two sources: how much of each document goes to each topic, and the "
        "topics only one of them covers.",
        layout_rows=[["first", "second"]],
    )
