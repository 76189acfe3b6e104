"""One table of the data package read from its CSV file and checked against its schema.

:mod:`summitlib.datasets` finds the package and caches; this module does the reading: the
file's text (UTF-8, not empty), its CSV rows, each cell parsed by its field's type and checked
against the field's constraints, then the keys, within a table and across tables. Every fault
is a :class:`DataError` that names the file, the row (as a spreadsheet counts it: the header is
row 1), the column, what is wrong and what to do.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

__all__ = ["DataError", "check_foreign_keys", "read_table", "read_text", "set_key_categories"]


class DataError(ValueError):
    """A data file does not match its schema in ``datapackage.json``.

    Attributes
    ----------
    file : str
        The file that is wrong.
    row : int or None
        The row, counted as a spreadsheet shows it (the header is row 1).
    column : str or None
        The column that is wrong.
    problem : str
        What is wrong, and what to do about it.
    """

    def __init__(self, file, problem, *, row=None, column=None):
        self.file, self.row, self.column, self.problem = str(file), row, column, problem
        where = [self.file]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(f"{', '.join(where)}: {problem}")


def _display_path(root: Path, res: dict) -> str:
    return f"{root.name}/{res['path']}"


def read_text(path: Path, shown: str) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(
            shown, "the file is missing. Restore it from summitlib's data folder, or add it."
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            shown,
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} at position {exc.start}). "
            "Save it again as 'CSV UTF-8' (in a spreadsheet: Save As > CSV UTF-8).",
            row=line,
        ) from None
    if not text.strip():
        raise DataError(
            shown, "the file is empty; it needs at least a header row naming the columns."
        )
    return text


def read_table(root: Path, res: dict) -> pd.DataFrame:
    shown = _display_path(root, res)
    text = read_text(root / res["path"], shown)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise DataError(shown, f"the file is not valid CSV ({exc}).") from None
    header, body = rows[0], rows[1:]
    fields = res["schema"]["fields"]
    names = [f["name"] for f in fields]
    missing = [n for n in names if n not in header]
    if missing:
        raise DataError(
            shown,
            f"the header lacks the column(s) {missing}. Expected columns: {names}; "
            f"found: {header}.",
            row=1,
            column=missing[0],
        )
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise DataError(shown, f"the header names {dupes} more than once.", row=1)
    for i, row in enumerate(body, start=2):
        if len(row) != len(header) and any(cell.strip() for cell in row):
            raise DataError(
                shown,
                f"the row has {len(row)} cells but the header has {len(header)}. "
                "Check for a missing or extra comma, or an unquoted comma inside a value.",
                row=i,
            )
    body = [(i, row) for i, row in enumerate(body, start=2) if any(c.strip() for c in row)]
    line_numbers = [i for i, _ in body]
    columns = {}
    for field in fields:
        j = header.index(field["name"])
        cells = [row[j] for _, row in body]
        columns[field["name"]] = _convert(shown, field, cells, line_numbers)
    for extra in (h for h in header if h not in names):
        j = header.index(extra)
        columns[extra] = pd.Series([row[j] for _, row in body], dtype="str")
    frame = pd.DataFrame(columns)
    frame.attrs["row_numbers"] = line_numbers
    _check_primary_key(shown, res, frame, line_numbers)
    return frame


def _convert(shown, field, cells, lines) -> pd.Series:
    name, kind = field["name"], field.get("type", "string")
    cons = field.get("constraints", {})
    values = []
    for cell, line in zip(cells, lines, strict=True):
        cell = cell.strip()
        if cell == "":
            if cons.get("required"):
                raise DataError(shown, "a value is required here but the cell is empty.",
                                row=line, column=name)
            values.append(None)
            continue
        values.append(_parse(shown, field, kind, cell, line))
        _check_constraints(shown, field, cons, values[-1], cell, line)
    if cons.get("unique"):
        seen = {}
        for value, line in zip(values, lines, strict=True):
            if value is None:
                continue
            if value in seen:
                raise DataError(
                    shown,
                    f"the value {value!r} appears twice (first in row {seen[value]}); "
                    "each value in this column must be unique.",
                    row=line, column=name,
                )
            seen[value] = line
    if kind == "date":
        return pd.Series(pd.to_datetime(values), name=name).astype("datetime64[ns]")
    if kind == "integer":
        dtype = "int64" if cons.get("required") else "Int64"
        return pd.Series(values, name=name, dtype=dtype)
    if "enum" in cons:
        return pd.Series(pd.Categorical(values, categories=cons["enum"], ordered=True), name=name)
    return pd.Series(values, name=name, dtype="str")


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse(shown, field, kind, cell, line):
    name = field["name"]
    if kind == "integer":
        try:
            return int(cell.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", cell) else cell)
        except ValueError:
            raise DataError(shown, f"{cell!r} is not a whole number.", row=line,
                            column=name) from None
    if kind == "date":
        try:
            if not _DATE.match(cell):
                raise ValueError
            return pd.Timestamp(cell).to_pydatetime()
        except ValueError:
            raise DataError(
                shown, f"{cell!r} is not a date written as YYYY-MM-DD (for example 2018-07-16).",
                row=line, column=name,
            ) from None
    return cell


def _check_constraints(shown, field, cons, value, cell, line):
    name = field["name"]
    if "enum" in cons and value not in cons["enum"]:
        raise DataError(
            shown, f"{cell!r} is not one of the allowed values {cons['enum']}.",
            row=line, column=name,
        )
    if "pattern" in cons and not re.fullmatch(cons["pattern"], cell):
        raise DataError(
            shown, f"{cell!r} does not have the required form (pattern {cons['pattern']}).",
            row=line, column=name,
        )
    if "minimum" in cons and value < cons["minimum"]:
        raise DataError(
            shown, f"{value!r} is below the minimum of {cons['minimum']}.",
            row=line, column=name,
        )


def _check_primary_key(shown, res, frame, lines):
    key = res["schema"].get("primaryKey") or []
    if isinstance(key, str):
        key = [key]
    if not key:
        return
    seen = {}
    for pos, values in enumerate(zip(*(frame[k] for k in key), strict=True)):
        values = tuple(values)
        if values in seen:
            shown_key = ", ".join(f"{k}={v!r}" for k, v in zip(key, values, strict=True))
            raise DataError(
                shown,
                f"duplicate id: {shown_key} is already used in row {seen[values]}. "
                "Give this row its own id.",
                row=lines[pos], column=key[0],
            )
        seen[values] = lines[pos]


def check_foreign_keys(root, name, res, frames):
    shown = _display_path(root, res)
    frame = frames[name]
    lines = frame.attrs["row_numbers"]
    for fk in res["schema"].get("foreignKeys", []):
        fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        ref = fk["reference"]
        ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
        target = frames[ref["resource"] or name]
        known = set(zip(*(target[f] for f in ref_fields), strict=True))
        for pos, values in enumerate(zip(*(frame[f] for f in fields), strict=True)):
            if any(v is None or pd.isna(v) for v in values):
                continue
            if tuple(values) not in known:
                what = ", ".join(f"{f}={v!r}" for f, v in zip(fields, values, strict=True))
                raise DataError(
                    shown,
                    f"{what} does not match any row of {ref['resource']}.csv "
                    f"(column {', '.join(ref_fields)}). Fix the value, or add that row to "
                    f"{ref['resource']}.csv first.",
                    row=lines[pos], column=fields[0],
                )


def set_key_categories(name, res, tables, frames):
    """Make id columns categorical, with the categories of the table that defines them."""
    frame = frames[name]
    refs = {}
    for fk in res["schema"].get("foreignKeys", []):
        fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        ref_fields = fk["reference"]["fields"]
        ref_fields = ref_fields if isinstance(ref_fields, list) else [ref_fields]
        if len(fields) == 1:
            refs[fields[0]] = (fk["reference"]["resource"], ref_fields[0])
    key = res["schema"].get("primaryKey") or []
    if isinstance(key, list) and len(key) == 1 and key[0].endswith("_id"):
        refs.setdefault(key[0], (name, key[0]))
    for column, (table, ref_column) in refs.items():
        if column not in frame or isinstance(frame[column].dtype, pd.CategoricalDtype):
            continue
        ids = _id_order(table, ref_column, frames)
        frame[column] = pd.Categorical(
            frame[column], categories=ids, ordered=(table == "topics")
        )


def _id_order(table, column, frames):
    ref = frames[table]
    raw = ref[column]
    if isinstance(raw.dtype, pd.CategoricalDtype):
        return list(raw.cat.categories)
    if table == "topics" and "position" in ref:
        return list(ref.sort_values("position")[column])
    return list(raw)
