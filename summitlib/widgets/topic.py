"""The topic explorer: pick a topic; see its summary, what each president said, its coverage."""

from __future__ import annotations

from summitlib import _text, _validate
from summitlib.queries import (
    PRESIDENTS,
    _coverage_tables,
    _short_names,
    _tables,
    _topic_coverage,
    _topic_titles,
    format_statement,
)
from summitlib.widgets._controls import _choice
from summitlib.widgets._shell import Explorer, View


@_validate.public
def topic_view(topic_id: str, data=None) -> View:
    """Everything the topic explorer shows for one topic.

    Parameters
    ----------
    topic_id : str
        One of ``load_topics()["topic_id"]``.
    data : dict of str to DataFrame, DataFrame or None, default=None
        Tables to use instead of the bundled ones: ``statements`` (the default for a bare
        DataFrame), ``topics``, ``people``, ``passages``.

    Returns
    -------
    View
        ``text``: summary, discussion status, what each president said (quotes with source
        and paragraph, paraphrases marked), others quoted, coverage; ``table``: the coverage
        per source (body paragraphs, words, share of the source's body words).

    Examples
    --------
    >>> from summitlib.widgets.topic import topic_view
    >>> "peace and reconciliation" in topic_view("syria").text
    True
    """
    tables = _tables(data, "statements", "topics", "people", "passages")
    return _topic_view(topic_id, tables, _coverage_tables(tables["passages"]))


def _topic_view(topic_id, tables, coverage) -> View:
    topics, statements = tables["topics"], tables["statements"]
    titles = _topic_titles(topics)
    _validate.one_of("topic_id", topic_id, list(titles), none=None)
    topic = topics[topics["topic_id"].astype(str) == topic_id].iloc[0]
    names = _short_names(tables["people"])
    said = statements[statements["topic_id"].astype(str) == topic_id]
    said = said.sort_values(["source_id", "paragraph"], kind="stable")
    lines = [
        f"# {topic['title']}",
        "",
        str(topic["summary"]),
        "",
        f"**Discussion at the summit:** {topic['discussion_status']}. "
        f"{topic['discussion_note']}",
        "",
        "## What the presidents said",
    ]
    presidents = [p for p in PRESIDENTS if p in names]
    shown = False
    for person in presidents:
        for row in said[said["speaker_id"].astype(str) == person].itertuples(index=False):
            lines.append("- " + format_statement(row, names[person]))
            shown = True
    if not shown:
        lines.append("Neither president is reported speaking on this topic in the sources.")
    others = said[~said["speaker_id"].astype(str).isin(presidents)]
    if len(others):
        lines += ["", "## Others on this topic"]
        lines += [
            "- " + format_statement(row, names.get(str(row.speaker_id), str(row.speaker_id)))
            for row in others.itertuples(index=False)
        ]
    table = _topic_coverage(topic_id, tables["passages"], coverage)
    covering = table.loc[table["share_of_body_words"] > 0, "source"].tolist()
    silent = table.loc[table["share_of_body_words"] == 0, "source"].tolist()
    lines += ["", "## Coverage"]
    lines.append(
        "Covered by " + (", ".join(covering) if covering else "neither source")
        + (f"; not covered by {', '.join(silent)}." if silent else ".")
    )
    for row in table.itertuples(index=False):
        lines.append(
            f"- {row.source}: {row.share_of_body_words:.1%} of its body words "
            f"({_text.count(row.body_paragraphs, 'paragraph')}, "
            f"{_text.count(row.words, 'word')})"
        )
    return View(text="\n".join(lines), table=table)


@_validate.public
def explore_topic(data=None, *, topic=None) -> Explorer:
    """Pick a topic; see its summary, what each president said, and its coverage.

    Parameters
    ----------
    data : dict of str to DataFrame, DataFrame or None, default=None
        Tables to use instead of the bundled ones: ``statements`` (the default for a bare
        DataFrame), ``topics``, ``people``, ``passages``.
    topic : str, default=None
        The ``topic_id`` to show first (a topic notebook opens on its own topic); the first
        topic when None.

    Returns
    -------
    Explorer
        Controls: ``topic`` (toggle buttons of topic titles whose value is the
        ``topic_id``).
        ``current_table``: coverage per source (see :func:`topic_view`).

    Examples
    --------
    >>> from summitlib.widgets import explore_topic
    >>> w = explore_topic()
    >>> w.controls["topic"].value = "syria"
    >>> "the task of establishing peace and reconciliation" in w.current_text
    True
    >>> explore_topic(topic="ukraine").controls["topic"].value
    'ukraine'
    """
    tables = _tables(data, "statements", "topics", "people", "passages")
    titles = _topic_titles(tables["topics"])
    if topic is None:
        topic = next(iter(titles))
    else:
        _validate.one_of("topic", topic, list(titles), none="for the first topic")
    control = _choice([(t, i) for i, t in titles.items()], topic, "Topic")
    coverage = _coverage_tables(tables["passages"])
    return Explorer(
        {"topic": control},
        lambda topic: _topic_view(topic, tables, coverage),
        intro="Pick a topic: its summary, what each president said, and how much of each "
        "source it fills.",
    )
