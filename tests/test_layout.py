"""The package's layout: modules small enough to read as one job each (docs/design.md)."""

from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "summitlib"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "data" not in p.relative_to(PACKAGE).parts)
MOST_LINES = 600


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_600_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MOST_LINES, (
        f"summitlib/{path.relative_to(PACKAGE)} has {lines} lines; split it by job (see the map "
        "in docs/design.md) so that no module holds more than one layer.")

