"""Load the structured data of the Helsinki summit into pandas.

Every table is described once, in ``data/datapackage.json`` (a Frictionless Data Package): its
columns, their types, the closed sets of allowed values, and the keys that tie the tables
together. The loaders read that description, check every file against it and return a
:class:`pandas.DataFrame` with the dtypes already set: dates as ``datetime64``, closed sets as
categoricals (``topic_id`` ordered by the topics' reading order).

Broken data raises :class:`DataError`, whose message names the file, the row (counted as a
spreadsheet shows it: the header is row 1), the column and what is wrong.

Loading is cached, but every call returns a fresh copy, so changing a returned frame never
changes what the next call returns. The cache notices when a file changes on disk.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from summitlib import _schema, _validate
from summitlib._schema import DataError

__all__ = [
    "DataError",
    "list_datasets",
    "load_dataset",
    "load_events",
    "load_fact_checks",
    "load_new_start_declarations",
    "load_new_start_limits",
    "load_nuclear_arsenals",
    "load_passages",
    "load_people",
    "load_source_text",
    "load_sources",
    "load_statements",
    "load_topics",
]

_PACKAGE_FILE = "datapackage.json"


def _bundled_dir() -> Path:
    # importlib.resources, not __file__: the same lookup works for a wheel, an editable
    # install and a source checkout (summitlib/data is a link to the top-level data/).
    return _follow_link_file(Path(str(resources.files("summitlib").joinpath("data"))))


def _follow_link_file(path: Path) -> Path:
    """The folder a link stands for, also where git wrote the link as a plain file.

    A clone made where symbolic links are off (git on Windows, by default) stores the link
    ``summitlib/data -> ../data`` as a small text file holding its target.
    """
    if not path.is_file():
        return path
    try:
        target = (path.parent / path.read_text(encoding="utf-8").strip()).resolve()
    except (OSError, UnicodeDecodeError, ValueError):
        target = None
    if target is not None and target.is_dir():
        return target
    raise DataError(
        path,
        "should be the data folder (a symbolic link to the repository's data/ folder) but is a "
        "plain file. Clone the repository again with symbolic links on "
        "('git clone -c core.symlinks=true ...'), or install summitlib from a wheel.",
    )


def _resolve_dir(data_dir) -> Path:
    if data_dir is None:
        return _bundled_dir()
    if not isinstance(data_dir, str | Path):
        raise _validate.problem(TypeError, "data_dir", "must be a path (str or pathlib.Path) "
                                "or None for the bundled data", type(data_dir).__name__)
    path = Path(data_dir).expanduser()
    if not path.is_dir():
        raise FileNotFoundError(
            f"data_dir {str(path)!r} is not a folder. Pass the folder that holds the CSV files "
            f"(a copy of summitlib's data folder), or None for the bundled data."
        )
    return path.resolve()


def _stamp(path: Path):
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size)


def _read_package(folder: Path) -> dict:
    """The schema: the folder's own datapackage.json, else the bundled one."""
    own = folder / _PACKAGE_FILE
    path = own if own.is_file() else _bundled_dir() / _PACKAGE_FILE
    return _read_package_cached(str(path), _stamp(path))


@lru_cache(maxsize=8)
def _read_package_cached(path: str, stamp) -> dict:
    try:
        package = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(path, f"cannot read the schema ({exc}).") from None
    return {res["name"]: res for res in package["resources"]}


def list_datasets() -> list[str]:
    """Names of the tables that :func:`load_dataset` accepts, in the schema's order.

    Examples
    --------
    >>> from summitlib import list_datasets
    >>> list_datasets()[:3]
    ['sources', 'topics', 'people']
    """
    return list(_read_package(_bundled_dir()))


@_validate.public
def load_dataset(name: str, *, data_dir=None) -> pd.DataFrame:
    """Load one table by name.

    Parameters
    ----------
    name : str
        One of :func:`list_datasets`.
    data_dir : str or pathlib.Path, default=None
        A folder with your own copy of the data (same file names; its own
        ``datapackage.json`` if it has one). None loads the data bundled with summitlib.

    Returns
    -------
    pandas.DataFrame
        A fresh copy; see the ``load_<name>`` function for its columns.

    Examples
    --------
    >>> from summitlib import load_dataset
    >>> load_dataset("new_start_limits")["limit_count"].tolist()
    [1550, 700, 800]
    """
    folder = _resolve_dir(data_dir)
    _validate.one_of("name", name, list(_read_package(folder)), none=None)
    return _load_checked(folder, name).copy(deep=True)


def _load_checked(folder: Path, name: str) -> pd.DataFrame:
    tables = _read_package(folder)
    stamps = tuple(
        (n, _stamp(folder / res["path"])) for n, res in sorted(tables.items())
    )
    return _load_all(str(folder), stamps)[name]


@lru_cache(maxsize=4)
def _load_all(folder: str, stamps) -> dict[str, pd.DataFrame]:
    """Read and check every table of a folder; cached on the files' size and mtime."""
    root = Path(folder)
    tables = _read_package(root)
    frames = {name: _schema.read_table(root, res) for name, res in tables.items()}
    for name, res in tables.items():
        _schema.check_foreign_keys(root, name, res, frames)
    for name, res in tables.items():
        _schema.set_key_categories(name, res, tables, frames)
    return frames


# --- one documented loader per table ------------------------------------------------------

def _columns_doc(name: str) -> str:
    fields = _read_package(_bundled_dir())[name]["schema"]["fields"]
    lines = []
    for f in fields:
        kind = f.get("type", "string")
        cons = f.get("constraints", {})
        if "enum" in cons:
            kind = "category (" + ", ".join(repr(v) for v in cons["enum"]) + ")"
        elif kind == "date":
            kind = "datetime64[ns]"
        elif kind == "integer":
            kind = "int64" if cons.get("required") else "Int64 (may be missing)"
        elif f["name"].endswith("_id"):
            kind = "category"
        else:
            kind = "str" if cons.get("required") else "str (may be missing)"
        lines.append(f"        - ``{f['name']}`` : {kind}. {f.get('description', '')}")
    return "\n".join(lines)


def _loader(name: str, summary: str, example: str):
    def load(*, data_dir=None) -> pd.DataFrame:
        return load_dataset(name, data_dir=data_dir)

    load.__name__ = load.__qualname__ = f"load_{name}"
    load.__module__ = __name__
    load.__doc__ = f"""{summary}

    Parameters
    ----------
    data_dir : str or pathlib.Path, default=None
        A folder with your own copy of the data; None loads the bundled data.

    Returns
    -------
    pandas.DataFrame
        One row per record, a fresh copy on every call, with the columns:

{_columns_doc(name)}

    Raises
    ------
    DataError
        If a file does not match the schema in ``datapackage.json``.

    Examples
    --------
{example}
    """
    return _validate.public(load)


load_sources = _loader(
    "sources", "Load the two source documents (CRS Insight IN10933 and the CGTN article).",
    "    >>> from summitlib import load_sources\n"
    "    >>> load_sources()['source_id'].tolist()\n    ['crs', 'cgtn']",
)
load_topics = _loader(
    "topics", "Load the topics the documents treat, in reading order.",
    "    >>> from summitlib import load_topics\n"
    "    >>> load_topics()['topic_id'].iloc[1]\n    'election_interference'",
)
load_people = _loader(
    "people", "Load everyone who speaks or acts: people, institutions and unnamed groups.",
    "    >>> from summitlib import load_people\n"
    "    >>> load_people().set_index('person_id').loc['coats', 'party']\n    'Republican'",
)
load_passages = _loader(
    "passages", "Load every paragraph of each document: locator, kind, word count and topic.",
    "    >>> from summitlib import load_passages\n"
    "    >>> load_passages().groupby('source_id', observed=True).size().to_dict()\n"
    "    {'crs': 20, 'cgtn': 63}",
)
load_statements = _loader(
    "statements", "Load every attributed statement: speaker, topic, locator, quote or paraphrase.",
    "    >>> from summitlib import load_statements\n"
    "    >>> s = load_statements()\n"
    "    >>> s.loc[s['quote'].str.contains('rubbish', na=False), 'speaker_id'].tolist()\n"
    "    ['putin']",
)
load_events = _loader(
    "events", "Load the timeline of events, from the 1974 Israel-Syria agreement to 2023.",
    "    >>> from summitlib import load_events\n"
    "    >>> load_events()['occurred_on'].min().year\n    1974",
)
load_new_start_limits = _loader(
    "new_start_limits", "Load the three central limits of the New START treaty.",
    "    >>> from summitlib import load_new_start_limits\n"
    "    >>> load_new_start_limits().set_index('category')['limit_count'].to_dict()\n"
    "    {'deployed_warheads': 1550, 'deployed_launchers': 700, 'total_launchers': 800}",
)
load_new_start_declarations = _loader(
    "new_start_declarations",
    "Load the aggregate numbers both countries declared at four New START data exchanges.",
    "    >>> from summitlib import load_new_start_declarations\n"
    "    >>> d = load_new_start_declarations()\n"
    "    >>> feb = d[(d['as_of'] == '2018-02-05') & (d['category'] == 'deployed_warheads')]\n"
    "    >>> feb.set_index('country')['declared_count'].to_dict()\n"
    "    {'United States': 1350, 'Russia': 1444}",
)
load_nuclear_arsenals = _loader(
    "nuclear_arsenals", "Load total nuclear warhead inventories at the start of 2018 (SIPRI).",
    "    >>> from summitlib import load_nuclear_arsenals\n"
    "    >>> load_nuclear_arsenals().set_index('holder')['warhead_count'].to_dict()\n"
    "    {'United States': 6450, 'Russia': 6850, 'World': 14465}",
)
load_fact_checks = _loader(
    "fact_checks", "Load the claims in the documents that the verified facts correct.",
    "    >>> from summitlib import load_fact_checks\n"
    "    >>> load_fact_checks()['source_id'].unique().tolist()\n    ['cgtn']",
)


_SOURCE_TEXTS = {"crs": "sources/crs.txt"}
_PARAGRAPH_LINE = re.compile(r"\[(\d+)\] (.+)")


@_validate.public
def load_source_text(source_id: str = "crs", *, data_dir=None) -> pd.DataFrame:
    """Load the whole text of a source document, one row per numbered paragraph.

    Only the CRS Insight is shipped whole: it is a work of the US government, in the public
    domain. The CGTN article is copyrighted, so summitlib holds only the short passages it
    quotes (see ``load_statements``); read the article itself at the address in
    ``load_sources()``.

    Parameters
    ----------
    source_id : {"crs"}, default="crs"
        The document to load.
    data_dir : str or pathlib.Path, default=None
        A folder with your own copy of the data; None loads the bundled data.

    Returns
    -------
    pandas.DataFrame
        Columns ``paragraph`` (int, the number every table's ``paragraph`` column uses) and
        ``text`` (the paragraph as the document prints it).

    Raises
    ------
    ValueError
        If ``source_id`` names no shipped document.
    DataError
        If the file is missing or its paragraphs are not numbered 1, 2, 3, ...

    Examples
    --------
    >>> from summitlib import load_source_text
    >>> crs = load_source_text("crs")
    >>> len(crs), crs.loc[crs["paragraph"] == 6, "text"].item()[:22]
    (20, 'Election Interference.')
    """
    if source_id not in _SOURCE_TEXTS:
        why = (
            "The CGTN article is copyrighted, so only its short quoted passages are shipped "
            "(load_statements()); read the whole article at the address in load_sources()."
            if source_id == "cgtn" else None
        )
        if isinstance(source_id, str):
            raise _validate.problem(ValueError, "source_id",
                                    f"must be one of {list(_SOURCE_TEXTS)}", repr(source_id), why)
        _validate.one_of("source_id", source_id, list(_SOURCE_TEXTS), none=None)
    root = _resolve_dir(data_dir)
    shown = f"{root.name}/{_SOURCE_TEXTS[source_id]}"
    text = _schema.read_text(root / _SOURCE_TEXTS[source_id], shown)
    rows = []
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        match = _PARAGRAPH_LINE.fullmatch(line.strip())
        expected = len(rows) + 1
        if match is None or int(match[1]) != expected:
            raise DataError(
                shown,
                f"expected paragraph [{expected}] here, as '[{expected}] text'; paragraphs are "
                "numbered 1, 2, 3, ... in order, one a line, and note lines start with #.",
                row=line_no,
            )
        rows.append((expected, match[2]))
    return pd.DataFrame(rows, columns=["paragraph", "text"])
