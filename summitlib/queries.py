"""Filters and look-ups over the summit tables: what the explorers show, without the widgets.

Every explorer of :mod:`summitlib.widgets` is a thin shell around these functions, so whatever
a widget shows can also be computed, checked and reused in a notebook cell. Nothing here
imports ipywidgets, matplotlib or the charts (the data flows from the queries to the charts):
``from summitlib.queries import filter_statements`` costs no more than the loaders.

- :func:`filter_statements`: the statements that contain a word and match a speaker, topic
  and source (the statement search);
- :func:`table_coverage`: the share of each source's body words given to each topic (the
  numbers behind the coverage chart, which :mod:`summitlib.charts` also offers);
- :func:`topics_covered_by_one`: the topics one source covers and the other leaves out (the
  source comparison);
- :func:`check_new_start_limits`: a force against the three New START limits (the "What if"
  mode);
- :func:`format_statement`: one statement as a line citing its source and paragraph (the
  topic explorer).

Examples
--------
>>> from summitlib.queries import filter_statements
>>> filter_statements(text="rubbish")[["speaker_id", "source_id", "paragraph"]].values.tolist()
[['putin', 'cgtn', 11]]
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from summitlib import _columns, _text, _validate, datasets

__all__ = [
    "PRESIDENTS",
    "check_new_start_limits",
    "filter_statements",
    "format_statement",
    "table_coverage",
    "topics_covered_by_one",
]


PRESIDENTS = ("trump", "putin")
"""The two speakers the topic explorer lists first."""


# --- the tables and their columns ---------------------------------------------------------

def _tables(data, main: str, *others: str) -> dict[str, pd.DataFrame]:
    """The tables a widget needs: ``data`` where given, the bundled ones otherwise."""
    if data is None:
        given = {}
    elif isinstance(data, pd.DataFrame):
        given = {main: data}
    elif isinstance(data, Mapping):
        given = dict(data)
        unknown = sorted(set(given) - {main, *others})
        if unknown:
            raise _validate.problem(
                ValueError, "data", f"must hold only the tables {[main, *others]}",
                f"the table(s) {unknown}", "Leave out the tables not in that list.")
        for name, frame in given.items():
            if not isinstance(frame, pd.DataFrame):
                raise _validate.problem(
                    TypeError, "data", f"must map each table name to a pandas DataFrame like "
                    f"summitlib.load_{name}()", f"{type(frame).__name__} for {name!r}")
    else:
        raise _validate.problem(
            TypeError, "data", f"must be None (the bundled data), a DataFrame like "
            f"summitlib.load_{main}(), or a dict of table name to DataFrame",
            type(data).__name__)
    for name, frame in given.items():
        _columns.checked(frame, name)
    return {
        name: given[name] if name in given else datasets.load_dataset(name)
        for name in (main, *others)
    }


# --- labels and look-ups --------------------------------------------------------------------

def _short_names(people: pd.DataFrame) -> dict[str, str]:
    """Surnames for people ("Putin"), full names for institutions and groups."""
    names = {}
    for row in people.itertuples(index=False):
        name = str(row.name)
        names[str(row.person_id)] = (
            name.split()[-1] if str(row.actor_kind) == "person" else name
        )
    return names


def _locator(row) -> str:
    return f"{_text.source_label(row.source_id)} ¶{int(row.paragraph)}"


def format_statement(row, speaker: str) -> str:
    """One statement as a line that cites its source and paragraph.

    Parameters
    ----------
    row : namedtuple or pandas.Series
        A row of :func:`summitlib.load_statements`.
    speaker : str
        The name to show for the speaker.

    Returns
    -------
    str
        ``“quote” — Speaker, SOURCE ¶n`` for a quote; for a paraphrase, the own-words
        account marked as such: ``Speaker (paraphrase): ... — SOURCE ¶n``.

    Examples
    --------
    >>> import pandas as pd
    >>> from summitlib.queries import format_statement
    >>> row = pd.Series({"source_id": "crs", "paragraph": 8, "statement_kind": "quote",
    ...                  "quote": "the task of establishing peace and reconciliation"})
    >>> format_statement(row, "Putin")
    '“the task of establishing peace and reconciliation” — Putin, CRS ¶8'
    """
    if str(row.statement_kind) == "quote":
        return f"“{row.quote}” — {speaker}, {_locator(row)}"
    return f"{speaker} (paraphrase): {row.paraphrase} — {_locator(row)}"


def _topic_titles(topics: pd.DataFrame) -> dict[str, str]:
    ordered = topics.sort_values("position") if "position" in topics else topics
    return dict(zip(ordered["topic_id"].astype(str), ordered["title"].astype(str), strict=True))


# --- statements -----------------------------------------------------------------------------

@_validate.public
def filter_statements(data=None, *, text=None, speaker=None, topic=None, source=None):
    """The statements that contain a word and match a speaker, topic and source.

    Parameters
    ----------
    data : pandas.DataFrame, default=None
        A table like :func:`summitlib.load_statements`; None for the bundled one.
    text : str, default=None
        Keep statements whose quote or paraphrase contains this text, ignoring case
        (a plain substring, not a pattern). None or blank keeps all.
    speaker, topic, source : str, default=None
        Keep one ``speaker_id``, ``topic_id`` or ``source_id``; None keeps all.

    Returns
    -------
    pandas.DataFrame
        The matching rows, in the table's order, with all its columns.

    Raises
    ------
    ValueError
        If ``speaker``, ``topic`` or ``source`` is not in the table.

    Examples
    --------
    >>> from summitlib.queries import filter_statements
    >>> hits = filter_statements(text="RUBBISH")
    >>> hits[["speaker_id", "source_id", "paragraph"]].values.tolist()
    [['putin', 'cgtn', 11]]
    """
    statements = _columns.checked(data, "statements")
    if text is not None and not isinstance(text, str):
        raise _validate.problem(TypeError, "text", "must be a str or None",
                                type(text).__name__)
    keep = pd.Series(True, index=statements.index)
    for name, column, value in (("speaker", "speaker_id", speaker),
                                ("topic", "topic_id", topic), ("source", "source_id", source)):
        if value is None:
            continue
        values = statements[column].astype(str)
        _validate.one_of(name, value, sorted(set(values)))
        keep &= values == value
    if text and text.strip():
        needle = text.strip()
        found = pd.Series(False, index=statements.index)
        for column in ("quote", "paraphrase"):
            found |= statements[column].fillna("").str.contains(needle, case=False,
                                                                regex=False)
        keep &= found
    return statements[keep]


# --- coverage of the topics by the sources ----------------------------------------------------

def _coverage(data, sources, normalize) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`table_coverage`, and the body paragraphs it counts (the chart's description
    gives their number)."""
    data = _columns.checked(data, "passages")
    known = _columns.in_order(data["source_id"])
    chosen = _validate.some_of("sources", sources, known) or known
    _validate.flag("normalize", normalize, "must be True (shares of each source's body "
                   "words) or False (word counts)")
    topics = _columns.topic_order(data["topic_id"])
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
    >>> from summitlib.queries import table_coverage
    >>> shares = table_coverage()
    >>> shares.sum().round(6).tolist()
    [1.0, 1.0]
    >>> float(shares.loc["ukraine", "cgtn"])
    0.0
    """
    return _coverage(data, sources, normalize)[0]


def _coverage_tables(passages):
    """Shares and word counts per topic and source (they do not depend on the topic picked)."""
    return (table_coverage(passages, normalize=True),
            table_coverage(passages, normalize=False))


def _topic_coverage(topic_id, passages, coverage) -> pd.DataFrame:
    body = passages[passages["passage_kind"].astype(str) == "paragraph"]
    on_topic = body[body["topic_id"].astype(str) == topic_id]
    sources = list(pd.unique(passages["source_id"].astype(str)))
    shares, words = coverage
    rows = []
    for source in sources:
        rows.append({
            "source": _text.source_label(source),
            "body_paragraphs": int((on_topic["source_id"].astype(str) == source).sum()),
            "words": int(_lookup(words, topic_id, source)),
            "share_of_body_words": float(_lookup(shares, topic_id, source)),
        })
    return pd.DataFrame(rows)


def _lookup(coverage: pd.DataFrame, topic_id: str, source_id: str) -> float:
    # table_coverage is wide: one row per topic, one column per source.
    if topic_id not in coverage.index.astype(str) or source_id not in coverage.columns:
        return 0
    value = coverage.loc[coverage.index.astype(str) == topic_id, source_id].iloc[0]
    return 0 if pd.isna(value) else value


@_validate.public
def topics_covered_by_one(first: str, second: str, data=None) -> pd.DataFrame:
    """The topics that one of two sources covers and the other leaves out.

    Parameters
    ----------
    first, second : str
        Two different ``source_id`` values (``load_sources()["source_id"]``).
    data : DataFrame, dict of str to DataFrame, or None, default=None
        The passages table (or ``{"passages": ..., "topics": ...}``); None for the bundled.

    Returns
    -------
    pandas.DataFrame
        One row per such topic, in reading order: ``topic_id``, ``title``, ``covered_by``
        (the source that covers it) and ``share`` (of that source's body words).

    Examples
    --------
    >>> from summitlib.queries import topics_covered_by_one
    >>> only = topics_covered_by_one("crs", "cgtn")
    >>> only[["title", "covered_by"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['Ukraine and Crimea', 'crs'], ['Working groups and follow-up', 'crs'],
     ['State-sponsored violence (the Skripal case)', 'crs']]
    """
    tables = _tables(data, "passages", "topics")
    return _covered_by_one(first, second, tables)


def _check_sources(passages, **chosen):
    """Check each chosen source (keyed by its parameter) is one of the passages' sources."""
    known = list(pd.unique(passages["source_id"].astype(str)))
    for name, source in chosen.items():
        _validate.one_of(name, source, known, none=None)


def _covered_by_one(first, second, tables, shares=None) -> pd.DataFrame:
    """:func:`topics_covered_by_one` on ``tables``; ``shares``: the two sources'
    :func:`table_coverage`, when the caller has it already."""
    passages = tables["passages"]
    _check_sources(passages, first=first, second=second)
    if first == second:
        raise _validate.problem(ValueError, "second", f"must differ from first ({first!r})",
                                repr(second), "Pass two different sources to compare.")
    if shares is None:
        shares = table_coverage(passages, sources=[first, second], normalize=True)
    titles = _topic_titles(tables["topics"])
    # One look-up table per source rather than a search of the frame per topic.
    share_of = {s: dict(zip(shares.index.astype(str), shares[s].fillna(0), strict=True))
                if s in shares.columns else {} for s in (first, second)}
    rows = []
    for topic_id in titles:
        a, b = (share_of[s].get(topic_id, 0) for s in (first, second))
        if (a > 0) != (b > 0):
            source, share = (first, a) if a > 0 else (second, b)
            rows.append({"topic_id": topic_id, "title": titles[topic_id],
                         "covered_by": source, "share": float(share)})
    return pd.DataFrame(rows, columns=["topic_id", "title", "covered_by", "share"])


# --- New START --------------------------------------------------------------------------------

_CATEGORIES = ("deployed_warheads", "deployed_launchers", "total_launchers")


@_validate.public
def check_new_start_limits(
    *, deployed_warheads: int, deployed_launchers: int, total_launchers: int, limits=None
) -> pd.DataFrame:
    """Compare a (hypothetical) force with the three New START limits.

    Parameters
    ----------
    deployed_warheads : int
        Warheads on deployed ICBMs and SLBMs plus one per deployed heavy bomber.
    deployed_launchers : int
        Deployed ICBMs, SLBMs and heavy bombers.
    total_launchers : int
        Deployed and non-deployed ICBM launchers, SLBM launchers and heavy bombers.
    limits : pandas.DataFrame, default=None
        A table like :func:`summitlib.load_new_start_limits`; None for the treaty's limits.

    Returns
    -------
    pandas.DataFrame
        One row per limit: ``category``, ``count`` (the force), ``limit_count``,
        ``difference`` (count minus limit; positive means over), ``over_limit`` (bool) and
        ``verdict`` ("50 over the limit of 1,550", "73 under the limit of 700" or
        "exactly at the limit of 800").

    Raises
    ------
    TypeError
        If a count is not a whole number.
    ValueError
        If a count is negative.

    Examples
    --------
    >>> from summitlib.queries import check_new_start_limits
    >>> t = check_new_start_limits(deployed_warheads=1600, deployed_launchers=600,
    ...                            total_launchers=800)
    >>> t.set_index("category")["verdict"].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'deployed_warheads': '50 over the limit of 1,550',
     'deployed_launchers': '100 under the limit of 700',
     'total_launchers': 'exactly at the limit of 800'}
    """
    force = {
        "deployed_warheads": deployed_warheads,
        "deployed_launchers": deployed_launchers,
        "total_launchers": total_launchers,
    }
    for name, value in force.items():
        if isinstance(value, bool) or not pd.api.types.is_integer(value):
            raise _validate.problem(TypeError, name, "must be a whole number",
                                    f"{value!r} ({type(value).__name__})")
        if value < 0:
            raise _validate.problem(ValueError, name, "must be 0 or more", str(value))
    limits = _columns.checked(limits, "new_start_limits", name="limits")
    limit_of = dict(zip(limits["category"].astype(str), limits["limit_count"], strict=True))
    rows = []
    for category in _CATEGORIES:
        count, limit = int(force[category]), int(limit_of[category])
        diff = count - limit
        if diff > 0:
            verdict = f"{diff:,} over the limit of {limit:,}"
        elif diff < 0:
            verdict = f"{-diff:,} under the limit of {limit:,}"
        else:
            verdict = f"exactly at the limit of {limit:,}"
        rows.append({"category": category, "count": count, "limit_count": limit,
                     "difference": diff, "over_limit": diff > 0, "verdict": verdict})
    return pd.DataFrame(rows)
