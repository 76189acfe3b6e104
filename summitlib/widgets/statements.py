"""The statement search: by word, speaker, topic and source (see :func:`filter_statements`)."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from summitlib import _text, _validate
from summitlib.queries import _locator, _short_names, _tables, _topic_titles, filter_statements
from summitlib.widgets._controls import _LABEL_STYLE, ALL, _choice, _unless_all
from summitlib.widgets._shell import Explorer, View, _table_html


def _statements_table(rows, names, titles) -> pd.DataFrame:
    return pd.DataFrame({
        "speaker": [names.get(str(s), str(s)) for s in rows["speaker_id"]],
        "topic": [titles.get(str(t), str(t)) for t in rows["topic_id"]],
        "where": [_locator(row) for row in rows.itertuples(index=False)],
        "kind": rows["statement_kind"].astype(str).tolist(),
        "statement": [
            f"“{q}”" if str(k) == "quote" else p
            for k, q, p in zip(rows["statement_kind"], rows["quote"], rows["paraphrase"],
                               strict=True)
        ],
    }, index=rows.index)


def _statements_view(tables, names, titles, text, speaker, topic, source) -> View:
    rows = filter_statements(tables["statements"], text=text, speaker=_unless_all(speaker),
                             topic=_unless_all(topic), source=_unless_all(source))
    n = len(rows)
    if n == 0:
        # Say what was searched for: after another filter the view is visibly new, and a
        # screen reader hears which choice found nothing.
        asked = [f"the word “{text.strip()}”"] if text and text.strip() else []
        for what, value, label in (("speaker", speaker, names), ("topic", topic, titles),
                                   ("source", source, None)):
            if _unless_all(value) is not None:
                shown_as = _text.source_label(value) if label is None else label.get(value, value)
                asked.append(f"{what} {shown_as}")
        count = (f"No statements match {', '.join(asked) or 'these choices'}. Try a shorter "
                 "word, or set a filter back to “All”.")
    else:
        count = f"{n:,} statement matches" if n == 1 else f"{n:,} statements match"
    shown = _statements_table(rows, names, titles)
    return View(text=count, table=rows,
                table_html=_table_html(shown, max_height="400px",
                                       label="Matching statements (scroll for more)")
                if n else None,
                show_table=bool(n))


@_validate.public
def explore_statements(data=None) -> Explorer:
    """Search the statements by word, speaker, topic and source.

    Parameters
    ----------
    data : DataFrame, dict of str to DataFrame, or None, default=None
        The statements table (or ``{"statements": ..., "people": ..., "topics": ...}``);
        None for the bundled.

    Returns
    -------
    Explorer
        Controls: ``text`` (a Text box), ``speaker``, ``topic``, ``source`` (toggle buttons
        whose first option "All" has the value :data:`ALL`, meaning no filter); the keywords of
        :func:`filter_statements`.
        ``current_table``: the matching rows of the statements table;
        ``current_text``: the count ("12 statements match").

    Examples
    --------
    >>> from summitlib.widgets import explore_statements
    >>> w = explore_statements()
    >>> w.controls["speaker"].value = "putin"
    >>> set(w.current_table["speaker_id"])
    {'putin'}
    """
    tables = _tables(data, "statements", "people", "topics")
    statements = tables["statements"]
    names = _short_names(tables["people"])
    titles = _topic_titles(tables["topics"])
    people = tables["people"]
    full = dict(zip(people["person_id"].astype(str), people["name"].astype(str), strict=True))
    speakers = [s for s in full if s in set(statements["speaker_id"].astype(str))]
    sources = list(pd.unique(statements["source_id"].astype(str)))
    present = set(statements["topic_id"].astype(str))
    controls = {
        "text": widgets.Text(value="", placeholder="a word, e.g. rubbish", description="Word",
                             continuous_update=False, style=_LABEL_STYLE),
        "speaker": _choice([("All", ALL), *[(full[s], s) for s in speakers]], ALL,
                           "Speaker"),
        "topic": _choice([("All", ALL), *[(t, i) for i, t in titles.items() if i in present]],
                         ALL, "Topic"),
        "source": _choice([("All", ALL), *[(_text.source_label(s), s) for s in sources]], ALL,
                          "Source"),
    }
    return Explorer(
        controls,
        lambda **values: _statements_view(tables, names, titles, **values),
        intro="Type a word and press Enter, or pick a speaker, topic or source.",
        layout_rows=[["text", "source"], ["speaker"], ["topic"]],
    )
