"""Files a spreadsheet opens: CSV cells that never run as formulas, and atomic writes.

Every file the instructor tools write goes through :func:`write_bytes_atomic`, so an
interrupted run leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

__all__ = ["csv_text", "escape_cell", "number", "safe_filename", "write_bytes_atomic", "write_csv",
           "write_text_atomic"]

# OWASP, "CSV Injection": a cell starting with one of these is run as a formula by Excel,
# LibreOffice or Google Sheets; a leading apostrophe makes it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    """A CSV cell a spreadsheet shows as text, never runs as a formula.

    Text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading apostrophe (the OWASP rule for CSV injection). Numbers are left alone: the
    gradebook's points are never negative.

    Examples
    --------
    >>> escape_cell('=HYPERLINK("http://example.org")'), escape_cell("José"), escape_cell(3)
    ('\\'=HYPERLINK("http://example.org")', 'José', 3)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """The CSV text of ``header`` and ``rows``, every cell passed through :func:`escape_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else escape_cell(v) for v in row])
    return buffer.getvalue()


def write_csv(path, header: Sequence[str], rows: Iterable[Sequence], *, bom: bool = False) -> Path:
    """Write a CSV that Excel, LibreOffice, Canvas and Moodle read as it is.

    UTF-8, CRLF line ends (RFC 4180), every cell escaped by :func:`escape_cell`; with
    ``bom=True`` a byte-order mark first, without which Excel reads UTF-8 as a legacy
    encoding and shows "JosÃ©" for "José". The file is written whole or not at all.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write_csv(Path(tmp, "g.csv"), ["student", "total"], [["José", 3]], bom=True)
    ...     path.read_bytes()
    b'\\xef\\xbb\\xbfstudent,total\\r\\nJos\\xc3\\xa9,3\\r\\n'
    """
    return write_text_atomic(path, ("\ufeff" if bom else "") + csv_text(header, rows))


def write_text_atomic(path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file, so no half file is left."""
    return write_bytes_atomic(path, text.encode("utf-8"))




def write_bytes_atomic(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def number(value: float):
    """Points as a gradebook shows them: ``2.0`` is ``2``, ``1/3`` is ``0.333``.

    >>> number(2.0), number(1 / 3)
    (2, 0.333)
    """
    value = float(value)
    return int(value) if value.is_integer() else round(value, 3)


def safe_filename(name: str) -> str:
    """A name made safe as a file name: other characters than letters, digits, ``.``,
    ``-`` and ``_`` become ``_``.

    >>> safe_filename("Zoë O'Neil")
    'Zoë_O_Neil'
    """
    return re.sub(r"[^\w.-]", "_", name) or "student"
