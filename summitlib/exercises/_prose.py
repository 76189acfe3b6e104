"""The text of a notebook's exercises, read from its file: ``exercises/text/nbNN.toml``.

One TOML file per notebook holds the prose of its exercises, one table per exercise named as
its solution function (``[q1]``): the prompt, the hints, the explanation, a number question's
``advice``, a written answer's rubric (``[q6.rubric]``: what each criterion asks of it) and its
marking guide (``[[q6.marking_guide]]``: a point's ``text`` and the ``sources`` it rests on, as
``["crs", 9]`` pairs). The module ``nbNN.py`` beside it holds the logic: the solutions, the
expected answers and the options of each kind (:mod:`._declare` joins the two).

The student edition leaves these files out: explanations and marking guides give answers away.
"""

from __future__ import annotations

import dataclasses
import tomllib
from functools import lru_cache
from pathlib import Path

from summitlib.exercises._written import GuidePoint, criteria

__all__ = ["TEXT_FIELDS", "check_tables", "text_file", "text_of"]

#: The fields of an exercise that are prose, written in the text file (those its kind has).
TEXT_FIELDS = ("prompt", "hints", "explanation", "advice", "rubric", "marking_guide")


def text_file(module_file: str | Path, short: str) -> Path:
    """Where the text of the exercises of module ``short`` (``"nb03"``) lives."""
    return Path(module_file).resolve().parent / "text" / f"{short}.toml"


def _tables(path: Path) -> dict:
    """The file's tables, read and parsed once while it is unchanged (size and mtime), though a
    module asks for them once per exercise."""
    stat = path.stat()
    return _parsed(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _parsed(path: Path, mtime_ns: int, size: int) -> dict:
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"{path} is not valid TOML ({error}); fix the line it names.") from None


def _texts(path: Path, table: str, key: str, value) -> list[str]:
    if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise ValueError(f"{path}, table [{table}]: {key} is a list of texts, "
                         f'like {key} = ["First ...", "Then ..."].')
    return list(value)


def _text(path: Path, table: str, key: str, value) -> str:
    if not isinstance(value, str):
        raise ValueError(f'{path}, table [{table}]: {key} is one text in quotes, like {key} = '
                         '"...".')
    return value


def _field(path: Path, name: str, key: str, value):
    """A field of the table as the exercise takes it: texts, criteria, guide points."""
    if key == "hints":
        return _texts(path, name, key, value)
    if key == "rubric":
        if not isinstance(value, dict) or sorted(value) != ["attribution", "evidence",
                                                            "reasoning"]:
            raise ValueError(f"{path}, table [{name}.rubric]: give the three criteria, "
                             "evidence, reasoning and attribution, each one line of text.")
        return criteria(**{k: _text(path, f"{name}.rubric", k, v) for k, v in value.items()})
    if key == "marking_guide":
        where = f"[[{name}.marking_guide]]"
        if not isinstance(value, list) or not all(isinstance(p, dict) for p in value):
            raise ValueError(f"{path}: write each point of {name}'s marking guide as a table "
                             f"{where} with its text and sources.")
        points = []
        for point in value:
            unknown = sorted(set(point) - {"text", "sources"})
            if unknown or "text" not in point:
                raise ValueError(f"{path}, {where}: a guide point has a text and, if it rests "
                                 f"on paragraphs, sources = [[\"crs\", 9]]; got {sorted(point)}.")
            points.append(GuidePoint(_text(path, where, "text", point["text"]),
                                     point.get("sources", [])))
        return points
    return _text(path, name, key, value)


def text_of(path: Path, name: str, kind: type) -> dict:
    """The prose fields of exercise ``name`` (a ``kind``), read from its table in ``path``.

    Raises ``ValueError`` naming the file and the table when the table is missing, lacks a
    prompt, or has a key that is not a text field of ``kind``.
    """
    tables = _tables(path)
    short = path.stem
    if name not in tables:
        present = ", ".join(f"[{t}]" for t in tables) or "none"
        raise ValueError(f"{path} has no table [{name}] for the exercise {name} that {short}.py "
                         f"declares. Add one with its prompt, hints and explanation, or rename "
                         f"the table meant for it (the file's tables: {present}).")
    table = tables[name]
    if not isinstance(table, dict):
        raise ValueError(f"{path}: {name} must be a table, [{name}], with its prompt under it.")
    fields = {f.name for f in dataclasses.fields(kind)}
    allowed = [f for f in TEXT_FIELDS if f in fields]
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise ValueError(f"{path}, table [{name}]: {', '.join(unknown)} is not text that "
                         f"{kind.__name__} takes; it takes {', '.join(allowed)}. Correct the "
                         "spelling, or move an option that is logic to the declaration in "
                         f"{short}.py.")
    if "prompt" not in table:
        raise ValueError(f"{path}, table [{name}]: write the exercise's prompt = \"...\".")
    return {key: _field(path, name, key, value) for key, value in table.items()}


def check_tables(path: Path, names: list[str]) -> None:
    """Raise ``ValueError`` for a table of ``path`` that no declared exercise takes."""
    spare = [t for t in _tables(path) if t not in names]
    if spare:
        raise ValueError(f"{path} has table(s) {', '.join(f'[{t}]' for t in spare)} that no "
                         f"exercise of {path.stem}.py declares (it declares {', '.join(names)}). "
                         "Rename each to its exercise's function name, or remove it.")
